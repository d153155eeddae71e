"""The command line: help everywhere, exit codes, and bad input as one readable line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefcheck.cli import build_parser, main
from tests.support.apiservers import server_processes

ROOT = Path(__file__).resolve().parents[2]
BRIEF = ROOT / "briefs" / "brief.txt"
COMMANDS = [
    ["extract"],
    ["sources"],
    ["sources", "init"],
    ["verify"],
    ["diff"],
    ["review"],
    ["watch"],
    ["schedule"],
    ["verify-many"],
    ["server"],
    ["server", "start"],
    ["server", "status"],
    ["server", "stop"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command, capsys):
    assert main([*command, "--help"]) == 0
    assert "usage: briefcheck " + " ".join(command) in capsys.readouterr().out


def test_readme_documents_every_command_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        assert f"briefcheck {name}" in readme, f"README does not show `briefcheck {name}`"
        for action in p._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in readme, f"README does not document {name} {flag}"


def _run_main(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("briefcheck: error: ")
    return lines[0]


BAD_BRIEFS = {
    "empty": ("", "empty"),
    "no-footnotes": ("A paragraph with no notes at all.\nAnother one.\n", "footnote"),
    "marker-without-footnote": (
        "A claim about 2020.[1] Another claim.[2]\n[1] “A Title”, Outlet, 1 May 2020.\n",
        "[2]",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_BRIEFS), ids=str)
@pytest.mark.parametrize("command", [["extract"], ["sources", "init"]], ids=" ".join)
def test_bad_brief_exits_2_with_one_line(tmp_path, capsys, case, command):
    text, expected = BAD_BRIEFS[case]
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    code, _out, err = _run_main([*command, str(path)], capsys)
    assert code == 2
    line = _one_error_line(err)
    assert "brief.txt" in line and expected in line


def test_missing_brief_exits_2(tmp_path, capsys):
    for argv in (["extract", str(tmp_path / "nope.txt")], ["verify", str(tmp_path / "nope.txt")]):
        code, _out, err = _run_main(argv, capsys)
        assert code == 2
        assert "nope.txt" in _one_error_line(err)


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("sources:\n  '16': {url: [oops\n", "YAML error"),
        ("sources:\n  '16': {url: https://example.org, mirror: x}\n", "unknown key"),
        ("sources:\n  '16': {url: 7}\n", "sources.16.url"),
    ],
    ids=["yaml-error", "unknown-key", "wrong-type"],
)
def test_malformed_sources_exits_2_before_any_fetch(tmp_path, capsys, yaml_text, expected):
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml_text, encoding="utf-8")
    out = tmp_path / "reports"
    code, _out, err = _run_main(
        [
            "verify",
            str(BRIEF),
            "--sources",
            str(sources),
            "--out",
            str(out),
            "--offline",
            "--no-orchestrator",
            "--cache",
            str(tmp_path / "cache"),
        ],
        capsys,
    )
    assert code == 2
    line = _one_error_line(err)
    assert "sources.yaml" in line and expected in line
    assert not out.exists() or not any(out.iterdir())


def test_usage_error_is_exit_2():
    proc = subprocess.run(
        [sys.executable, "-m", "briefcheck.cli", "verify", "--bogus"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "unrecognized arguments: --bogus" in proc.stderr


def test_sources_init_lists_every_reference_with_its_footnote(tmp_path, capsys):
    code, out, _err = _run_main(["sources", "init", str(BRIEF)], capsys)
    assert code == 0
    ids = re.findall(r'^  "(\d+[a-z]?)":$', out, flags=re.M)
    assert "3a" in ids and "3b" in ids and "16" in ids
    assert "12a" not in ids and "12a points to 9a" in out
    assert "# [16] “Law on DPRK’s Policy on Nuclear Forces Promulgated”" in out
    target = tmp_path / "sources.yaml"
    assert main(["sources", "init", str(BRIEF), "-o", str(target)]) == 0
    from briefcheck.resolve import load_sources

    entries = load_sources(target)
    assert set(entries) == set(ids) and all(e.url is None for e in entries.values())


def test_verify_falls_back_to_the_plain_pipeline_when_prefect_cannot_start(tmp_path):
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefcheck.cli",
            "verify",
            "--offline",
            "--out",
            str(tmp_path / "reports"),
            "--cache",
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Prefect API server did not answer within 1 s" in proc.stderr
    assert "running without the orchestrator" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "reports" / "latest" / "report.json").exists()
    # The server it gave up on is not left starting in the background.
    assert not server_processes(home=tmp_path / "prefect")


def test_the_command_skips_teardown_but_runs_exit_handlers_flushes_and_keeps_its_code(tmp_path):
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
        "sys.argv = ['briefcheck', 'extract', sys.argv[1], '--json']\n"
        "from briefcheck.cli import run\n"
        "run()\n"
    )
    brief = tmp_path / "brief.txt"
    brief.write_text("A claim.[1]\n\n[1] A source, 2024.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", script, str(brief)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"].startswith("briefcheck.extract/")
    assert "exit handler ran" in done.stderr
    missing = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.parametrize(
    "address", ["not an address", "tcp://10.0.0.5:port", "http://10.0.0.5:8786", "10.0.0.5"]
)
def test_a_bad_dask_address_is_a_usage_error_before_anything_runs(address, tmp_path, capsys):
    code = main(["verify", "--dask", address, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("briefcheck: error: argument --dask: expected `local`")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["local", "tcp://10.0.0.5:8786", "10.0.0.5:8786"])
def test_a_dask_address_dask_would_take_is_accepted(address):
    from briefcheck.cli.options import dask_address

    assert dask_address(address) == address
