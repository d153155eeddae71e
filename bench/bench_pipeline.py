"""Cold vs warm vs one-sentence edit on the bundled brief, and the Prefect path vs the plain path.

The brief's sources are served from 127.0.0.1 with injected latency: one page per cited work,
written here from the footnote's own details (title, outlet, date, authors) around the
quotations and dates the brief attributes to it, inside ordinary article furniture.

    python -m bench.bench_pipeline [--latency 0.2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefcheck import settings
from briefcheck.checks import plan_checks
from briefcheck.extractors import extract_brief
from briefcheck.models import Brief, Reference
from tests.support.corpus import LatencyServer, Page, make_page, start_prefect_api

ROOT = Path(__file__).parents[1]
BUNDLED = ROOT / settings.BUNDLED_BRIEF


def _ymd(value: str | None) -> tuple[int, int, int]:
    parts = [int(p) for p in (value or "2020").split("-")] + [1, 1]
    return parts[0], parts[1], parts[2]


def bundled_pages(brief: Brief, seed: int = 3) -> dict[str, Page]:
    """A page per cited work: filler article text around the brief's quotations and dates."""
    rng = random.Random(seed)
    refs = brief.references()
    said: dict[str, list[str]] = {}
    for claim in brief.claims:
        for ref_id in claim.refs:
            ref = refs.get(ref_id)
            targets = ref.points_to if ref and ref.points_to else (ref_id,)
            for target in targets:
                lines = said.setdefault(target, [])
                lines += [f"As one official put it, “{q.text}”." for q in claim.quotes]
                lines += [f"The account dates it to {d.text}." for d in claim.dates]
    pages: dict[str, Page] = {}
    for ref in refs.values():
        if ref.points_to:
            continue
        filler = make_page(rng, len(pages))
        paragraphs = list(filler.paragraphs)
        for i, line in enumerate(said.get(ref.id, [])):
            paragraphs.insert(1 + (i * 3) % len(paragraphs), line)
        pages[ref.id] = _page_for(ref, f"/sources/{ref.id}", tuple(paragraphs))
    return pages


def _page_for(ref: Reference, path: str, paragraphs: tuple[str, ...]) -> Page:
    return Page(
        path,
        ref.title or ref.title_original or "Untitled",
        ref.outlet or "Example News",
        ", ".join(ref.authors) or "Staff reporter",
        _ymd(ref.date),
        paragraphs,
    )


def write_sources(pages: dict[str, Page], server: LatencyServer, path: Path) -> None:
    """A sources.yaml pointing every work at its local page."""
    lines = ["sources:"] + [
        f'  "{ref}": {{url: "{server.url(p.path)}"}}' for ref, p in pages.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_one_sentence(brief_path: Path, round_: int) -> None:
    """Add a word to the first sentence that carries a quotation (a new word each round)."""
    text = brief_path.read_text(encoding="utf-8")
    brief = extract_brief(brief_path)
    claim = next(c for c in brief.claims if c.quotes and c.refs)
    first, rest = claim.text.split(" ", 1)
    edited = f"{first} {('notably', 'indeed', 'also', 'still')[round_ % 4]} {rest}"
    brief_path.write_text(text.replace(claim.text, edited, 1), encoding="utf-8")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per response")
    parser.add_argument("--repeat", type=int, default=3, help="warm and edit runs to average")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))
    from briefcheck.flows.env import configure_prefect

    configure_prefect(work / "cache")
    from briefcheck.pipeline import VerifyOptions, run_verify, store_for
    from briefcheck.store import open_store

    brief_path = work / "brief.txt"
    brief_path.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    brief = extract_brief(brief_path)
    pages = bundled_pages(brief)
    print(f"bundled brief: {len(brief.footnotes)} footnotes, {len(plan_checks(brief))} checks, ")
    print(f"{len(pages)} local pages, {args.latency * 1000:.0f} ms latency per response")
    with LatencyServer({p.path: p for p in pages.values()}, args.latency, hosts=4) as server:
        sources = work / "sources.yaml"
        write_sources(pages, server, sources)

        def opts(name: str) -> VerifyOptions:
            return VerifyOptions(
                brief=brief_path,
                sources=sources,
                out=work / name / "reports",
                cache=work / name / "cache",
                allow_private_hosts=True,
            )

        plain = opts("plain")
        results = open_store(store_for(plain))
        cold_s = timed(lambda: run_verify(plain))
        hits = server.page_hits()
        warm_s = statistics.median(timed(lambda: run_verify(plain)) for _ in range(args.repeat))
        edits = []
        for round_ in range(args.repeat):
            edit_one_sentence(brief_path, round_)
            before = results.computed["match"]
            edits.append(timed(lambda: run_verify(plain)))
            rematched = results.computed["match"] - before
        edit_s = statistics.median(edits)
        assert server.page_hits() == hits, "a warm run refetched"
        print(f"plain cold {cold_s:.2f}s · warm {warm_s:.2f}s · one-sentence edit {edit_s:.2f}s")
        print(f"  ratios: cold/warm {cold_s / warm_s:.1f}x · cold/edit {cold_s / edit_s:.1f}x")
        print(f"  the edit re-matched {rematched} check(s); refetched 0 pages")

        unwarm = timed(lambda: run_verify(dataclasses.replace(plain, out=work / "unwarm")))
        from briefcheck.flows.verify import verify_brief

        flow_opts = opts("flow")
        api_s = start_prefect_api()
        flow_cold = timed(lambda: verify_brief(flow_opts))
        flow_warm = statistics.median(
            timed(lambda: verify_brief(flow_opts)) for _ in range(args.repeat)
        )
        edit_one_sentence(brief_path, args.repeat)
        flow_edit = timed(lambda: verify_brief(flow_opts))
        print(
            f"prefect cold {flow_cold:.2f}s · warm {flow_warm:.2f}s · edit {flow_edit:.2f}s "
            f"(+ {api_s:.1f}s once for Prefect's ephemeral API)"
        )
        print(
            f"  plain cold {cold_s:.2f}s vs prefect cold {flow_cold:.2f}s: "
            f"{flow_cold / cold_s:.1f}x · plain re-run on the disk cache (no warm state) "
            f"{unwarm:.2f}s vs prefect warm: {flow_warm / unwarm:.1f}x"
        )


if __name__ == "__main__":
    main()
