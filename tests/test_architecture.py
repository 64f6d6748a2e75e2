"""The layout shows the pipeline: every import points down the stages, and nothing loops.

``brochure/`` is one package per stage (README, "Architecture"): the shared core at the
bottom, then loading, checking, the site model, output, the engine (and the CI helpers), the
live preview, the commands and the command line on top. A module may import its own package
and the packages below it, never one above or beside it, and only at the top of the module
(except the optional heavy libraries, loaded where they are used).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "brochure"
# Low to high; a package imports only from lower levels (and from itself).
LEVELS = {
    "core": 0,
    "load": 1,
    "check": 2,
    "site": 3,
    "output": 4,
    "engine": 5,
    "ci": 5,
    "preview": 6,
    "commands": 7,
    "cli": 8,
    "__main__": 9,
}
# Imports deferred to the function that needs them: the optional WeasyPrint (PDFs) and the
# preview's Tornado server, loaded only by the commands that use them.
DEFERRED = {
    ("brochure.engine.workers", "brochure.output.pdf"),
    ("brochure.commands.serve", "brochure.preview"),
    # The commands that build import the engine when they run: every other command
    # (`brochure check` above all) starts without it. (site.model: for annotations only.)
    ("brochure.commands.build", "brochure.engine.build"),
    ("brochure.commands.build", "brochure.output.pdf"),
    ("brochure.commands.build", "brochure.site.model"),
    ("brochure.commands.report", "brochure.engine.build"),
    ("brochure.commands.report", "brochure.engine.report"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def target(name: str) -> str:
    """The project module an import names (``brochure.core.urls``, or the package)."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def imports(path: Path) -> tuple[set[str], set[str]]:
    """The project modules a module imports at its top, and those it imports in functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    inner: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (use brochure.…)"
            module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
        found = {target(n) for n in names if n.startswith("brochure")}
        (top if node in tree.body else inner).update(found)
    return top, inner


def level(module: str) -> int:
    parts = module.split(".")
    return LEVELS[parts[1]] if len(parts) > 1 else -1


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_every_module_is_in_a_stage_package() -> None:
    loose = [name for name in MODULES if name != "brochure" and name.split(".")[1] not in LEVELS]
    assert not loose, f"modules outside the stage packages: {loose}"


def test_imports_point_down_the_stages() -> None:
    wrong = []
    for name, (top, inner) in GRAPH.items():
        package = name.split(".")[:2]
        for other in top | inner:
            same = other.split(".")[:2] == package
            if not same and level(other) >= level(name):
                wrong.append(f"{name} -> {other}")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(sorted(wrong))


def test_imports_are_at_the_top_of_the_module() -> None:
    deferred = {(name, other) for name, (_top, inner) in GRAPH.items() for other in inner}
    assert deferred <= DEFERRED, sorted(deferred - DEFERRED)


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for other in sorted(GRAPH[name][0] | GRAPH[name][1]):
            if other == name or other not in GRAPH:
                continue
            assert state.get(other) != 1, "cycle: " + " -> ".join(
                [*path[path.index(other):], other])
            if other not in state:
                visit(other)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)
