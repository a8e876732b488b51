"""The folder tree is the architecture: the import rules of docs/guide/architecture.md hold."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from . import imports as rules

REPO = Path(__file__).resolve().parents[2]


def test_every_import_follows_the_stage_order():
    problems = rules.violations(rules.all_imports(REPO))
    assert problems == [], "\n".join(problems)


def test_no_import_cycles_between_modules():
    found = rules.cycles(rules.all_imports(REPO))
    assert found == [], "\n".join(" → ".join(c) for c in found)


def test_the_stage_order_itself_has_no_cycle():
    assert rules.stage_order_is_acyclic()


def test_every_folder_of_the_package_is_a_known_stage():
    folders = {p.name for p in (REPO / "generator").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(rules.ALLOWED), folders - set(rules.ALLOWED)


def _fake_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "generator" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


BASE = {
    "__init__.py": "__version__ = '0'\n",
    "core/__init__.py": "from generator.core.paths import TABLES\n",
    "core/paths.py": "TABLES = ()\n",
    "score/__init__.py": "from generator.score.systems import grade\n",
    "score/systems.py": "def grade():\n    pass\n",
    "score/_helper.py": "X = 1\n",
    "render/__init__.py": "",
}


def test_the_checker_refuses_a_score_module_that_imports_render(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "score/bad.py": "def f():\n    from generator.render import charts\n"})
    problems = rules.violations(rules.all_imports(root))
    assert any("score/bad.py:2" in p and "may import" in p and "not render" in p for p in problems), problems


def test_the_checker_refuses_reaching_into_another_folders_module(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "render/page.py": "from generator.score.systems import grade\n"})
    problems = rules.violations(rules.all_imports(root))
    assert any("public names of generator.score" in p for p in problems), problems


def test_the_checker_refuses_private_modules_and_names_across_folders(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "render/page.py": "from generator.score import _helper\nfrom generator.score import _x\n"})
    problems = rules.violations(rules.all_imports(root))
    assert any("_helper.py is private" in p for p in problems), problems
    assert any("_x is private" in p for p in problems), problems


def test_a_folders_init_may_import_its_private_modules(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "score/__init__.py": "from generator.score._helper import X\n"})
    assert rules.violations(rules.all_imports(root)) == []


def test_the_checker_finds_a_cycle(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "score/a.py": "from generator.score import b\n", "score/b.py": "import generator.score.a\n"})
    assert ["generator.score.a", "generator.score.b", "generator.score.a"] in rules.cycles(rules.all_imports(root))


def test_the_checker_accepts_the_allowed_shapes(tmp_path):
    root = _fake_tree(tmp_path, {**BASE, "render/page.py": "from generator import __version__\nfrom generator.core import TABLES\nfrom generator.score import grade\n"})
    assert rules.violations(rules.all_imports(root)) == []
    assert ast.parse((root / "generator" / "render" / "page.py").read_text())
