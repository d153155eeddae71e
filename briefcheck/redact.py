"""Credentials in URLs (`http://user:secret@host/`) masked wherever a URL enters briefcheck.

The fetcher refuses such URLs; the masked form still carries a user-info part, so the
refusal still happens and still says why, while reports, logs and task names never hold
the secret. Call `redact_credentials` on any URL or text from a user's file or a server.
"""

from __future__ import annotations

import re

# A scheme, then an authority up to the last "@" before its end (a path, query, fragment or
# space ends it, as urlsplit reads it): everything before that "@" is user information.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^\s/?#]*)@")


def redact_credentials(text: str) -> str:
    """`text` with the user information of every URL in it masked, colons kept.

    Masking keeps the length, so offsets computed on the masked text hold for the original
    layout: `http://ann:s3cret@host/` becomes `http://***:******@host/`.
    """
    return _USERINFO.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    masked = re.sub(r"[^:]", "*", match["userinfo"])
    return f"{match['scheme']}{masked}@"
