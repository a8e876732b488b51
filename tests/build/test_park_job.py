"""A build validates, scores and renders each park in one go (generator/park_job.py). It must give
exactly what the separate stages give: `parkaudit validate`'s findings, `parkaudit score`'s
results and `parkaudit render`'s pages, read back from results/."""

from __future__ import annotations

import shutil

import pytest

from generator.build import BuildError, build, tree_bytes
from generator.cli import main
from generator.validate import validate_paths

from ..csvedit import set_cell
from ..sitebuild import copy_project


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


def test_after_the_first_park_with_an_error_parks_are_only_validated(tmp_path, monkeypatch):
    from generator.build.park_job import run_parks
    from generator.core import discover_packages
    from generator.score import load_config

    monkeypatch.setenv("PARKAUDIT_JOBS", "1")  # parks in order, so "after" is well defined
    project = copy_project(tmp_path / "p")
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 2, "quantity", "很多")
    set_cell(project / "data" / "yanglin-etdz" / "2024" / "park.csv", 0, "industrial_value_added", "0")
    refs = discover_packages(project / "data")
    outputs = run_parks(refs, load_config(project / "indicators.yaml"), project / "data", "2025", tmp_path / "staging")
    assert [o.park_id for o in outputs] == ["anning-ip", "kunming-hitech", "qujing-etdz", "yanglin-etdz"]
    assert outputs[0].has_errors and outputs[3].has_errors  # every park is still validated
    assert all(o.cycles == [] and o.pages is None for o in outputs)  # none scored or rendered
    assert not (tmp_path / "staging").exists() or not any((tmp_path / "staging").iterdir())


def _other_filesystem(tmp_path):
    import os
    from pathlib import Path

    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem (/dev/shm) here")
    import tempfile

    return Path(tempfile.mkdtemp(dir=shm, prefix="parkaudit-test-"))


def test_results_on_another_filesystem_are_published(tmp_path):
    elsewhere = _other_filesystem(tmp_path)
    try:
        project = copy_project(tmp_path / "p")
        (project / "results").symlink_to(elsewhere)
        build(project, with_site=False)
        reference = copy_project(tmp_path / "ref")
        build(reference, with_site=False)
        assert tree_bytes(elsewhere) == tree_bytes(reference / "results")
        assert not list(project.glob(".parkaudit-incoming-*"))
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_undo_restores_bytes_and_times_even_from_another_filesystem(tmp_path):
    import os

    from generator.core import UndoJournal

    backup = _other_filesystem(tmp_path)
    try:
        root = tmp_path / "docs"
        (root / "reports" / "a").mkdir(parents=True)
        kept, removed = root / "reports" / "a" / "kept.md", root / "reports" / "a" / "removed.md"
        kept.write_text("old", encoding="utf-8")
        removed.write_text("gone?", encoding="utf-8")
        before = tree_bytes(root), {p: os.stat(p).st_mtime_ns for p in (kept, removed)}

        journal = UndoJournal(backup / "undo", root)
        journal.keep_old(kept)
        kept.write_text("new", encoding="utf-8")
        journal.keep_old(removed)
        removed.unlink()
        created = root / "reports" / "b" / "new.md"
        journal.keep_old(created)
        created.parent.mkdir(parents=True)
        created.write_text("new", encoding="utf-8")
        journal.rollback()

        assert tree_bytes(root) == before[0]
        assert {p: os.stat(p).st_mtime_ns for p in (kept, removed)} == before[1]
        assert not (root / "reports" / "b").exists() and root.is_dir()
    finally:
        shutil.rmtree(backup, ignore_errors=True)


def test_a_file_written_twice_is_rolled_back_to_what_it_held_before_the_build(tmp_path):
    """The pages of a park made again after its worker's pages were written (a new warning
    across parks) are written twice in one build: the rollback must restore the state before
    the build, not the first write."""
    import os

    from generator.core import UndoJournal

    root = tmp_path / "docs"
    (root / "reports" / "a").mkdir(parents=True)
    existing = root / "reports" / "a" / "page.md"
    existing.write_text("before the build", encoding="utf-8")
    before = tree_bytes(root), os.stat(existing).st_mtime_ns
    created = root / "reports" / "b" / "page.md"
    journal = UndoJournal(tmp_path / "undo", root)
    for text in ("first write", "second write"):
        for path in (existing, created):
            journal.keep_old(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.with_name(path.name + ".tmp").write_text(text, encoding="utf-8")
            os.replace(path.with_name(path.name + ".tmp"), path)
    journal.rollback()
    assert tree_bytes(root) == before[0]
    assert os.stat(existing).st_mtime_ns == before[1]
    assert not (root / "reports" / "b").exists()


def test_a_file_written_twice_is_rolled_back_by_the_next_process_too(tmp_path):
    """The same through the journal's log, as the next command reads it after a kill."""
    import os

    from generator.core import UndoJournal

    root = tmp_path / "docs"
    root.mkdir()
    existing, created = root / "old.md", root / "new.md"
    existing.write_text("before", encoding="utf-8")
    journal = UndoJournal(tmp_path / "undo", root)
    for text in ("first", "second"):
        for path in (existing, created):
            journal.keep_old(path)
            path.with_name("tmp").write_text(text, encoding="utf-8")  # as every writer does: a new file renamed
            os.replace(path.with_name("tmp"), path)
    # (killed here: the log is all the next process has)
    UndoJournal.reopen(tmp_path / "undo", root).rollback()
    assert tree_bytes(root) == {"old.md": b"before"}
    journal.close()
    assert os.listdir(tmp_path / "undo") == []
