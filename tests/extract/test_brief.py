"""extract_brief on the bundled brief, the contract checker, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefcheck.errors import BriefError
from briefcheck.extractors import brief_to_json, extract_brief, extract_text
from briefcheck.models import Scope

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "briefs" / "brief.txt"
CHECKER = ROOT.parent / "shared" / "tools" / "check_contract.py"


@pytest.fixture(scope="module")
def bundled():
    return extract_brief(BUNDLED)


def test_bundled_brief_has_23_references_and_back_references(bundled) -> None:
    refs = bundled.references()
    assert len(refs) == 23
    assert refs["12a"].points_to == ("9a",)
    assert refs["12b"].points_to == ("9b",)
    assert [r.id for r in bundled.footnote(3).references] == ["3a", "3b"]


def test_bundled_brief_markers_sit_on_their_sentences(bundled) -> None:
    cited = {(c.paragraph, c.sentence): c.refs for c in bundled.claims if c.scope is Scope.SENTENCE}
    assert len(bundled.markers) == 20
    assert cited[(6, 5)] == ("6",)  # "Resolution[6] against": a marker mid-sentence
    assert cited[(17, 4)] == ("17",)  # "July 2022[17] (an operational plan…)"
    assert cited[(4, 2)] == ("3a", "3b")


def test_bundled_brief_inherits_scope_within_a_paragraph(bundled) -> None:
    by_place = {(c.paragraph, c.sentence): c for c in bundled.claims}
    quote_claim = by_place[(4, 1)]
    assert quote_claim.scope is Scope.PARAGRAPH and quote_claim.refs == ("3a", "3b")
    assert [q.text for q in quote_claim.quotes] == ["strategic communication and high-level visits"]
    dated = by_place[(17, 2)]
    assert dated.scope is Scope.PARAGRAPH and dated.refs == ("16",)
    assert [(d.text, d.value) for d in dated.dates] == [("8 September 2022", "2022-09-08")]


def test_offsets_index_the_text(bundled) -> None:
    text = bundled.text
    for c in bundled.claims:
        assert text[c.start : c.end] == c.text
        assert all(text[q.start : q.end] == q.text for q in c.quotes)
        assert all(text[d.start : d.end] == d.text for d in c.dates)
    for f in bundled.footnotes:
        assert text[f.start : f.end] == f.text
        assert all(f.text[r.start : r.end] == r.text for r in f.references)


LABELLED = sorted(
    p
    for p in (ROOT / "tests" / "data" / "briefs").iterdir()
    if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
)


@pytest.mark.parametrize("path", [BUNDLED, *LABELLED], ids=lambda p: p.name)
def test_contract_checker_accepts_every_brief(path: Path, tmp_path: Path) -> None:
    if not CHECKER.exists():
        pytest.skip(f"{CHECKER} is not beside the clone")
    out = tmp_path / "extract.json"
    doc = brief_to_json(extract_brief(path))
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(CHECKER), "extract", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("contract: OK")


def test_claim_ids_survive_edits_elsewhere(bundled) -> None:
    edited = BUNDLED.read_text(encoding="utf-8").replace(
        "China is seen as an enabler", "New opening sentence here. China is seen as an enabler", 1
    )
    again = extract_text(edited, path="edited.txt")
    before = {c.text: c.id for c in bundled.claims}
    after = {c.text: c.id for c in again.claims}
    assert all(after[t] == i for t, i in before.items() if t in after)
    assert len(set(before) & set(after)) >= len(before) - 1


BAD = [
    ("missing", None, "no such file"),
    ("empty.txt", "  \n\n", "the brief is empty"),
    ("plain.txt", "A paragraph with no notes.\nAnother one.\n", "no footnotes found"),
    (
        "brief.txt",
        "First paragraph.[1]\nSecond.\nThird has a stray marker.[7]\n[1] A note.\n",
        "brief.txt: marker [7] in paragraph 3 has no footnote 7",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_readable_line(tmp_path: Path, name, content, message) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BriefError) as err:
        extract_brief(path)
    assert message in str(err.value)
    assert str(err.value).count("\n") == 0


def test_json_keeps_decades_apart_and_resolves_back_references(bundled) -> None:
    text = (
        "Ties grew in the 1950s and again in 2018.[1] The same claim appeared in 2019.[2]\n"
        "The same claim appeared in 2019.[2]\n"
        "[1] Ann Bo, “Ties”, Daily, 2020.\n[2] Bo, n. 1.\n"
    )
    doc = brief_to_json(extract_text(text, path="t.txt"))
    first = doc["claims"][0]
    assert [d["text"] for d in first["dates"]] == ["2018"]
    assert [(d["text"], d["precision"]) for d in first["decades"]] == [("1950s", "decade")]
    second, third = doc["claims"][1], doc["claims"][2]
    assert second["refs"] == ["2"] and second["resolved_refs"] == ["1"]
    assert second["text"] == third["text"] and third["id"] == second["id"] + "-2"
    bundled_doc = brief_to_json(bundled)
    p13 = next(c for c in bundled_doc["claims"] if c["paragraph"] == 13 and c["sentence"] == 3)
    assert p13["refs"] == ["12a", "12b"] and p13["resolved_refs"] == ["9a", "9b"]
