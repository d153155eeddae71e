"""Report building on one very large brief: 1, 5 and 20 MB of dense, footnoted text.

usage: python bench/bench_report_scale.py [--sizes 1 5 20]

The brief is the bundled one's body repeated (with its footnote markers renumbered) until it
reaches the size; its sources are all unresolved, so the run measures extraction (rules-only
spaCy, the slow part for a brief this size, shown apart), planning, and the report: building
the record, spans and highlighted segments, and writing JSON, Markdown and HTML. Report
building must grow linearly: the per-MB column should stay flat.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ["BRIEFCHECK_SPACY_MODELS"] = ""  # rules only: a trained pipeline takes minutes here

ROOT = Path(__file__).resolve().parents[1]
NOTES = 20


def dense_brief(megabytes: float) -> str:
    """Paragraphs that each cite, quote and date something, then their footnotes."""
    body: list[str] = []
    size = 0
    n = 0
    while size < megabytes * 1_000_000:
        n += 1
        note = n % NOTES + 1
        para = (
            f"On {n % 28 + 1} March 2024 the ministry said the plan was “a step towards shared "
            f"water rules”, officials reported.[{note}] Talks resumed in April {2000 + n % 25}, "
            f"and the committee met again on {n % 27 + 1} May 2025 to review item {n}.[{note}]"
        )
        body.append(para)
        size += len(para) + 2
    notes = [
        f"[{i}] Author {i}, “Report number {i},” Outlet {i}, 3 March 2024."
        for i in range(1, NOTES + 1)
    ]
    return "\n\n".join(body) + "\n\nNotes\n\n" + "\n".join(notes) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    from briefcheck import pipeline
    from briefcheck.checks import plan_checks

    print(
        f"{'MB':>5} {'claims':>8} {'checks':>8} {'extract s':>10} {'report s':>9}"
        f" {'report s/MB':>12}"
    )
    for mb in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            brief_path = Path(tmp) / "big.txt"
            brief_path.write_text(dense_brief(mb), encoding="utf-8")
            opts = pipeline.VerifyOptions(
                brief=brief_path,
                sources=Path(tmp) / "none.yaml",
                out=Path(tmp) / "reports",
                cache=Path(tmp) / "cache",
                offline=True,
            )
            (Path(tmp) / "none.yaml").write_text("sources: {}\n", encoding="utf-8")
            t0 = time.perf_counter()
            planned = pipeline.plan_brief(opts)
            extract_s = time.perf_counter() - t0
            checks = plan_checks(planned.brief)
            t0 = time.perf_counter()
            sources = pipeline.assemble_sources(
                planned.works, pipeline.ReadSources(results={}, texts={})
            )
            made = pipeline.check_brief(planned.brief, sources, store=None)
            pipeline.finish_report(planned, "bench", pipeline.now_iso(), sources, made)
            report_s = time.perf_counter() - t0
            print(
                f"{mb:>5g} {len(planned.brief.claims):>8} {len(checks):>8} {extract_s:>10.1f} "
                f"{report_s:>9.1f} {report_s / mb:>12.2f}"
            )


if __name__ == "__main__":
    main()
