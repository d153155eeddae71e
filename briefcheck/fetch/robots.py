"""robots.txt read as RFC 9309 says: our group (else `*`), longest match wins, allow breaks ties.

Python's urllib.robotparser takes the first matching rule instead, so `Allow: /` above
`Disallow: /private/` would let us into /private/; sites write their files for the RFC's
(and Google's) reading.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Rule:
    """One Allow or Disallow line: its path pattern and whether it allows."""

    pattern: str
    allow: bool

    def matches(self, path: str) -> bool:
        return _compile(self.pattern).match(path) is not None


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules that apply to one user agent, and its Crawl-delay if any."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None

    def allows(self, url: str) -> bool:
        """Whether the URL may be fetched: the longest matching pattern decides."""
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if not rule.matches(path):
                continue
            longer = best is None or len(rule.pattern) > len(best.pattern)
            tie_allow = best is not None and len(rule.pattern) == len(best.pattern) and rule.allow
            if longer or tie_allow:
                best = rule
        return best is None or best.allow


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules for `agent` (its product token, case-insensitive), else those for `*`."""
    groups: list[tuple[list[str], list[Rule], list[float]]] = []
    in_agents = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if not in_agents:
                groups.append(([], [], []))
            groups[-1][0].append(value.lower())
            in_agents = True
            continue
        in_agents = False
        if not groups:
            continue
        if key in ("allow", "disallow") and value:
            groups[-1][1].append(Rule(value, key == "allow"))
        elif key == "crawl-delay":
            with contextlib.suppress(ValueError):
                groups[-1][2].append(float(value))
    token = agent.lower()
    mine = [g for g in groups if token in g[0]] or [g for g in groups if "*" in g[0]]
    rules = tuple(rule for g in mine for rule in g[1])
    delays = [d for g in mine for d in g[2]]
    return RobotsRules(rules, max(delays) if delays else None)


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    """A path pattern as a regex: `*` is any run of characters, a final `$` ends the path."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))
