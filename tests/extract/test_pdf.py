"""PDF and ODT briefs read as well as their text versions, and the layout cases one by one.

The PDFs are made here: LibreOffice converts the labelled set's `.fodt` documents (real
footnotes at the foot of each page), and reportlab draws text briefs in two columns and with
endnotes (tests/support/pdfdraw.py). Each is scored against the gold of its text version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from briefcheck.cli import main
from briefcheck.errors import BriefError
from briefcheck.extractors import extract_brief
from briefcheck.models import Brief
from tests.support.pdfdraw import Sheet, _Word, draw_brief, read_text_brief, words
from tests.support.scoring import REFERENCE_FIELDS, Score, load_gold, score_brief

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"
FIELDS = ("markers", "claims", "references", "quotes", "dates",
          *(f"ref.{f}" for f in REFERENCE_FIELDS))  # fmt: skip
# The PDF floor is the labelled set's, and a PDF may trail its text version by one point.
FLOOR, SLACK = 0.97, 0.01
# (brief, layout): columns and how the notes are labelled in the drawn PDFs.
DRAWN = {
    "two_columns": dict(columns=2, note_labels="plain", size=12.0),
    "endnotes": dict(columns=1, note_labels="raised", size=10.0),
}
DRAWN_CASES = [
    ("fisheries_multicite", "two_columns"),
    ("arctic_oxford", "two_columns"),
    ("ports_harvard", "endnotes"),
    ("grain_academic", "endnotes"),
]


def _text_version(name: str) -> tuple[Score, dict]:
    gold = load_gold(DATA / f"{name}.gold.json")
    return score_brief(extract_brief(DATA / gold["brief"]), gold), gold


def _assert_as_good(brief: Brief, name: str) -> None:
    """Every field at least FLOOR and within SLACK of the text version's score."""
    text_score, gold = _text_version(name)
    score = score_brief(brief, gold)
    low = [
        f"{f}: {score.ratio(f):.3f} (text {text_score.ratio(f):.3f})"
        for f in FIELDS
        if score.ratio(f) < FLOOR or score.ratio(f) < text_score.ratio(f) - SLACK
    ]
    assert not low, "\n".join(low + score.misses[:20])
    _assert_offsets(brief)


def _assert_offsets(brief: Brief) -> None:
    """Every claim, marker, footnote and reference indexes the text `extract` shows."""
    text = brief.text
    for c in brief.claims:
        assert text[c.start : c.end] == c.text
    for m in brief.markers:
        assert text[m.start : m.end] == m.text
    for f in brief.footnotes:
        assert text[f.start : f.end] == f.text
        for r in f.references:
            assert f.text[r.start : r.end] == r.text
    for p in brief.paragraphs:
        assert "\n" not in p.text  # paragraphs read as paragraphs, not PDF lines


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("drawn")
    pdfs = {}
    for name, layout in DRAWN_CASES:
        opts = dict(DRAWN[layout])
        size = opts.pop("size")
        brief = read_text_brief(DATA / f"{name}.txt")
        pdfs[name, layout] = draw_brief(brief, out / f"{name}-{layout}.pdf", size=size, **opts)
    return pdfs


@pytest.mark.parametrize("name", ["fisheries_multicite", "grain_academic"])
def test_office_pdf_with_page_footnotes_reads_like_its_text(office_pdfs, name: str) -> None:
    brief = extract_brief(office_pdfs[name])
    assert brief.format == "pdf"
    _assert_as_good(brief, name)


@pytest.mark.parametrize("case", DRAWN_CASES, ids="-".join)
def test_drawn_pdf_reads_like_its_text(drawn, case: tuple[str, str]) -> None:
    _assert_as_good(extract_brief(drawn[case]), case[0])


@pytest.mark.parametrize("name", ["fisheries_multicite", "grain_academic"])
def test_flat_odt_reads_like_its_text(name: str) -> None:
    brief = extract_brief(DATA / f"{name}.fodt")
    assert brief.format == "odt"
    _assert_as_good(brief, name)


def test_office_pdf_links_become_reference_urls(office_pdfs) -> None:
    refs = extract_brief(office_pdfs["grain_academic"]).references()
    assert refs["1"].url == "https://example.org/un/bsgi-text"
    assert refs["4"].url == "https://example.org/un/jcc-data"


def test_packaged_odt_reads_like_the_flat_one(tmp_path: Path) -> None:
    """An .odt is a zip of the same XML: content.xml (and styles.xml) inside."""
    import zipfile

    flat = (DATA / "fisheries_multicite.fodt").read_bytes()
    path = tmp_path / "brief.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", flat)
    assert extract_brief(path).text == extract_brief(DATA / "fisheries_multicite.fodt").text


def _sheet_pdf(tmp_path: Path, body: list[list[_Word]], notes: list[list[_Word]]) -> Path:
    """One column of body paragraphs, then numbered endnotes under "Notes"."""
    sheet = Sheet(path=tmp_path / "case.pdf")
    for para in body:
        sheet.paragraph(para, 10)
    sheet.heading("Notes", 12)
    for i, note in enumerate(notes, 1):
        sheet.paragraph(note, 8.5, indent=14, label=f"{i}.")
    sheet.save()
    return sheet.path


def test_raised_numbers_are_markers_and_numbers_on_the_line_are_text(tmp_path: Path) -> None:
    body = [
        words("Exports rose 34 per cent in 2020.[1] Imports fell.[2][3] Prices doubled.[4, 5]"),
        words("Demand grew 12 per cent.[6][7] Supply did not.[8–11] Stocks fell.[12]"),
        words("Trade recovered.[1][3]"),
    ]
    notes = [words(f"Ann Bo, “Report {i}”, Trade Daily, {2000 + i}.") for i in range(1, 13)]
    brief = extract_brief(_sheet_pdf(tmp_path, body, notes))
    # Printed "23", "4,5", "67", "8–11", "12" (the next note) and "13" (there is no note 13).
    assert [c.refs for c in brief.claims] == [
        ("1",), ("2", "3"), ("4", "5"), ("6", "7"), ("8", "9", "10", "11"), ("12",), ("1", "3"),
    ]  # fmt: skip
    assert brief.claims[0].text.startswith("Exports rose 34 per cent in 2020.[1]")
    assert brief.claims[3].text == "Demand grew 12 per cent.[6][7]"


def test_a_link_on_a_note_title_becomes_its_url(tmp_path: Path) -> None:
    title = _Word([("“Trade", False)], url="https://example.org/trade")
    note = [*words("Ann Bo,"), title, _Word([("Report”,", False)], url="https://example.org/trade")]
    note += words("Trade Daily, 2020.")
    brief = extract_brief(_sheet_pdf(tmp_path, [words("Exports rose.[1]")], [note]))
    assert brief.references()["1"].url == "https://example.org/trade"
    assert brief.references()["1"].title == "Trade Report"


def _foot_note_pages(path: Path) -> Path:
    """Two pages with notes under a rule; note 2 runs over onto the second page."""
    c = Canvas(str(path), pagesize=A4)
    for page, (body, notes) in enumerate(
        [
            (
                "It rose.¹ It fell in the mod-",
                ["1 Ann Bo, “Up”, Daily, 2020.", "2 Cy Di, “A Long"],
            ),
            ("ern era.² It held.³", ["Title That Runs On”, Weekly, 2021.", "3 Ibid."]),
        ],
        start=1,
    ):
        c.setFont("Times-Roman", 8)
        c.drawString(60, 810, "Quarterly Brief · Spring")
        c.drawCentredString(A4[0] / 2, 30, str(page))
        x = 60.0
        for part in body.replace("¹", " ^1").replace("²", " ^2").replace("³", " ^3").split(" "):
            raised = part.startswith("^")
            text = part.lstrip("^")
            c.setFont("Times-Roman", 6 if raised else 10)
            x -= 2.5 if raised else 0  # no space before a marker
            c.drawString(x, 700 + (3.5 if raised else 0), text)
            x += c.stringWidth(text, "Times-Roman", 6 if raised else 10) + 2.5
        c.setLineWidth(0.5)
        c.line(60, 120, 160, 120)
        for i, line in enumerate(notes):
            c.setFont("Times-Roman", 8)
            c.drawString(60, 105 - 10 * i, line)
        c.showPage()
    c.save()
    return path


def test_notes_under_a_rule_join_across_pages_and_furniture_is_dropped(tmp_path: Path) -> None:
    brief = extract_brief(_foot_note_pages(tmp_path / "foot.pdf"))
    assert [f.text for f in brief.footnotes] == [
        "Ann Bo, “Up”, Daily, 2020.",
        "Cy Di, “A Long Title That Runs On”, Weekly, 2021.",
        "Ibid.",
    ]
    assert [p.text for p in brief.paragraphs] == [
        "It rose.[1] It fell in the modern era.[2] It held.[3]"
    ]
    assert "Quarterly" not in brief.text


def test_a_scanned_pdf_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.rect(60, 400, 400, 300, fill=1)  # a page that is a picture, with no text layer
    c.showPage()
    c.save()
    with pytest.raises(BriefError, match=r"scan.pdf: the PDF has no text layer"):
        extract_brief(path)
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no text layer" in err[0]


def test_verify_a_pdf_end_to_end(drawn, tmp_path: Path) -> None:
    pdf = drawn["ports_harvard", "endnotes"]
    sources = tmp_path / "sources.yaml"
    sources.write_text('sources:\n  "1": {url: "https://example.org/ships"}\n', encoding="utf-8")
    out = tmp_path / "reports"
    code = main(
        ["verify", str(pdf), "--sources", str(sources), "--out", str(out), "--cache",
         str(tmp_path / "cache"), "--offline", "--no-orchestrator"]
    )  # fmt: skip
    assert code == 0
    report = json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))
    assert report["brief"]["path"] == str(pdf)
    assert report["checks"] and all(c["verdict"] == "unchecked" for c in report["checks"])
    # Note 3's URL came from the PDF (printed and linked): offline, it was looked up in the
    # cache, not reported as unresolved; its claim is the brief's sentence, as in the text.
    quote = next(c for c in report["checks"] if c["ref"] == "3" and c["kind"] == "quote")
    assert "offline" in quote["reason"]
    assert quote["claim"]["text"].startswith("California went further: its")
    assert quote["claim"]["paragraph"] == 1
    assert (out / "latest" / "report.html").exists()
