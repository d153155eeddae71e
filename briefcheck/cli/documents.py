"""The document commands: `extract`, `sources init`, `diff` and `review`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefcheck import settings
from briefcheck.cli.options import EXIT_FINDINGS, EXIT_OK
from briefcheck.errors import BriefcheckError
from briefcheck.extractors.formats import BRIEF_FORMATS
from briefcheck.report.model import Report


def _cmd_extract(args: argparse.Namespace) -> int:
    from briefcheck.extractors import brief_to_json, extract_brief

    brief = extract_brief(Path(args.brief))
    doc = brief_to_json(brief)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(
        f"{brief.path}: {len(brief.paragraphs)} paragraphs, {len(brief.footnotes)} footnotes, "
        f"{len(doc['claims'])} claims"
    )
    for fn in doc["footnotes"]:
        for ref in fn["references"]:
            target = f" → {', '.join(ref['points_to'])}" if ref["points_to"] else ""
            print(
                f"  [{ref['id']}] {ref.get('title') or fn['text'][:70]}"
                f"{' · ' + ref['outlet'] if ref.get('outlet') else ''}"
                f"{' · ' + ref['date'] if ref.get('date') else ''}{target}"
            )
    for claim in doc["claims"]:
        refs = ",".join(claim["refs"]) or "uncited"
        extras = [f"‘{q}’" for q in claim["quotes"]] + [d["value"] for d in claim["dates"]]
        print(
            f"  ¶{claim['paragraph']}.{claim['sentence']} [{refs}; {claim['scope']}] "
            f"{' '.join(extras)}"
        )
    for warning in brief.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _cmd_sources_init(args: argparse.Namespace) -> int:
    from briefcheck.extractors import extract_brief
    from briefcheck.resolve import load_sources, sources_skeleton

    brief = extract_brief(Path(args.brief))
    out = Path(args.output) if args.output else None
    existing = load_sources(out) if out and out.exists() else None
    text = sources_skeleton(brief, existing)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        n = sum(1 for f in brief.footnotes for r in f.references if not r.points_to)
        print(f"wrote {out}: {n} references", file=sys.stderr)
    return EXIT_OK


def _read_report(path: str) -> Report:
    """A report.json, validated; a bad one is one line naming the file and the field."""
    from briefcheck.records import RecordError
    from briefcheck.report.history import read_report

    try:
        return read_report(Path(path))
    except RecordError as err:
        raise BriefcheckError(str(err)) from None


def _cmd_diff(args: argparse.Namespace) -> int:
    from briefcheck.report.diff import diff_reports, format_diff, has_new_findings

    diff = diff_reports(_read_report(args.old), _read_report(args.new))
    print(format_diff(diff))
    return EXIT_FINDINGS if has_new_findings(diff) else EXIT_OK


def _cmd_review(args: argparse.Namespace) -> int:
    from briefcheck.report.waivers import load_waivers, open_findings, record_decision, reviews_path

    report = _read_report(args.report)
    brief_path = Path(args.brief) if args.brief else settings.BUNDLED_BRIEF
    reviews = Path(args.reviews) if args.reviews else reviews_path(brief_path)
    if args.check is None:
        findings = open_findings(report)
        for c in findings:
            print(f"{c.id}  [{c.ref}] {c.kind} {c.verdict}: {c.claimed!r} — {c.reason}")
        print(f"{len(findings)} open finding(s); waivers in {reviews}")
        return EXIT_OK
    if not args.decision:
        raise BriefcheckError("review: give --accept or --waive with a check id")
    if not args.reason:
        raise BriefcheckError("review: --reason is required with a decision")
    check = next((c for c in report.checks if c.id == args.check), None)
    if check is None:
        raise BriefcheckError(f"{args.report}: no check with id {args.check!r}")
    if reviews.exists():
        load_waivers(reviews)  # refuse to append to a file that does not validate
    record_decision(reviews, check, args.decision, args.reviewer, args.reason, args.expires)
    print(f"recorded {args.decision} for {args.check} in {reviews}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the document commands to the `briefcheck` command line."""
    p = sub.add_parser(
        "extract",
        help="list a brief's footnotes, references and claims",
        description="Extract footnotes, references, claims, quotations and dates.",
    )
    p.add_argument("brief", help=f"the brief ({BRIEF_FORMATS})")
    p.add_argument(
        "--json", action="store_true", help="print the briefcheck.extract/1 JSON document"
    )
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("sources", help="manage sources.yaml", description="Manage sources.yaml.")
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    pi = ssub.add_parser(
        "init",
        help="write a sources.yaml skeleton for a brief",
        description="Write a skeleton listing every reference, footnote text as a comment.",
    )
    pi.add_argument("brief", help=f"the brief ({BRIEF_FORMATS})")
    pi.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    pi.set_defaults(func=_cmd_sources_init)

    p = sub.add_parser(
        "diff",
        help="what changed between two reports",
        description="Print new, resolved and changed findings; exit 1 if a new finding appeared.",
    )
    p.add_argument("old", metavar="OLD_REPORT.json")
    p.add_argument("new", metavar="NEW_REPORT.json")
    p.set_defaults(func=_cmd_diff)

    p = sub.add_parser(
        "review",
        help="list open findings or record a waiver",
        description="List open findings of a report, or accept/waive one with a reason.",
    )
    p.add_argument("check", nargs="?", help="check id to decide on (omit to list open findings)")
    p.add_argument(
        "--report",
        default=str(settings.DEFAULT_REPORTS_DIR / "latest" / "report.json"),
        help="report to review (default: %(default)s)",
    )
    p.add_argument(
        "--brief", help="the brief (its folder holds reviews.yaml); default: bundled brief"
    )
    p.add_argument(
        "--reviews", metavar="FILE", help="waivers file (default: reviews.yaml beside the brief)"
    )
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--accept",
        dest="decision",
        action="store_const",
        const="accept",
        help="the finding is correct in the brief as written",
    )
    g.add_argument(
        "--waive",
        dest="decision",
        action="store_const",
        const="waive",
        help="known and tolerated; do not fail the run for it",
    )
    p.add_argument("--reason", help="why (required with a decision)")
    p.add_argument("--reviewer", default="reviewer", help="who decided (default: %(default)s)")
    p.add_argument("--expires", metavar="YYYY-MM-DD", help="the decision lapses after this date")
    p.set_defaults(func=_cmd_review)
