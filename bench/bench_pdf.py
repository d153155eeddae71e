"""PDF brief extraction: time per PDF and per-field scores against the text versions' gold.

usage: python -m bench.bench_pdf [--repeat N]
PDFs are drawn with reportlab (two columns, endnotes) and, if LibreOffice is installed,
converted from the labelled set's .fodt briefs (footnotes at the foot of each page).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from briefcheck.extractors import extract_brief
from briefcheck.extractors.pdf import render_pdf
from tests.support.pdfdraw import draw_brief, read_text_brief
from tests.support.scoring import Score, load_gold, score_brief

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "briefs"
DRAWN = [
    ("fisheries_multicite", 2, "plain", 12.0),
    ("arctic_oxford", 2, "plain", 12.0),
    ("ports_harvard", 1, "raised", 10.0),
    ("grain_academic", 1, "raised", 10.0),
]


def _pdfs(out: Path) -> dict[str, Path]:
    """Every PDF to measure, by a name that says its brief and layout."""
    pdfs = {}
    for name, columns, labels, size in DRAWN:
        brief = read_text_brief(DATA / f"{name}.txt")
        path = out / f"{name}-{columns}col.pdf"
        pdfs[path.stem] = draw_brief(brief, path, columns=columns, note_labels=labels, size=size)
    soffice = shutil.which("soffice")
    if soffice:
        fodts = sorted(DATA.glob("*.fodt"))
        subprocess.run(
            [soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, fodts)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
        pdfs.update({f"{p.stem}-office": out / f"{p.stem}.pdf" for p in fodts})
    return pdfs


def main() -> None:
    """Print render and extract times per PDF, then per-field scores, PDF against text."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = _pdfs(Path(tmp))
        pdf_score, text_score = Score(), Score()
        print(f"{'pdf':<34} {'render ms':>10} {'extract ms':>11}")
        for name, path in pdfs.items():
            data = path.read_bytes()
            render, extract = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                render_pdf(data)
                t1 = time.perf_counter()
                brief = extract_brief(path)
                extract.append(time.perf_counter() - t1)
                render.append(t1 - t0)
            print(f"{name:<34} {statistics.median(render) * 1000:>10.0f} "
                  f"{statistics.median(extract) * 1000:>11.0f}")  # fmt: skip
            gold = load_gold(DATA / f"{name.split('-')[0]}.gold.json")
            pdf_score.merge(score_brief(brief, gold))
            text_score.merge(score_brief(extract_brief(DATA / gold["brief"]), gold))
    print(f"\n{'field':<18} {'PDF':>14} {'text version':>14}")
    for f in sorted(pdf_score.total, key=lambda n: (n.startswith("ref."), n)):
        p = f"{pdf_score.right[f]}/{pdf_score.total[f]} {pdf_score.ratio(f):.1%}"
        t = f"{text_score.right[f]}/{text_score.total[f]} {text_score.ratio(f):.1%}"
        print(f"{f:<18} {p:>14} {t:>14}")


if __name__ == "__main__":
    main()
