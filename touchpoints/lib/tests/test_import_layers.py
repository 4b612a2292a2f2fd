"""Modules import in one direction. No two modules import each other at load time anywhere in
the project; in the audits and journeys apps and in lib not even through an import hidden inside
a function (a circle is a module holding something that belongs to a third, lower one); and no
API module imports a page module (what both need lives beside the data, not in the views)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the touchpoints package
STRICT = ("touchpoints.audits", "touchpoints.journeys", "touchpoints.lib")


def module_files() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "migrations" in parts or "tests" in parts:
            continue
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = module_files()


def imported(path: Path, *, load_time_only: bool) -> set[str]:
    """The project modules a file imports: at load time (its top-level statements), or anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes: Iterator[ast.AST] = iter(tree.body) if load_time_only else ast.walk(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name in MODULES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other_at_load_time() -> None:
    graph = {name: imported(path, load_time_only=True) - {name} for name, path in MODULES.items()}
    assert circles(graph) == []


@pytest.mark.parametrize("package", STRICT)
def test_no_circle_even_through_imports_inside_functions(package: str) -> None:
    inside = {name: path for name, path in MODULES.items() if name.startswith(package)}
    graph = {name: imported(path, load_time_only=False) & set(inside) - {name} for name, path in inside.items()}
    assert circles(graph) == []


def test_audits_read_journeys_downwards_only() -> None:
    assert not any(
        name.startswith("touchpoints.audits")
        for name in imported(MODULES["touchpoints.audits.integrations"], load_time_only=False)
    )


def test_no_api_module_imports_a_page_module() -> None:
    for name, path in MODULES.items():
        if name.endswith(".api") or ".api." in name:
            pages = {m for m in imported(path, load_time_only=False) if m.endswith(".views") or ".views." in m}
            assert not pages, f"{name} imports {pages}"


def test_a_circle_is_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
