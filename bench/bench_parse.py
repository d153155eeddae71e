"""Time parse_snapshot on saved pages grown to a target size (200 KB by default) and on a PDF.

    python -m bench.bench_parse [--kb 200] [--runs 5]

"article" rows grow a page by repeating its article paragraphs (years shifted, so dates
differ): the worst case, 200 KB of article text. "padded" rows reach the size the way real
pages do, with inline scripts and link lists around an article of ordinary length.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.html

from briefcheck.models import Snapshot
from briefcheck.parse import find_source_dates, parse_snapshot, text_fragment_url

PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "pages"
SAMPLES = (
    "yonhap_yoon_three_axis.html",
    "38north_kim_beijing_visit.html",
    "thepaper_imagination_dilemma.html",
)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def grow_page(html: str, target_bytes: int) -> str:
    """The page with its article paragraphs repeated (years shifted) to reach `target_bytes`."""
    tree = lxml.html.document_fromstring(html)
    parents = Counter(p.getparent() for p in tree.iter("p"))
    body, _ = parents.most_common(1)[0]
    originals = [copy.deepcopy(p) for p in body.iter("p")]
    size, shift = len(html.encode()), 0
    while size < target_bytes:
        shift = (shift + 1) % 40
        for p in originals:
            clone = copy.deepcopy(p)
            for el in clone.iter():
                if el.text:
                    el.text = _YEAR.sub(lambda m, k=shift: str(int(m[0]) - k), el.text)
            body.append(clone)
            size += len(lxml.html.tostring(clone, encoding="unicode").encode())
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def pad_page(html: str, target_bytes: int) -> str:
    """The page padded to `target_bytes` the way real pages are: scripts and link lists."""
    missing = max(0, target_bytes - len(html.encode()))
    script = "<script>window.__STATE__=" + '{"k":"' + "x" * (missing // 2) + '"}</script>'
    items = "".join(
        f'<li><a href="/a/{i}">Related story number {i} from 20{i % 25:02d}</a></li>'
        for i in range(max(0, missing // 2) // 60)
    )
    extra = f'{script}<aside class="sidebar"><ul>{items}</ul></aside>'
    return html.replace("</body>", extra + "</body>", 1)


def snapshot(body: bytes, content_type: str = "text/html") -> Snapshot:
    return Snapshot(
        url="https://bench.example/page",
        final_url="https://bench.example/page",
        http_status=200,
        headers=(("Content-Type", content_type),),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at="2025-01-01T00:00:00+00:00",
        content_type=content_type,
    )


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall time of `runs` calls in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=200, help="target page size in KB")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (median shown)")
    args = parser.parse_args(argv)
    parse_snapshot(snapshot((PAGES / SAMPLES[0]).read_bytes()))  # warm imports and spaCy
    print(
        f"{'page':40} {'bytes':>8} {'text chars':>10} {'dates':>6} {'parse ms':>9} {'dates ms':>9}"
    )
    cases = [
        (name, "article", kb, grow_page) for name in SAMPLES for kb in (10, args.kb // 4, args.kb)
    ]
    cases += [(name, "padded", args.kb, pad_page) for name in SAMPLES]
    for name, kind, kb, grow in cases:
        body = grow((PAGES / name).read_text(encoding="utf-8"), kb * 1024).encode()
        ms, page = timed(lambda b=body: parse_snapshot(snapshot(b)), args.runs)
        dates_ms, _ = timed(lambda p=page: find_source_dates(p.text, base_year=2022), args.runs)
        label = f"{name.removesuffix('.html')[:32]} {kind}"
        print(
            f"{label:40} {len(body):8d} {len(page.text):10d} {len(page.dates):6d} "
            f"{ms:9.1f} {dates_ms:9.1f}"
        )
    passage = "stressed strategic communication and high-level visits"
    link_ms, _ = timed(lambda: text_fragment_url("https://bench.example/page", passage), 1000)
    print(f"text_fragment_url: {link_ms * 1000:.1f} µs per link")
    return 0


if __name__ == "__main__":
    sys.exit(main())
