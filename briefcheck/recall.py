"""Recall-only calls: run a step only as far as what is already stored answers it.

A Prefect task run costs tens of milliseconds of bookkeeping, more than reading a stored
result. So the flow first calls a step inside `recall_only()`: the result store and the
network transport call `need_work()` before they compute or send anything, which raises
`Miss` there, and the runner then submits the step as a task, where retries pay. A step
answered from what is stored runs in the flow itself, with the very same code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_RECALL_ONLY: ContextVar[bool] = ContextVar("briefcheck_recall_only", default=False)


class Miss(Exception):
    """A recall-only call reached work: a computation, or a request on the network."""


def need_work(what: str) -> None:
    """Called before real work; raises `Miss` inside `recall_only()`."""
    if _RECALL_ONLY.get():
        raise Miss(what)


@contextlib.contextmanager
def recall_only() -> Iterator[None]:
    """Within this block (this thread, this context), `need_work` raises `Miss`."""
    token = _RECALL_ONLY.set(True)
    try:
        yield
    finally:
        _RECALL_ONLY.reset(token)
