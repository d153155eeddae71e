"""Deployments: one scheduled `verify_briefs` run per brief folder, served from one process."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.types.entrypoint import EntrypointType

from briefcheck import pipeline
from briefcheck.flows.verify import verify_briefs


def deployment_name(folder: Path, prefix: str | None = None) -> str:
    """A readable, URL-safe name from the folder (or brief) path."""
    stem = folder.resolve().name if folder.is_dir() else folder.stem
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "briefs"
    return f"{prefix}-{base}" if prefix else base


def flow_parameters(folder: Path, opts: pipeline.VerifyOptions) -> dict[str, Any]:
    """The run's parameters as JSON values, with absolute paths (a run may start elsewhere)."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(opts):
        value = getattr(opts, f.name)
        values[f.name] = str(Path(value).resolve()) if isinstance(value, Path) else value
    values["brief"] = str(folder.resolve())
    return {"briefs": [str(folder.resolve())], "opts": values}


def deployments_for(
    folders: Sequence[Path],
    opts: pipeline.VerifyOptions,
    cron: str,
    timezone: str | None = None,
    prefix: str | None = None,
) -> list[RunnerDeployment]:
    """A deployment of `verify_briefs` per folder, each on the same cron schedule."""
    from prefect.schedules import Cron

    deployments = []
    for folder in folders:
        deployment = verify_briefs.to_deployment(
            name=deployment_name(folder, prefix),
            schedule=Cron(cron, timezone=timezone or "UTC"),
            parameters=flow_parameters(folder, opts),
            description=f"briefcheck: verify the briefs in {folder}",
            tags=["briefcheck"],
            # The flow is imported by module, so a run works from any working directory.
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        deployments.append(cast(RunnerDeployment, deployment))
    return deployments


def serve_deployments(deployments: Sequence[RunnerDeployment]) -> None:
    """Serve until interrupted: scheduled and API-triggered runs execute in this machine."""
    serve(*deployments, print_starting_message=False)
