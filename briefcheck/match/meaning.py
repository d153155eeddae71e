"""Words that decide what a statement asserts: its polarity, modality, hedges and contrasts.

An ellipsis may leave words out and a bracket may replace them, but not these. They are
recognised as classes, not as a list of phrases:
- by stem, so every inflection counts ("fail", "failed", "fails", "failure");
- by morphology: a contracted negation ("won't", "isn't"), an un-/non- adjective or
  participle ("unlikely", "unchanged", "non-binding");
- by the classes' words in Chinese (characters, found inside words) and Korean (morphemes
  found inside eojeol: "않", "못", "없", "겠", "지만").

`Meaning.NUMBER` covers numbers and the symbols that belong to them (currency, %, °, ±,
comparison signs): a bracket may not replace them, though an ellipsis may skip them (it
leaves out a detail without changing what the words kept say).
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefcheck.match.normalise import normalise, tokenise
from briefcheck.models import _StrEnum


class Meaning(_StrEnum):
    NEGATION = "negation"  # not, never, without, 不, 않
    PRIVATIVE = "privative"  # verbs and adjectives that deny what follows: fail, refuse, unable
    MODAL = "modal"  # will, would, can, may, must; 会, 可能; -겠-
    HEDGE = "hedge"  # unlikely, hardly, almost, only, reportedly, appear, rarely
    CONTRAST = "contrast"  # but, however, although, unless, if; 但, 如果; 그러나, -지만
    QUANTITY = "quantity"  # all, some, most, few, more, less
    NUMBER = "number"  # 20,000, +1.4, $, %, °


# A word's (or a text's) meaning-bearing parts: (class, canonical word) pairs.
Meanings = frozenset[tuple[Meaning, str]]


def _words(words: str) -> frozenset[str]:
    """A set of the space-separated words given (word lists read better as prose)."""
    return frozenset(words.split())


# Whole words of each class, matched exactly ("not" is not "note").
_WORDS: dict[Meaning, frozenset[str]] = {
    Meaning.NEGATION: _words("not no never neither nor none nobody nothing nowhere without non"),
    Meaning.PRIVATIVE: _words("unable impossible absent"),
    Meaning.MODAL: _words("will would shall should can could may might must ought"),
    Meaning.HEDGE: _words(
        "hardly barely scarcely rarely seldom almost nearly approximately roughly partly "
        "partially only merely mostly largely likely unlikely probably possibly perhaps maybe "
        "reportedly allegedly apparently seemingly uncertain unclear always often usually "
        "sometimes occasionally"
    ),
    Meaning.CONTRAST: _words(
        "but however although though yet despite except unless instead rather whereas "
        "nevertheless nonetheless if whether"
    ),
    Meaning.QUANTITY: _words("all every each some many most few several more less fewer least any"),
}
# Stems whose inflections and derivations carry the class ("refus" → refused, refusal).
_STEMS: dict[Meaning, frozenset[str]] = {
    Meaning.PRIVATIVE: _words(
        "fail refus deny deni declin reject halt stop ceas lack abandon suspend cancel veto "
        "oppos prevent avoid doubt dismiss withdr postpon neglect omit exclud forbid prohibit "
        "resist"
    ),
    Meaning.HEDGE: _words("appear seem suggest"),
}
# Endings an inflection or a derivation adds to a stem.
_ENDINGS = _words(
    "s es ed d ing e al als ure ures ion ions y ies ied ped ping led ling ew aw awn ment"
)
# "un"/"non" + an adjective or participle denies it ("unlikely", "unchanged", "unwilling");
# "uni-" words ("united", "unilateral") and "under-" ones carry no negation.
_NEGATED_ADJECTIVE = re.compile(
    r"^(?:un(?!i[^nm]|der)|non-?)[a-z]{5,}(?<=able|ible|..ly|..ed|.ing|.ful|.ive)$"
)
# Words the pattern above would take for negated ones.
_NOT_NEGATED = _words("unanimous unanimously")
# A contracted negation and the modal it carries: "won't" is will + not.
_CONTRACTED_MODALS = {"wo": "will", "ca": "can", "sha": "shall"}
# CJK words of each class, found inside a run of characters.
_CJK_CLASSES: dict[Meaning, tuple[str, ...]] = {
    Meaning.NEGATION: ("不", "没", "未", "无", "非", "否", "别", "莫", "勿"),
    Meaning.PRIVATIVE: ("拒绝", "否认", "反对", "停止", "暂停", "取消", "难以", "未能", "无法"),
    Meaning.MODAL: ("可能", "应该", "应当", "必须", "可以", "将会", "会", "能", "将"),
    Meaning.HEDGE: ("也许", "或许", "大约", "几乎", "据报道", "据称", "仅", "只", "或将"),
    Meaning.CONTRAST: ("但", "然而", "却", "虽然", "尽管", "如果", "除非", "否则"),
    Meaning.QUANTITY: ("所有", "全部", "部分", "一些", "多数", "少数"),
}
# Korean morphemes of each class, found inside a word (eojeol).
_HANGUL_CLASSES: dict[Meaning, tuple[str, ...]] = {
    Meaning.NEGATION: ("않", "못", "없", "아니"),
    Meaning.PRIVATIVE: ("거부", "부인", "반대", "중단", "취소", "실패"),
    Meaning.MODAL: ("겠", "수 있", "야 한"),
    Meaning.HEDGE: ("아마", "거의", "가능성", "정도"),
    Meaning.CONTRAST: ("그러나", "하지만", "다만", "지만", "만약", "면서도"),
    Meaning.QUANTITY: ("모든", "일부", "대부분"),
}
_HANGUL_WORDS = {"안": Meaning.NEGATION, "약": Meaning.HEDGE}
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
_NUMBER_RE = re.compile(r"\d|^[$¢£¤¥\u20a0-\u20bf%‰‱°<>≤≥≠≈±∓]$")


@lru_cache(maxsize=8192)
def meanings(word: str) -> Meanings:
    """The meaning-bearing parts of one normalised token: (class, canonical word) pairs."""
    if _NUMBER_RE.search(word):
        return frozenset({(Meaning.NUMBER, word)})
    if _CJK_RE.search(word):
        return _parts_in(word, _CJK_CLASSES)
    if _HANGUL_RE.search(word):
        if word in _HANGUL_WORDS:
            return frozenset({(_HANGUL_WORDS[word], word)})
        return _parts_in(word, _HANGUL_CLASSES)
    if word.endswith("n't"):
        base = word[:-3]
        modal = _CONTRACTED_MODALS.get(base, base)
        found = {(Meaning.NEGATION, "not")}
        if modal in _WORDS[Meaning.MODAL]:
            found.add((Meaning.MODAL, modal))
        return frozenset(found)
    if word == "cannot":
        return frozenset({(Meaning.NEGATION, "not"), (Meaning.MODAL, "can")})
    found = {(kind, word) for kind, words in _WORDS.items() if word in words}
    found |= {(kind, stem) for kind, stems in _STEMS.items() if (stem := _stem_of(word, stems))}
    if not found and _NEGATED_ADJECTIVE.match(word) and word not in _NOT_NEGATED:
        found.add((Meaning.NEGATION, "un-"))
    return frozenset(found)


def _stem_of(word: str, stems: frozenset[str]) -> str | None:
    """The stem of `stems` that `word` is or inflects, if any."""
    if word in stems:
        return word
    for cut in range(1, 5):
        if word[:-cut] in stems and word[-cut:] in _ENDINGS:
            return word[:-cut]
    return None


def _parts_in(word: str, classes: dict[Meaning, tuple[str, ...]]) -> Meanings:
    return frozenset(
        (kind, part) for kind, parts in classes.items() for part in parts if part in word
    )


_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def meanings_in(text: str) -> Meanings:
    """The meanings of a stretch of text: CJK runs searched whole (their words have no
    spaces), every other word one by one."""
    folded = normalise(text).text
    found = {m for run in _CJK_RUN_RE.findall(folded) for m in _parts_in(run, _CJK_CLASSES)}
    rest = _CJK_RUN_RE.sub(" ", folded)
    found |= {m for t in tokenise(rest) for m in meanings(t.text)}
    return frozenset(found)


def signature(words: list[str], *, numbers: bool = True) -> Meanings:
    """What a run of words asserts beyond its content: the union of its words' meanings."""
    found = frozenset().union(*(meanings(w) for w in words)) if words else frozenset()
    return found if numbers else frozenset(m for m in found if m[0] is not Meaning.NUMBER)


def describe(parts: Meanings) -> str:
    """A short phrase for the reason: the most telling class among `parts`."""
    kinds = {kind for kind, _ in parts}
    for kind in Meaning:
        if kind in kinds:
            return {
                Meaning.NEGATION: "a negation",
                Meaning.PRIVATIVE: "a negation",
                Meaning.MODAL: "a modal",
                Meaning.HEDGE: "a hedge",
                Meaning.CONTRAST: "a contrast",
                Meaning.QUANTITY: "a quantity",
                Meaning.NUMBER: "a number",
            }[kind]
    return "meaning"
