"""Planning checks: one per (claimed item, work), stable ids, unchecked when a source is unread."""

from __future__ import annotations

from briefcheck.checks import Matchers, WorkSource, build_checks, check_id, plan_checks
from briefcheck.models import (
    Brief,
    CheckKind,
    Claim,
    DateMention,
    Footnote,
    Marker,
    Match,
    Precision,
    Quote,
    RankedPassage,
    Reference,
    Scope,
    SourceRecord,
    SourceStatus,
    SourceText,
    Verdict,
)


def ref(rid: str, footnote: int, title: str = "A title", **kw) -> Reference:
    return Reference(
        id=rid, footnote=footnote, text=f"“{title}”", start=0, end=len(title) + 2, title=title, **kw
    )


def claim(
    text: str,
    refs: tuple[str, ...],
    *,
    quotes=(),
    dates=(),
    paragraph=1,
    sentence=1,
    scope=Scope.SENTENCE,
) -> Claim:
    qs = tuple(Quote(text=q, start=text.index(q), end=text.index(q) + len(q)) for q in quotes)
    ds = tuple(
        DateMention(
            text=d,
            value=v,
            precision=Precision.DAY,
            start=text.index(d),
            end=text.index(d) + len(d),
        )
        for d, v in dates
    )
    return Claim(
        id=f"c-{abs(hash(text)) % 10**8}",
        text=text,
        paragraph=paragraph,
        sentence=sentence,
        start=0,
        end=len(text),
        refs=refs,
        scope=scope,
        quotes=qs,
        dates=ds,
    )


def brief(claims: list[Claim], footnotes: list[Footnote]) -> Brief:
    return Brief(
        path="b.txt",
        text="",
        sha256="0" * 64,
        format="txt",
        paragraphs=(),
        sentences=(),
        markers=(),
        footnotes=tuple(footnotes),
        claims=tuple(claims),
    )


FN3 = Footnote(
    number=3,
    text="“KCNA report”, KCNA, 5 September 2025; also see, “38 North piece”",
    start=0,
    end=10,
    references=(
        ref("3a", 3, "KCNA report", outlet="KCNA", date="2025-09-05"),
        ref("3b", 3, "38 North piece"),
    ),
)
FN9 = Footnote(number=9, text="“Noryang”", start=0, end=5, references=(ref("9a", 9, "Noryang"),))
FN12 = Footnote(
    number=12,
    text="“Noryang”, n. 9",
    start=0,
    end=5,
    references=(Reference(id="12a", footnote=12, text="n. 9", start=0, end=4, points_to=("9a",)),),
)
Q = "strategic communication and high-level visits"
C4 = claim(f"Both discussed ‘{Q}’ in 2025.", ("3a", "3b"), quotes=(Q,))
C12 = claim(
    "They attempted to capture territory on 4 May 1600.",
    ("12a",),
    dates=(("4 May 1600", "1600-05-04"),),
)


def fake_matchers(verdict=Verdict.VERIFIED) -> Matchers:
    return Matchers(
        quote=lambda q, src: Match(verdict=verdict, score=1.0, reason="fake"),
        date=lambda d, text, src: Match(verdict=verdict, score=1.0, reason="fake"),
        details=lambda r, src: [
            (CheckKind.TITLE, r.title, Match(verdict=verdict, score=1.0, reason="fake"))
        ],
        support=lambda claimed, src: Match(verdict=verdict, score=1.0, reason="fake"),
    )


def ok_source(rid: str, footnote: int) -> WorkSource:
    return WorkSource(
        record=SourceRecord(ref=rid, footnote=footnote, url="http://x", status=SourceStatus.OK),
        text=SourceText(url="http://x", text="text"),
    )


def test_quote_in_multi_work_footnote_gets_one_check_per_work():
    planned = plan_checks(brief([C4], [FN3]))
    quotes = [p for p in planned if p.kind is CheckKind.QUOTE]
    assert [(p.ref, p.work) for p in quotes] == [("3a", "3a"), ("3b", "3b")]
    assert len({p.id for p in planned}) == len(planned)


def test_back_reference_is_checked_against_the_work_it_points_to():
    planned = plan_checks(brief([C12], [FN9, FN12]))
    dates = [p for p in planned if p.kind is CheckKind.DATE]
    assert [(p.ref, p.work, p.footnote) for p in dates] == [("12a", "9a", 12)]
    checks = build_checks(brief([C12], [FN9, FN12]), {"9a": ok_source("9a", 9)}, fake_matchers())
    date_check = next(c for c in checks if c.kind is CheckKind.DATE)
    assert date_check.verdict is Verdict.VERIFIED and "9a" in (date_check.note or "")


def test_footnote_details_are_checks_with_footnote_scope():
    planned = plan_checks(brief([], [FN3]))
    kinds = {(p.ref, p.kind) for p in planned}
    assert ("3a", CheckKind.TITLE) in kinds
    assert ("3a", CheckKind.OUTLET) in kinds and ("3a", CheckKind.PUBLISHED) in kinds
    assert ("3b", CheckKind.PUBLISHED) not in kinds  # the footnote gives no date for 3b
    assert all(p.claim.scope is Scope.FOOTNOTE and p.claim.paragraph == 0 for p in planned)


def test_unread_sources_give_unchecked_with_the_reason_never_not_found():
    b = brief([C4], [FN3])
    unreachable = WorkSource(
        record=SourceRecord(
            ref="3a", footnote=3, url="http://x", status=SourceStatus.UNREACHABLE, reason="timeout"
        ),
        text=None,
    )
    checks = build_checks(b, {"3a": unreachable}, fake_matchers(Verdict.NOT_FOUND))
    by_ref = {(c.ref, c.kind): c for c in checks}
    assert by_ref[("3a", CheckKind.QUOTE)].verdict is Verdict.UNCHECKED
    assert by_ref[("3a", CheckKind.QUOTE)].reason == "unreachable: timeout"
    assert by_ref[("3b", CheckKind.QUOTE)].reason == "unresolved"
    paywalled = WorkSource(
        record=SourceRecord(ref="3a", footnote=3, url="http://x", status=SourceStatus.OK),
        text=SourceText(
            url="http://x", text="", status=SourceStatus.PAYWALLED, reason="subscribe wall"
        ),
    )
    checks = build_checks(b, {"3a": paywalled}, fake_matchers(Verdict.NOT_FOUND))
    assert {c.verdict for c in checks if c.ref == "3a"} == {Verdict.UNCHECKED}


def test_check_ids_survive_edits_elsewhere_and_renumbering():
    other = claim(
        "An unrelated sentence about 2019.", ("9a",), dates=(("2019", "2019"),), paragraph=1
    )
    moved = claim(C4.text, ("3a", "3b"), quotes=(Q,), paragraph=7, sentence=3)
    before = {p.id for p in plan_checks(brief([C4], [FN3])) if p.kind is CheckKind.QUOTE}
    after = {
        p.id for p in plan_checks(brief([other, moved], [FN3, FN9])) if p.kind is CheckKind.QUOTE
    }
    assert before == after
    renumbered = Reference(
        id="5a",
        footnote=5,
        text="x",
        start=0,
        end=1,
        title="KCNA report",
        outlet="KCNA",
        date="2025-09-05",
    )
    original = FN3.references[0]
    assert check_id(CheckKind.QUOTE, original, Q, C4.text) == check_id(
        CheckKind.QUOTE, renumbered, Q, C4.text
    )
    edited = C4.text.replace("2025", "2024")
    assert check_id(CheckKind.QUOTE, original, Q, edited) != check_id(
        CheckKind.QUOTE, original, Q, C4.text
    )


def test_each_author_of_a_footnote_gets_its_own_check_and_verdict():
    two = Footnote(
        number=5,
        text="Charles Parton and James Byrne, “China’s Only Ally”",
        start=0,
        end=10,
        references=(ref("5", 5, "China’s Only Ally", authors=("Charles Parton", "James Byrne")),),
    )

    def details(r, src):
        return [
            (
                CheckKind.AUTHOR,
                "Charles Parton",
                Match(verdict=Verdict.VERIFIED, score=1.0, reason="same author"),
            ),
            (
                CheckKind.AUTHOR,
                "James Byrne",
                Match(verdict=Verdict.NOT_FOUND, score=None, reason="no author"),
            ),
        ]

    fake = fake_matchers()
    matchers = Matchers(quote=fake.quote, date=fake.date, details=details, support=fake.support)
    checks = build_checks(brief([], [two]), {"5": ok_source("5", 5)}, matchers)
    authors = {c.claimed: c.verdict for c in checks if c.kind is CheckKind.AUTHOR}
    assert authors == {"Charles Parton": Verdict.VERIFIED, "James Byrne": Verdict.NOT_FOUND}


def test_every_cited_claim_gets_a_support_check_per_work_its_footnote_cites():
    inherited = claim("An uncited sentence before the marker.", ("3a", "3b"), scope=Scope.PARAGRAPH)
    uncited = claim("A dated fact without a citation in 2019.", (), scope=Scope.NONE)
    planned = plan_checks(brief([C4, inherited, uncited], [FN3]))
    support = [(p.ref, p.claimed) for p in planned if p.kind is CheckKind.SUPPORT]
    assert support == [
        ("3a", C4.text),
        ("3b", C4.text),
        ("3a", inherited.text),
        ("3b", inherited.text),
    ]


def test_support_check_of_a_back_reference_goes_to_the_work_it_points_to():
    planned = plan_checks(brief([C12], [FN9, FN12]))
    support = [(p.ref, p.work) for p in planned if p.kind is CheckKind.SUPPORT]
    assert support == [("12a", "9a")]


def test_markers_of_different_footnotes_split_a_sentence_into_clauses():
    text = "Kim met Xi in Beijing,[3] and the readout omitted denuclearisation.[9]"
    first, second = text.index("[3]"), text.index("[9]")
    c = Claim(
        id="c-two",
        text=text,
        paragraph=1,
        sentence=1,
        start=0,
        end=len(text),
        refs=("3a", "3b", "9a"),
        scope=Scope.SENTENCE,
        markers=(
            Marker(text="[3]", numbers=(3,), start=first, end=first + 3),
            Marker(text="[9]", numbers=(9,), start=second, end=second + 3),
        ),
    )
    planned = plan_checks(brief([c], [FN3, FN9]))
    support = [(p.ref, p.claimed) for p in planned if p.kind is CheckKind.SUPPORT]
    assert support == [
        ("3a", "Kim met Xi in Beijing"),
        ("3b", "Kim met Xi in Beijing"),
        ("9a", "and the readout omitted denuclearisation.[9]"),
    ]
    assert all(p.claimed in text for p in planned if p.kind is CheckKind.SUPPORT)


def test_support_checks_go_to_the_support_matcher_and_keep_its_passages():
    passage = RankedPassage(text="Both discussed visits.", start=0, end=22, score=3.5, rank=1)
    seen = []

    def support(claimed, src):
        seen.append(claimed)
        return Match(verdict=Verdict.RELATED, score=0.6, reason="shares", passages=(passage,))

    fake = fake_matchers()
    matchers = Matchers(quote=fake.quote, date=fake.date, details=fake.details, support=support)
    checks = build_checks(brief([C4], [FN3]), {"3a": ok_source("3a", 3)}, matchers)
    found = [c for c in checks if c.kind is CheckKind.SUPPORT and c.ref == "3a"]
    assert seen == [C4.text]
    assert [(c.verdict, c.passages) for c in found] == [(Verdict.RELATED, (passage,))]


def test_support_check_ids_are_stable_and_distinct_from_quote_ids():
    ids = {p.kind: p.id for p in plan_checks(brief([C4], [FN3])) if p.ref == "3a"}
    moved = claim(C4.text, ("3a", "3b"), quotes=(Q,), paragraph=9, sentence=2)
    again = {p.kind: p.id for p in plan_checks(brief([moved], [FN3])) if p.ref == "3a"}
    assert ids[CheckKind.SUPPORT] == again[CheckKind.SUPPORT]
    assert ids[CheckKind.SUPPORT].startswith("s-")
    assert ids[CheckKind.SUPPORT] != ids[CheckKind.QUOTE]


def _check(kind, verdict, evidence=None, passages=(), ref="1"):
    from briefcheck.models import Check, ClaimRef, Scope

    return Check(
        id=f"{kind.value}-{ref}",
        ref=ref,
        footnote=1,
        kind=kind,
        claimed="x",
        claim=ClaimRef(text="The claim.", paragraph=2, sentence=1, scope=Scope.SENTENCE),
        verdict=verdict,
        reason="r",
        evidence=evidence,
        passages=passages,
    )


def test_quote_and_date_checks_show_their_claims_support_passages():
    from briefcheck.checks import share_passages
    from briefcheck.models import Evidence, RankedPassage

    passage = RankedPassage(text="the passage", start=100, end=200, score=3.0, rank=1)
    support = _check(CheckKind.SUPPORT, Verdict.RELATED, passages=(passage,))
    inside = _check(CheckKind.QUOTE, Verdict.VERIFIED, Evidence(text="q", start=120, end=130))
    outside = _check(CheckKind.DATE, Verdict.VERIFIED, Evidence(text="d", start=10, end=20))
    other_work = _check(CheckKind.QUOTE, Verdict.VERIFIED, ref="2")
    shared = share_passages([support, inside, outside, other_work])
    assert shared[1].passages == shared[2].passages == (passage,)
    assert shared[1].note is None
    assert shared[2].note == "found outside the passages that best carry the claim"
    assert shared[3].passages == ()  # another work's support says nothing of this one
