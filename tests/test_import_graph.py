"""The shape of the house, checked from the source: the engine imports only itself and the
models, and no two modules import each other, directly or round a circle.

Every import counts: at the top of a module, inside a function (a lazy import), and under
``TYPE_CHECKING`` (an arrow a reader follows all the same).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = "diplomacy_game"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# What the engine may import from the package besides itself (DESIGN: "engine/ imports nothing
# from any other folder of the package but model/").
ENGINE_MAY_IMPORT = (f"{PACKAGE}.engine", f"{PACKAGE}.model")


def package_sources(root: Path = ROOT) -> dict[str, str]:
    """Each module of the package by dotted name (a package by its own name), with its source."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path.read_text(encoding="utf-8")
    return out


def _imported(module: str, source: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """The package's modules that ``module`` imports anywhere in its source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base != PACKAGE and not base.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if sub in known else base


def import_graph(sources: Mapping[str, str], packages: set[str]) -> dict[str, set[str]]:
    """module -> the package's modules it imports (``from pkg import sub`` is an arrow to
    the module ``pkg.sub``; ``from pkg import name`` one to ``pkg``)."""
    known = set(sources)
    return {
        module: set(_imported(module, source, module in packages, known)) - {module}
        for module, source in sources.items()
    }


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a circle (Tarjan's strongly
    connected components of more than one module), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def upward_from_engine(graph: Mapping[str, set[str]]) -> list[str]:
    """Each arrow from an engine module to a module outside the engine and the models."""
    out = []
    for module in sorted(graph):
        if module == f"{PACKAGE}.engine" or module.startswith(f"{PACKAGE}.engine."):
            for target in sorted(graph[module]):
                if not any(target == ok or target.startswith(ok + ".") for ok in ENGINE_MAY_IMPORT):
                    out.append(f"{module} imports {target}")
    return out


def _package_graph() -> dict[str, set[str]]:
    sources = package_sources()
    packages = {m for m in sources if (ROOT.parent / m.replace(".", "/") / "__init__.py").is_file()}
    return import_graph(sources, packages)


def test_the_engine_imports_only_itself_and_the_models():
    assert upward_from_engine(_package_graph()) == []


def test_no_module_imports_round_a_circle():
    assert cycles(_package_graph()) == []


def test_the_graph_sees_every_kind_of_import():
    """The checks above would pass on a graph that missed imports; this one shows they see
    top-level, lazy, relative and TYPE_CHECKING imports, and report what they should."""
    sources = {
        "diplomacy_game": "",
        "diplomacy_game.engine": "",
        "diplomacy_game.engine.turn": (
            "from typing import TYPE_CHECKING\n"
            "from . import rules\n"
            "if TYPE_CHECKING:\n    from diplomacy_game.content.compiler import Thing\n"
        ),
        "diplomacy_game.engine.rules": "from diplomacy_game.model.content import Sector\n",
        "diplomacy_game.content": "from diplomacy_game.content.compiler import build\n",
        "diplomacy_game.content.compiler": (
            "from diplomacy_game.engine import rules\n"
            "def later():\n    from diplomacy_game.content import validator\n"
        ),
        "diplomacy_game.content.validator": "import diplomacy_game.content.compiler\n",
        "diplomacy_game.model": "",
        "diplomacy_game.model.content": "import numpy\n",
    }
    packages = {"diplomacy_game", "diplomacy_game.engine", "diplomacy_game.content"}
    packages.add("diplomacy_game.model")
    graph = import_graph(sources, packages)
    assert graph["diplomacy_game.engine.turn"] == {
        "diplomacy_game.engine.rules",
        "diplomacy_game.content.compiler",
    }
    assert graph["diplomacy_game.model.content"] == set()
    assert upward_from_engine(graph) == [
        "diplomacy_game.engine.turn imports diplomacy_game.content.compiler"
    ]
    assert cycles(graph) == [
        ["diplomacy_game.content.compiler", "diplomacy_game.content.validator"]
    ]
