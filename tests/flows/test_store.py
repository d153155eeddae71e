"""The result store: checked JSON, never code; any edit of the package's source changes keys."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from briefcheck.models import Evidence, Match, SourceText, Verdict
from briefcheck.store import ResultStore

PACKAGE = Path(__file__).resolve().parents[2] / "briefcheck"


def _version_of(root: Path) -> str:
    code = "from briefcheck.store import code_version; print(code_version())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_editing_any_module_changes_the_code_version(tmp_path):
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy / "briefcheck", ignore=shutil.ignore_patterns("__pycache__"))
    before = _version_of(copy)
    # Modules the old hand-kept list missed (the date grammar, the decoder), and one more.
    for module in ("extractors/dates.py", "fetch/content.py", "report/summary.py"):
        path = copy / "briefcheck" / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        after = _version_of(copy)
        assert after != before, module
        before = after


def test_entries_round_trip_and_tampering_is_a_miss(tmp_path):
    store = ResultStore(tmp_path)
    match = Match(
        verdict=Verdict.MISMATCH,
        score=0.8,
        reason="word changed",
        evidence=Evidence(text="a bold leap", start=3, end=14, diff="a bold [-step-] {+leap+}"),
    )
    computed = []

    def compute() -> Match:
        computed.append(1)
        return match

    assert store.get_or_compute("match", "k1", Match, compute) == match
    fresh = ResultStore(tmp_path)  # a new process: only the file can answer
    assert fresh.get_or_compute("match", "k1", Match, compute) == match
    assert len(computed) == 1

    (entry,) = (tmp_path / "match").rglob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["value"]["verdict"] = "verified"  # a hand edit: the payload no longer has its digest
    entry.write_text(json.dumps(data), encoding="utf-8")
    again = ResultStore(tmp_path)
    assert again.get_or_compute("match", "k1", Match, compute) == match
    assert len(computed) == 2  # recomputed, and rewritten whole
    assert json.loads(entry.read_text(encoding="utf-8"))["value"]["verdict"] == "mismatch"


def test_a_pickle_or_garbage_in_the_store_is_never_loaded(tmp_path):
    store = ResultStore(tmp_path)
    text = SourceText(url="http://x", text="words")
    store.get_or_compute("parse", "k", SourceText, lambda: text)
    (entry,) = (tmp_path / "parse").rglob("*.json")
    entry.write_bytes(b"\x80\x04\x95cos\nsystem\n(S'touch pwned'\ntR.")  # a pickle payload
    assert ResultStore(tmp_path).get_or_compute("parse", "k", SourceText, lambda: text) == text
    assert not Path("pwned").exists()
