"""Whether a cited outlet is the page's own: the same name, never only a shared common word.

Names compare word by word (typography normalised, "the" dropped) and part by part (the
site name "38 North: Informed Analysis" has the parts "38 North" and "Informed Analysis";
"Ministry of Foreign Affairs, Republic of Korea" has two). Two names are one outlet when
- their words are the same; or
- their distinctive words (all but the generic words of media names: news, agency, service,
  press, daily, ...) are the same, in the same order, and one name's generic words are among
  the other's: "Yonhap" is "Yonhap News Agency" and "AP" is "AP News", but "China Daily" is
  not "China News Service" (daily / news service) and "Daily NK" is not "NK News"; or
- one is the other's initials ("AP" / "The Associated Press", "KCNA" / "Korean Central News
  Agency"); or
- in Chinese, they differ by a generic ending (网, 社: 中国新闻网 / 中国新闻社), or the cited
  name of at least four characters ends the page's (交通运输部 / 中华人民共和国交通运输部).

A host name is the outlet's when one of its labels spells the name (rusi, 38north,
apexshipping), or the name and a generic word (apnews for AP); a few letters inside a label
("ap" in japantoday, "un" in unionwire) are not.
"""

from __future__ import annotations

import re

from briefcheck.match.normalise import CJK_RE, normalise, tokenise

# Words that say what kind of outlet a name is, not which: a shared one proves nothing.
GENERIC = frozenset(
    re.findall(
        r"\S+",
        "news agency service press daily media newspaper online network group com english "
        "edition international global",
    )
)
_DROPPED = frozenset({"the"})
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "&"})
_PART_SEPARATOR = re.compile(r"\s*[:|｜,，]\s*|\s+[-–—]\s+")
_CJK_ENDINGS = ("网站", "官网", "客户端", "网", "社")
_CJK_TAIL_MIN_CHARS = 4
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,7}$")


def _words(text: str) -> list[str]:
    return [t.text for t in tokenise(normalise(text).text) if t.text not in _DROPPED]


def _parts(name: str) -> list[str]:
    """The name whole and each of its parts between separators."""
    parts = [p for p in _PART_SEPARATOR.split(name) if p.strip()]
    return list(dict.fromkeys([name, *parts]))


def _same_words(a: list[str], b: list[str]) -> bool:
    """Same words, or the same distinctive words with one side's generic words in the other's."""
    if a == b:
        return True
    core_a = [w for w in a if w not in GENERIC]
    core_b = [w for w in b if w not in GENERIC]
    if not core_a or core_a != core_b:
        return False
    generic_a, generic_b = set(a) - set(core_a), set(b) - set(core_b)
    return generic_a <= generic_b or generic_b <= generic_a


def _initials(cited: str, name: str) -> bool:
    """Whether `cited`, written as an acronym, spells the initials of `name`."""
    if not _ACRONYM.match(cited.strip()):
        return False
    letters = cited.replace(".", "").replace("&", "").casefold()
    words = [w for w in _words(name) if w not in _SMALL_WORDS]
    return len(words) > 1 and "".join(w[0] for w in words) == letters


def _same_cjk(a: str, b: str) -> bool:
    """Chinese names: equal but for a generic ending, or the cited one ends the other."""
    a, b = "".join(_words(a)), "".join(_words(b))

    def bare(name: str) -> str:
        for ending in _CJK_ENDINGS:
            if name.endswith(ending) and len(name) > len(ending) + 1:
                return name[: -len(ending)]
        return name

    if bare(a) == bare(b):
        return True
    return len(a) >= _CJK_TAIL_MIN_CHARS and b.endswith(a)


def same_outlet(cited: str, name: str) -> bool:
    """Whether the cited outlet and a name the page gives itself are one outlet."""
    for part in _parts(name):
        for said in _parts(cited):
            if CJK_RE.search(said) and CJK_RE.search(part):
                if _same_cjk(said, part):
                    return True
            elif _same_words(_words(said), _words(part)) or _initials(said, part):
                return True
    return False


def host_names(cited: str, host: str) -> bool:
    """Whether a label of the host spells the cited outlet (possibly with a generic word)."""
    labels = [label.replace("-", "") for label in host.casefold().split(".") if label]
    labels = [label for label in labels[:-1] if label != "www"]
    words = _words(cited)
    if not words or CJK_RE.search(cited):
        return False
    # The whole name, or the name and one generic word ("apnews" for AP); never the name's
    # distinctive words with its own generic ones swapped ("nknews" is not Daily NK).
    whole = "".join(words)
    spellings = {whole} | {whole + g for g in GENERIC}
    return any(label in spellings for label in labels)
