"""A build validates, scores and renders each park in one go (generator/park_job.py). It must give
exactly what the separate stages give: `parkaudit validate`'s findings, `parkaudit score`'s
results and `parkaudit render`'s pages, read back from results/."""

from __future__ import annotations

import shutil

import pytest

from generator.cli import main
from generator.pipeline import BuildError, build, tree_bytes
from generator.validate import validate_paths

from .csvedit import set_cell
from .sitebuild import copy_project


def test_a_build_equals_the_stages_run_one_after_another(tmp_path, monkeypatch):
    fused = copy_project(tmp_path / "fused")
    staged = tmp_path / "staged"
    shutil.copytree(fused, staged)  # copy_project copies neither results/ nor docs/reports/

    build(fused, with_site=False, incremental=False)
    assert not list(fused.glob(".parkaudit-incoming-*"))  # the results' staging folder is gone
    monkeypatch.chdir(staged)
    assert main(["score", "data", "--out", "results"]) == 0
    assert main(["render"]) == 0

    for name in ("results", "docs/reports"):
        fused_tree, staged_tree = tree_bytes(fused / name), tree_bytes(staged / name)
        assert len(fused_tree) > 20, name
        assert fused_tree == staged_tree, name


def test_a_stopped_build_reports_what_validate_reports(tmp_path):
    project = copy_project(tmp_path / "p")
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 2, "quantity", "很多")
    set_cell(project / "data" / "yanglin-etdz" / "2024" / "park.csv", 0, "industrial_value_added", "0")
    before = tree_bytes(project / "results")

    with pytest.raises(BuildError) as stopped:
        build(project, with_site=False, incremental=False)
    expected = validate_paths([project / "data"]).to_dict()
    assert len([f for f in expected["findings"] if f["severity"] == "error"]) >= 2
    assert stopped.value.report.to_dict() == expected
    assert tree_bytes(project / "results") == before
    assert not list(project.glob(".parkaudit-incoming-*"))
