"""Reviewer decisions in `reviews.yaml`: accept or waive a finding until its words change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefcheck.errors import SourcesError
from briefcheck.models import Check
from briefcheck.report.model import (
    CheckReview,
    Decision,
    Report,
    ReportCheck,
    ReviewState,
    ReviewTally,
)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """One reviewer decision about one check, pinned to the words it was made on."""

    check: str
    decision: Decision
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


def claim_hash(check: Check) -> str:
    """Hash of the brief's words a check is about (its claim and the claimed item)."""
    return _digest(check.claim.text + "\n" + check.claimed) or ""


def evidence_hash(check: Check) -> str | None:
    """Hash of the source's words behind a check, or None when there were none."""
    return _digest(check.evidence.text) if check.evidence else None


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
    return tuple(
        Review(**{**e.model_dump(), "decision": Decision(e.decision)}) for e in parsed.reviews
    )


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


def _lapse_reason(review: Review, check: Check, today: dt.date) -> str | None:
    """Why a decision no longer holds for this check, or None while it does."""
    if review.expires is not None and today > review.expires:
        return f"expired on {review.expires.isoformat()}"
    if review.claim_sha256 != claim_hash(check):
        return "the claim's text changed"
    if review.evidence_sha256 != evidence_hash(check):
        return "the source's evidence changed"
    return None


def _check_review(review: Review, lapsed: str | None) -> CheckReview:
    return CheckReview(
        decision=review.decision,
        reviewer=review.reviewer,
        reason=review.reason,
        date=review.date.isoformat(),
        expires=review.expires.isoformat() if review.expires else None,
        state=ReviewState.LAPSED if lapsed else ReviewState.ACTIVE,
        lapsed=lapsed,
    )


def _reviewed(check: ReportCheck, review: Review | None, today: dt.date) -> ReportCheck:
    """The check with its review attached; `waived` while an active review covers it."""
    if review is None or not check.is_finding:
        return dataclasses.replace(check, waived=False)
    lapsed = _lapse_reason(review, check, today)
    return dataclasses.replace(check, review=_check_review(review, lapsed), waived=lapsed is None)


def apply_waivers(report: Report, reviews: Sequence[Review], today: dt.date) -> Report:
    """The report whose findings carry their reviews; active ones are `waived`."""
    by_check = {r.check: r for r in reviews}
    checks = tuple(_reviewed(c, by_check.get(c.id), today) for c in report.checks)
    used = {c.id for c in checks if c.review is not None}
    findings = [c for c in checks if c.is_finding]
    tally = ReviewTally(
        waived=sum(1 for c in findings if c.waived),
        lapsed=sum(1 for c in findings if c.review and c.review.state is ReviewState.LAPSED),
        open=sum(1 for c in findings if not c.waived),
        stale=tuple(sorted(set(by_check) - used)),
    )
    return dataclasses.replace(report, checks=checks, review=tally)


def apply_reviews(report: Report, path: Path, today: dt.date | None = None) -> Report:
    """The report with the decisions in `path` applied (unchanged when there is no such file)."""
    if not path.exists():
        return report
    return apply_waivers(report, load_reviews(path), today or dt.datetime.now(dt.UTC).date())


def open_findings(report: Report) -> list[ReportCheck]:
    """Mismatches and not-found checks no active review covers, in report order."""
    return report.open_findings()


def exit_code(report: Report) -> int:
    """1 when a finding is open (waived ones excepted), else 0."""
    return 1 if report.open_findings() else 0


def _plain(value: object) -> object:
    """A value as YAML writes it plainly (an enum by its value)."""
    return value.value if isinstance(value, Decision) else value


def _dump(path: Path, reviews: list[Review]) -> None:
    """Write the reviews file whole, through a temporary file, so a crash leaves the old one."""
    order = ("check", "decision", "reviewer", "reason", "date", "expires", "claim_sha256",
             "evidence_sha256")  # fmt: skip
    # Dates stay date objects so YAML writes them bare (2027-01-31), as a person would type.
    entries = [
        {k: _plain(getattr(r, k)) for k in order if getattr(r, k) is not None} for r in reviews
    ]
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
    check: Check,
    decision: Decision | str,
    reviewer: str,
    reason: str,
    expires: dt.date | str | None = None,
    today: dt.date | None = None,
) -> Review:
    """Add or replace the decision on one check in a reviews file; return what was stored."""
    try:
        chosen = Decision(decision)
    except ValueError:
        valid = " or ".join(repr(d.value) for d in Decision)
        raise ReviewsError(f"{path}: decision: expected {valid}, got {decision!r}") from None
    if not reviewer.strip() or not reason.strip():
        raise ReviewsError(f"{path}: a decision needs a reviewer and a reason")
    review = Review(
        check=check.id,
        decision=chosen,
        reviewer=reviewer.strip(),
        reason=reason.strip(),
        date=today or dt.date.today(),
        claim_sha256=claim_hash(check),
        evidence_sha256=evidence_hash(check),
        expires=_expiry(path, expires),
    )
    reviews = list(load_reviews(path))
    at = next((i for i, r in enumerate(reviews) if r.check == review.check), len(reviews))
    reviews[at : at + 1] = [review]
    _dump(path, reviews)
    return review
