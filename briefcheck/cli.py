"""The `briefcheck` command line: extract, sources init, verify, diff, review."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefcheck import __version__, settings
from briefcheck.errors import BriefcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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


def verify_options(args: argparse.Namespace, brief: Path | None = None) -> Any:
    """VerifyOptions from a verifying command's arguments; bad paths are BriefcheckErrors."""
    from briefcheck.pipeline import VerifyOptions

    brief = brief or (Path(args.brief) if getattr(args, "brief", None) else settings.BUNDLED_BRIEF)
    if not brief.exists():
        raise BriefcheckError(f"{brief}: no such file (expected a brief: .txt, .md or .html)")
    sources = Path(args.sources) if getattr(args, "sources", None) else None
    if sources is not None and not sources.exists():
        raise BriefcheckError(f"{sources}: no such file (expected a sources.yaml)")
    given = getattr(args, "reviews", None)
    reviews = Path(given) if given else brief.parent / "reviews.yaml"
    if reviews.exists():
        from briefcheck.report.waivers import load_waivers

        load_waivers(reviews)  # a broken reviews file stops the run before any fetch
    return VerifyOptions(
        brief=brief,
        sources=sources,
        out=Path(args.out),
        cache=Path(args.cache),
        offline=getattr(args, "offline", False),
        allow_private_hosts=args.allow_private_hosts,
        reviews=Path(given) if given else None,
        max_age=getattr(args, "max_age", None),
    )


def _print_outcome(report: dict[str, Any], run_dir: str, warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    s = report["summary"]
    print(
        f"{report['brief']['path']}: {s['verified']} verified, {s['mismatch']} mismatch, "
        f"{s['not_found']} not found, {s['unchecked']} unchecked"
    )
    print(f"report: {run_dir}/report.html")


def _cmd_verify(args: argparse.Namespace) -> int:
    opts = verify_options(args)
    from briefcheck.flows.commands import verify_with_progress

    try:
        result = verify_with_progress(
            opts, orchestrated=not args.no_orchestrator, verbose=args.verbose, dask=args.dask
        )
    except RuntimeError as err:
        if args.no_orchestrator or "Prefect API server" not in str(err):
            raise
        # The flow never started: the same plain functions give the same report.
        print(
            "warning: Prefect's local API did not start in time; running without the "
            "orchestrator (raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS to wait longer)",
            file=sys.stderr,
        )
        result = verify_with_progress(opts, orchestrated=False)
    _print_outcome(result["report"], result["run_dir"], result["warnings"])
    return int(result["exit_code"])


def _read_report(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefcheckError(f"{path}: no such file (expected a report.json)") from None
    except (OSError, ValueError) as err:
        raise BriefcheckError(f"{path}: not a readable JSON report: {err}") from None
    if not isinstance(data, dict) or data.get("schema") != "briefcheck.report/1":
        raise BriefcheckError(f"{path}: expected a report with schema 'briefcheck.report/1'")
    return data


def _cmd_diff(args: argparse.Namespace) -> int:
    from briefcheck.report.diff import diff_reports, format_diff, has_new_findings

    diff = diff_reports(_read_report(args.old), _read_report(args.new))
    print(format_diff(diff))
    return EXIT_FINDINGS if has_new_findings(diff) else EXIT_OK


def _cmd_review(args: argparse.Namespace) -> int:
    from briefcheck.report.waivers import load_waivers, open_findings, record_decision

    report = _read_report(args.report)
    brief_path = Path(args.brief) if args.brief else settings.BUNDLED_BRIEF
    reviews = Path(args.reviews) if args.reviews else brief_path.parent / "reviews.yaml"
    if args.check is None:
        findings = open_findings(report)
        for c in findings:
            print(
                f"{c['id']}  [{c['ref']}] {c['kind']} {c['verdict']}: {c['claimed']!r} — "
                f"{c.get('reason', '')}"
            )
        print(f"{len(findings)} open finding(s); waivers in {reviews}")
        return EXIT_OK
    if not args.decision:
        raise BriefcheckError("review: give --accept or --waive with a check id")
    if not args.reason:
        raise BriefcheckError("review: --reason is required with a decision")
    check = next((c for c in report["checks"] if c["id"] == args.check), None)
    if check is None:
        raise BriefcheckError(f"{args.report}: no check with id {args.check!r}")
    if reviews.exists():
        load_waivers(reviews)  # refuse to append to a file that does not validate
    record_decision(reviews, check, args.decision, args.reviewer, args.reason, args.expires)
    print(f"recorded {args.decision} for {args.check} in {reviews}")
    return EXIT_OK


def _non_negative(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected seconds ≥ 0, got {value}")
    return number


def add_run_options(
    p: argparse.ArgumentParser, *, sources: bool = True, prefect: bool = True
) -> None:
    """The options every verifying command (verify, watch, schedule, verify-many) shares."""
    if sources:
        p.add_argument("--sources", metavar="FILE", help="sources file (default: beside the brief)")
    p.add_argument(
        "--out",
        metavar="DIR",
        default=str(settings.DEFAULT_REPORTS_DIR),
        help="where runs are written (default: %(default)s)",
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        default=str(settings.DEFAULT_CACHE_DIR),
        help="snapshot cache (default: %(default)s)",
    )
    p.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="allow URLs on loopback/private addresses (tests, intranet sources)",
    )
    if prefect:
        p.add_argument("--verbose", action="store_true", help="show Prefect's own logging")


def _add_verify(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="check a brief's quotations, dates and footnotes against sources",
        description="Extract, fetch every cited source, check, and write reports.",
    )
    p.add_argument(
        "brief", nargs="?", help="the brief (.txt, .md, .html); default: the bundled brief"
    )
    add_run_options(p)
    p.add_argument("--offline", action="store_true", help="no network: only what the cache holds")
    p.add_argument(
        "--max-age",
        metavar="SECONDS",
        type=_non_negative,
        help="use a cached copy this old without asking the site (default: "
        f"{int(settings.CACHE_TTL_S)}; 0 revalidates every source)",
    )
    p.add_argument(
        "--reviews", metavar="FILE", help="waivers file (default: reviews.yaml beside the brief)"
    )
    p.add_argument(
        "--no-orchestrator",
        action="store_true",
        help="run the plain pipeline without Prefect (same report)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse and match on Dask: a scheduler address or `local` (needs briefcheck[dask])",
    )
    p.set_defaults(func=_cmd_verify)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefcheck",
        description="Check a footnoted brief's quotations, dates and citations against sources.",
        epilog="Exit codes: 0 nothing to review; 1 a mismatch or not_found; 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"briefcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "extract",
        help="list a brief's footnotes, references and claims",
        description="Extract footnotes, references, claims, quotations and dates.",
    )
    p.add_argument("brief", help="the brief (.txt, .md, .html)")
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
    pi.add_argument("brief", help="the brief (.txt, .md, .html)")
    pi.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    pi.set_defaults(func=_cmd_sources_init)

    _add_verify(sub)

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
    from briefcheck.flows.commands import add_commands

    add_commands(sub)  # watch, verify-many, schedule (Prefect imported only when they run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BriefcheckError as err:
        print(f"briefcheck: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("briefcheck: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
