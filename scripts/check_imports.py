#!/usr/bin/env python3
"""Fail on an import that points up the layers or closes a cycle between modules.

Layers, lowest first (a module may import its own app and any lower layer):

    core → agencies → applications / catalog / reports → portal / api

Every import counts, including those inside functions: a function-level import
hides a dependency from Python's start-up, not from the architecture. Imports
under `if TYPE_CHECKING:` do not count (they never run). Why a script and not
import-linter: forty lines of `ast` need no dependency, also see the imports
inside functions, and print the offending line.
Run: python scripts/check_imports.py  (CI: .ci/run)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "gongkai"
LAYERS = [{"core"}, {"agencies"}, {"applications", "catalog", "reports"}, {"portal", "api"}]

# Known debts, each with its way out: (importer, imported) for an edge allowed to point up
# or to close a cycle. (portal and api share a layer, so the API's imports of portal
# modules are not upward; they should still move to applications/ with the API split.)
IGNORED_EDGES: set[tuple[str, str]] = set()  # none left: an exception is listed here, with why


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    app = module.split(".")[1] if module.count(".") else ""
    return next((i for i, apps in enumerate(LAYERS) if app in apps), None)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """All nodes except the bodies of `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_of(path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported gongkai module, line) for every import in the file."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == PACKAGE:
                yield _nearest_known(target, known), node.lineno


def _nearest_known(target: str, known: set[str]) -> str:
    while target not in known and "." in target:
        target = target.rpartition(".")[0]
    return target


def build_graph() -> tuple[dict[str, set[str]], list[str]]:
    files = [p for p in (ROOT / PACKAGE).rglob("*.py") if "migrations" not in p.parts]
    known = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {m: set() for m in known}
    errors = []
    for path in sorted(files):
        me = module_name(path)
        for target, line in imports_of(path, known):
            if target == me or (me, target) in IGNORED_EDGES:
                continue
            graph[me].add(target)
            low, high = layer_of(target), layer_of(me)
            if low is not None and high is not None and low > high:
                where = f"{path.relative_to(ROOT)}:{line}"
                errors.append(f"{where}: {me} (layer {high}) imports {target} (layer {low})")
    return graph, errors


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def main() -> int:
    graph, errors = build_graph()
    errors += ["import cycle: " + " ↔ ".join(c) for c in cycles(graph)]
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} import problem(s); see the layers in docs/architecture.md")
        return 1
    print(f"imports ok: {len(graph)} modules, no cycles, no upward imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
