"""sources.yaml → reference id → SourceEntry; also writes the skeleton for a new brief."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from briefcheck.errors import SourcesError
from briefcheck.models import Brief, Reference, Relation, SourceEntry
from briefcheck.redact import redact_credentials
from briefcheck.settings import DEFAULT_SOURCES_FILE

_REF_ID = re.compile(r"^\d+[a-z]?$")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    url: str | None = None
    archive: str | None = None
    lang: str | None = None
    note: str | None = None
    relation: Literal["original", "reprint", "proxy", "listing"] | None = None

    @field_validator("url", "archive")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value):
            raise ValueError(f"expected an absolute URL, got {value!r}")
        return value


class _SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    sources: dict[str, _Entry | None] = {}


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-after"))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (expected url, archive, lang, note, relation)"
    elif err["type"].endswith("_type") or err["type"] == "model_type":
        msg = f"{msg}, got {type(err.get('input')).__name__}"
    return f"{loc}: {msg}"


def load_sources(path: Path) -> dict[str, SourceEntry]:
    """Read and validate a sources file; every problem is one SourcesError line naming it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such file (expected a sources.yaml)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesError(f"{path}: cannot read: {err}") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise SourcesError(f"{path}:{where}: YAML error: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourcesError(
            f"{path}: expected a mapping with a 'sources' key, got {type(data).__name__}"
        )
    data = {k: v for k, v in data.items()}
    if isinstance(data.get("sources"), dict):
        data["sources"] = {str(k): v for k, v in data["sources"].items()}
    try:
        parsed = _SourcesFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise SourcesError(f"{path}: {_describe(dict(first))}{more}") from None
    entries: dict[str, SourceEntry] = {}
    for ref, entry in parsed.sources.items():
        if not _REF_ID.match(ref):
            raise SourcesError(f"{path}: sources.{ref}: expected a reference id like '16' or '3a'")
        e = entry or _Entry()
        entries[ref] = SourceEntry(
            ref=ref,
            url=_masked(e.url),
            archive=_masked(e.archive),
            lang=e.lang,
            note=_masked(e.note),
            relation=Relation(e.relation) if e.relation else None,
        )
    return entries


def _masked(value: str | None) -> str | None:
    """A user's URL or note with any credentials in it masked (they are refused anyway)."""
    return redact_credentials(value) if value is not None else None


def sources_beside(brief: Path) -> Path | None:
    """`<stem>.sources.yaml` beside the brief, else `sources.yaml` beside it, else None."""
    for candidate in (brief.with_name(f"{brief.stem}.sources.yaml"), brief.parent / "sources.yaml"):
        if candidate.exists():
            return candidate
    return None


def sources_file_for(
    brief: Path, given: Path | None, *, prefer_beside: bool = False
) -> Path | None:
    """The sources file a brief's run reads: the one rule every command follows.

    `given` (`--sources`) first, else `<stem>.sources.yaml` or `sources.yaml` beside the brief,
    else `./sources.yaml` (which is how the bundled brief finds the root file), else None. In a
    shelf run (`prefer_beside`) a brief's own file beside it wins over the shelf-wide one.
    """
    beside = sources_beside(brief)
    if prefer_beside and beside is not None:
        return beside
    if given is not None:
        return given
    if beside is not None:
        return beside
    return DEFAULT_SOURCES_FILE if DEFAULT_SOURCES_FILE.exists() else None


def resolve_reference(ref: Reference, refs: dict[str, Reference]) -> list[Reference]:
    """The works a reference stands for: itself, or what a back-reference points to."""
    if not ref.points_to:
        return [ref]
    seen: list[Reference] = []
    for target in ref.points_to:
        work = refs.get(target)
        if work is not None and work.id != ref.id and work not in seen:
            seen.append(work)
    return seen


def entry_for(ref: Reference, entries: dict[str, SourceEntry]) -> SourceEntry:
    """The sources.yaml entry for a work, a URL the brief itself gave, or an unresolved one."""
    entry = entries.get(ref.id)
    if entry is not None and entry.url:
        return entry
    if ref.url:
        base = entry or SourceEntry(ref=ref.id, url=None)
        return SourceEntry(
            ref=ref.id,
            url=redact_credentials(ref.url),
            archive=base.archive,
            lang=base.lang,
            note=base.note,
            relation=base.relation,
        )
    return entry or SourceEntry(ref=ref.id, url=None)


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sources_skeleton(brief: Brief, existing: dict[str, SourceEntry] | None = None) -> str:
    """A sources.yaml listing every work the brief cites, its footnote text as a comment."""
    existing = existing or {}
    lines = [
        f"# Sources for {brief.path}: one entry per cited work (reference id → URL).",
        "# url: null means not yet found; the report lists it as unchecked (unresolved).",
        "# Optional keys: archive (fallback copy), lang, note,",
        "# relation (original|reprint|proxy|listing).",
        "sources:",
    ]
    for footnote in brief.footnotes:
        lines.append(f"  # [{footnote.number}] {' '.join(footnote.text.split())}")
        for ref in footnote.references:
            if ref.points_to:
                lines.append(f"  #   {ref.id} points to {', '.join(ref.points_to)}: no URL needed")
                continue
            entry = existing.get(ref.id)
            url = (entry.url if entry else None) or ref.url
            lines.append(f"  {_yaml_str(ref.id)}:")
            lines.append(f"    url: {_yaml_str(url) if url else 'null'}")
            if entry and entry.archive:
                lines.append(f"    archive: {_yaml_str(entry.archive)}")
            if entry and entry.note:
                lines.append(f"    note: {_yaml_str(entry.note)}")
    return "\n".join(lines) + "\n"
