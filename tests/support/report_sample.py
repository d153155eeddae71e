"""A realistic run over part of the bundled brief, built from factories (no pipeline)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from briefcheck.models import Brief, Check, CheckKind, Copy, SourceRecord, SourceStatus, Verdict
from briefcheck.report import build_report, write_reports
from briefcheck.report.model import Report
from tests.support.report_factories import BUNDLED, ClaimSpec, make_brief, make_check, make_source

V, K, S = Verdict, CheckKind, SourceStatus

HOSTILE_EVIDENCE = (
    'strategic communication <img src=x onerror="window.pwned=1"> and '
    "<script>window.pwned=2</script> high-level visits"
)
HOSTILE_TITLE = "</script><script>window.pwned=3</script>"

_QUOTE_A = "strategic communication and high-level visits"
_QUOTE_B = (
    "strengthening strategic cooperation and defining common interests in international and "
    "regional affairs"
)
_SENT_MEETING = "When President Xi Jinping met North Korean leader Kim Jong-Un in Beijing on 4"
_SENT_JOINT = "However, in the September 2025 joint statement"
_SENT_NK = "From the North Korean side"
_SENT_1950 = "However, North Korea was quite opposed to China’s help"
_SENT_2013 = "The relations came under considerable strain in 2013"


def _lines() -> tuple[list[str], dict[int, list[str]]]:
    """Paragraphs 2–6 and footnotes 1–6 of the bundled brief, as written."""
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    body = lines[1:6]
    notes = {}
    for line in lines:
        for n in range(1, 7):
            if line.startswith(f"[{n}] "):
                notes[n] = [part.strip() for part in line[len(f"[{n}] ") :].split("; also See,")]
    return body, notes


def _sentence(body: list[str], start: str) -> str:
    """The whole sentence of the body that starts with `start` (up to its full stop)."""
    text = "\n".join(body)
    at = text.index(start)
    end = text.index(".", text.index(start[-12:], at) + 12) + 1
    while end < len(text) and text[end] == "[":
        end = text.index("]", end) + 1
    return text[at:end]


def sample_brief(extra_paragraph: str | None = None) -> Brief:
    body, notes = _lines()
    if extra_paragraph:
        body = [*body, extra_paragraph]
    specs = [
        ClaimSpec(
            _sentence(body, _SENT_MEETING),
            dates=(("4 September 2025", "2025-09-04", "day"),),
        ),
        ClaimSpec(
            _sentence(body, _SENT_JOINT),
            refs=("3a", "3b"),
            quotes=(_QUOTE_A,),
            dates=(("September 2025", "2025-09", "month"),),
        ),
        ClaimSpec(_sentence(body, _SENT_NK), refs=("3a", "3b"), quotes=(_QUOTE_B,)),
        ClaimSpec(_sentence(body, _SENT_1950), refs=("4",), dates=(("1950", "1950", "year"),)),
        ClaimSpec(_sentence(body, _SENT_2013), refs=("6",), dates=(("2013", "2013", "year"),)),
    ]
    return make_brief(body, notes, specs, path="briefs/brief.txt")


def sample_sources(hostile: bool = False) -> list[SourceRecord]:
    return [
        make_source("1", title="Security Council Fails to Adopt Resolution"),
        make_source("2", S.PAYWALLED, reason="subscription wall (foreignaffairs.com)"),
        make_source(
            "3a",
            copy=Copy.ARCHIVE,
            title=HOSTILE_TITLE if hostile else "Kim Jong Un Holds Talks with Xi Jinping",
        ),
        make_source("3b", title="Kim Jong Un’s Beijing Visit: A View from North Korea"),
        make_source("4", S.UNRESOLVED, reason="no URL in sources.yaml"),
        make_source("5", content="RUSI newsbrief page"),
        make_source("6", S.PAYWALLED, reason="subscription wall (bloomberg.com)"),
    ]


def sample_checks(brief: Brief, hostile: bool = False) -> list[Check]:
    evidence_a = HOSTILE_EVIDENCE if hostile else _QUOTE_A
    return [
        make_check(
            brief,
            ref="3a",
            kind=K.QUOTE,
            claimed=_QUOTE_A,
            verdict=V.VERIFIED,
            claim=_SENT_JOINT,
            evidence=evidence_a,
            score=1.00,
            reason="exact match",
        ),
        make_check(
            brief,
            ref="3b",
            kind=K.QUOTE,
            claimed=_QUOTE_A,
            verdict=V.NOT_FOUND,
            claim=_SENT_JOINT,
            score=0.41,
            reason="no passage above the closeness floor",
        ),
        make_check(
            brief,
            ref="3a",
            kind=K.QUOTE,
            claimed=_QUOTE_B,
            verdict=V.MISMATCH,
            claim=_SENT_NK,
            score=0.88,
            reason="words changed",
            evidence="strengthening strategic cooperation and jointly defending common "
            "interests in international and regional affairs",
        ),
        make_check(
            brief,
            ref="3b",
            kind=K.QUOTE,
            claimed=_QUOTE_B,
            verdict=V.VERIFIED,
            claim=_SENT_NK,
            score=0.97,
            reason="same words after normalising typography",
            evidence="Strengthening strategic cooperation and defining common interests "
            "in international and regional affairs",
        ),
        make_check(
            brief,
            ref="3a",
            kind=K.DATE,
            claimed="September 2025",
            verdict=V.VERIFIED,
            claim=_SENT_JOINT,
            evidence="5 September 2025",
            reason="same month",
        ),
        make_check(
            brief,
            ref="4",
            kind=K.DATE,
            claimed="1950",
            verdict=V.UNCHECKED,
            claim=_SENT_1950,
            reason="unresolved",
        ),
        make_check(
            brief,
            ref="6",
            kind=K.DATE,
            claimed="2013",
            verdict=V.UNCHECKED,
            claim=_SENT_2013,
            reason="paywalled",
        ),
        make_check(
            brief,
            ref="1",
            kind=K.PUBLISHED,
            claimed="26 May 2022",
            verdict=V.VERIFIED,
            evidence="26 May 2022",
            reason="page date matches",
        ),
        make_check(
            brief,
            ref="2",
            kind=K.TITLE,
            claimed="China’s North Korea Problem",
            verdict=V.UNCHECKED,
            reason="paywalled",
        ),
        make_check(
            brief,
            ref="3a",
            kind=K.TITLE,
            claimed="Respected Comrade Kim Jong Un Has Talks With Comrade Xi Jinping",
            verdict=V.MISMATCH,
            score=0.86,
            reason="title differs",
            evidence="Respected Comrade Kim Jong Un Holds Talks with Comrade Xi Jinping",
        ),
        make_check(
            brief,
            ref="3b",
            kind=K.PUBLISHED,
            claimed="8 September 2025",
            verdict=V.VERIFIED,
            evidence="September 8, 2025",
            reason="page date matches",
        ),
        make_check(
            brief,
            ref="5",
            kind=K.TITLE,
            claimed="China’s Only Ally",
            verdict=V.NOT_FOUND,
            score=0.30,
            reason="the page's title and headings differ",
        ),
    ]


def sample_run(
    hostile: bool = False, extra_paragraph: str | None = None
) -> tuple[Brief, list[SourceRecord], list[Check]]:
    brief = sample_brief(extra_paragraph)
    return brief, sample_sources(hostile), sample_checks(brief, hostile)


STARTED = "2026-11-28T09:00:00Z"
FINISHED = "2026-11-28T09:01:30Z"


def report_for(run_id: str = "20261128T090000Z", hostile: bool = False, **kw: Any) -> Report:
    """The sample run's report, built as a run builds it."""
    brief, sources, checks = sample_run(hostile=hostile)
    return build_report(
        run_id=run_id,
        started=STARTED,
        finished=FINISHED,
        brief=brief,
        sources=sources,
        checks=checks,
        **kw,
    )


def write_sample_run(
    out: Path, run_id: str, started: str = STARTED, fix_title: bool = False
) -> Path:
    """Write the sample run's reports under `out` (title of ref 5 verified with `fix_title`)."""
    brief, sources, checks = sample_run()
    if fix_title:
        checks = [
            replace(c, verdict=Verdict.VERIFIED)
            if c.kind == CheckKind.TITLE and c.ref == "5"
            else c
            for c in checks
        ]
    report = build_report(
        run_id=run_id,
        started=started,
        finished=FINISHED,
        brief=brief,
        sources=sources,
        checks=checks,
    )
    return write_reports(report, out, brief)
