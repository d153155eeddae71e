"""Work on daemon threads, watched by the calling thread so an interrupt is seen at once.

A ThreadPoolExecutor would do the same work, but its `with` block and interpreter exit
both join every worker: Ctrl-C would wait for the slowest source in flight (its read
timeout, retries and deadline). Here workers are daemon threads and the caller waits in
short slices; on an interrupt the caller sets `cancelled`, which spends every source's
budget (see `Deadline`), and returns at once; workers stop at their next check. A caller on
a worker thread of its own (a Prefect task) stops waiting too when another thread sets
`cancelled`: the interrupt lands in the main thread, and the task must not outlive it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from briefcheck import settings

Item = TypeVar("Item", bound=Hashable)
Result = TypeVar("Result")


class Cancelled(Exception):
    """`cancelled` was set by another thread while the calling thread waited for workers."""


def run_on_daemon_threads(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    cancelled: threading.Event,
    on_done: Callable[[Item, Result], None] | None = None,
) -> dict[Item, Result]:
    """`work(item)` for every item on up to `workers` daemon threads; results by item.

    `on_done` runs in the calling thread as each result arrives. `work` must not raise:
    what it raises ends the call with that exception. An exception in the calling thread
    (KeyboardInterrupt) sets `cancelled` and propagates without waiting for the workers;
    `cancelled` set from elsewhere ends the wait the same way, with `Cancelled`.
    """
    pending = deque(items)
    lock = threading.Lock()
    arrived: queue.SimpleQueue[tuple[Item, Result | None, BaseException | None]]
    arrived = queue.SimpleQueue()

    def worker() -> None:
        while not cancelled.is_set():
            with lock:
                if not pending:
                    return
                item = pending.popleft()
            try:
                arrived.put((item, work(item), None))
            except BaseException as exc:  # handed to the caller, who raises it
                arrived.put((item, None, exc))

    for n in range(max(1, min(workers, len(items)))):
        threading.Thread(target=worker, name=f"fetch-{n}", daemon=True).start()
    done: dict[Item, Result] = {}
    try:
        while len(done) < len(items):
            if cancelled.is_set():
                raise Cancelled("the run was cancelled")
            try:
                item, result, problem = arrived.get(timeout=settings.INTERRUPT_POLL_S)
            except queue.Empty:
                continue
            if problem is not None:
                raise problem
            done[item] = result  # type: ignore[assignment]
            if on_done is not None:
                on_done(item, done[item])
    except BaseException:
        cancelled.set()
        raise
    return done


def wait(seconds: float, cancelled: threading.Event) -> None:
    """Sleep in the calling thread in short slices, so an interrupt is raised promptly."""
    ends = time.monotonic() + seconds
    while not cancelled.is_set() and (left := ends - time.monotonic()) > 0:
        cancelled.wait(min(left, settings.INTERRUPT_POLL_S))
