"""spaCy is loaded once per process, even when a thread pool's tasks all ask for it at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import spacy

from briefcheck.extractors import nlp


@pytest.fixture
def counted_loads(monkeypatch):
    """spacy.load counting its calls, slow enough for waiting threads to pile up."""
    calls: list[str] = []
    lock = threading.Lock()

    def load(name, **_kwargs):
        with lock:
            calls.append(name)
        time.sleep(0.2)
        return spacy.blank("en")

    monkeypatch.setattr(nlp.spacy, "load", load)
    monkeypatch.setenv("BRIEFCHECK_SPACY_MODELS", "some_model")
    for cached in (nlp._load, nlp._load_full, nlp._blank_analysis):
        cached.cache_clear()
    yield calls
    for cached in (nlp._load, nlp._load_full, nlp._blank_analysis):
        cached.cache_clear()


def test_threads_asking_together_share_one_load_of_each_pipeline(counted_loads):
    getters = [nlp.get_event_nlp, nlp.get_analysis_nlp, nlp.get_nlp] * 16
    with ThreadPoolExecutor(max_workers=len(getters)) as pool:
        got = list(pool.map(lambda get: get(), getters))
    # The full pipeline serves both the date matcher and the claim analysis; the sentence
    # pipeline is the only other one.
    assert counted_loads == ["some_model", "some_model"]
    assert len({id(g) for g in got}) == 2
    assert nlp.get_event_nlp() is nlp.get_analysis_nlp()
