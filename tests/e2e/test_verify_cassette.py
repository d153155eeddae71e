"""`verify` end to end with the requests path replayed from a vcrpy cassette (record mode none).

The cassette is recorded by tests/support/e2e_cassette.py (`make record`).
"""

from __future__ import annotations

import yaml

from tests.support.cassettes import ORIGIN, SECRET_HEADERS
from tests.support.e2e_cassette import CASSETTE, CASSETTES, make_vcr, run


def test_verify_replayed_from_cassette(tmp_path, monkeypatch):
    with make_vcr("none").use_cassette(CASSETTE) as cassette:
        report = run(tmp_path, ORIGIN, monkeypatch).to_json()
        assert cassette.play_count > 0
    quotes = {c["ref"]: c["verdict"] for c in report["checks"] if c["kind"] == "quote"}
    assert quotes == {"1": "verified", "2": "mismatch", "3": "not_found", "5": "unchecked"}
    status = {s["ref"]: s["status"] for s in report["sources"]}
    assert status == {"1": "ok", "2": "ok", "3": "ok", "4": "unreachable", "5": "paywalled"}


def test_cassette_stores_no_secret_headers_and_reads_as_text():
    data = yaml.safe_load((CASSETTES / CASSETTE).read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        for part in ("request", "response"):
            names = {k.lower() for k in interaction[part].get("headers", {})}
            assert not names & set(SECRET_HEADERS), (part, names)
        body = interaction["response"]["body"]["string"]
        assert isinstance(body, str)  # decoded, so a re-recording reads as a diff
