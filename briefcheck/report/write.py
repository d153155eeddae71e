"""Write a run's report in three formats and swap `latest/` atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefcheck.models import Brief


def write_reports(report: dict[str, Any], out_dir: Path, brief: Brief) -> Path:
    """Write out_dir/<run-id>/report.{json,md,html} and replace out_dir/latest; return the run dir."""
    raise NotImplementedError
