"""Golden reports: the bundled brief (offline) and the end-to-end pages, normalised for comparison.

A refactor must leave these JSON values unchanged; a change of verdicts or fields is a
deliberate update, made with `make golden` (`python -m tests.support.golden`) and reviewed as a
diff of tests/data/golden/*.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from briefcheck.cli import main
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
# Values that differ on every run by design: when it ran, where its files and server were.
_RUN_KEYS = ("fetched_at", "changed", "same_since", "archived_at")


def _scrub(value: Any, origin: str, tmp: str) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, origin, tmp) for k, v in value.items() if k not in _RUN_KEYS}
    if isinstance(value, list):
        return [_scrub(v, origin, tmp) for v in value]
    if isinstance(value, str):
        return value.replace(origin, "ORIGIN").replace(tmp, "TMP").replace(str(ROOT), "ROOT")
    return value


def normalise(report: dict[str, Any], origin: str = "\x00", tmp: str = "\x00") -> dict[str, Any]:
    """The report without what changes from run to run (ids, times, ports, temp folders)."""
    out = dict(report)
    for key in ("run", "history", "since_last_run", "generator"):
        out.pop(key, None)
    return dict(_scrub(out, origin, tmp))


def _verify(args: list[str], out: Path) -> dict[str, Any]:
    code = main([*args, "--out", str(out), "--no-orchestrator"])
    report: dict[str, Any] = json.loads((out / "latest" / "report.json").read_text("utf-8"))
    report["exit_code"] = code
    return report


def bundled_offline(tmp: Path) -> dict[str, Any]:
    """`verify --offline` of the bundled brief, as `make demo` runs it on a machine offline."""
    report = _verify(["verify", "--offline", "--cache", str(tmp / "cache")], tmp / "reports")
    return normalise(report, tmp=str(tmp))


def e2e_pages(tmp: Path) -> dict[str, Any]:
    """The end-to-end brief against our five pages on a local server."""
    with LocalServer(ROUTES) as server:
        sources = write_sources(tmp, server.origin)
        args = ["verify", str(E2E_BRIEF), "--sources", str(sources), "--allow-private-hosts"]
        report = _verify([*args, "--cache", str(tmp / "cache")], tmp / "reports")
        return normalise(report, origin=server.origin, tmp=str(tmp))


CASES = {"bundled-offline": bundled_offline, "e2e-pages": e2e_pages}


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    return data


def update() -> None:
    """Rewrite every golden file from the code as it is now."""
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            report = make(Path(tmp))
        text = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (GOLDEN / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN / name}.json: {len(report['checks'])} checks", file=sys.stderr)


if __name__ == "__main__":
    update()
