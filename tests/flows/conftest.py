"""Fixtures for the flow tests: a small synthetic shelf of briefs served on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefcheck.pipeline import VerifyOptions
from tests.support.corpus import Corpus, LatencyServer, build_corpus, rebase


@dataclass
class Shelf:
    """A corpus on disk, the server of its pages, and a scratch folder for runs."""

    corpus: Corpus
    server: LatencyServer
    tmp: Path

    def options(self, brief: Path, name: str) -> VerifyOptions:
        """Options for runs named `name`: their own reports folder and snapshot cache."""
        return VerifyOptions(
            brief=brief,
            sources=brief.parent / "sources.yaml",
            out=self.tmp / name / "reports",
            cache=self.tmp / name / "cache",
            allow_private_hosts=True,
        )


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shelf]:
    """Three briefs citing four sources each out of six pages (so briefs share pages)."""
    tmp = tmp_path_factory.mktemp("shelf")
    corpus = build_corpus(tmp / "corpus", briefs=3, sources=4, pages=6, seed=11)
    with LatencyServer(corpus.pages, latency_s=0.0, hosts=3) as server:
        rebase(corpus, server.url)
        yield Shelf(corpus, server, tmp)
    shutil.rmtree(tmp, ignore_errors=True)
