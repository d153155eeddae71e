"""Write pages/q-report-shore-power.pdf: a two-page report set in one column, as a typesetter
would break it (line-end hyphenation, a running header, page numbers), with no PDF library.

The text is the project's own. Run from the repository root:

    .venv/bin/python tests/data/gate/tools/make_q_report_pdf.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).parents[1] / "pages" / "q-report-shore-power.pdf"
INFO = {
    "Title": "Shore Power at Small Ports: Costs, Uptake and the Case for Public Funding",
    "Author": "Anika Rahm; Joel Brennan",
    "Producer": "Harbourline Institute publishing",
    "CreationDate": "D:20250311090000+00'00'",
}
HEADER = "Harbourline Institute | Shore Power at Small Ports"
PAGES = [
    [
        "Shore Power at Small Ports: Costs, Uptake and",
        "the Case for Public Funding",
        "",
        "By Anika Rahm and Joel Brennan",
        "March 2025",
        "",
        "Summary",
        "Shore power lets a ship at berth switch off its auxiliary engines and draw",
        "electricity from the grid instead. For a large port the case is well estab-",
        "lished; for the small ports that handle ferries, fishing fleets and short-sea",
        "cargo it is not.",
        "",
        "We surveyed 46 small ports in six countries between June and November",
        "2024. Only 9 of them offered shore power at any berth, and at 5 of those the",
        "connection was used on fewer than 20 days a year.",
        "",
        "The main obstacle is cost. A single high-voltage connection for a ro-ro",
        "berth cost between $2.1 million and $4.2 million in our sample, before grid",
        "reinforcement, which added up to 60 percent at the most remote sites.",
        "",
        "Operators told us they would not install shore power without public fund-",
        "ing, and several said they could not justify the cost even with it, because",
        "their vessels were not fitted to connect.",
        "",
        "Uptake is therefore a chicken-and-egg problem: ports will not invest until",
        "ships can connect, and owners will not retrofit until ports offer the supply.",
        "Public funding that pays for both ends of the cable is the only way we found",
        "to break the deadlock.",
    ],
    [
        "Recommendations",
        "We recommend that governments fund connections at small ports only where",
        "at least two regular users commit to connecting within three years. Grants",
        "should cover no more than 70 percent of the capital cost, so that ports keep",
        "a stake in making the connection work.",
        "",
        "The emissions case is strongest for ferries, which call at the same berth",
        "several times a day. At one port in our sample a single ferry accounted for",
        "41 percent of the nitrogen oxides emitted by ships at berth.",
        "",
        "Shore power is not a cure for every port. Where the local grid depends on",
        "diesel generation, as on several of the islands we visited, plugging ships in",
        "would merely move the emissions ashore. In those places the money is better",
        "spent on cleaner auxiliary engines and on the grid itself.",
        "",
        "About the authors",
        "Anika Rahm is a research fellow and Joel Brennan an associate fellow in the",
        "Institute's ports and shipping programme.",
    ],
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[str], number: int) -> bytes:
    """One page's drawing operators: the running header, the lines, the page number."""
    ops = [f"BT /F1 8 Tf 72 760 Td ({_escape(HEADER)}) Tj ET"]
    y = 730
    for line in lines:
        if line:
            ops.append(f"BT /F1 10 Tf 72 {y} Td ({_escape(line)}) Tj ET")
        y -= 14
    ops.append(f"BT /F1 8 Tf 300 40 Td ({number}) Tj ET")
    return ("\n".join(ops) + "\n").encode("latin-1")


def make_pdf() -> bytes:
    """The whole file: catalog, pages tree, font, one page and stream per page, info."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(PAGES)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(PAGES)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for number, lines in enumerate(PAGES, start=1):
        stream = _content(lines, number)
        contents = len(objects) + 2
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {contents} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
    entries = " ".join(f"/{k} ({_escape(v)})" for k, v in INFO.items())
    objects.append(f"<< {entries} >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    OUT.write_bytes(make_pdf())
    print(f"wrote {OUT}")
