"""Turn a brief (file or text) into a `Brief` record; the entry point of extraction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefcheck.models import Brief


def extract_brief(path: str | Path) -> Brief:
    """Read a brief (.txt, .md, .html) and extract it. Raises BriefError on bad input."""
    raise NotImplementedError


def extract_text(text: str, *, path: str = "<text>", fmt: str = "txt") -> Brief:
    """Extract a brief from text already in memory."""
    raise NotImplementedError


def brief_to_json(brief: Brief) -> dict[str, Any]:
    """The `briefcheck.extract/1` document for a brief."""
    raise NotImplementedError
