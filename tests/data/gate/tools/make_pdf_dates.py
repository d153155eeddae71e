"""Write the date gate's PDF page (a two-column policy brief) with reportlab.

Usage: `.venv/bin/python tests/data/gate/tools/make_pdf_dates.py`. The text is the
project's own; the bytes are committed so the gate does not need reportlab to run.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

OUT = Path(__file__).parents[1] / "pages" / "d-pdf-fisheries-brief.pdf"

HEAD = [
    "Coastal Policy Institute",
    "Policy Brief No. 31, February 2024",
    "Yellow Sea Fisheries after Two Decades of the Korea-China Agreement",
]
BODY = [
    "South Korea and China signed a bilateral fisheries agreement in August 2000, and the "
    "agreement took effect on 30 June 2001 after both legislatures had ratified it.",
    "The agreement set up a joint fisheries committee that has met every year since. Its "
    "23rd meeting, held in Seoul in November 2023, agreed to cut the number of Chinese boats "
    "allowed into Korean waters to 1,250.",
    "Illegal fishing peaked in 2016. On 7 October 2016 a Korean coast guard speedboat was "
    "rammed and sunk by Chinese fishing boats off Socheong Island; no one was hurt.",
    "A draft revision of the enforcement rules, first tabled in 2019, was adopted by the "
    "committee in 2023.",
    "The Institute's survey of 412 fishing households was carried out between May and "
    "July 2023, in the ports of Incheon, Gunsan and Mokpo.",
    "Catch data were last published by the ministry in March 2021. The government should "
    "publish them every quarter, and the committee should meet twice a year.",
    "Coastal Policy Institute briefs are reviewed by two outside readers before publication.",
]


def build() -> bytes:
    """The brief as PDF bytes: a title block and two text columns."""
    rl_config.invariant = 1  # fixed ids and dates: the same bytes on every run
    styles = getSampleStyleSheet()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(OUT), pagesize=A4, title=HEAD[2], author="Coastal Policy Institute")
    width, height = A4
    left = Frame(40, 60, (width - 100) / 2, height - 220, id="left")
    right = Frame(60 + (width - 100) / 2, 60, (width - 100) / 2, height - 220, id="right")
    top = Frame(40, height - 150, width - 80, 110, id="top")
    doc.addPageTemplates([PageTemplate(id="brief", frames=[top, left, right])])
    story = [
        Paragraph(number=HEAD[0], text=styles["Normal"]),
        Paragraph(number=HEAD[1], text=styles["Normal"]),
    ]
    story += [Paragraph(number=HEAD[2], text=styles["Heading1"]), Spacer(1, 60)]
    for text in BODY:
        story += [Paragraph(number=text, text=styles["BodyText"]), Spacer(1, 6)]
    doc.build(story)
    return OUT.read_bytes()


if __name__ == "__main__":
    print(f"{OUT}: {len(build())} bytes")
