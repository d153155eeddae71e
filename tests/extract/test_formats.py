"""The same brief as plain text, Markdown and HTML gives the same claims and references."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.errors import BriefError
from briefcheck.extractors import brief_to_json, extract_brief, extract_text

TXT = """Exports fell in March 2020.[1] Officials called it “temporary”.[2]
Prices rose in 2021, and the ‘new normal’ began.[2][3]
[1] Jane Doe, “Trade in a Pandemic”, Trade Weekly, 2 April 2020.
[2] Ibid.; see also John Roe, “Prices and Panic”, Market News, 5 May 2021.
[3] Doe, “Trade in a Pandemic”.
"""

MD = """# Trade brief

Exports fell in March 2020.[^1] Officials called it “temporary”.[^2]

[^1]: Jane Doe, “Trade in a Pandemic”, Trade Weekly, 2 April 2020.

Prices rose in 2021, and the ‘new normal’ began.[^2][^3]

[^2]: Ibid.; see also John Roe, “Prices and Panic”, Market News, 5 May 2021.
[^3]: Doe, “Trade in a Pandemic”.
"""

HTML = """<html><body><nav><a href="/">Home</a></nav><article><h1>Trade brief</h1>
<p>Exports fell in March 2020.<sup><a href="#fn1" id="r1">1</a></sup> Officials called it
&ldquo;temporary&rdquo;.<sup><a href="#fn2">2</a></sup></p>
<p>Prices rose in 2021, and the &lsquo;new normal&rsquo; began.<sup>2</sup><sup>3</sup></p>
</article><section class="footnotes"><ol>
<li id="fn1">Jane Doe, &ldquo;<a href="https://example.org/trade">Trade in a Pandemic</a>&rdquo;,
Trade Weekly, 2 April 2020. <a href="#r1">↩</a></li>
<li id="fn2">Ibid.; see also John Roe, &ldquo;Prices and Panic&rdquo;,
<a href="https://example.org/prices">Market News</a>, 5 May 2021.</li>
<li id="fn3">Doe, &ldquo;Trade in a Pandemic&rdquo;.</li></ol></section></body></html>"""


def _essence(doc: dict) -> tuple:
    claims = [
        (c["paragraph"], c["sentence"], tuple(c["refs"]), c["scope"], tuple(c["quotes"]),
         tuple((d["text"], d["value"]) for d in c["dates"]))
        for c in doc["claims"]
    ]  # fmt: skip
    refs = [
        (r["id"], tuple(r["authors"]), r["title"], r["outlet"], r["date"], tuple(r["points_to"]))
        for f in doc["footnotes"]
        for r in f["references"]
    ]
    return claims, refs


def test_three_formats_agree() -> None:
    txt, md, html = (
        brief_to_json(extract_text(t, path=f"b.{f}", fmt=f))
        for t, f in ((TXT, "txt"), (MD, "md"), (HTML, "html"))
    )
    assert _essence(txt) == _essence(md) == _essence(html)
    claims, refs = _essence(txt)
    assert ("2a", (), None, None, None, ("1",)) in refs
    assert ("3", ("Doe",), "Trade in a Pandemic", None, None, ("1",)) in refs
    assert claims[2][2] == ("2a", "2b", "3")


def test_html_footnote_links_become_reference_urls() -> None:
    brief = extract_text(HTML, path="b.html", fmt="html")
    refs = brief.references()
    assert refs["1"].url == "https://example.org/trade"
    assert refs["2a"].url is None  # the link sits in the second work, not the ibid
    assert refs["2b"].url == "https://example.org/prices"
    assert "Home" not in brief.text and "↩" not in brief.text


def test_markdown_definitions_between_paragraphs_are_not_body() -> None:
    brief = extract_text(MD, path="b.md", fmt="md")
    assert [p.text[:8] for p in brief.paragraphs] == ["Exports ", "Prices r"]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_extract_brief_picks_the_format_from_the_suffix(tmp_path: Path, suffix: str) -> None:
    source = {".txt": TXT, ".md": MD, ".html": HTML}[suffix]
    path = tmp_path / f"brief{suffix}"
    path.write_text(source, encoding="utf-8")
    assert extract_brief(path).format == suffix[1:]


@pytest.mark.parametrize("suffix", [".rtf", ".doc"])
def test_planned_formats_say_so(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"brief{suffix}"
    path.write_bytes(b"{\\rtf1 not yet}")
    with pytest.raises(BriefError, match="not supported yet"):
        extract_brief(path)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("broken.pdf", b"%PDF-1.4 not really", r"broken.pdf: not a readable PDF"),
        ("broken.odt", b"PK\x03\x04 not a zip", r"broken.odt: not a readable OpenDocument"),
        ("broken.fodt", b"<office:document", r"broken.fodt: not a readable OpenDocument"),
    ],
)
def test_a_broken_pdf_or_odt_is_one_line(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BriefError, match=expected):
        extract_brief(path)


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Le café fermé en mars 2020.[1]\n[1] Note, Journal, 2020.\n".encode("latin-1"))
    assert "café" in extract_brief(path).text


WORD_HTML = """<html><body><div class=WordSection1>
<p class=MsoNormal>The area grew to 40 km<sup>2</sup> by 2019.<a href="#_ftn1" name="_ftnref1">
<span class=MsoFootnoteReference>[1]</span></a> It shrank later.<a href="#_ftn2"
name="_ftnref2"><span class=MsoFootnoteReference>[2]</span></a></p></div><div><hr>
<div id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1">[1]</a> Jane Doe,
“Land Use”, <a href="https://example.org/land">Geo Weekly</a>, 3 May 2020.</p></div>
<div id=ftn2><p class=MsoFootnoteText><a href="#_ftnref2" name="_ftn2">[2]</a> Ibid.</p></div>
</div></body></html>"""


def test_word_html_export_with_a_unit_superscript() -> None:
    brief = extract_text(WORD_HTML, path="w.html", fmt="html")
    assert [(c.refs, c.text) for c in brief.claims] == [
        (("1",), "The area grew to 40 km² by 2019.[1]"),
        (("2",), "It shrank later.[2]"),
    ]
    assert brief.references()["1"].url == "https://example.org/land"
    assert brief.references()["2"].points_to == ("1",)


def test_superscript_markers_in_plain_text_skip_units() -> None:
    brief = extract_text("An area of 40 km² grew.¹ It fell.²\n[1] A, “B”, C, 2020.\n[2] Ibid.")
    assert [(c.refs, c.text) for c in brief.claims] == [
        (("1",), "An area of 40 km² grew.¹"),
        (("2",), "It fell.²"),
    ]


def test_matter_after_the_notes_is_not_part_of_the_last_note() -> None:
    text = (
        "It rose.[1] It fell.[2]\n\n[1] Ann Bo, “Up”, Daily, 2020.\n[2] Cy Di, “Down”,\n"
        "Weekly, 2021.\n\nAbout the author: Ann Bo writes on trade.\n\nBibliography\n"
        "Bo, Ann. Up. Daily, 2020.\n"
    )
    brief = extract_text(text, path="t.txt")
    assert [f.text for f in brief.footnotes] == [
        "Ann Bo, “Up”, Daily, 2020.",
        "Cy Di, “Down”,\nWeekly, 2021.",
    ]
    assert brief.references()["2"].outlet == "Weekly"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' + (
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _ref(note_id: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'  # noqa: E501


def _docx(tmp_path: Path) -> Path:
    """The TXT brief above as a Word file, written part by part (note ids not in order)."""
    import zipfile

    first = _run("Exports fell in March 2020.") + _ref(7)
    first += _run(" Officials called it “temporary”.") + _ref(3)
    second = _run("Prices rose in 2021, and the ‘new normal’ began.") + _ref(5) + _ref(6)
    title = '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>' + _run("Trade brief") + "</w:p>"
    body = f"{title}<w:p>{first}</w:p><w:p>{second}</w:p>"
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>' + _run(" Jane Doe, “")
        + '<w:hyperlink r:id="rId9">' + _run("Trade in a Pandemic") + "</w:hyperlink>"
        + _run("”, Trade Weekly, 2 April 2020.") + "</w:p></w:footnote>"
        '<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r>'
        + _run(" Ibid.; see also John Roe, “Prices and Panic”, Market News, 5 May 2021.")
        + "</w:p></w:footnote>"
        '<w:footnote w:id="5"><w:p>' + _run("Doe, “Trade in a Pandemic”.") + "</w:p></w:footnote>"
        '<w:footnote w:id="6"><w:p>' + _run("Ann Bo, “Later”, Daily, 2022.") + "</w:p></w:footnote>"
    )  # fmt: skip
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://example.org/trade" TargetMode="External"/>'
        "</Relationships>"
    )
    path = tmp_path / "brief.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f"<w:document {_W}><w:body>{body}</w:body></w:document>")
        z.writestr("word/footnotes.xml", f"<w:footnotes {_W}>{notes}</w:footnotes>")
        z.writestr("word/_rels/footnotes.xml.rels", rels)
    return path


def test_word_document_reads_like_the_plain_text(tmp_path: Path) -> None:
    brief = extract_brief(_docx(tmp_path))
    assert brief.format == "docx"
    opening = brief.paragraphs[0].text
    assert opening == "Exports fell in March 2020.[1] Officials called it “temporary”.[2]"
    claims, refs = _essence(brief_to_json(brief))
    txt_claims, txt_refs = _essence(brief_to_json(extract_text(TXT, path="b.txt")))
    assert claims[:2] == txt_claims[:2]
    assert refs[:4] == txt_refs[:4]
    assert brief.references()["1"].url == "https://example.org/trade"
    assert brief.references()["3"].points_to == ("1",)


def test_a_broken_word_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BriefError, match=r"broken.docx: not a readable .docx"):
        extract_brief(path)
