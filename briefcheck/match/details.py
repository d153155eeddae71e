"""Check a footnote's own details (title, published date, outlet, authors) against the page.

Absent details are never a mismatch: a page that states no date, outlet or author gives
`not_found` with the reason. Titles compare word by word after typography is normalised
and wire-service prefixes ("(LEAD)") and site suffixes ("| Outlet") are set aside.
`Match.score`: for titles the word similarity (Indel, 0..1) of the cited title and the
page's; for dates, outlets and authors 1.0 (agrees), 0.0 (disagrees) or None (not stated).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from rapidfuzz.distance import Indel

from briefcheck.match.align import encode_pair, opcodes
from briefcheck.match.dates import compare_dates
from briefcheck.match.diffs import Opcodes, explain, spelling_variant, word_diff
from briefcheck.match.normalise import CJK_RE, normalise, tokenise
from briefcheck.match.outlets import host_names, same_outlet
from briefcheck.match.quotes import find_quote
from briefcheck.models import (
    CheckKind,
    DateMention,
    Evidence,
    Match,
    Precision,
    Reference,
    SourceText,
    Verdict,
    Where,
)

# "(LEAD)", "(2nd LD)", "[Exclusive]", "(URGENT)": wire-service and CMS labels, not title.
_PREFIX_RE = re.compile(r"^\s*(?:[(\[][^)\]]{1,25}[)\]]\s*)+")
_LABEL_RE = re.compile(r"^\s*(?:breaking|exclusive|update[d]?|analysis|opinion)\s*:\s*", re.I)
# Separators between a title and the site's name ("Title | Outlet", "Title - Outlet", "标题_网站").
_SITE_SEPARATOR_RE = re.compile(r"\s+[|\-–—:·»«]{1,2}\s+|\s*[|｜_]\s*|\s+::\s+")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "s"})
_HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "obe", "mbe", "cbe", "phd"})
# A subtitle follows a colon or a spaced dash; the part before it must be a title on its own.
_SUBTITLE_RE = re.compile(r":\s+|\s+[–—-]\s+")
_MAIN_TITLE_MIN_WORDS = 2
# Below this word similarity a page title is not a variant of the cited one but another text.
_TITLE_CLOSE = 0.5


def _words(text: str) -> list[str]:
    return [t.text for t in tokenise(normalise(text).text)]


def title_variants(title: str) -> list[str]:
    """The page title as given, without labels, and without each site-name part."""
    bare = _LABEL_RE.sub("", _PREFIX_RE.sub("", title)).strip()
    parts = [p for p in _SITE_SEPARATOR_RE.split(bare) if p.strip()]
    variants = [title, bare]
    for k in range(1, len(parts)):
        variants += [" ".join(parts[:k]), " ".join(parts[k:])]
    return list(dict.fromkeys(v for v in variants if _words(v)))


def _initials(words: list[str], *, skip_small: bool) -> str:
    return "".join(w[0] for w in words if not (skip_small and w in _SMALL_WORDS))


def _acronym_note(claimed: list[str], page: list[str], ops: Opcodes) -> str | None:
    """A note if the only difference is an acronym on one side spelt out on the other."""
    notes = []
    for tag, a, b, c, d in ops:
        if tag == "equal":
            continue
        if tag != "replace":
            return None
        short, long = (claimed[a:b], page[c:d]) if b - a == 1 else (page[c:d], claimed[a:b])
        if len(short) != 1 or not any(
            short[0] == _initials(long, skip_small=s) for s in (True, False)
        ):
            return None
        notes.append(f"{short[0].upper()} = {' '.join(long)}")
    return "acronym expanded: " + "; ".join(notes) if notes else None


def _joiner(words: list[str]) -> Callable[[int, int], str]:
    return lambda i, j: " ".join(words[i:j])


def _in_text(phrase: str, source: SourceText) -> Evidence | None:
    """Evidence where the page's main text states `phrase` verbatim (after normalisation)."""
    if not source.text:
        return None
    found = find_quote(phrase, source)
    return found.evidence if found.verdict == Verdict.VERIFIED else None


def _spelling_only(want: list[str], have: list[str], ops: Opcodes) -> str | None:
    """The spelling pairs, if British/American spelling is all that tells two titles apart
    (a house style applied to a cited title is no misquotation).
    """
    pairs = []
    for tag, a, b, c, d in ops:
        if tag == "equal":
            continue
        if tag != "replace" or b - a != d - c:
            return None
        pairs += list(zip(want[a:b], have[c:d], strict=True))
    if pairs and all(spelling_variant(x, y) for x, y in pairs):
        return ", ".join(f"{x}/{y}" for x, y in pairs)
    return None


def _main_title(title: str) -> str | None:
    """The title before its subtitle ("Problem: How America Can..." → "Problem"), if any."""
    head = _SUBTITLE_RE.split(title, maxsplit=1)[0]
    return head if head != title and len(_words(head)) >= _MAIN_TITLE_MIN_WORDS else None


def _compare_title(claimed: str, page_title: str) -> tuple[float, Match, str]:
    """The best verdict of one cited title against one page title's variants, and the
    variant it rests on.
    """
    best: tuple[float, Match, str] | None = None
    want = _words(claimed)
    for variant in title_variants(page_title):
        have = _words(variant)
        note = f"page title: {page_title}"
        if want == have:
            return (
                2.0,
                Match(verdict=Verdict.VERIFIED, score=1.0, reason="same title", note=note),
                variant,
            )
        a, b = encode_pair(want, have)
        ops = opcodes(a, b)
        score = round(Indel.normalized_similarity(a, b), 4)
        acronym = _acronym_note(want, have, ops)
        heads = (_main_title(claimed), _main_title(variant))
        variants = _spelling_only(want, have, ops)
        if acronym:
            match = Match(
                verdict=Verdict.VERIFIED,
                score=score,
                reason="same title, acronym expanded",
                note=acronym,
            )
        elif variants:
            note = f"{note}; British/American spelling: {variants}"
            match = Match(
                verdict=Verdict.VERIFIED,
                score=score,
                reason="same title, spelling differs",
                note=note,
            )
        elif (heads[0] and _words(heads[0]) == have) or (heads[1] and _words(heads[1]) == want):
            match = Match(
                verdict=Verdict.VERIFIED,
                score=score,
                reason="same title, subtitle differs",
                note=note,
            )
        else:
            reason = explain(want, have, ops).reason if score >= _TITLE_CLOSE else "another title"
            diff = word_diff(_joiner(want), _joiner(have), ops)
            match = Match(
                verdict=Verdict.MISMATCH, score=score, reason=reason, note=f"{note}; {diff}"
            )
        rank = score + (1.0 if match.verdict == Verdict.VERIFIED else 0.0)
        if best is None or rank > best[0]:
            best = (rank, match, variant)
    assert best is not None
    return best


def check_title(ref: Reference, source: SourceText) -> tuple[str, Match] | None:
    """(claimed title, match) for the footnote's title or original-language title."""
    claimed = [t for t in (ref.title, ref.title_original) if t and _words(t)]
    page = [t for t in (source.headline, source.title) if t and _words(t)]
    if not claimed:
        return None
    if not page:
        return claimed[0], Match(
            verdict=Verdict.NOT_FOUND, score=None, reason="page states no title"
        )
    compared = [(_compare_title(c, p), c) for c in claimed for p in page]
    (_, match, variant), title = max(compared, key=lambda r: r[0][0])
    # The page's own words: its headline where the main text repeats it.
    evidence = _in_text(variant, source)
    if evidence is not None:
        match = Match(
            verdict=match.verdict,
            score=match.score,
            reason=match.reason,
            evidence=evidence,
            note=match.note,
        )
    return title, match


def _precision(value: str, given: Precision | None) -> Precision:
    if given is not None:
        return given
    return {4: Precision.YEAR, 7: Precision.MONTH}.get(len(value), Precision.DAY)


def check_published(ref: Reference, source: SourceText) -> Match:
    """The footnote's date against the page's publication date, at the footnote's precision."""
    assert ref.date is not None
    if not source.published:
        return Match(
            verdict=Verdict.NOT_FOUND, score=None, reason="page states no publication date"
        )
    claimed = DateMention(
        text=ref.date_text or ref.date,
        value=ref.date,
        precision=_precision(ref.date, ref.date_precision),
        start=0,
        end=0,
    )
    stated = DateMention(
        text=source.published_text or source.published,
        value=source.published,
        precision=_precision(source.published, source.published_precision),
        start=0,
        end=0,
    )
    note = f"page published {source.published}"
    evidence = _in_text(source.published_text, source) if source.published_text else None
    verdict = compare_dates(claimed, stated)
    if verdict == "supports":
        return Match(
            verdict=Verdict.VERIFIED,
            score=1.0,
            reason="same publication date",
            evidence=evidence,
            note=note,
        )
    if verdict == "vaguer":
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=None,
            reason="page date less precise",
            evidence=evidence,
            note=note,
        )
    return Match(
        verdict=Verdict.MISMATCH,
        score=0.0,
        reason="another publication date",
        evidence=evidence,
        note=note,
    )


def _other_script(a: str, b: str) -> bool:
    """Whether one name is written in CJK and the other not ("People's Digest"/"人民文摘"):
    such names cannot be compared, so they never make a mismatch.
    """
    return bool(CJK_RE.search(a)) != bool(CJK_RE.search(b))


def _names_of(source: SourceText) -> list[str]:
    """The names the page gives itself: site name, publisher metadata, masthead."""
    return list(dict.fromkeys(n for n in (source.outlet, source.publisher, source.masthead) if n))


def check_outlet(outlet: str, source: SourceText) -> Match:
    """The cited outlet against the page's own names (`outlets.same_outlet`), or a label of
    the site's address that spells it; a common word shared with them is not enough."""
    names = _names_of(source)
    for name in names:
        if same_outlet(outlet, name):
            evidence = _in_text(name, source) or Evidence(
                text=name, start=0, end=0, url=source.url, where=Where.METADATA
            )
            return Match(
                verdict=Verdict.VERIFIED,
                score=1.0,
                reason="same outlet",
                evidence=evidence,
                note=f"page names {name!r}",
            )
    host = urlsplit(source.url).hostname or ""
    if host_names(outlet, host):
        note = f"the address is {host}" + (f"; page names {names[0]!r}" if names else "")
        return Match(
            verdict=Verdict.VERIFIED,
            score=1.0,
            reason="outlet matches the site's address",
            note=note,
        )
    if not names:
        return Match(verdict=Verdict.NOT_FOUND, score=None, reason="page states no outlet")
    note = "page names " + "; ".join(repr(n) for n in names)
    if all(_other_script(outlet, n) for n in names):
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=None,
            reason="outlet named in another script",
            note=note,
        )
    return Match(verdict=Verdict.MISMATCH, score=0.0, reason="another outlet", note=note)


def _name_words(name: str) -> set[str]:
    return {w for w in _words(name) if w not in _HONORIFICS}


def check_author(author: str, source: SourceText) -> Match:
    """One cited author against the page's bylines and author metadata (any name order)."""
    want = _name_words(author)
    for name in source.authors:
        have = _name_words(name)
        if want and (
            want == have or (min(len(want), len(have)) >= 2 and (want <= have or have <= want))
        ):
            evidence = _in_text(name, source)
            note = f"page names {name!r}"
            return Match(
                verdict=Verdict.VERIFIED,
                score=1.0,
                reason="same author",
                evidence=evidence,
                note=note,
            )
    # A name in the text is a person the page mentions or quotes, not its author.
    mentioned = _in_text(author, source) is not None
    aside = "; the name appears in the text, not as its author" if mentioned else ""
    if source.authors:
        note = "page names " + ", ".join(source.authors) + aside
        if all(_other_script(author, name) for name in source.authors):
            return Match(
                verdict=Verdict.NOT_FOUND,
                score=None,
                reason="author named in another script",
                note=note,
            )
        return Match(verdict=Verdict.MISMATCH, score=0.0, reason="another author", note=note)
    return Match(
        verdict=Verdict.NOT_FOUND, score=None, reason="page names no author", note=aside[2:] or None
    )


def check_details(ref: Reference, source: SourceText) -> list[tuple[CheckKind, str, Match]]:
    """(kind, claimed value, match) for each detail the footnote gives."""
    out: list[tuple[CheckKind, str, Match]] = []
    title = check_title(ref, source)
    if title is not None:
        out.append((CheckKind.TITLE, *title))
    if ref.date:
        out.append((CheckKind.PUBLISHED, ref.date_text or ref.date, check_published(ref, source)))
    if ref.outlet:
        out.append((CheckKind.OUTLET, ref.outlet, check_outlet(ref.outlet, source)))
    for author in ref.authors:
        out.append((CheckKind.AUTHOR, author, check_author(author, source)))
    return [(kind, claimed, _with_page_evidence(kind, m, source)) for kind, claimed, m in out]


def _stated(kind: CheckKind, source: SourceText) -> str | None:
    """What the page itself states for a detail, as it states it."""
    if kind is CheckKind.TITLE:
        return source.headline or source.title
    if kind is CheckKind.PUBLISHED:
        return source.published_text or source.published
    if kind is CheckKind.OUTLET:
        return source.outlet or urlsplit(source.url).hostname
    return ", ".join(source.authors) or None


def _with_page_evidence(kind: CheckKind, match: Match, source: SourceText) -> Match:
    """No verdict without evidence: a detail the page states only in its markup cites that."""
    if match.evidence is not None or match.verdict not in (Verdict.VERIFIED, Verdict.MISMATCH):
        return match
    stated = _stated(kind, source)
    if not stated:
        return match
    evidence = Evidence(text=stated, start=0, end=0, url=source.url, where=Where.METADATA)
    return Match(
        verdict=match.verdict,
        score=match.score,
        reason=match.reason,
        evidence=evidence,
        note=match.note,
    )
