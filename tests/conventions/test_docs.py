"""Documentation that cannot fall behind the code (in the style of datasette's tests/test_docs.py):
every command is in the README, every environment variable is documented in docs/guide/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator import cli

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
GUIDE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs" / "guide").glob("*.md")))
ENV_NAME = re.compile(r"^(PARKAUDIT_[A-Z0-9_]*[A-Z0-9]|SOURCE_DATE_EPOCH)$")  # not a prefix such as PARKAUDIT_SITE_


def environment_variables(folders) -> dict[str, str]:
    """Every string constant in the code that names one of our environment variables → where."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and ENV_NAME.match(node.value):
                    found.setdefault(node.value, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


COMMANDS = [m.NAME for m in cli._command_modules()]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"parkaudit {re.escape(name)}\b", README), f"README.md does not show `parkaudit {name}`"


def test_the_commands_are_found():
    assert {"build", "validate", "score", "render", "check", "diff", "publish"} <= set(COMMANDS)


def test_every_environment_variable_is_documented():
    found = environment_variables([REPO / "generator", REPO / "scripts", REPO / "tests"])
    assert "PARKAUDIT_JOBS" in found and "SOURCE_DATE_EPOCH" in found  # the scan sees the ones we know
    missing = {name: where for name, where in found.items() if f"`{name}`" not in GUIDE}
    assert missing == {}, f"document these in docs/guide/ (as `NAME`): {missing}"
