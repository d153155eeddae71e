"""Shared fixtures for extraction tests: run a test under both spaCy pipeline modes."""

from __future__ import annotations

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
