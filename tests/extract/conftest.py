"""Shared fixtures for extraction tests: run a test under both spaCy pipeline modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.extractors.nlp import RULES_ONLY, get_nlp, model_name


@pytest.fixture(params=[pytest.param("trained", marks=pytest.mark.model), "rules"])
def mode(request, monkeypatch) -> str:
    """The pipeline mode: a trained English model (skipped if none) or rules only."""
    if request.param == "rules":
        monkeypatch.setenv("BRIEFCHECK_SPACY_MODELS", "")
    else:
        monkeypatch.delenv("BRIEFCHECK_SPACY_MODELS", raising=False)
        if model_name(get_nlp()) == RULES_ONLY:
            pytest.skip("no trained English pipeline installed")
    return str(request.param)


def _soffice() -> str | None:
    """LibreOffice's command, if installed."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def office_pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every `.fodt` brief of the labelled set converted to PDF by LibreOffice, once a session.

    LibreOffice takes seconds to start, so all documents go through one call, with a private
    profile so that parallel runs do not share (and lock) one. In CI a missing LibreOffice is
    a failure, not a skip: .ci/run installs it.
    """
    import os
    import subprocess

    soffice = _soffice()
    if soffice is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    data = Path(__file__).resolve().parents[1] / "data" / "briefs"
    out = tmp_path_factory.mktemp("office-pdf")
    sources = sorted(data.glob("*.fodt"))
    profile = (out / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, sources)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdfs = {p.stem: out / f"{p.stem}.pdf" for p in sources}
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs
