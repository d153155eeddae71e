"""Work done ahead in a forked process while this one does something else.

Loading spaCy to extract a brief and importing Prefect both hold the GIL, so two threads
take as long as one after the other; a forked child on the second core halves that. The
child's value comes back pickled over a pipe: our own process running our own code, never
data from outside (the store, for instance, never unpickles anything).

Forking is only an accelerator. Where it is unavailable (no `os.fork`, or threads already
running, which a fork would leave in an unknown state), or the child fails in any way other
than a `BriefcheckError`, the work is done here instead, so its result, its error and its
traceback are exactly those of the plain call.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from briefcheck.errors import BriefcheckError

R = TypeVar("R")

# Set to 1 to do the work in this process (a debugger, or a platform where fork misbehaves).
NO_FORK_ENV = "BRIEFCHECK_NO_FORK"


def can_fork() -> bool:
    """Whether a fork is safe here: a POSIX fork, and no thread but this one."""
    return (
        hasattr(os, "fork") and os.environ.get(NO_FORK_ENV) != "1" and threading.active_count() == 1
    )


class Ahead(Generic[R]):
    """`fn(*args)` running in a forked child; `result()` waits for it."""

    def __init__(self, fn: Callable[..., R], args: tuple[Any, ...]) -> None:
        self._fn, self._args = fn, args
        self._pid: int | None = None
        self._fd: int | None = None
        self.forked = can_fork()
        if not self.forked:
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(write_end, fn, args)
        os.close(write_end)
        self._pid, self._fd = pid, read_end

    def result(self) -> R:
        """The child's value; its BriefcheckError raised here; anything else, done here."""
        if self._fd is None:
            return self._fn(*self._args)
        chunks = []
        while chunk := os.read(self._fd, 1 << 20):
            chunks.append(chunk)
        self.close()
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:  # the child died before it answered: do the work here
            kind, value = "crash", None
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "error" and isinstance(value, BriefcheckError):
            raise value
        return self._fn(*self._args)

    def close(self) -> None:
        """Stop the child if it still runs, and reap it."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None


def _child(fd: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run `fn`, write what happened to `fd`, and leave without running any exit handler."""
    try:
        # Ctrl-C reaches the whole process group: the child goes at once, silently.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            payload: tuple[str, Any] = ("ok", fn(*args))
        except BriefcheckError as err:
            payload = ("error", err)
        except BaseException:
            payload = ("crash", None)
        try:
            data = pickle.dumps(payload)
        except Exception:
            data = pickle.dumps(("crash", None))
        with open(fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


@contextlib.contextmanager
def ahead(fn: Callable[..., R], *args: Any) -> Iterator[Ahead[R]]:
    """Start `fn(*args)` in a forked child; the child is stopped if the block leaves early."""
    job = Ahead(fn, args)
    try:
        yield job
    finally:
        job.close()
