"""Brief + read sources → the checks to make, against which work, with stable ids."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefcheck.models import (
    Brief,
    Check,
    CheckKind,
    Claim,
    ClaimRef,
    DateMention,
    Footnote,
    Match,
    Quote,
    Reference,
    Relation,
    Scope,
    SourceRecord,
    SourceStatus,
    SourceText,
    Verdict,
    Where,
)
from briefcheck.resolve import resolve_reference
from briefcheck.store import ResultStore, digest

if TYPE_CHECKING:
    from briefcheck.match.judge import Judge


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkSource:
    """A cited work's source as read in this run: its record and, when readable, its text."""

    record: SourceRecord
    text: SourceText | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedCheck:
    """One comparison to make: a claimed item, its claim and the work it is checked against."""

    id: str
    ref: str
    work: str
    footnote: int
    kind: CheckKind
    claimed: str
    claim: ClaimRef
    claim_text: str
    item: object  # the Quote, DateMention or Reference the matcher takes


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\[\d+(?:[,–-]\s*\d+)*\]", " ", text)
    return " ".join(re.findall(r"\w+", text))


def _work_key(ref: Reference) -> str:
    """What identifies a work regardless of its footnote number (survives renumbering)."""
    parts = [ref.title or "", ref.title_original or "", ref.outlet or "", *ref.authors]
    key = _norm(" ".join(parts))
    return key or ref.id


def check_id(kind: CheckKind, work: Reference, claimed: str, claim_text: str) -> str:
    """A check's id: the same claimed words, in the same claim, against the same work."""
    blob = "\x1f".join([kind.value, _work_key(work), _norm(claimed), _norm(claim_text)])
    return f"{kind.value[0]}-{hashlib.sha1(blob.encode()).hexdigest()[:12]}"


def _claim_ref(claim: Claim) -> ClaimRef:
    return ClaimRef(
        text=claim.text, paragraph=claim.paragraph, sentence=claim.sentence, scope=claim.scope
    )


def _footnote_ref(footnote: Footnote) -> ClaimRef:
    return ClaimRef(text=footnote.text, paragraph=0, sentence=0, scope=Scope.FOOTNOTE)


def _planned(
    kind: CheckKind, ref: Reference, work: Reference, claimed: str, claim: Claim, item: object
) -> PlannedCheck:
    """One check of a claim's item against one work its footnote (`ref`) cites."""
    return PlannedCheck(
        id=check_id(kind, work, claimed, claim.text),
        ref=ref.id,
        work=work.id,
        footnote=ref.footnote,
        kind=kind,
        claimed=claimed,
        claim=_claim_ref(claim),
        claim_text=claim.text,
        item=item,
    )


def _planned_for_claim(claim: Claim, refs: Mapping[str, Reference]) -> Iterator[PlannedCheck]:
    for ref_id in claim.refs:
        ref = refs.get(ref_id)
        if ref is None:
            continue
        for work in resolve_reference(ref, dict(refs)):
            items: list[tuple[CheckKind, str, object]] = [
                (CheckKind.QUOTE, q.text, q) for q in claim.quotes
            ]
            items += [(CheckKind.DATE, d.text, d) for d in claim.dates]
            for kind, claimed, item in items:
                yield _planned(kind, ref, work, claimed, claim, item)


def support_clauses(
    claim: Claim, refs: Mapping[str, Reference]
) -> list[tuple[str, tuple[str, ...]]]:
    """(claimed words, reference ids) a support check takes: the whole sentence, or, when
    markers of different footnotes split it, each marker's clause (from the previous marker,
    or the sentence start, to it; the last marker's clause runs to the sentence end).
    """
    groups = {m.numbers for m in claim.markers}
    if claim.scope is not Scope.SENTENCE or len(groups) <= 1:
        return [(claim.text, claim.refs)]
    clauses: list[tuple[str, tuple[str, ...]]] = []
    markers = sorted(claim.markers, key=lambda m: m.start)
    pos = 0
    for k, marker in enumerate(markers):
        last = k == len(markers) - 1
        end = len(claim.text) if last else marker.start - claim.start
        words = claim.text[pos:end].strip(" ,;:")
        ids = tuple(r for r in claim.refs if r in refs and refs[r].footnote in marker.numbers)
        if words and ids:
            clauses.append((words, ids))
        pos = marker.end - claim.start
    return clauses or [(claim.text, claim.refs)]


def _planned_support(claim: Claim, refs: Mapping[str, Reference]) -> Iterator[PlannedCheck]:
    """A support check per cited clause of the claim and per work its footnote cites."""
    if claim.scope not in (Scope.SENTENCE, Scope.PARAGRAPH):
        return
    for claimed, ref_ids in support_clauses(claim, refs):
        for ref_id in ref_ids:
            ref = refs.get(ref_id)
            if ref is None:
                continue
            for work in resolve_reference(ref, dict(refs)):
                yield _planned(CheckKind.SUPPORT, ref, work, claimed, claim, None)


_DETAIL_KINDS = (CheckKind.TITLE, CheckKind.PUBLISHED, CheckKind.OUTLET, CheckKind.AUTHOR)


def _planned_for_footnote(footnote: Footnote) -> Iterator[PlannedCheck]:
    for ref in footnote.references:
        if ref.points_to:
            continue
        details: list[tuple[CheckKind, str | None]] = [
            (CheckKind.TITLE, ref.title or ref.title_original),
            (CheckKind.PUBLISHED, ref.date),
            (CheckKind.OUTLET, ref.outlet),
            *[(CheckKind.AUTHOR, author) for author in ref.authors],
        ]
        for kind, claimed in details:
            if claimed:
                yield PlannedCheck(
                    id=check_id(kind, ref, claimed, ""),
                    ref=ref.id,
                    work=ref.id,
                    footnote=footnote.number,
                    kind=kind,
                    claimed=claimed,
                    claim=_footnote_ref(footnote),
                    claim_text=footnote.text,
                    item=ref,
                )


def plan_checks(brief: Brief) -> list[PlannedCheck]:
    """Every comparison the brief asks for, ids made unique in a stable order."""
    refs = brief.references()
    planned = [p for c in brief.claims for p in _planned_for_claim(c, refs)]
    planned += [p for c in brief.claims for p in _planned_support(c, refs)]
    planned += [p for f in brief.footnotes for p in _planned_for_footnote(f)]
    seen: dict[str, int] = {}
    unique: list[PlannedCheck] = []
    for p in planned:
        n = seen.get(p.id, 0)
        seen[p.id] = n + 1
        if n:
            p = dataclasses.replace(p, id=f"{p.id}-{n + 1}")
        unique.append(p)
    return unique


def _unchecked_reason(record: SourceRecord) -> str:
    status = record.status.value
    if record.reason and record.reason != status:
        return f"{status}: {record.reason}"
    return status


def _match_one(p: PlannedCheck, text: SourceText, matchers: Matchers) -> Match:
    if p.kind is CheckKind.SUPPORT:
        return matchers.support(p.claimed, text)
    if p.kind is CheckKind.QUOTE:
        return matchers.quote(p.claimed, text)
    if p.kind is CheckKind.DATE:
        return matchers.date(p.item, p.claim_text, text)
    results = [(kind, claimed, m) for kind, claimed, m in matchers.details(p.item, text)]
    # A footnote may name several authors: pick this check's one, not the first of its kind.
    for kind, claimed, match in results:
        if kind is p.kind and p.kind is CheckKind.AUTHOR and claimed == p.claimed:
            return match
    for kind, _claimed, match in results:
        if kind is p.kind:
            return match
    return Match(verdict=Verdict.NOT_FOUND, score=None, reason=f"page states no {p.kind.value}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Matchers:
    """The matching functions, injectable so checks can be planned and tested apart."""

    quote: Callable[[str, SourceText], Match]
    date: Callable[..., Match]
    details: Callable[..., list[tuple[CheckKind, str, Match]]]
    support: Callable[[str, SourceText], Match]
    # What besides the code decides a match (a judge model): part of every stored match's key.
    identity: str = ""


def default_matchers(judge: Judge | None = None) -> Matchers:
    """The real matchers; with `judge` (see `match.judge.load_judge`) support checks may
    also be verified or contradicted by that entailment model."""
    from briefcheck.match import check_date, check_details, find_quote, find_support

    support = find_support if judge is None else functools.partial(find_support, judge=judge)
    return Matchers(
        quote=find_quote,
        date=check_date,
        details=check_details,
        support=support,
        identity=matcher_identity(judge),
    )


def matcher_identity(judge: Judge | None = None) -> str:
    """What besides its inputs a match depends on: the judge, if any (part of its store key)."""
    return f"judge {judge.path}" if judge is not None else ""


def _item_key(item: object) -> object:
    """What of a claimed item the matcher reads (not its offsets, which move with edits)."""
    if isinstance(item, DateMention):
        return (item.text, item.value, item.precision, item.relative)
    if isinstance(item, Reference):
        return dataclasses.replace(item, start=0, end=0)
    if isinstance(item, Quote):
        return item.text
    return item


def match_key(p: PlannedCheck, work: WorkSource, identity: str = "") -> str:
    """Same claimed item, same claim words, same source bytes, same judge: same match."""
    r = work.record
    item = _item_key(p.item)
    return digest(p.kind, p.claimed, p.claim_text, item, r.status, r.reason, r.sha256, identity)


def readable_text(work: WorkSource | None) -> SourceText | Match:
    """The work's readable text, or the unchecked match saying why there is none."""
    if work is None:
        return Match(verdict=Verdict.UNCHECKED, score=None, reason="unresolved")
    if work.record.status is not SourceStatus.OK or work.text is None:
        return Match(verdict=Verdict.UNCHECKED, score=None, reason=_unchecked_reason(work.record))
    if work.text.status is not SourceStatus.OK:
        reason = f"{work.text.status.value}: {work.text.reason or 'unreadable'}"
        return Match(verdict=Verdict.UNCHECKED, score=None, reason=reason)
    return work.text


# A listing (a section index, a catalogue record, a search result) shows a teaser or summary
# of the work, not its text: a quotation found in it proves nothing about the work, and one
# missing from it is no sign that the work lacks it. Neither verified nor not_found, then, but
# unchecked: the work's own text was not read (DESIGN.md: unchecked means the source could
# not be read for this check; `reason` says why).
LISTING_QUOTE_REASON = "listing: the page lists the work; its text was not read"


def _relation(work: WorkSource) -> Relation | None:
    """The page's relation to the work when a check must say it (not the work's own page)."""
    relation = work.record.relation
    return relation if relation is not None and relation.stated else None


def _listing_quote(p: PlannedCheck, work: WorkSource) -> Match | None:
    """The unchecked verdict of a quotation checked against a listing, else None."""
    if p.kind is CheckKind.QUOTE and _relation(work) is Relation.LISTING:
        return Match(verdict=Verdict.UNCHECKED, score=None, reason=LISTING_QUOTE_REASON)
    return None


def run_check(
    p: PlannedCheck,
    work: WorkSource | None,
    matchers: Matchers | None = None,
    store: ResultStore | None = None,
    refresh: bool = False,
) -> Check:
    """One planned comparison made against its work's source, or unchecked with the reason.

    With a `store`, a match made before on the same inputs (see `match_key`) is reused.
    """
    text = readable_text(work)
    relation = _relation(work) if work is not None else None
    if isinstance(text, Match):
        return _to_check(p, text, relation)
    listed = _listing_quote(p, work) if work is not None else None
    if listed is not None:
        return _to_check(p, listed, relation)
    if store is None or work is None:
        return _to_check(p, _match_one(p, text, matchers or default_matchers()), relation)
    # The matchers (and the modules behind them) are loaded only when a match is made: a
    # warm run reuses every match and imports none of them.
    identity = matchers.identity if matchers is not None else matcher_identity()
    match = store.get_or_compute(
        "match",
        match_key(p, work, identity),
        Match,
        lambda: _match_one(p, text, matchers or default_matchers()),
        refresh,
    )
    return _to_check(p, match, relation)


def _unchecked(reason: str) -> Match:
    return Match(verdict=Verdict.UNCHECKED, score=None, reason=reason)


def _to_check(p: PlannedCheck, m: Match, relation: Relation | None = None) -> Check:
    note = m.note
    if p.kind is CheckKind.SUPPORT and p.claim.scope is Scope.PARAGRAPH:
        inherited = f"the sentence inherits footnote {p.footnote} from a later sentence"
        note = f"{inherited}; {note}" if note else inherited
    if p.work != p.ref:
        via = f"checked against {p.work} (footnote {p.footnote} points to it)"
        note = f"{via}; {note}" if note else via
    return Check(
        id=p.id,
        ref=p.ref,
        footnote=p.footnote,
        kind=p.kind,
        claimed=p.claimed,
        claim=p.claim,
        verdict=m.verdict,
        reason=m.reason,
        score=m.score,
        evidence=m.evidence,
        note=note,
        relation=relation,
        passages=m.passages,
    )


def build_checks(
    brief: Brief,
    works: Mapping[str, WorkSource],
    matchers: Matchers | None = None,
    store: ResultStore | None = None,
) -> list[Check]:
    """Plan and run every check of the brief against the works' sources (keyed by work id)."""
    planned = plan_checks(brief)
    if matchers is None:
        matchers = default_matchers()
        prepare_support(planned)
    return share_passages([run_check(p, works.get(p.work), matchers, store) for p in planned])


def prepare_support(planned: Iterable[PlannedCheck]) -> None:
    """Have the claims of the planned support checks read by spaCy in one batch when the first
    of them must be matched (twice as fast as one by one; none read when all are reused)."""
    claims = [p.claimed for p in planned if p.kind is CheckKind.SUPPORT]
    if not claims:
        return  # nothing to read (and no need to load the support matcher at all)
    from briefcheck.match.pending import expect_claims

    expect_claims(claims)


def share_passages(checks: Sequence[Check]) -> list[Check]:
    """Quotation and date checks shown with the passages their claim's support check found.

    The three kinds then read the source the same way: beside a quotation or a date the
    report shows the passages that best carry its sentence, and a verified quotation or date
    that stands outside all of them says so (worth a look: the words exist, but not where
    the claim's content is).
    """
    best: dict[tuple[str, str, int, int], Check] = {}
    for c in checks:
        if c.kind is CheckKind.SUPPORT and c.passages:
            best.setdefault((c.ref, c.claim.text, c.claim.paragraph, c.claim.sentence), c)
    out = []
    for c in checks:
        support = best.get((c.ref, c.claim.text, c.claim.paragraph, c.claim.sentence))
        if support is None or c.kind not in (CheckKind.QUOTE, CheckKind.DATE) or c.passages:
            out.append(c)
            continue
        out.append(dataclasses.replace(c, passages=support.passages, note=_outside(c, support)))
    return out


def _outside(check: Check, support: Check) -> str | None:
    """The check's note, plus a remark when its verified words lie outside every passage."""
    ev = check.evidence
    if check.verdict is not Verdict.VERIFIED or ev is None or ev.where is not Where.ARTICLE:
        return check.note
    if any(p.start <= ev.start and ev.end <= p.end for p in support.passages):
        return check.note
    remark = "found outside the passages that best carry the claim"
    return f"{check.note}; {remark}" if check.note else remark
