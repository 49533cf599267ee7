"""The package's import graph, built statically (``ast`` over every module, relative imports resolved,
imports inside functions counted too), against the rules of ``docs/architecture.md``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "green_procurement"
NAME = "green_procurement"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name a ``from ... import`` names."""
    if node.level == 0:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str) -> Iterator[str]:
    """Every module of the package that ``module`` imports, anywhere in its code."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            yield target
            for alias in node.names:     # from . import batch: a module of the package
                if f"{target}.{alias.name}" in MODULES:
                    yield f"{target}.{alias.name}"


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = set()
        for name in _imports(module):
            # the module itself or the package that holds it (importing a.b runs a/__init__ too)
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith(NAME) and name != module and name != NAME:
                targets.add(name)
        graph[module] = targets
    return graph


GRAPH = _graph()

def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_the_imports_it_must() -> None:
    # the graph is only as good as the parser: relative, nested and function-level imports are seen
    assert "green_procurement.results" in GRAPH["green_procurement.check"]
    assert "green_procurement.io.rows" in GRAPH["green_procurement.io.readers"] or \
        "green_procurement.io.rows" in GRAPH["green_procurement.io.base"]
    assert "green_procurement.engine" in GRAPH["green_procurement.cli"] or any(
        m.startswith("green_procurement.cli.") and "green_procurement.engine" in GRAPH[m] for m in GRAPH)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


#: Imports that go up the pipeline, each allowed in one function only: the design fixes
#: ``Engine.evaluate_frame`` on the engine, and its work is :mod:`green_procurement.frame`'s (above
#: ``check``, ``io`` and ``report``); the method imports it when called.
CALLS_UP = {("green_procurement.engine", "green_procurement.frame"): "evaluate_frame"}


def _functions_importing(module: str, target: str) -> set[str]:
    """Names of the functions of ``module`` whose body imports ``target``, and "<module>" for a
    top-level import."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
            elif isinstance(child, ast.ImportFrom) and target in (
                    _resolve(module, child), *(f"{_resolve(module, child)}.{a.name}" for a in child.names)):
                found.add(where)
            else:
                visit(child, where)

    visit(tree, "<module>")
    return found


def test_no_import_cycle() -> None:
    graph = {m: {t for t in targets if (m, t) not in CALLS_UP} for m, targets in GRAPH.items()}
    assert _cycles(graph) == []


def test_imports_up_the_pipeline_stay_in_their_one_function() -> None:
    for (module, target), function in CALLS_UP.items():
        assert _functions_importing(module, target) == {function}


def _below(module: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(m, t) for m, targets in GRAPH.items() if m == module or m.startswith(module + ".")
            for t in targets if any(t == f or t.startswith(f + ".") for f in forbidden)]


_AFTER_RULES = ("compiler", "_durable", "reference", "projection", "engine", "explain", "io", "report", "batch",
                "check", "cli")


@pytest.mark.parametrize(("package", "forbidden"), [
    # the pipeline: catalogue -> rules -> compiler -> engine -> io -> report -> cli
    # the rule language's kernel knows nothing of a catalogue; its YAML parser checks names against one
    *((f"lang.{m}", ("catalog", "rules", "classify", "enrich", *_AFTER_RULES))
      for m in ("fields", "ops", "ir", "interp")),
    ("lang.parse", ("rules", "classify", "enrich", *_AFTER_RULES)),
    ("catalog", ("rules", "classify", "enrich", *_AFTER_RULES)),
    ("classify", ("rules", "enrich", *_AFTER_RULES)),
    ("rules", _AFTER_RULES),
    ("compiler", ("engine", "explain", "io", "report", "batch", "check", "cli", "_durable", "reference")),
    ("engine", ("explain", "io", "report", "batch", "check", "cli")),
    ("io", ("batch", "check", "engine", "report", "cli")),
    # certificate registries belong to the catalogue; bid settings to the rules; bid comparison to the engine
    ("certificates", ("rules", "classify", "enrich", *_AFTER_RULES)),
    ("bidpolicy", ("rules", *_AFTER_RULES)),
    ("bids", ("engine", "explain", "io", "report", "batch", "check", "cli")),
    ("report", ("batch", "check", "cli")),
    # DataFrames and Dask: above check, io and report; the worker pool and the CLI are above them
    ("frame", ("batch", "cli", "dask")),
    ("dask", ("cli",)),
])
def test_layers(package: str, forbidden: tuple[str, ...]) -> None:
    assert f"{NAME}.{package}" in GRAPH
    assert _below(f"{NAME}.{package}", tuple(f"{NAME}.{f}" for f in forbidden)) == []


def test_no_private_cpython_api() -> None:
    # the json and csv writers as the standard library documents them: no C accelerator made by hand
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("c_make_encoder", "encode_basestring", "encode_basestring_ascii"), module
            if isinstance(node, ast.Import):
                assert not any(a.name in ("_json", "_csv") for a in node.names), module
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module not in ("_json", "_csv", "json.encoder"), module


#: Issue 11: no package module over this many lines (a module that grows past it is split by concern,
#: as catalog.py was into the model and the YAML reading).
MAX_MODULE_LINES = 600


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_600_lines(module: str) -> None:
    lines = MODULES[module].read_text("utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module}: {lines} lines; split it by concern"
