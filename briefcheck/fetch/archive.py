"""Archived copies: dates from Wayback-style URLs, and the Wayback CDX index lookup."""

from __future__ import annotations

import ipaddress
import json
import re
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

_WAYBACK_STAMP = re.compile(r"/web/(\d{4,14})(?:[a-z]{2}_)?/")


# Names that never reach the public web, so no public archive holds them (RFC 2606, 6761, 8375).
_PRIVATE_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".test",
    ".invalid",
    ".example",
    ".lan",
    ".home.arpa",
)


def wayback_could_have(url: str) -> bool:
    """False for URLs a public archive cannot hold: private addresses and private names."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(_PRIVATE_SUFFIXES):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return True


def archived_at_from_url(url: str) -> str | None:
    """The capture time in a Wayback-style URL (`/web/20220908123456/…`) as ISO-8601.

    The precision follows the digits given: `/web/2022/` is "2022", a full stamp is a
    UTC timestamp; None when the URL carries no stamp.
    """
    match = _WAYBACK_STAMP.search(url)
    return stamp_to_iso(match.group(1)) if match else None


def stamp_to_iso(stamp: str) -> str | None:
    """A 4–14 digit Wayback timestamp as ISO-8601 at the precision it has."""
    digits = stamp[:14]
    try:
        if len(digits) >= 14:
            parsed = datetime.strptime(digits, "%Y%m%d%H%M%S")
            return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
        if len(digits) >= 8:
            return datetime.strptime(digits[:8], "%Y%m%d").date().isoformat()
        if len(digits) >= 6:
            return datetime.strptime(digits[:6], "%Y%m").strftime("%Y-%m")
        return digits[:4]
    except ValueError:
        return None


def hint_to_stamp(date_hint: str | None) -> str | None:
    """A footnote date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as a Wayback timestamp prefix."""
    if not date_hint:
        return None
    digits = re.sub(r"\D", "", date_hint)[:8]
    return digits if len(digits) in (4, 6, 8) else None


def cdx_query_url(cdx_url: str, url: str, date_hint: str | None) -> str:
    """The CDX API query for captures of `url`, closest first to the footnote's date."""
    params = {
        "url": url,
        "output": "json",
        "fl": "timestamp,original,statuscode,mimetype",
        "limit": "10",
    }
    stamp = hint_to_stamp(date_hint)
    if stamp:
        params.update({"closest": stamp.ljust(14, "0"), "sort": "closest"})
    return f"{cdx_url}?{urlencode(params)}"


def pick_capture(cdx_json: str, date_hint: str | None, snapshot_prefix: str) -> str | None:
    """The raw-bytes snapshot URL of the usable capture nearest the date; None if none.

    Captures whose archived status is not 200 (archived 404s, redirects) are rejected.
    """
    try:
        rows = json.loads(cdx_json) if cdx_json.strip() else []
    except ValueError:
        return None
    if not isinstance(rows, list) or len(rows) < 2:
        return None
    header, *captures = rows
    try:
        at = {name: header.index(name) for name in ("timestamp", "original", "statuscode")}
    except (ValueError, AttributeError):
        return None
    usable = [row for row in captures if str(row[at["statuscode"]]) == "200"]
    if not usable:
        return None
    target = _hint_date(date_hint)
    if target is not None:
        usable.sort(key=lambda row: abs((_stamp_date(row[at["timestamp"]]) - target).days))
    best = usable[0]
    return f"{snapshot_prefix}{best[at['timestamp']]}id_/{best[at['original']]}"


def _hint_date(date_hint: str | None) -> date | None:
    stamp = hint_to_stamp(date_hint)
    return _stamp_date(stamp) if stamp else None


def _stamp_date(stamp: str) -> date:
    """The day a (possibly partial) timestamp names; missing month or day count as the 1st."""
    year, month, day = int(stamp[:4]), int(stamp[4:6] or 1), int(stamp[6:8] or 1)
    month = min(max(month, 1), 12)
    try:
        return date(year, month, max(day, 1))
    except ValueError:
        return date(year, month, 28)
