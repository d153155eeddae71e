"""Small factories for briefs, sources and checks, so report tests need no pipeline."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefcheck.models import (
    Brief,
    Check,
    CheckKind,
    Claim,
    ClaimRef,
    Copy,
    DateMention,
    Evidence,
    Footnote,
    Marker,
    Paragraph,
    Precision,
    Quote,
    Reference,
    Scope,
    Sentence,
    SourceRecord,
    SourceStatus,
    Verdict,
)

BUNDLED = Path(__file__).resolve().parents[2] / "briefs" / "brief.txt"
_BREAK = re.compile(r"(?<=[.?!])(\[\d+\])?(\s+)(?=[A-Z‘“])")
_MARKER = re.compile(r"\[(\d+)\]")
_TITLE = re.compile(r"“(.+?)”")


@dataclass(frozen=True)
class ClaimSpec:
    """A claim to build: a sentence found verbatim in the brief, and what it cites or states."""

    sentence: str
    refs: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    dates: tuple[tuple[str, str, str], ...] = ()  # (text, value, precision)
    scope: Scope | None = None
    extra: dict[str, str] = field(default_factory=dict)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sentences(par: Paragraph) -> list[Sentence]:
    """Naive sentence split (full stop, optional marker, space, capital): enough for tests."""
    out, pos = [], 0
    for m in _BREAK.finditer(par.text):
        stop = m.start(2)
        out.append(
            Sentence(
                paragraph=par.number,
                index=len(out) + 1,
                text=par.text[pos:stop],
                start=par.start + pos,
                end=par.start + stop,
            )
        )
        pos = m.end()
    out.append(
        Sentence(
            paragraph=par.number,
            index=len(out) + 1,
            text=par.text[pos:],
            start=par.start + pos,
            end=par.end,
        )
    )
    return out


def _footnote(number: int, refs: Sequence[str], start: int) -> tuple[Footnote, str]:
    body = "; ".join(refs)
    text = f"[{number}] {body}"
    references, pos = [], len(f"[{number}] ")
    for i, ref_text in enumerate(refs):
        rid = str(number) if len(refs) == 1 else f"{number}{chr(ord('a') + i)}"
        title = _TITLE.search(ref_text)
        references.append(
            Reference(
                id=rid,
                footnote=number,
                text=ref_text,
                start=pos,
                end=pos + len(ref_text),
                title=title.group(1) if title else None,
            )
        )
        pos += len(ref_text) + 2
    return Footnote(
        number=number, text=text, start=start, end=start + len(text), references=tuple(references)
    ), text


def _claim(spec: ClaimSpec, text: str, sentences: Sequence[Sentence]) -> Claim:
    start = text.index(spec.sentence)
    sent = next(s for s in sentences if s.start <= start < s.end)
    quotes = tuple(
        Quote(text=q, start=text.index(q, start), end=text.index(q, start) + len(q))
        for q in spec.quotes
    )
    dates = tuple(
        DateMention(
            text=t,
            value=v,
            precision=Precision(p),
            start=text.index(t, start),
            end=text.index(t, start) + len(t),
        )
        for t, v, p in spec.dates
    )
    scope = spec.scope or (Scope.SENTENCE if spec.refs else Scope.NONE)
    return Claim(
        id="c-" + sha(spec.sentence)[:12],
        text=spec.sentence,
        paragraph=sent.paragraph,
        sentence=sent.index,
        start=start,
        end=start + len(spec.sentence),
        refs=spec.refs,
        scope=scope,
        quotes=quotes,
        dates=dates,
    )


def make_brief(
    paragraphs: Sequence[str],
    footnotes: Mapping[int, Sequence[str]],
    claims: Sequence[ClaimSpec] = (),
    path: str = "briefs/sample.txt",
) -> Brief:
    """A Brief whose body is the paragraphs, then one line per footnote, offsets all exact."""
    pars, pos = [], 0
    for i, p in enumerate(paragraphs, 1):
        pars.append(Paragraph(number=i, text=p, start=pos, end=pos + len(p)))
        pos += len(p) + 1
    notes, lines = [], []
    for number, refs in footnotes.items():
        note, line = _footnote(number, refs, pos)
        notes.append(note)
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join([*paragraphs, *lines])
    sentences = [s for p in pars for s in _sentences(p)]
    markers = tuple(
        Marker(text=m.group(), numbers=(int(m.group(1)),), start=m.start(), end=m.end())
        for m in _MARKER.finditer(text[: pars[-1].end])
    )
    return Brief(
        path=path,
        text=text,
        sha256=sha(text),
        format="text",
        paragraphs=tuple(pars),
        sentences=tuple(sentences),
        markers=markers,
        footnotes=tuple(notes),
        claims=tuple(_claim(c, text, sentences) for c in claims),
    )


def claim_of(brief: Brief, fragment: str) -> Claim:
    return next(c for c in brief.claims if fragment in c.text)


def check_id(kind: str, ref: str, text: str, claimed: str) -> str:
    return f"{kind}-{ref}-{sha(text + '|' + claimed)[:10]}"


def make_check(
    brief: Brief,
    *,
    ref: str,
    kind: CheckKind,
    claimed: str,
    verdict: Verdict,
    claim: str | None = None,
    evidence: str | None = None,
    score: float | None = None,
    reason: str | None = None,
    diff: str | None = None,
) -> Check:
    """A check on a claim (found by a fragment of its sentence) or, without one, a footnote."""
    footnote = int(re.match(r"\d+", ref).group())  # type: ignore[union-attr]
    if claim is not None:
        c = claim_of(brief, claim)
        where = ClaimRef(text=c.text, paragraph=c.paragraph, sentence=c.sentence, scope=c.scope)
    else:
        note = brief.footnote(footnote)
        assert note is not None
        where = ClaimRef(text=note.text, paragraph=0, sentence=0, scope=Scope.FOOTNOTE)
    ev = None
    if evidence is not None:
        ev = Evidence(text=evidence, start=1000, end=1000 + len(evidence), diff=diff)
    return Check(
        id=check_id(kind.value, ref, where.text, claimed),
        ref=ref,
        footnote=footnote,
        kind=kind,
        claimed=claimed,
        claim=where,
        verdict=verdict,
        reason=reason or verdict.value.replace("_", " "),
        score=score,
        evidence=ev,
    )


def make_source(
    ref: str,
    status: SourceStatus = SourceStatus.OK,
    *,
    content: str | None = "page body",
    url: str | None = None,
    reason: str | None = None,
    copy: Copy | None = None,
    title: str | None = None,
) -> SourceRecord:
    footnote = int(re.match(r"\d+", ref).group())  # type: ignore[union-attr]
    ok = status == SourceStatus.OK
    link = url if url is not None else f"https://news.example.org/articles/{ref}"
    return SourceRecord(
        ref=ref,
        footnote=footnote,
        url=None if status == SourceStatus.UNRESOLVED else link,
        status=status,
        http_status=200 if ok else None,
        final_url=link if ok else None,
        sha256=sha(content) if ok and content is not None else None,
        title=title if ok else None,
        published=None,
        reason=reason if not ok else None,
        copy=(copy or Copy.LIVE) if ok else None,
        fetched_at="2026-11-28T09:00:00Z" if ok else None,
    )
