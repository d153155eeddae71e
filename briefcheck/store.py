"""Parsed sources and matches cached on disk as checked JSON, keyed by content and code.

A cache entry is data, never code: JSON holding the record, its key and the sha256 of its
payload, rebuilt through `records.from_json`, which validates every field. An entry whose
digest, key or shape is wrong is a miss (recomputed and rewritten), so whoever can write
the cache folder can at worst make us recompute, not run code. A small in-memory layer in
front keeps a long-lived process (watch, a flow's threads) from reading the same file twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import briefcheck
from briefcheck import settings
from briefcheck.recall import need_work
from briefcheck.records import RecordError, from_json, to_json

T = TypeVar("T")
_FORMAT = "briefcheck.store/1"


@functools.cache
def code_version() -> str:
    """A hash of the package version and of every module of the package's own source.

    Any edit to the code that reads or matches a source (or to anything it imports) gives new
    keys, so an upgrade never serves a verdict the new code would not give.
    """
    root = Path(briefcheck.__file__).parent
    digest = hashlib.sha256(briefcheck.__version__.encode())
    for file in sorted(root.rglob("*.py")):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def digest(*parts: object) -> str:
    """A stable key for plain values (their repr: records, enums, tuples, strings)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _payload_digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResultStore:
    """Content-addressed results of one kind of step per folder, read through memory."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._memory: dict[str, OrderedDict[str, Any]] = {}
        self._lock = threading.Lock()
        self.computed: Counter[str] = Counter()

    def get_or_compute(
        self, kind: str, key: str, tp: type[T], compute: Callable[[], T], refresh: bool = False
    ) -> T:
        """The stored `tp` for (kind, key), else `compute()`'s value, stored for next time."""
        full = f"{kind}-{key}-{code_version()}"
        if not refresh:
            hit = self._recall(full, kind, tp)
            if hit is not None:
                return hit[0]
        need_work(kind)
        value = compute()
        with self._lock:
            self.computed[kind] += 1
        self._remember(kind, full, value)
        self._write(kind, full, value)
        return value

    def _recall(self, full: str, kind: str, tp: type[T]) -> tuple[T] | None:
        with self._lock:
            memory = self._memory.get(kind)
            if memory is not None and full in memory:
                memory.move_to_end(full)
                return (memory[full],)
        value = self._read(kind, full, tp)
        if value is None:
            return None
        self._remember(kind, full, value[0])
        return value

    def _remember(self, kind: str, full: str, value: Any) -> None:
        limit = settings.STORE_MEMORY_ITEMS.get(kind, 1024)
        with self._lock:
            memory = self._memory.setdefault(kind, OrderedDict())
            memory[full] = value
            memory.move_to_end(full)
            while len(memory) > limit:
                memory.popitem(last=False)

    def _path(self, kind: str, full: str) -> Path | None:
        if self.root is None:
            return None
        name = hashlib.sha256(full.encode()).hexdigest()
        return self.root / kind / name[:2] / f"{name}.json"

    def _read(self, kind: str, full: str, tp: type[T]) -> tuple[T] | None:
        path = self._path(kind, full)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != _FORMAT:
                return None
            if entry.get("key") != full or entry.get("sha256") != _payload_digest(entry["value"]):
                return None
            return (from_json(tp, entry["value"]),)
        except (OSError, ValueError, KeyError, RecordError, RecursionError, TypeError):
            return None  # missing, torn, tampered or old: recompute and rewrite

    def _write(self, kind: str, full: str, value: Any) -> None:
        path = self._path(kind, full)
        if path is None:
            return
        payload = to_json(value)
        entry = {
            "format": _FORMAT,
            "key": full,
            "sha256": _payload_digest(payload),
            "value": payload,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs a recomputation next time


_STORES: dict[Path | None, ResultStore] = {}
_STORES_LOCK = threading.Lock()


def open_store(root: Path | None) -> ResultStore:
    """The process's store for a folder (one per folder, so its memory layer is shared)."""
    key = root.resolve() if root is not None else None
    with _STORES_LOCK:
        if key not in _STORES:
            _STORES[key] = ResultStore(key)
        return _STORES[key]
