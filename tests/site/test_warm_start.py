"""MkDocs started early (generator/site/warm_start.py, site/mkdocs.py: start_site): a build starts
its MkDocs processes (an incremental build's one, a clean build's shards) before the parks are
made; they build only on "go", and a build that stops before its site leaves no process and no
folder behind."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from generator.build import BuildError, build, tree_bytes
from generator.site import mkdocs as site_mkdocs

from ..csvedit import REPO, set_cell


def test_without_go_it_writes_nothing_and_exits_0(tmp_path):
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", site_mkdocs.WARM_START, "build", "--quiet", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
                          input="", capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not out.exists()


@pytest.fixture
def project(demo_build, tmp_path):
    """A copy with its own site and build state, so that the next build is incremental."""
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache"))
    build(p, site_dir=p / "site")
    return p


def started(monkeypatch) -> list:
    procs = []
    real = subprocess.Popen

    def popen(cmd, *args, **kwargs):
        proc = real(cmd, *args, **kwargs)
        if site_mkdocs.WARM_START in cmd:  # (not git, which says the site's date)
            procs.append((cmd, proc))
        return proc

    monkeypatch.setattr(site_mkdocs.subprocess, "Popen", popen)
    return procs


@pytest.mark.parametrize("incremental", [True, False])
def test_a_build_stopped_by_bad_data_ends_the_early_mkdocs_and_leaves_nothing(project, monkeypatch, incremental):
    if not incremental:  # a clean build over two shards
        monkeypatch.setattr(site_mkdocs, "SHARD_MIN_PAGES", 1)
        monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    before = {name: tree_bytes(project / name) for name in ("results", "docs", "site")}
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "abc")
    procs = started(monkeypatch)
    with pytest.raises(BuildError):
        build(project, site_dir=project / "site", incremental=incremental)
    # started before validation failed
    assert [cmd[2] for cmd, _ in procs] == [site_mkdocs.WARM_START] * (1 if incremental else 2)
    assert all(proc.poll() is not None for _, proc in procs)  # and is gone
    assert {name: tree_bytes(project / name) for name in ("results", "docs", "site")} == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith((".parkaudit-stage", site_mkdocs.STAGING_PREFIX))) == []


def test_incremental_and_clean_builds_start_mkdocs_before_the_pages_are_written(project, monkeypatch):
    procs = started(monkeypatch)
    rendered = []
    import generator.build.pipeline as pipeline

    real_render = pipeline.render_pages
    monkeypatch.setattr(pipeline, "render_pages", lambda *a, **k: rendered.append(len(procs)) or real_render(*a, **k))
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "123456")
    build(project, site_dir=project / "site")
    assert rendered == [1] and len(procs) == 1  # started before the pages were written
    procs.clear(), rendered.clear()
    build(project, site_dir=project / "site", incremental=False)
    assert rendered == [1] and len(procs) == 1  # a clean build's one process (a few parks: too few pages to share)


def test_a_clean_build_starts_its_shards_before_the_parks_and_builds_the_same_site(project, monkeypatch):
    """As many processes as the parks' pages call for, started before the first park is made;
    the site they build is the one a single process built (the project fixture's)."""
    import generator.build.pipeline as pipeline

    single = tree_bytes(project / "site")
    monkeypatch.setattr(site_mkdocs, "SHARD_MIN_PAGES", 1)
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    procs = started(monkeypatch)
    at_parks = []
    real_run_parks = pipeline.run_parks
    monkeypatch.setattr(pipeline, "run_parks", lambda *a, **k: at_parks.append(len(procs)) or real_run_parks(*a, **k))
    build(project, site_dir=project / "site", incremental=False)
    assert at_parks == [2] and len(procs) == 2
    assert [cmd[-1] for cmd, _ in procs] == ["--dirty", "--dirty"] and all(proc.poll() is not None for _, proc in procs)
    assert tree_bytes(project / "site") == single
