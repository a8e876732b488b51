"""Stages return data or bytes; writing, staging, journalling and publishing are generator/build's
and generator/core/files.py's (and the site engine's and authoring's own outputs). This test looks
for the calls that write in the stages that must not."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PURE_STAGES = ("validate", "compute", "score", "diff", "render", "report")
WRITING_METHODS = {"write_text", "write_bytes", "mkdir", "unlink", "rmdir", "rename", "replace", "touch", "symlink_to", "hardlink_to",
                   "extractall"}  # unpacking an archive (tarfile, zipfile) writes too
WRITING_FUNCTIONS = {("os", "replace"), ("os", "rename"), ("os", "remove"), ("os", "unlink"), ("os", "makedirs"), ("os", "mkdir"),
                     ("shutil", "rmtree"), ("shutil", "move"), ("shutil", "copy"), ("shutil", "copy2"), ("shutil", "copytree"),
                     ("tempfile", "mkdtemp"), ("tempfile", "NamedTemporaryFile"), ("tempfile", "TemporaryDirectory")}


def writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (f.value.id, f.attr) in WRITING_FUNCTIONS:
            found.append(f"{path.relative_to(REPO)}:{node.lineno} {f.value.id}.{f.attr}")
        elif isinstance(f, ast.Attribute) and f.attr in WRITING_METHODS and not (isinstance(f.value, ast.Constant) and isinstance(f.value.value, str)):
            # str.replace is not a write: a call on a string literal, or with 2+ plain arguments
            if f.attr == "replace" and len(node.args) >= 2:
                continue
            found.append(f"{path.relative_to(REPO)}:{node.lineno} .{f.attr}()")
        elif isinstance(f, ast.Name) and f.id == "open":
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+"):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} open(..., {mode.value!r})")
    return found


def test_pure_stages_write_nothing():
    found = [w for stage in PURE_STAGES for path in sorted((REPO / "generator" / stage).rglob("*.py")) for w in writes_in(path)]
    assert found == [], "\n".join(found)


def test_the_check_sees_a_write(tmp_path):
    sample = REPO / "generator" / "render" / "_probe_for_test.py"
    try:
        sample.write_text("from pathlib import Path\nimport shutil\nimport tempfile\n\ndef f(p):\n    Path(p).write_text('x')\n    shutil.rmtree(p)\n    open(p, 'w')\n    'a-b'.replace('-', '')\n"
                          "    with tempfile.TemporaryDirectory() as tmp:\n        tar.extractall(tmp)\n", encoding="utf-8")
        found = writes_in(sample)
    finally:
        sample.unlink()
    assert [w.split(" ", 1)[1] for w in found] == [".write_text()", "shutil.rmtree", "open(..., 'w')", "tempfile.TemporaryDirectory", ".extractall()"]
