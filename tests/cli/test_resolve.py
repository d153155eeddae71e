"""sources.yaml loading: good files load, each kind of bad file is one line naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.errors import SourcesError
from briefcheck.models import Reference, SourceEntry
from briefcheck.resolve import entry_for, load_sources, resolve_reference

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_root_sources_file_loads_every_entry():
    entries = load_sources(ROOT / "sources.yaml")
    assert entries["16"].url.startswith("https://kcnawatch.org/")
    assert entries["6"].relation == "reprint" and "Bloomberg" in (entries["6"].note or "")
    assert entries["2"].url is None
    assert "12a" not in entries  # back-references need no URL


def test_numeric_keys_and_empty_entries_are_accepted(tmp_path):
    path = _write(tmp_path, "sources:\n  16: {url: https://example.org/a}\n  '3a':\n")
    entries = load_sources(path)
    assert entries["16"].url == "https://example.org/a"
    assert entries["3a"] == SourceEntry(ref="3a", url=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources:\n  '1': {url: [unclosed\n", "YAML error"),
        ("sources:\n  '1': {url: https://x.org, colour: red}\n", "sources.1.colour: unknown key"),
        ("sources:\n  '1': {url: 42}\n", "sources.1.url"),
        ("sources:\n  '1': {url: not a url}\n", "expected an absolute URL"),
        ("- just\n- a list\n", "expected a mapping"),
        ("sources:\n  'sixteen': {url: https://x.org}\n", "expected a reference id"),
        ("sources: [1, 2]\n", "sources"),
        ("sauces: {}\n", "sauces: unknown key"),
    ],
    ids=[
        "yaml-error",
        "unknown-key",
        "wrong-type",
        "bad-url",
        "not-mapping",
        "bad-id",
        "sources-not-mapping",
        "top-level-typo",
    ],
)
def test_bad_sources_file_is_one_line_naming_file_and_key(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(SourcesError) as err:
        load_sources(path)
    message = str(err.value)
    assert "\n" not in message
    assert str(path) in message
    assert expected in message


def test_missing_sources_file(tmp_path):
    with pytest.raises(SourcesError, match="no such file"):
        load_sources(tmp_path / "nope.yaml")


def test_back_reference_resolves_to_targets_and_url_from_brief_is_used():
    target = Reference(id="9a", footnote=9, text="t", start=0, end=1, title="Noryang")
    back = Reference(id="12a", footnote=12, text="n. 9", start=0, end=5, points_to=("9a",))
    refs = {"9a": target, "12a": back}
    assert resolve_reference(back, refs) == [target]
    assert resolve_reference(target, refs) == [target]
    linked = Reference(
        id="4", footnote=4, text="t", start=0, end=1, url="https://example.org/from-the-brief"
    )
    assert entry_for(linked, {}).url == "https://example.org/from-the-brief"
    assert entry_for(
        linked, {"4": SourceEntry(ref="4", url="https://example.org/yaml")}
    ).url.endswith("yaml")
    assert entry_for(Reference(id="5", footnote=5, text="t", start=0, end=1), {}).url is None


def test_sources_file_beside_a_brief_prefers_its_own_stem(tmp_path):
    from briefcheck.resolve import sources_beside

    brief = tmp_path / "draft.md"
    brief.write_text("x", encoding="utf-8")
    assert sources_beside(brief) is None
    (tmp_path / "sources.yaml").write_text("sources: {}\n", encoding="utf-8")
    assert sources_beside(brief) == tmp_path / "sources.yaml"
    (tmp_path / "draft.sources.yaml").write_text("sources: {}\n", encoding="utf-8")
    assert sources_beside(brief) == tmp_path / "draft.sources.yaml"
