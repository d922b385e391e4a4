"""The package's shape: imports point down the pipeline and never come back round.

Every `import` of the package's own modules is read from the source (at any depth, lazy
imports inside functions included): a new import cycle, or an import that climbs back up
the pipeline (a rule reaching into the pipeline, the parser into the rules), fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "roadmap_lint"
SOURCE = Path(__file__).resolve().parent.parent / "src" / PACKAGE

# What each part may import from the package, besides itself. The root module (version and
# library API) imports the pipeline; the plain shared data (model, errors, urls, version) is
# everyone's.
SHARED = {"model", "errors", "urls", "version"}
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "urls": set(),
    "version": set(),
    "markdown": SHARED,
    "net": SHARED,
    "config": SHARED | {"net"},
    "fix": SHARED | {"markdown"},
    "rules": SHARED | {"markdown", "fix"},
    "store": SHARED,
    "reporters": SHARED | {"rules"},
    "pipeline": SHARED | {"markdown", "net", "config", "fix", "rules", "store"},
    "cli": SHARED | {"pipeline", "config", "reporters", "rules"},
    "__main__": {"cli"},
    "": SHARED | {"pipeline", "config"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in SOURCE.rglob("*.py")}


def _imported(module: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The package's modules this module imports (a name that is a module counts as one)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith(PACKAGE))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            if base != PACKAGE and not base.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {
        module: {target for target in _imported(module, path, known) if target != module}
        for module, path in known.items()
    }


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_is_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_imports_point_down_the_pipeline() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _part(target) != _part(module) and _part(target) not in MAY_IMPORT[_part(module)]
    )
    assert wrong == []


def test_the_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_every_part_of_the_package_is_placed() -> None:
    assert {_part(module) for module in _modules()} <= set(MAY_IMPORT)
