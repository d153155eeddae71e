"""Word-level diffs between what the brief claims and what the source says."""

from __future__ import annotations

import difflib
import re

# A word with the spaces after it, so joining the pieces gives back the text exactly.
_WORD = re.compile(r"\S+\s*|\s+")
# The wdiff notation a matcher may store in Evidence.diff: "[-removed-] {+added+}".
_WDIFF = re.compile(r"\[-(?P<old>.*?)-\]|\{\+(?P<new>.*?)\+\}", re.DOTALL)
# Typography that does not change a quotation's words (curly quotes, dashes, spacing).
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

Op = tuple[str, str]


def _comparable(word: str) -> str:
    """A word as compared: case, typography and surrounding punctuation do not count."""
    return word.strip().translate(_TYPOGRAPHY).casefold().strip("'\".,;:!?()")


def word_diff(claimed: str, source: str) -> list[Op]:
    """Ops ("=", "-", "+") turning the claimed words into the source's words."""
    old = _WORD.findall(claimed)
    new = _WORD.findall(source)
    matcher = difflib.SequenceMatcher(
        a=[_comparable(w) for w in old], b=[_comparable(w) for w in new], autojunk=False
    )
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", "".join(new[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(old[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(new[j1:j2])))
    return ops


def parse_wdiff(text: str) -> list[Op] | None:
    """Ops from a wdiff-style string, or None when the string holds no wdiff marks."""
    ops: list[Op] = []
    pos = 0
    for m in _WDIFF.finditer(text):
        if m.start() > pos:
            ops.append(("=", text[pos : m.start()]))
        ops.append(("-", m["old"]) if m["old"] is not None else ("+", m["new"]))
        pos = m.end()
    if not ops:
        return None
    if pos < len(text):
        ops.append(("=", text[pos:]))
    return ops


def evidence_ops(claimed: str, evidence_text: str, stored: str | None) -> list[Op]:
    """The diff to show: the matcher's own (when it is wdiff) or one computed here."""
    parsed = parse_wdiff(stored) if stored else None
    return parsed if parsed is not None else word_diff(claimed, evidence_text)
