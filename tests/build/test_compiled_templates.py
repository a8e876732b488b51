"""`parkaudit build` keeps the render stage's compiled templates in .parkaudit-cache/jinja-render/
(render/stage.py: keep_compiled_templates): a build after the first compiles none of them, and
gives the bytes a build without the cache gives."""

from __future__ import annotations

import contextlib
import shutil

import jinja2
import pytest

from generator.build import build, tree_bytes
from generator.render import stage as render_stage

from ..csvedit import read_rows, set_cell


@pytest.fixture
def project(demo_build, tmp_path):
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "site"))
    return p


def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from now on (in this process)."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def change_a_value(project):
    path = project / "data" / "anning-ip" / "2025" / "emissions.csv"
    _, rows = read_rows(path)
    set_cell(path, 0, "actual", f"{float(rows[0]['actual']) * 1.5:.3f}")


def test_a_second_build_compiles_no_template_and_writes_the_same_pages(project, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")  # the compiles counted are this process's
    first = compiled(monkeypatch)
    build(project, with_site=False, reports=False, incremental=False)
    assert any(n.startswith("park_") for n in first) and any(n.startswith("portal") for n in first)
    folders = list((project / ".parkaudit-cache" / "jinja-render").iterdir())
    assert len(folders) == 1 and list(folders[0].iterdir())

    assert render_stage._COMPILED == {}  # kept for the build only

    change_a_value(project)
    second = compiled(monkeypatch)
    build(project, with_site=False, reports=False)
    assert second == []

    # the same pages as a build that compiles everything afresh
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "docs"))
    shutil.copytree(project / "docs", fresh / "docs", ignore=shutil.ignore_patterns("reports"))
    monkeypatch.setattr("generator.build.pipeline.keep_compiled_templates", lambda root: contextlib.nullcontext())
    build(fresh, with_site=False, reports=False, incremental=False)
    assert tree_bytes(project / "docs" / "reports") == tree_bytes(fresh / "docs" / "reports")


def test_templates_compiled_under_other_code_are_removed(project, monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    stale = project / ".parkaudit-cache" / "jinja-render" / "0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "__jinja2_x.cache").write_bytes(b"not a compiled template")
    build(project, with_site=False, reports=False)
    assert not stale.exists()
