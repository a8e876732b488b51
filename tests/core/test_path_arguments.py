"""An argument that names nothing (a data path, a repository, a cycle, a configuration file that
does not exist) is an unusable argument: exit status 2 and a message in Chinese and English, for
validate, score and diff as for build. Bad data behind a usable argument stays exit status 1."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..csvedit import REPO, copy_data

PARK = "anning-ip"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def parkaudit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=ParkAudit Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
                   cwd=repo, capture_output=True, check=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository with one park's data and indicators.yaml, committed twice."""
    root = tmp_path_factory.mktemp("args") / "repo"
    root.mkdir()
    copy_data(root, parks=(PARK,))
    shutil.copy(REPO / "indicators.yaml", root / "indicators.yaml")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "data")
    _git(root, "commit", "-q", "--allow-empty", "-m", "again")
    return root


CASES = {
    # command line → a word the message must name; "was" says what today's main did, when it was wrong
    "validate nowhere": "nowhere",
    "validate data/nopark": "nopark",
    f"validate data/{PARK}/2030": "2030",
    "validate indicators.yaml": "indicators.yaml",
    "score nowhere": "nowhere",  # was: the message without "parkaudit score: "
    f"score data/{PARK}/2030 --out out": "2030",
    f"score data/{PARK} --indicators missing.yaml --out out": "missing.yaml",  # was: exit status 1
    "diff 2024 2030": "2030",
    "diff 2030 2031": "2030",
    "diff 2024 2025 --data nowhere": "2024",
    "diff 2024 2025 --park nopark": "nopark",
    "diff HEAD~1 HEAD --data nowhere": "nowhere",  # was: exit status 0, "no changes in audit terms"
    "diff HEAD no-such-revision": "no-such-revision",
}


@pytest.mark.parametrize("command", list(CASES))
def test_an_argument_that_names_nothing_is_exit_status_2(repo, command):
    r = parkaudit(*command.split(), cwd=repo)
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr[-500:])
    assert "Traceback" not in r.stderr
    message = r.stderr.strip()
    assert message.startswith(f"parkaudit {command.split()[0]}: "), message
    assert CHINESE.search(message) and re.search(r" / [a-z]", message), f"not in Chinese and English: {message}"
    assert CASES[command] in message
    assert not (repo / "out").exists()


def test_outside_a_repository_diff_of_revisions_is_exit_status_2(tmp_path):
    r = parkaudit("diff", "main", "HEAD", cwd=tmp_path)
    assert r.returncode == 2 and "不是 git 仓库" in r.stderr and "not a git repository" in r.stderr


def test_a_configuration_that_is_there_but_wrong_is_still_exit_status_1(repo, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [\n", encoding="utf-8")
    r = parkaudit("score", f"data/{PARK}", "--indicators", str(bad), "--out", str(tmp_path / "out"), cwd=repo)
    assert r.returncode == 1, r.stderr
