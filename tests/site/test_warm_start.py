"""MkDocs started early (generator/site/warm_start.py, site/mkdocs.py: start_site): an
incremental build starts its MkDocs process before the pages are rendered; the process builds
only on "go", and a build that stops before its site leaves no process and no folder behind."""

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


def test_a_build_stopped_by_bad_data_ends_the_early_mkdocs_and_leaves_nothing(project, monkeypatch):
    before = {name: tree_bytes(project / name) for name in ("results", "docs", "site")}
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "abc")
    procs = started(monkeypatch)
    with pytest.raises(BuildError):
        build(project, site_dir=project / "site")
    assert [cmd[2] for cmd, _ in procs] == [site_mkdocs.WARM_START]  # it had been started before validation failed
    assert all(proc.poll() is not None for _, proc in procs)  # and is gone
    assert {name: tree_bytes(project / name) for name in ("results", "docs", "site")} == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".parkaudit-stage")) == []


def test_an_incremental_build_runs_the_early_process_and_a_clean_one_starts_after_rendering(project, monkeypatch):
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
    assert rendered == [0] and procs  # the shards of a clean build, counted from the pages written
