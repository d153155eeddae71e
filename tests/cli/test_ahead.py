"""Extraction in a forked child while the command imports Prefect (`briefcheck.ahead`).

The child is only an accelerator: its value, its BriefcheckError, or on any other failure
the same call made here. Each test runs in a fresh interpreter, as the command does, since
pytest's own process has threads (and `ahead` will not fork beside threads).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, **env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_brief_is_extracted_in_the_child_while_prefect_is_imported_here(tmp_path):
    """The parent ends with Prefect imported and the brief remembered, spaCy never loaded."""
    got = _python(
        f"""
        import json, sys
        from pathlib import Path
        from briefcheck import pipeline
        from briefcheck.cli.orchestrate import prepare_flow_run
        from briefcheck.extractors import nlp
        brief = Path("briefs/brief.txt")
        prepare_flow_run([brief], Path({str(tmp_path)!r}))
        loads = nlp._load.cache_info().currsize
        again = pipeline.load_brief(brief)
        print(json.dumps({{
            "spacy_loads_here": loads,
            "prefect": "prefect.flows" in sys.modules,
            "footnotes": len(again.footnotes),
            "loads_after": nlp._load.cache_info().currsize,
        }}))
        """
    )
    assert got["prefect"], "Prefect was not imported while the child extracted"
    assert got["footnotes"] > 0
    assert got["spacy_loads_here"] == 0 and got["loads_after"] == 0, got


def test_without_fork_the_same_work_is_done_here(tmp_path):
    got = _python(
        f"""
        import json
        from pathlib import Path
        from briefcheck.cli.orchestrate import prepare_flow_run
        from briefcheck.extractors import nlp
        prepare_flow_run([Path("briefs/brief.txt")], Path({str(tmp_path)!r}))
        print(json.dumps({{"spacy_loads_here": nlp._load.cache_info().currsize}}))
        """,
        BRIEFCHECK_NO_FORK="1",
    )
    assert got["spacy_loads_here"] == 1


_CHILD = """
    import json, os, sys
    from briefcheck.ahead import ahead
    from briefcheck.errors import BriefError

    def work(kind):
        if kind == "value":
            return {"pid": os.getpid(), "data": list(range(5))}
        if kind == "bad input":
            raise BriefError("brief.txt: no footnotes")
        if kind == "bug":
            raise ValueError("a bug, seen here")
        if kind == "dies":
            os._exit(7) if os.getpid() != PARENT else None
            return "done here after the child died"

    PARENT = os.getpid()
    with ahead(work, sys.argv[1]) as job:
        try:
            value = job.result()
        except Exception as err:
            value = f"{type(err).__name__}: {err}"
    print(json.dumps({"forked": job.forked, "value": value, "parent": PARENT}))
"""


def _child(kind: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD), kind],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_child_s_value_comes_back():
    got = _child("value")
    assert got["forked"] and got["value"]["data"] == [0, 1, 2, 3, 4]
    assert got["value"]["pid"] != got["parent"], "the work was not done in the child"


def test_the_child_s_bad_input_error_is_raised_here_with_its_class_and_line():
    assert _child("bad input")["value"] == "BriefError: brief.txt: no footnotes"


@pytest.mark.parametrize("kind", ["bug", "dies"])
def test_any_other_failure_of_the_child_is_the_same_call_made_here(kind):
    got = _child(kind)
    expected = {"bug": "ValueError: a bug, seen here", "dies": "done here after the child died"}
    assert got["value"] == expected[kind]


def test_a_child_left_running_is_stopped_and_reaped():
    code = """
        import json, os, time
        from briefcheck.ahead import ahead
        with ahead(time.sleep, 60) as job:
            pid = job._pid
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        print(json.dumps({"alive": alive}))
    """
    assert _python(code) == {"alive": False}
