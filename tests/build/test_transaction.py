"""A build publishes results, pages and site in one commit: refused output folders, write failures,
a second build at the same time and a build killed at any moment leave outputs from one build."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cli
from generator.build import BuildLocked, build, recover, tree_bytes
from generator.build.transaction import LEGACY_PREFIXES, STAGING_PREFIX, build_lock
from generator.site import SITE_MARKER

from ..csvedit import set_cell

OUTPUTS = ("results", "docs/reports", "site")


def outputs(project: Path) -> tuple:
    return tuple(tree_bytes(project / name) for name in OUTPUTS)


def leftovers(project: Path) -> list[str]:
    found = [p.name for p in project.iterdir() if p.name.startswith((STAGING_PREFIX, *LEGACY_PREFIXES))]
    if (project / ".parkaudit-cache" / "txn").exists():
        found.append(".parkaudit-cache/txn")
    return found


@pytest.fixture
def project(demo_build, tmp_path):
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True)
    return p


# --- output folders that must not be replaced -------------------------------------------------
@pytest.mark.parametrize("site", [".", "..", "data", "docs", "results", "docs/sub", "data/anning-ip", "README-file", "/"])
def test_unsafe_site_folders_are_refused_with_exit_2_and_nothing_changes(project, site, capsys):
    (project / "README-file").write_text("x", encoding="utf-8")
    before = {name: tree_bytes(project / name) for name in ("data", "docs", "results", "site")}
    rc = cli.main(["build", "--repo", str(project), "--site", site])
    err = capsys.readouterr().err
    assert rc == 2
    assert "未写入任何内容" in err and "nothing was written" in err
    assert {name: tree_bytes(project / name) for name in before} == before


def test_a_folder_with_other_content_is_refused_an_empty_or_earlier_site_is_used(project, tmp_path, capsys):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["build", "--repo", str(project), "--site", str(foreign)]) == 2
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "not empty and not an earlier ParkAudit output" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["build", "--repo", str(project), "--site", str(empty)]) == 0
    assert (empty / SITE_MARKER).is_file() and (empty / "index.html").is_file()
    assert cli.main(["build", "--repo", str(project), "--site", str(empty)]) == 0  # our own output: replaced


def test_the_site_is_readable_by_other_users(project):
    build(project, site_dir=project / "site", incremental=False)
    mode = stat.S_IMODE((project / "site").stat().st_mode)
    assert mode & 0o055 == 0o055, oct(mode)


def test_missing_project_or_cycle_is_a_usage_error(project, tmp_path, capsys):
    assert cli.main(["build", "--repo", str(tmp_path / "nowhere")]) == 2
    assert cli.main(["build", "--repo", str(project), "--cycle", "1999"]) == 2
    err = capsys.readouterr().err
    assert "no data package for cycle 1999" in err and "Traceback" not in err


# --- write failures -----------------------------------------------------------------------------
def test_a_write_failure_at_the_commit_changes_nothing_and_says_so(project, monkeypatch, capsys):
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "123456")
    before = outputs(project)
    real = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst, *a, **k):
        # the second swap of the commit (the site, after results/ went in) fails: disk full
        name = Path(str(src)).name
        if name.startswith(f"{STAGING_PREFIX}site-") and not name.endswith(".old") and Path(str(dst)).name == "site":
            calls["n"] += 1
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing_replace)
    rc = cli.main(["build", "--repo", str(project)])
    monkeypatch.setattr(os, "replace", real)
    err = capsys.readouterr().err
    assert calls["n"] == 1
    assert rc == 1
    assert "写入失败" in err and "could not write" in err and "unchanged" in err and "Traceback" not in err
    assert outputs(project) == before
    assert leftovers(project) == []


def test_an_interrupt_after_the_swaps_is_finished_by_the_next_build_not_undone(project, monkeypatch, tmp_path):
    """Ctrl-C while the replaced outputs are being removed: the new results, pages and site are
    published already, so the build keeps them (it must not put the old pages back beside the new
    site) and the next command finishes the removal."""
    import generator.build.transaction as transaction

    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "123456")
    real = transaction._remove

    def interrupted(path):
        if Path(str(path)).name.endswith(".old"):
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(transaction, "_remove", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(project, site_dir=project / "site", incremental=False)
    monkeypatch.setattr(transaction, "_remove", real)
    published = outputs(project)
    assert any(n.endswith(".old") for n in leftovers(project)) and ".parkaudit-cache/txn" in leftovers(project)

    clean = tmp_path / "clean"  # what the changed data gives, built from nothing
    shutil.copytree(project, clean, symlinks=True, ignore=shutil.ignore_patterns("results", "docs", "site", ".parkaudit-*"))
    shutil.copytree(project / "docs", clean / "docs", ignore=shutil.ignore_patterns("reports"))
    build(clean, site_dir=clean / "site", incremental=False)
    assert published == outputs(clean)  # results, pages and site all of the new build

    assert recover(project) == "rolled forward"
    assert leftovers(project) == []
    assert outputs(project) == published


def test_a_write_failure_while_staging_results_changes_nothing(project, monkeypatch, capsys):
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "123456")
    before = outputs(project)

    def read_only(files, target):
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr("generator.build.park_job.write_folder", read_only)
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")  # the failure happens in this process
    assert cli.main(["build", "--repo", str(project)]) == 1
    assert "Read-only file system" in capsys.readouterr().err
    assert outputs(project) == before
    assert leftovers(project) == []


# --- one build at a time ------------------------------------------------------------------------
def test_a_second_build_in_the_same_project_is_refused(project, capsys):
    with build_lock(project):
        with pytest.raises(BuildLocked):
            build(project, site_dir=project / "site")
        assert cli.main(["build", "--repo", str(project)]) == 1
    assert "another build is running" in capsys.readouterr().err
    build(project, site_dir=project / "site")  # released


def test_leftover_staging_of_a_killed_build_is_removed(project):
    for name in (f"{STAGING_PREFIX}results-x", f"{STAGING_PREFIX}site-y.manifest.json", ".parkaudit-incoming-old", ".site-build-old"):
        path = project / name
        path.mkdir() if "." not in name.split("-")[-1] else path.write_text("{}", encoding="utf-8")
    (project / "keep-me").mkdir()
    build(project, site_dir=project / "site")
    assert leftovers(project) == []
    assert (project / "keep-me").is_dir()


# --- killed at random moments -------------------------------------------------------------------
KILLS = 24


def test_a_build_killed_at_any_moment_leaves_one_builds_outputs(project, tmp_path):
    """Old outputs (A), new data; a build of the new data is killed at random moments. After each
    kill and the recovery every command makes first, results, pages and site are all A's or all
    B's (a complete build of the new data), with nothing left over; the next build gives B."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PARKAUDIT_JOBS="2")
    cmd = [sys.executable, "-m", "generator.cli", "build", "--repo", str(project)]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # A, with this env
    old = outputs(project)
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "98765")
    snapshot = tmp_path / "snapshot"
    shutil.copytree(project, snapshot, symlinks=True)
    reference = tmp_path / "reference"
    shutil.copytree(snapshot, reference, symlinks=True)
    start = time.monotonic()
    subprocess.run([*cmd[:-1], str(reference)], env=env, check=True, capture_output=True)
    duration = time.monotonic() - start
    new = outputs(reference)
    assert new != old

    rng = random.Random(20261201)
    seen = {"old": 0, "new": 0}
    for _ in range(KILLS):
        shutil.rmtree(project)
        shutil.copytree(snapshot, project, symlinks=True)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0, duration * 1.1))
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers and MkDocs
        proc.wait()
        recover(project, [project / "results", project / "site"])
        now = outputs(project)
        assert now in (old, new), "outputs of two builds mixed"
        seen["old" if now == old else "new"] += 1
        assert leftovers(project) == []
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    assert outputs(project) == new
    assert leftovers(project) == []
    assert seen["old"] > 0, seen  # the kills did land in the middle of builds


@pytest.mark.parametrize("argv", [["score", "--out", "data"], ["score", "--out", "docs"], ["score", "--out", "."],
                                  ["score", "--out", "data/anning-ip"], ["render", "--docs", "data"], ["render", "--docs", "results"]])
def test_other_output_folders_are_guarded_too(project, monkeypatch, argv, capsys):
    monkeypatch.chdir(project)
    before = {name: tree_bytes(project / name) for name in ("data", "docs", "results")}
    assert cli.main(argv) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert {name: tree_bytes(project / name) for name in before} == before


def test_score_may_rewrite_its_own_results_folder(project, monkeypatch):
    monkeypatch.chdir(project)
    before = tree_bytes(project / "results")
    assert cli.main(["score", "--out", "results"]) == 0
    assert tree_bytes(project / "results") == before
