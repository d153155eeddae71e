"""The end-to-end brief's pages on a local server, and the sources file pointing at them."""

from __future__ import annotations

from pathlib import Path

from tests.support import e2e_pages as pages
from tests.support.localserver import Route

ROOT = Path(__file__).resolve().parents[2]
E2E_DATA = ROOT / "tests" / "e2e" / "data"
E2E_BRIEF = E2E_DATA / "brief.txt"

ROUTES = {
    "/news/summit": Route(body=pages.SUPPORTS),
    "/farm/plan": Route(body=pages.CHANGED),
    "/herald/opposition": Route(body=pages.LACKS),
    "/wire/memo": Route(status=404, body="<h1>Not found</h1>"),
    "/review/trust": Route(body=pages.PAYWALL),
}
PATHS = {
    "1": "/news/summit",
    "2": "/farm/plan",
    "3": "/herald/opposition",
    "4": "/wire/memo",
    "5": "/review/trust",
}


def write_sources(folder: Path, base: str) -> Path:
    """A sources.yaml in `folder` mapping the brief's five references to `base` + path."""
    lines = ["sources:"] + [f'  "{ref}": {{url: "{base}{path}"}}' for ref, path in PATHS.items()]
    path = folder / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
