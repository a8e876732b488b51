"""A build writes each park's pages as its worker hands them over (generator/build/pages_as_they_come.py):
the pages are on disk before the last park is done and the build keeps none of them, and a park
with an error that comes in later still leaves every page as it was before the build."""

from __future__ import annotations

import os
import shutil

import pytest

import generator.build.pages_as_they_come as pages_as_they_come
from generator.build import BuildError, build, tree_bytes
from generator.render import REPORTS

from ..csvedit import set_cell

PARKS = ("anning-ip", "kunming-hitech", "qujing-etdz", "yanglin-etdz")  # the demo's, in build order


def mtimes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(demo_build, tmp_path):
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "site"))
    return p


def test_each_parks_pages_are_written_as_it_comes_in_and_not_kept(project, monkeypatch, tmp_path):
    """Over two workers: when a park's output comes in, the pages of every park before it are
    on disk already and no earlier output holds its pages any more. The pages equal those of
    the committed build (which `parkaudit check` keeps equal to a build that writes at the end)."""
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    committed = tree_bytes(project / "docs" / REPORTS)
    shutil.rmtree(project / "docs" / REPORTS)
    seen, checks = [], []
    real = pages_as_they_come.ParkPagesWriter.__call__

    def spy(self, out):
        for earlier in seen:
            checks.append((earlier.park_id, out.park_id))
            assert (project / "docs" / REPORTS / earlier.park_id / "index.md").is_file(), f"{earlier.park_id} not written before {out.park_id} came in"
            assert not earlier.pages, f"the pages of {earlier.park_id} are still held"
        kept = real(self, out)
        seen.append(kept)
        return kept

    monkeypatch.setattr(pages_as_they_come.ParkPagesWriter, "__call__", spy)
    summary = build(project, with_site=False, incremental=False)
    assert [o.park_id for o in seen] == list(PARKS)
    assert len(checks) == 6  # every pair: the test looked
    assert tree_bytes(project / "docs" / REPORTS) == committed
    assert summary.pages == sum(1 for name in committed if name.endswith(".md"))
    assert summary.written == len(committed)  # every file was new


def test_a_park_with_an_error_after_written_parks_leaves_every_page_as_it_was(project, monkeypatch):
    """The first park's data changes (its pages are written when its output comes in), the last
    park has an error: the build fails, and every page, download and results file has the bytes
    and times of before the build, nothing left over."""
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")  # in order: the first park is written before the last is validated
    build(project, with_site=False)
    before = {name: (tree_bytes(project / name), mtimes(project / name)) for name in ("results", "docs")}
    set_cell(project / "data" / PARKS[0] / "2025" / "energy.csv", 0, "quantity", "98765")
    set_cell(project / "data" / PARKS[-1] / "2025" / "energy.csv", 0, "quantity", "很多")
    written = []
    real = pages_as_they_come.sync_tree
    monkeypatch.setattr(pages_as_they_come, "sync_tree", lambda target, files, **kw: written.append(target.name) or real(target, files, **kw))
    with pytest.raises(BuildError) as err:
        build(project, with_site=False)
    assert err.value.report.has_errors
    assert written == [PARKS[0]]  # the changed park's pages were written, then put back
    after = {name: (tree_bytes(project / name), mtimes(project / name)) for name in ("results", "docs")}
    assert after == before
    assert not (project / ".parkaudit-cache" / "txn").exists()
    assert not [p for p in (project / "docs").rglob("*.tmp")]


def test_nothing_more_is_written_once_a_park_with_an_error_came_in(tmp_path):
    """A park whose output carries an error stops the writing: the build will not be published."""
    from generator.build.park_job import ParkOutput
    from generator.validate import Finding

    writer = pages_as_they_come.ParkPagesWriter(tmp_path / "reports", None)
    good = ParkOutput("a", pages={"index.md": b"a"}, portal_row={})
    bad = ParkOutput("b", findings=[Finding("descriptor-unreadable", "b/2025/datapackage.json", params={"detail": "x"})])
    late = ParkOutput("c", pages={"index.md": b"c"}, portal_row={})
    for out in (good, bad, late):
        writer(out)
    assert sorted(os.listdir(tmp_path / "reports")) == ["a"]
    assert writer.parks == {"a"} and late.pages == {"index.md": b"c"}
