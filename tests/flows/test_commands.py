"""The `watch`, `schedule` and `verify-many` commands: arguments, errors, progress, prefect.yaml."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefcheck.cli import main
from briefcheck.cli.orchestrate import register
from briefcheck.progress import LineProgress

ROOT = Path(__file__).parents[2]


def run(argv: list[str]) -> int:
    """Parse and run like `briefcheck.cli.main`: bad input is one line and exit 2."""
    return main(argv)


def test_commands_plug_into_a_parser():
    parser = argparse.ArgumentParser(prog="briefcheck")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    assert set(sub.choices) == {"verify", "watch", "schedule", "verify-many"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["watch", "missing.txt"], "missing.txt: no such file"),
        (["watch", "{brief}", "--interval", "0"], "--interval: expected seconds > 0"),
        (
            ["watch", "{brief}", "--once-after-change", "0"],
            "--once-after-change: expected at",
        ),
        (["schedule", "--cron", "every day", "{brief}"], "Invalid cron string"),
        (["schedule", "--cron", "0 6 * * *", "--timezone", "Mars/Base", "{brief}"], "timezone"),
        (["schedule", "--cron", "0 6 * * *", "missing-folder"], "missing-folder: no such"),
        (["verify-many", "missing-folder"], "missing-folder: no such file or folder"),
    ],
    ids=["watch-missing", "interval", "once", "cron", "timezone", "schedule-missing", "many"],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, tmp_path, capsys):
    brief = tmp_path / "brief.txt"
    brief.write_text("A claim.[1]\n[1] A source.\n", encoding="utf-8")
    argv = [a.replace("{brief}", str(brief)) for a in argv]
    argv += ["--cache", str(tmp_path / "cache")]
    assert run(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("briefcheck: error: ") and message in err[0]


def test_importing_the_commands_does_not_import_prefect():
    code = "import sys, briefcheck.cli; print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.slow
def test_verify_many_prints_progress_lines_and_a_summary_per_brief(shelf, capsys):
    out = shelf.tmp / "cli" / "reports"
    code = run(
        [str(a) for a in ("verify-many", shelf.corpus.root, "--out", out)]
        + ["--cache", str(shelf.tmp / "cli" / "cache"), "--allow-private-hosts"]
    )
    captured = capsys.readouterr()
    briefs = shelf.corpus.briefs
    assert code in (0, 1)
    lines = captured.out.strip().splitlines()
    assert lines[-1].startswith(f"{len(briefs)} brief(s), ")
    assert len([line for line in lines if "verified" in line]) == len(briefs)
    progress = captured.err.splitlines()
    fetched = [line for line in progress if line.startswith("fetched ")]
    assert fetched and fetched[-1].split()[1].split("/")[0] == fetched[-1].split()[1].split("/")[1]
    assert any(line.startswith("checked ") for line in progress)
    for brief in briefs:
        latest = out / f"{brief.parent.name}-brief" / "latest" / "report.json"
        assert json.loads(latest.read_text(encoding="utf-8"))["schema"] == "briefcheck.report/1"


def test_line_progress_counts_and_throttles():
    stream = io.StringIO()
    progress = LineProgress(stream, label="b.txt")
    progress.sources(2)
    progress.fetched("http://one.example/a", "ok")
    progress.fetched("http://two.example/b", "unreachable")
    progress.checks(1000)
    for _ in range(1000):
        progress.checked(1)
    lines = stream.getvalue().splitlines()
    assert lines[:4] == [
        "b.txt: fetching 2 source(s)",
        "b.txt: fetched 1/2 one.example ok",
        "b.txt: fetched 2/2 two.example unreachable",
        "b.txt: checking 1000 claim item(s)",
    ]
    checked = [line for line in lines if ": checked " in line]
    assert checked[-1] == "b.txt: checked 1000/1000"
    assert len(checked) <= 3  # not a line per check


def test_prefect_yaml_deployments_validate_against_the_flow():
    from briefcheck.flows.verify import verify_briefs
    from briefcheck.pipeline import VerifyOptions

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert spec["deployments"]
    for deployment in spec["deployments"]:
        assert deployment["entrypoint"] == "briefcheck/flows/verify.py:verify_briefs"
        assert deployment["schedules"][0]["cron"]
        params = verify_briefs.validate_parameters(deployment["parameters"])
        assert isinstance(params["opts"], VerifyOptions)
        assert params["briefs"] == deployment["parameters"]["briefs"]


@pytest.mark.slow
def test_verify_in_a_log_shows_progress_lines_and_no_prefect_logging(shelf):
    brief = shelf.corpus.briefs[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(shelf.tmp / "quiet" / "prefect"), "PYTHONPATH": str(ROOT)}
    options = ["--sources", str(brief.parent / "sources.yaml"), "--allow-private-hosts"]
    options += ["--out", str(shelf.tmp / "quiet"), "--cache", str(shelf.tmp / "quiet" / "cache")]
    done = subprocess.run(
        [sys.executable, "-m", "briefcheck.cli", "verify", str(brief), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode in (0, 1), done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if "fetched " in line][-1].startswith("brief.txt: fetched 4/4 ")
    assert any(line.startswith("brief.txt: checked ") for line in lines)
    chatter = [line for line in lines if not line.startswith(("brief.txt: ", "warning: "))]
    assert chatter == []  # Prefect's own logging stays quiet without --verbose
    assert "verified" in done.stdout


def test_verbose_turns_prefect_logging_on(monkeypatch, tmp_path):
    from briefcheck.flows.env import configure_prefect

    # Set through monkeypatch first, so that what configure_prefect writes is undone after.
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "WARNING")
    monkeypatch.setenv("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    monkeypatch.setenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    configure_prefect(tmp_path, verbose=True)
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "INFO"
    assert os.environ["PREFECT_SERVER_LOGGING_LEVEL"] == "WARNING"
    assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "NOTSET"


def test_rich_progress_tracks_sources_checks_and_the_current_host():
    from briefcheck.progress import RichProgress

    progress = RichProgress(label="b.txt")
    try:
        progress.sources(3)
        progress.fetched("http://slow.example/a", "ok")
        progress.checks(10)
        progress.checked(4)
        fetch, check = progress._progress.tasks
        assert (fetch.completed, fetch.total, fetch.fields["detail"]) == (1, 3, "slow.example ok")
        assert (check.completed, check.total) == (4, 10)
    finally:
        progress.close()


def test_a_deployment_per_folder_with_absolute_paths_and_the_cron(tmp_path):
    from briefcheck.flows.deploy import deployments_for
    from briefcheck.pipeline import VerifyOptions

    (tmp_path / "shelf one").mkdir()
    (tmp_path / "two").mkdir()
    opts = VerifyOptions(out=Path("reports"), cache=Path(".cache/x"), allow_private_hosts=True)
    folders = [tmp_path / "shelf one", tmp_path / "two"]
    deployments = deployments_for(folders, opts, "30 5 * * 1", "Europe/Paris", "nightly")
    assert [d.name for d in deployments] == ["nightly-shelf-one", "nightly-two"]
    first = deployments[0]
    assert first.parameters["briefs"] == [str(folders[0].resolve())]
    assert first.parameters["opts"]["out"] == str(Path("reports").resolve())
    assert first.parameters["opts"]["allow_private_hosts"] is True
    schedule = first.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("30 5 * * 1", "Europe/Paris")
    assert first.entrypoint == "briefcheck.flows.verify.verify_briefs"


def test_no_heartbeats_on_the_runs_own_api_but_prefects_default_on_a_configured_one(monkeypatch):
    from prefect.settings import get_current_settings

    from briefcheck.flows.verify import heartbeats_for_this_api

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with heartbeats_for_this_api():
        assert get_current_settings().flows.heartbeat_frequency is None
    default = get_current_settings().flows.heartbeat_frequency
    assert default is not None
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    with heartbeats_for_this_api():
        assert get_current_settings().flows.heartbeat_frequency == default
