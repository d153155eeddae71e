"""A content-addressed snapshot cache: bodies by sha256, one JSON metadata file per URL."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefcheck.models import Copy, Snapshot


@dataclass(frozen=True, slots=True)
class CachedSnapshot:
    """A stored snapshot and when it was last confirmed fresh (epoch seconds)."""

    snapshot: Snapshot
    validated_at: float

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.validated_at


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SnapshotCache:
    """Snapshots under `root`: `bodies/ab/<sha256>` and `meta/<sha256 of url>.json`.

    Only successes are stored (failures are never final); identical bodies share one file,
    and a body whose hash no longer matches is treated as missing and rewritten when the
    page is fetched again.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _meta_path(self, url: str) -> Path:
        return self.root / "meta" / f"{sha256_hex(url.encode('utf-8'))}.json"

    def _body_path(self, digest: str) -> Path:
        return self.root / "bodies" / digest[:2] / digest

    def get(self, url: str) -> CachedSnapshot | None:
        """The stored snapshot for `url`, or None if absent or damaged."""
        try:
            meta = json.loads(self._meta_path(url).read_text(encoding="utf-8"))
            body = self._body_path(meta["sha256"]).read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if sha256_hex(body) != meta["sha256"]:
            return None
        snapshot = Snapshot(
            url=meta["url"],
            final_url=meta["final_url"],
            http_status=int(meta["http_status"]),
            headers=tuple((str(k), str(v)) for k, v in meta["headers"]),
            body=body,
            sha256=meta["sha256"],
            fetched_at=meta["fetched_at"],
            content_type=meta["content_type"],
            copy=Copy(meta.get("copy", "live")),
            archived_at=meta.get("archived_at"),
        )
        return CachedSnapshot(snapshot, float(meta.get("validated_at", 0.0)))

    def put(self, snapshot: Snapshot, validated_at: float | None = None) -> None:
        """Store a successful snapshot under its URL (and its body under its hash)."""
        body_path = self._body_path(snapshot.sha256)
        if not _holds(body_path, snapshot.sha256):
            # Missing, or damaged since (a crash, a disk error, a hand edit): write it again.
            _atomic_write(body_path, snapshot.body)
        meta = {
            field.name: getattr(snapshot, field.name)
            for field in dataclasses.fields(snapshot)
            if field.name != "body"
        }
        meta["copy"] = snapshot.copy.value
        meta["headers"] = [list(pair) for pair in snapshot.headers]
        meta["validated_at"] = time.time() if validated_at is None else validated_at
        text = json.dumps(meta, ensure_ascii=False, indent=1)
        _atomic_write(self._meta_path(snapshot.url), text.encode("utf-8"))

    def touch(self, url: str, validated_at: float | None = None) -> None:
        """Mark a stored snapshot as fresh again (after a 304 Not Modified)."""
        entry = self.get(url)
        if entry is not None:
            self.put(entry.snapshot, validated_at)


def _holds(path: Path, digest: str) -> bool:
    """Whether the file exists and its bytes still hash to `digest`."""
    try:
        return sha256_hex(path.read_bytes()) == digest
    except OSError:
        return False


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
