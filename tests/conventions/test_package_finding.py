"""Packages are found one way: generator/core/paths.py (package_folders for PATH arguments,
discover_packages for a data root, park_ids and park_cycles). No other module globs for
datapackage.json, so that validate, score, diff, new-cycle and the build cannot disagree about
which folders are packages."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FINDER = Path("generator/core/paths.py")


def package_globs(path: Path, root: Path = REPO) -> list[str]:
    """Calls of .glob()/.rglob()/.iglob() whose pattern names datapackage.json (literally or as
    DESCRIPTOR)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("glob", "rglob", "iglob") and node.args:
            pattern = node.args[0]
            names = {n.id for n in ast.walk(pattern) if isinstance(n, ast.Name)}
            texts = [n.value for n in ast.walk(pattern) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if "DESCRIPTOR" in names or any("datapackage.json" in t for t in texts):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_only_core_paths_globs_for_packages():
    found = [g for path in sorted((REPO / "generator").rglob("*.py")) if path.relative_to(REPO) != FINDER for g in package_globs(path)]
    assert found == [], "find packages with generator.core (package_folders, discover_packages, park_cycles):\n" + "\n".join(found)


def test_the_check_sees_a_package_glob(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from generator.core import DESCRIPTOR\n\n"
        "def cycles(park):\n"
        "    return [d.parent.name for d in park.glob(f'*/{DESCRIPTOR}')]\n\n"
        "def have(data):\n"
        "    return {d.parent.name for d in data.glob('*/*/datapackage.json')}\n\n"
        "def results(root):\n"
        "    return sorted(root.glob('*/*/score.json'))\n",
        encoding="utf-8",
    )
    assert package_globs(sample, tmp_path) == ["sample.py:4", "sample.py:7"]
    assert package_globs(REPO / FINDER), "core/paths.py itself globs for packages"
