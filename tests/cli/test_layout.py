"""The package's import graph: no cycles, and the CLI is a leaf nothing imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "briefcheck"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str) -> set[str]:
    """Package modules a module imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("briefcheck")}


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in _imports(path, name) if m in files} - {name}
        for name, path in files.items()
    }


def test_nothing_imports_the_cli():
    """Only `python -m briefcheck` (the package's `__main__`, which nothing imports) may."""
    importers = {
        name
        for name, deps in _graph().items()
        if not name.startswith("briefcheck.cli")
        and any(d.startswith("briefcheck.cli") for d in deps)
    }
    assert importers <= {"briefcheck.__main__"}
    assert not any("briefcheck.__main__" in deps for deps in _graph().values())


def test_the_import_graph_has_no_cycle():
    graph = _graph()
    # A parent package's __init__ re-exporting its modules is not a cycle through them.
    for name in graph:
        graph[name] = {d for d in graph[name] if not name.startswith(d + ".")}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_flows_hold_only_prefect_flows_and_tasks():
    flows = {p.stem for p in (PACKAGE / "flows").glob("*.py")}
    assert flows == {"__init__", "apiserver", "busy", "deploy", "env", "tasks", "verify"}


def test_the_command_line_starts_without_readers_fetchers_spacy_or_prefect():
    """`import briefcheck.cli` stays light: bad input fails fast, `--help` answers at once.

    Each of these is imported where it is used (`briefcheck.extractors`, `.fetch`, `.parse`
    and `.report` resolve their names lazily); an eager import would cost every command.
    """
    import subprocess
    import sys

    heavy = ["requests", "urllib3", "bs4", "trafilatura", "htmldate", "lxml", "pypdf",
             "pdfminer", "warcio", "spacy", "prefect", "briefcheck.fetch.client",
             "briefcheck.extractors.brief", "briefcheck.parse.source",
             "briefcheck.report.html"]  # fmt: skip
    code = f"import sys, briefcheck.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
