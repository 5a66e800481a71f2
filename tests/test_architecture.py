"""The package's shape: stages import only downwards, and no modules import each other in a
circle. The layer list below is mirrored in docs/ARCHITECTURE.md; keep the two in step.

The import graph is built with `ast` from every module under pmlint/, imports inside
functions included (they still run, only later); imports under `if TYPE_CHECKING:` never run,
so they do not make cycles, but they still may not reach up a layer. An import inside a
function is allowed only to save start-up time, and must say so in a comment on its line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pmlint"

# Highest first: a module may import modules of its own layer and of the layers below it.
# `pmlint` is the package's own `__init__` (the lazy public API); every other module belongs
# to the longest entry that is its name or a dotted prefix of it.
LAYERS = [
    "pmlint.__main__",
    "pmlint.cli",
    "pmlint",
    "pmlint.api",
    "pmlint.server",
    "pmlint.report",
    "pmlint.fix",
    "pmlint.run",
    "pmlint.config",
    "pmlint.catalog",
    "pmlint.checks",
    "pmlint.index",
    "pmlint.views",
    "pmlint.document",
    "pmlint.store",
    "pmlint.util",
]


@dataclass(frozen=True)
class Import:
    """One import statement of one module, resolved to a module of the package."""

    source: str
    target: str
    line: int
    in_function: bool
    type_checking: bool
    commented: bool


def module_sources(package: Path = PACKAGE) -> dict[str, str]:
    """Every module of the package by dotted name (a package by its `__init__`)."""
    sources = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, modules: Iterable[str]) -> str | None:
    """The longest known module that `name` is or lies inside, or None (not ours)."""
    known = set(modules)
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, source: str, modules: Iterable[str]) -> list[Import]:
    """Every import of a package module in `source`, at any depth, relative ones resolved."""
    known = set(modules)
    lines = source.splitlines()
    is_package = any(m.startswith(module + ".") for m in known) or module == "pmlint"
    found: list[Import] = []

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        base = node.module or ""
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # `from package import module` imports that module; `from module import name`, the module
        return [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names
        ]

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            text = lines[node.lineno - 1]
            for name in targets(node):
                target = _resolve(name, known)
                if target is not None and target != module:
                    commented = "#" in text
                    found.append(
                        Import(module, target, node.lineno, in_function, type_checking, commented)
                    )
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, in_function, True)
            for child in node.orelse:
                visit(child, in_function, type_checking)
            return
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner, type_checking)

    visit(ast.parse(source), False, False)
    return found


def import_graph(sources: Mapping[str, str]) -> list[Import]:
    return [edge for name, text in sources.items() for edge in imports_of(name, text, sources)]


def cycles(edges: Iterable[Import]) -> list[list[str]]:
    """Groups of modules that import each other in a circle (Tarjan's strongly connected
    components of more than one module), at run time: TYPE_CHECKING imports do not count."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if not edge.type_checking:
            graph.setdefault(edge.source, set()).add(edge.target)
            graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:  # recursion depth is bounded by the module count
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def layer_of(module: str, layers: list[str]) -> int | None:
    """Index of the module's layer in `layers` (0 is the highest), or None if unplaced."""
    if module in layers:
        return layers.index(module)
    best = None
    for position, layer in enumerate(layers):
        if (
            "." in layer
            and module.startswith(layer + ".")
            and (best is None or len(layer) > len(layers[best]))
        ):
            best = position
    return best


def upward_imports(edges: Iterable[Import], layers: list[str]) -> list[str]:
    """Imports from a lower layer to a higher one, as `source:line -> target`."""
    wrong = []
    for edge in edges:
        source, target = layer_of(edge.source, layers), layer_of(edge.target, layers)
        if source is not None and target is not None and target < source:
            wrong.append(f"{edge.source}:{edge.line} -> {edge.target}")
    return wrong


def unplaced(modules: Iterable[str], layers: list[str]) -> list[str]:
    return sorted(m for m in modules if layer_of(m, layers) is None)


def uncommented_lazy_imports(edges: Iterable[Import]) -> list[str]:
    return sorted(
        {f"{e.source}:{e.line}" for e in edges if e.in_function and not e.commented},
    )


# -- the package itself -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return import_graph(module_sources())


def test_every_module_has_a_layer() -> None:
    assert unplaced(module_sources(), LAYERS) == []


def test_no_module_imports_itself_in_a_circle(graph: list[Import]) -> None:
    assert cycles(graph) == []


def test_stages_import_only_downwards(graph: list[Import]) -> None:
    assert upward_imports(graph, LAYERS) == []


def test_imports_inside_functions_say_why(graph: list[Import]) -> None:
    """Only for start-up time, with a comment on the line saying so."""
    assert uncommented_lazy_imports(graph) == []


def test_the_layer_list_is_the_one_in_the_architecture_notes() -> None:
    notes = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = notes.split("<!-- layers -->", 2)[1]
    listed = [line.strip(" -`\t") for line in block.splitlines() if line.strip().startswith("-")]
    assert [entry.split("`")[0] for entry in listed] == LAYERS


def test_no_module_is_much_over_400_lines() -> None:
    long = {name: text.count("\n") for name, text in module_sources().items()}
    assert {name: n for name, n in long.items() if n > 420} == {}


# -- the checker, on small made-up packages: it must fail when it should --------------------


SYNTHETIC = {
    "p": "",
    "p.low": "from p import high  # noqa\n",
    "p.high": "import p.low\n",
    "p.mid": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from p.high import X\n"
        "def f():\n"
        "    from .low import thing\n"
        "    from . import high  # lazy for start-up time\n"
    ),
}


def test_the_checker_finds_a_cycle_and_ignores_type_checking_imports() -> None:
    edges = import_graph(SYNTHETIC)
    assert cycles(edges) == [["p.high", "p.low"]]
    typing_only = [e for e in edges if e.type_checking]
    assert [(e.source, e.target) for e in typing_only] == [("p.mid", "p.high")]
    acyclic = [e for e in edges if e.source != "p.low"]
    assert cycles(acyclic) == []


def test_the_checker_resolves_relative_and_function_level_imports() -> None:
    edges = import_graph(SYNTHETIC)
    inside = sorted((e.target, e.commented) for e in edges if e.in_function)
    assert inside == [("p.high", True), ("p.low", False)]
    assert uncommented_lazy_imports(edges) == ["p.mid:5"]


def test_the_checker_finds_an_upward_import_even_inside_a_function() -> None:
    edges = import_graph(SYNTHETIC)
    layers = ["p.high", "p.mid", "p.low"]
    assert upward_imports(edges, layers) == [
        "p.low:1 -> p.high",
        "p.mid:3 -> p.high",
        "p.mid:6 -> p.high",
    ]
    assert upward_imports(edges, ["p.low", "p.mid", "p.high"]) == [
        "p.high:1 -> p.low",
        "p.mid:5 -> p.low",
    ]
    assert unplaced(SYNTHETIC, layers) == ["p"]
