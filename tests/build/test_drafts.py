"""A half-entered next cycle is a draft: it blocks no build, check, diff or publication of the final
cycles, never reaches the public site, and becomes final only once it validates."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator import cli
from generator.build import build, stale_outputs, tree_bytes
from generator.core import STATUS_KEY, is_draft

PARK, DRAFT_CYCLE = "anning-ip", "2026"


@pytest.fixture
def project(demo_build, tmp_path, monkeypatch):
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True)
    monkeypatch.chdir(p)
    assert cli.main(["new-cycle", PARK, DRAFT_CYCLE]) == 0  # required yearly figures left empty
    return p


def test_new_cycle_makes_a_draft_that_does_not_validate_yet(project, capsys):
    folder = project / "data" / PARK / DRAFT_CYCLE
    assert is_draft(folder)
    capsys.readouterr()
    assert cli.main(["validate", str(folder)]) == 0  # shown, not failing
    out = capsys.readouterr().out
    assert "草稿 DRAFT anning-ip/2026" in out and "ERROR" in out


def test_a_draft_blocks_neither_build_nor_check_nor_diff_and_is_not_published(project, demo_build, capsys):
    summary = build(project, site_dir=project / "site")
    assert summary.drafts is not None and summary.drafts.has_errors  # the clerk sees what is missing
    for name in ("results", "docs/reports"):
        assert tree_bytes(project / name) == tree_bytes(demo_build.project / name), name
    assert not (project / "results" / PARK / DRAFT_CYCLE).exists()
    site_text = b"".join(tree_bytes(project / "site" / "reports").values()).decode("utf-8", "replace")
    assert "2025 年度" in site_text and "2026 年度" not in site_text and "2026年度" not in site_text
    assert stale_outputs(project) == []
    capsys.readouterr()
    assert cli.main(["build", "--repo", str(project)]) == 0
    assert "草稿 draft anning-ip/2026" in capsys.readouterr().out
    assert cli.main(["build", "--repo", str(project), "--cycle", "2025"]) == 0
    assert cli.main(["build", "--repo", str(project), "--cycle", DRAFT_CYCLE]) == 2  # a draft cycle cannot be built
    assert "drafts" in capsys.readouterr().err
    assert cli.main(["diff", "2024", "2025"]) == 0


def test_a_draft_does_not_block_publishing_the_final_cycle(project):
    def git(*args):
        return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "data with a draft")
    assert cli.main(["publish", "2025"]) == 0
    published = git("ls-tree", "-r", "--name-only", "gh-pages")
    assert "2025/reports/anning-ip/index.html" in published and "2026/" not in published


def test_finalise_refuses_an_incomplete_draft_and_accepts_a_complete_one(project, capsys):
    folder = project / "data" / PARK / DRAFT_CYCLE
    before = (folder / "datapackage.json").read_bytes()
    assert cli.main(["finalise", PARK, DRAFT_CYCLE]) == 1
    err = capsys.readouterr().err
    assert "stays a draft" in err and "ERROR" in err
    assert (folder / "datapackage.json").read_bytes() == before
    # a complete cycle: the previous cycle's tables, with this cycle's year
    shutil.rmtree(folder)
    shutil.copytree(project / "data" / PARK / "2025", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor[STATUS_KEY] = "draft"
    descriptor["parkaudit:cycle"] = DRAFT_CYCLE
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    park = (folder / "park.csv").read_text(encoding="utf-8").replace(",2025,", ",2026,")
    (folder / "park.csv").write_text(park, encoding="utf-8")
    assert cli.main(["validate", str(folder)]) == 0
    assert "ERROR" not in capsys.readouterr().out, "the completed draft should validate"
    assert cli.main(["finalise", PARK, DRAFT_CYCLE]) == 0
    assert not is_draft(folder)
    assert cli.main(["finalise", PARK, DRAFT_CYCLE]) == 2  # final already


def test_a_draft_is_known_however_its_descriptor_spells_the_key(tmp_path):
    """is_draft skips parsing a descriptor whose bytes cannot hold the key; one that spells it with
    JSON escapes is still a draft, and a descriptor that is not a regular file is not one (and does
    not block the build as a FIFO would)."""
    import os

    folder = tmp_path / "p"
    folder.mkdir()
    descriptor = folder / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": []}), encoding="utf-8")
    assert not is_draft(folder)
    descriptor.write_text(json.dumps({"name": "p", STATUS_KEY: "draft"}), encoding="utf-8")
    assert is_draft(folder)
    escaped = json.dumps({"name": "p", STATUS_KEY: "draft"}, ensure_ascii=True).replace(":status", "\\u003astatus")
    assert STATUS_KEY not in escaped
    descriptor.write_text(escaped, encoding="utf-8")
    assert json.loads(escaped)[STATUS_KEY] == "draft" and is_draft(folder)
    descriptor.write_text(json.dumps({"name": "p", "description": f"not {STATUS_KEY}"}), encoding="utf-8")
    assert not is_draft(folder)  # the key's name in a value: parsed, and not a draft
    descriptor.unlink()
    os.mkfifo(descriptor)
    assert not is_draft(folder)
