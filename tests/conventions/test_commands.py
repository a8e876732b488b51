"""Command modules (generator/commands/) parse arguments, call a stage or the build, and print.
The CLI imports every one of them at start-up to build its parser, so they import the stages
inside run(): `parkaudit --help` loads no stage, and a command loads only what it calls (scoring
loads neither Altair nor MkDocs: tests/score/test_score.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMMANDS = sorted(p for p in (REPO / "generator" / "commands").glob("*.py") if not p.name.startswith("_"))


def top_level_imports_of_ours(path: Path) -> list[str]:
    """`generator…` imports in the module's own body (not inside a function)."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "generator":
            found.append(f"{path.relative_to(REPO)}:{node.lineno} from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [f"{path.relative_to(REPO)}:{node.lineno} import {a.name}" for a in node.names if a.name.split(".")[0] == "generator"]
    return found


def test_command_modules_import_stages_inside_run():
    found = [i for path in COMMANDS for i in top_level_imports_of_ours(path)]
    assert found == [], "\n".join(found)


def test_every_command_module_has_the_cli_interface():
    for path in COMMANDS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert {"NAME", "HELP", "add_arguments", "run"} <= names, path.name


def test_the_cli_starts_without_loading_a_stage_or_a_heavy_library():
    code = (
        "import sys\n"
        "from generator.cli import build_parser\n"
        "build_parser()\n"
        "ours = {'.'.join(m.split('.')[:2]) for m in sys.modules if m.startswith('generator.')} - {'generator.cli', 'generator.commands'}\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'frictionless', 'altair', 'mkdocs', 'openpyxl', 'jinja2', 'yaml'}\n"
        "print(sorted(ours), sorted(heavy))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert res.stdout.strip() == "[] []", res.stdout + res.stderr


def test_the_check_sees_a_top_level_import(tmp_path):
    sample = REPO / "generator" / "commands" / "_probe_for_test.py"
    try:
        sample.write_text("import sys\nfrom generator.validate import validate_paths\n\ndef run(args):\n    from generator.core import TABLES\n", encoding="utf-8")
        assert top_level_imports_of_ours(sample) == ["generator/commands/_probe_for_test.py:2 from generator.validate import …"]
    finally:
        sample.unlink()
