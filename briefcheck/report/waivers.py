"""Reviewer decisions in `reviews.yaml`: accept or waive a finding until its words change."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefcheck.errors import SourcesError
from briefcheck.models import Check, to_jsonable
from briefcheck.report.diff import FINDINGS
from briefcheck.settings import REVIEWS_FILE_NAME

_HEADER = (
    "# Reviewer decisions for this brief's findings (briefcheck review).\n"
    "# A decision lapses when the claim's text or the source's evidence changes\n"
    "# (their sha256 below) or after `expires`.\n"
)


class ReviewsError(SourcesError):
    """`reviews.yaml` is unreadable or invalid."""


class _ReviewEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(min_length=1)
    decision: Literal["accept", "waive"]
    reviewer: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    date: dt.date
    expires: dt.date | None = None
    claim_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    evidence_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class _ReviewsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviews: list[_ReviewEntry] = []


@dataclass(frozen=True, slots=True)
class Review:
    """One reviewer decision about one check, pinned to the words it was made on."""

    check: str
    decision: str
    reviewer: str
    reason: str
    date: dt.date
    claim_sha256: str
    evidence_sha256: str | None = None
    expires: dt.date | None = None


def reviews_path(brief_path: str | Path) -> Path:
    """Where the decisions for a brief live: `reviews.yaml` in the brief's folder."""
    return Path(brief_path).with_name(REVIEWS_FILE_NAME)


def _digest(text: str | None) -> str | None:
    """sha256 of text with its whitespace collapsed (re-wrapping a line is not an edit)."""
    if text is None:
        return None
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def claim_hash(check: dict[str, Any]) -> str:
    """Hash of the brief's words a check is about (its claim and the claimed item)."""
    return _digest(check["claim"]["text"] + "\n" + check["claimed"]) or ""


def evidence_hash(check: dict[str, Any]) -> str | None:
    """Hash of the source's words behind a check, or None when there were none."""
    evidence = check.get("evidence")
    return _digest(evidence["text"]) if evidence else None


def _where(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a key path: reviews[2].decision."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_reviews(path: Path) -> tuple[Review, ...]:
    """Every decision in a reviews file (none when it does not exist); bad files raise one line."""
    if not path.exists():
        return ()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReviewsError(f"{path}: cannot read: {reason}") from exc
    try:
        parsed = _ReviewsFile.model_validate(raw or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ReviewsError(f"{path}: {_where(tuple(err['loc']))}: {err['msg']}") from exc
    seen: set[str] = set()
    for i, entry in enumerate(parsed.reviews):
        if entry.check in seen:
            raise ReviewsError(f"{path}: reviews[{i}].check: {entry.check!r} is listed twice")
        seen.add(entry.check)
    return tuple(Review(**e.model_dump()) for e in parsed.reviews)


# The name the pipeline and CLI use: reviewer decisions are waivers of findings.
load_waivers = load_reviews


def _expiry(path: Path, expires: dt.date | str | None) -> dt.date | None:
    """An expiry date from a date or a YYYY-MM-DD string (as typed on the command line)."""
    if expires is None or isinstance(expires, dt.date):
        return expires
    try:
        return dt.date.fromisoformat(expires.strip())
    except ValueError:
        raise ReviewsError(f"{path}: expires: expected YYYY-MM-DD, got {expires!r}") from None


def _lapse_reason(review: Review, check: dict[str, Any], today: dt.date) -> str | None:
    """Why a decision no longer holds for this check, or None while it does."""
    if review.expires is not None and today > review.expires:
        return f"expired on {review.expires.isoformat()}"
    if review.claim_sha256 != claim_hash(check):
        return "the claim's text changed"
    if review.evidence_sha256 != evidence_hash(check):
        return "the source's evidence changed"
    return None


def _review_json(review: Review, lapsed: str | None) -> dict[str, Any]:
    return {
        "decision": review.decision,
        "reviewer": review.reviewer,
        "reason": review.reason,
        "date": review.date.isoformat(),
        "expires": review.expires.isoformat() if review.expires else None,
        "state": "lapsed" if lapsed else "active",
        "lapsed": lapsed,
    }


def apply_waivers(
    report: dict[str, Any], reviews: tuple[Review, ...] | list[Review], today: dt.date
) -> dict[str, Any]:
    """A copy of the report whose findings carry their reviews; active ones are `waived`."""
    out = copy.deepcopy(report)
    by_check = {r.check: r for r in reviews}
    used: set[str] = set()
    for check in out["checks"]:
        review = by_check.get(check["id"])
        check["waived"] = False
        if review is None or check["verdict"] not in FINDINGS:
            continue
        used.add(review.check)
        lapsed = _lapse_reason(review, check, today)
        check["review"] = _review_json(review, lapsed)
        check["waived"] = lapsed is None
    findings = [c for c in out["checks"] if c["verdict"] in FINDINGS]
    out["review"] = {
        "waived": sum(1 for c in findings if c["waived"]),
        "lapsed": sum(1 for c in findings if c.get("review", {}).get("state") == "lapsed"),
        "open": sum(1 for c in findings if not c["waived"]),
        "stale": sorted(set(by_check) - used),
    }
    return out


def apply_reviews(
    report: dict[str, Any], path: Path, today: dt.date | None = None
) -> dict[str, Any]:
    """The report with the decisions in `path` applied (unchanged when there is no such file)."""
    if not path.exists():
        return report
    return apply_waivers(report, load_reviews(path), today or dt.datetime.now(dt.UTC).date())


def open_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Mismatches and not-found checks no active review covers, in report order."""
    return [c for c in report["checks"] if c["verdict"] in FINDINGS and not c.get("waived")]


def exit_code(report: dict[str, Any]) -> int:
    """1 when a finding is open (waived ones excepted), else 0."""
    return 1 if open_findings(report) else 0


def _dump(path: Path, reviews: list[Review]) -> None:
    """Write the reviews file whole, through a temporary file, so a crash leaves the old one."""
    order = ("check", "decision", "reviewer", "reason", "date", "expires", "claim_sha256",
             "evidence_sha256")  # fmt: skip
    # Dates stay date objects so YAML writes them bare (2027-01-31), as a person would type.
    entries = [{k: getattr(r, k) for k in order if getattr(r, k) is not None} for r in reviews]
    body = _HEADER + yaml.safe_dump({"reviews": entries}, sort_keys=False, allow_unicode=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_decision(
    path: Path,
    check: dict[str, Any] | Check,
    decision: str,
    reviewer: str,
    reason: str,
    expires: dt.date | str | None = None,
    today: dt.date | None = None,
) -> Review:
    """Add or replace the decision on one check in a reviews file; return what was stored."""
    data: dict[str, Any] = to_jsonable(check) if isinstance(check, Check) else check
    if decision not in ("accept", "waive"):
        raise ReviewsError(f"{path}: decision: expected 'accept' or 'waive', got {decision!r}")
    if not reviewer.strip() or not reason.strip():
        raise ReviewsError(f"{path}: a decision needs a reviewer and a reason")
    review = Review(
        check=data["id"],
        decision=decision,
        reviewer=reviewer.strip(),
        reason=reason.strip(),
        date=today or dt.date.today(),
        claim_sha256=claim_hash(data),
        evidence_sha256=evidence_hash(data),
        expires=_expiry(path, expires),
    )
    reviews = list(load_reviews(path))
    at = next((i for i, r in enumerate(reviews) if r.check == review.check), len(reviews))
    reviews[at : at + 1] = [review]
    _dump(path, reviews)
    return review
