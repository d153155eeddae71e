"""A run whose sources misbehave in every way issue 13 found still ends with a whole report.

Through the real CLI, on the plain and the Prefect paths: a charset naming a bytes codec, a
redirect to `http://[::1`, a `Retry-After` in Arabic-Indic digits, a PDF nested 200,000 deep
and a text page labelled rot13. Each becomes its own source's status (and its checks
`unchecked` with the reason), never an aborted run, a traceback or exit 3.
"""

from __future__ import annotations

import json

import pytest

from briefcheck.cli import main
from tests.support.e2e import E2E_BRIEF
from tests.support.e2e_pages import SUPPORTS
from tests.support.localserver import LocalServer, Route
from tests.support.pdfs import pdf_from_streams

DEPTH = 200_000
DEEP_PDF = pdf_from_streams(
    [b"BT /F1 10 Tf 72 700 Td " + b"[" * DEPTH + b"(x)" + b"]" * DEPTH + b" TJ ET\n"]
)
ROUTES = {
    "/summit": Route(body=SUPPORTS, content_type="text/html; charset=base64"),
    "/plan": Route(status=302, headers={"Location": "http://[::1"}),
    "/opposition": Route(status=503, headers={"Retry-After": "٣"}),
    "/memo.pdf": Route(body=DEEP_PDF, content_type="application/pdf"),
    "/trust": Route(
        body="The trust deficit, told plainly.", content_type="text/plain; charset=rot13"
    ),
}
# Reference → (route, the status its source must end with).
EXPECTED = {
    "1": ("/summit", "ok"),
    "2": ("/plan", "refused"),
    "3": ("/opposition", "unreachable"),
    "4": ("/memo.pdf", "unsupported"),
    "5": ("/trust", "ok"),
}


@pytest.fixture(scope="module")
def server():
    with LocalServer(ROUTES) as srv:
        yield srv


@pytest.mark.parametrize(
    "path",
    [["--no-orchestrator"], pytest.param([], marks=pytest.mark.slow)],
    ids=["plain", "prefect"],
)
def test_every_hostile_source_is_its_own_status_and_the_report_is_whole(
    tmp_path, server, path, capsys
):
    sources = tmp_path / "sources.yaml"
    lines = [f'  "{ref}": {{url: "{server.url(route)}"}}' for ref, (route, _) in EXPECTED.items()]
    sources.write_text("sources:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    argv = ["verify", str(E2E_BRIEF), "--sources", str(sources), "--allow-private-hosts"]
    argv += ["--out", str(tmp_path / "reports"), "--cache", str(tmp_path / "cache"), *path]
    code = main(argv)
    err = capsys.readouterr().err
    assert code in (0, 1), err[-2000:]
    assert "Traceback" not in err and "internal error" not in err
    report = json.loads((tmp_path / "reports" / "latest" / "report.json").read_text("utf-8"))
    status = {s["ref"]: s["status"] for s in report["sources"]}
    assert status == {ref: want for ref, (_, want) in EXPECTED.items()}
    checks = {}
    for check in report["checks"]:
        checks.setdefault(check["ref"], []).append(check)
    for ref in ("2", "3", "4"):
        assert checks[ref] and all(c["verdict"] == "unchecked" and c["reason"] for c in checks[ref])
    # The page behind a bytes-codec label is still read as the text it is.
    quote = next(c for c in checks["1"] if c["kind"] == "quote")
    assert quote["verdict"] == "verified"
