"""English terms and their Chinese and Korean forms, to tie a date in a CJK source to an event.

No translation model can run here, so a Chinese or Korean sentence is tied to an English
claim through the terms both name: the people, places and institutions of the briefs this
tool serves (East Asian security and diplomacy) and the verbs and nouns of their events.
A claim whose terms are not listed cannot be tied to a CJK sentence, and is never verified
by a date that merely appears in it (see `briefcheck.match.dates`).
"""

from __future__ import annotations

import re
from functools import cache

# english term | forms in Chinese and Korean, space-separated. Multi-word English terms are
# matched as phrases in the claim; single words by lemma. Verbs list their nouns too.
_TABLE = """
north korea|朝鲜 北韩 북한 조선
dprk|朝鲜 북한 조선
pyongyang|平壤 평양
south korea|韩国 南韩 한국 남한
seoul|首尔 汉城 서울
korea|朝鲜 韩国 한국 조선 남북
inter-korean|南北 朝韩 남북
china|中国 中方 중국
chinese|中国 中方 중국
beijing|北京 베이징
japan|日本 일본
tokyo|东京 도쿄
russia|俄罗斯 俄方 러시아
russian|俄罗斯 러시아
moscow|莫斯科 모스크바
united states|美国 美方 미국
us|美国 미국
u.s.|美国 미국
american|美国 미국
washington|华盛顿 워싱턴
singapore|新加坡 싱가포르
hanoi|河内 하노이
panmunjom|板门店 판문점
peace house|和平之家 평화의집
kaesong|开城 개성
tiananmen|天安门 톈안먼
great hall of the people|人民大会堂 인민대회당
guangdong|广东 광둥
kim jong un|金正恩 김정은
kim yo jong|金与正 김여정
xi jinping|习近平 시진핑
putin|普京 푸틴
vladimir putin|普京 푸틴
moon jae-in|文在寅 문재인
yoon suk yeol|尹锡悦 윤석열
trump|特朗普 트럼프
supreme people's assembly|最高人民会议 최고인민회의
parliament|议会 最高人民会议 국회 최고인민회의
national assembly|国会 국회
assembly|会议 议会 국회 최고인민회의
workers' party|劳动党 노동당
state affairs commission|国务委员会 국무위원회
unification ministry|统一部 통일부
ministry of unification|统一部 통일부
foreign ministry|外交部 외교부
ministry|部 부
government|政府 정부
committee|委员会 위원회
security council|安理会 안보리
united nations|联合国 유엔
un|联合国 유엔
leader|领导人 总书记 委员长 위원장 지도자
president|主席 总统 대통령 국무위원장
chairman|委员长 위원장
minister|部长 장관
summit|峰会 首脑会谈 정상회담 회담
talks|会谈 会晤 회담
talk|会谈 会晤 회담
meeting|会议 会见 会晤 회의 회담
session|会议 회의
meet|会见 会晤 会谈 만나 회담
visit|访问 访华 访 방문
trip|访问 行程 방문
arrive|抵达 到达 도착
leave|离开 启程 떠나 출발
return|返回 回国 귀국 돌아
hold|举行 举办 召开 열었 개최 가졌
convene|召开 소집
attend|出席 参加 참석
watch|观看 观摩 참관 관람
parade|阅兵 열병식
military parade|阅兵 열병식
commemoration|纪念 기념
anniversary|周年 纪念 주년
victory|胜利 승리
war|战争 전쟁
ceremony|仪式 典礼 행사
celebration|纪念活动 庆祝 기념 경축
celebrate|庆祝 纪念 경축 기념
adopt|通过 采纳 채택
pass|通过 채택 통과
approve|批准 通过 승인 의결
enact|颁布 制定 제정
decide|决定 결정
decision|决定 결정
abolish|废除 撤销 폐지
scrap|废除 폐지
law|法令 法律 法 법령 법
ordinance|法令 政令 법령
policy|政策 정책
nuclear|核 핵
nuclear forces|核武力 핵무력
weapon|武器 무기
missile|导弹 미사일
launch|发射 발사
fire|发射 발사
test|试验 试射 시험
satellite|卫星 위성
sign|签署 签订 签字 서명 체결
signing|签署 签订 서명 체결
agreement|协议 协定 合意 합의서 합의 협정
military agreement|军事协议 军事领域协议 군사분야 합의서
treaty|条约 조약
declaration|宣言 선언
statement|声明 声明 성명
announce|宣布 发布 宣告 발표
say|表示 称 说 밝혔 말했
express|表示 表达 표명 밝혔
regret|遗憾 유감
concern|关切 担忧 우려
warn|警告 경고
speech|演说 讲话 연설
address|讲话 演说 연설
deliver|发表 연설
destroy|摧毁 炸毁 폭파 파괴
blow|炸毁 爆破 폭파
liaison office|联络办公室 연락사무소
office|办公室 사무소
typhoon|台风 태풍
landfall|登陆 상륙
flood|洪水 洪灾 홍수
snow|雪 대설 눈
weather|天气 날씨
temperature|气温 기온
special train|专列 전용열차
train|专列 列车 열차
appear|出席 출석
fleet|舰队 水军 함대 수군
navy|水军 海军 수군 해군
battle|战役 海战 战斗 전투 해전
intercept|截击 拦截 요격
japanese|日本 日军 일본 왜군
ming|明 명
joseon|朝鲜 조선
""".strip()


@cache
def _entries() -> dict[str, tuple[str, ...]]:
    """The table as {english term: its CJK forms}."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _TABLE.splitlines():
        english, _, forms = line.partition("|")
        out[english.strip()] = tuple(forms.split())
    return out


def terms_in(text: str, lemmas: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The glossary terms an English text names: phrases found in it, words among `lemmas`."""
    low = text.lower()
    phrases = {
        english: forms
        for english, forms in _entries().items()
        if (" " in english or "-" in english)
        and re.search(rf"(?<!\w){re.escape(english)}(?!\w)", low)
    }
    # A word inside a phrase found ("korea" in "north korea") is that phrase's, not its own.
    inside = {w for p in phrases for w in re.split(r"[ -]", p)}
    words = {
        english: forms
        for english, forms in _entries().items()
        if " " not in english and english in lemmas and english not in inside
    }
    return phrases | words


def named(forms: tuple[str, ...], cjk_text: str) -> bool:
    """Whether a CJK text contains one of a term's forms."""
    return any(f in cjk_text for f in forms)
