"""The import rules of generator/ (docs/guide/architecture.md), as a function the tests call.

A module's stage is its folder under generator/. Each stage may import the stages listed in
ALLOWED, and only their public names: `from generator.<stage> import name` (the folder's
`__init__`), never `generator.<stage>.<module>`. Modules named `_x.py` are private to their folder.
Every import counts, the ones inside functions too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "generator"

# stage → the stages it may import (besides itself and the top-level `generator` package)
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "validate": {"core"},
    "compute": {"core"},
    "score": {"core", "compute"},
    "diff": {"core", "validate", "score"},
    "render": {"core", "validate", "score", "diff"},
    "report": {"core", "validate", "score", "diff", "render"},
    "site": {"core"},
    "authoring": {"core", "validate"},
    "build": {"core", "validate", "compute", "score", "diff", "render", "report", "site", "authoring"},
    "commands": {"core", "validate", "compute", "score", "diff", "render", "report", "site", "authoring", "build"},
    "cli": {"commands"},
}
# what the top-level package may be imported for (its version string), from anywhere
TOP_LEVEL_NAMES = {"__version__"}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    file: str
    line: int
    target: str  # dotted module imported (for `from X import y`: X, or X.y when y is a module)
    names: tuple[str, ...]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1:
        return "top"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1]


def names_bound_by(init: Path) -> set[str]:
    if not init.is_file():
        return set()
    tree = ast.parse(init.read_text(encoding="utf-8"))
    return {(a.asname or a.name) for node in tree.body if isinstance(node, ast.ImportFrom) for a in node.names}


def imports_of(path: Path, root: Path) -> list[Import]:
    module = module_name(path, root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(root).as_posix()
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    out.append(Import(module, rel, node.lineno, alias.name, ()))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                continue
            names = tuple(a.name for a in node.names)
            # `from generator import core` imports the module generator.core, unless the package's
            # __init__ binds that name itself (`from generator.build import publish`: a function)
            bound = names_bound_by(root / Path(*target.split(".")) / "__init__.py")
            modules = [n for n in names if n not in bound and ((root / Path(*target.split("."), n)).is_dir() or (root / Path(*target.split("."), n + ".py")).is_file())]
            for n in modules:
                out.append(Import(module, rel, node.lineno, f"{target}.{n}", ()))
            rest = tuple(n for n in names if n not in modules)
            if rest or not modules:
                out.append(Import(module, rel, node.lineno, target, rest))
    return out


def all_imports(root: Path) -> list[Import]:
    return [i for path in sorted((root / PACKAGE).rglob("*.py")) for i in imports_of(path, root)]


def violations(imports: list[Import]) -> list[str]:
    problems = []
    for imp in imports:
        src, dst = stage_of(imp.importer), stage_of(imp.target)
        where = f"{imp.file}:{imp.line}: {imp.importer} imports {imp.target}"
        if dst is None:
            continue
        if dst == "top":
            if not set(imp.names) <= TOP_LEVEL_NAMES:
                problems.append(f"{where}: only {sorted(TOP_LEVEL_NAMES)} may be imported from the top-level package")
            continue
        leaf = imp.target.split(".")[-1]
        folder = imp.target.rsplit(".", 1)[0]
        # the folder's own modules, its __init__ (named as the folder) and its subfolders may import it
        if leaf.startswith("_") and not leaf.startswith("__") and folder != imp.importer.rsplit(".", 1)[0] \
                and imp.importer != folder and not imp.importer.startswith(folder + "."):
            problems.append(f"{where}: {leaf}.py is private to its folder")
        if src == dst:
            continue
        if dst not in ALLOWED.get(src, set()):
            allowed = ", ".join(sorted(ALLOWED.get(src, set()))) or "nothing of ours"
            problems.append(f"{where}: the {src} stage may import {allowed}, not {dst}")
        elif imp.target != f"{PACKAGE}.{dst}":
            problems.append(f"{where}: import the public names of {PACKAGE}.{dst} (its __init__), not its module {imp.target}")
        elif any(n.startswith("_") for n in imp.names):
            problems.append(f"{where}: {', '.join(n for n in imp.names if n.startswith('_'))} is private")
    return problems


def cycles(imports: list[Import]) -> list[list[str]]:
    """Import cycles between modules (an import of a package counts as one of its __init__)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.target != imp.importer:
            graph.setdefault(imp.importer, set()).add(imp.target)
    found, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def stage_order_is_acyclic() -> bool:
    seen, done = set(), set()

    def visit(s):
        if s in done:
            return True
        if s in seen:
            return False
        seen.add(s)
        ok = all(visit(t) for t in ALLOWED.get(s, ()))
        done.add(s)
        return ok

    return all(visit(s) for s in ALLOWED)
