"""The data-quality page lists the validation warnings render is given: render validates nothing
itself, and `parkaudit render` gets them from generator/build, as a build does."""

from __future__ import annotations

from generator.build import build
from generator.cli import main

from ..csvedit import read_rows, set_cell
from ..sitebuild import copy_project


def test_parkaudit_render_shows_the_warnings_a_build_shows(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    emissions = project / "data" / "anning-ip" / "2025" / "emissions.csv"
    _, rows = read_rows(emissions)
    set_cell(emissions, 0, "actual", f"{float(rows[0]['actual']) * 30:.3f}")  # a tenfold jump: a warning, not an error
    build(project, with_site=False, incremental=False)
    built = (project / "docs" / "reports" / "anning-ip" / "quality.md").read_text(encoding="utf-8")
    assert "`tenfold-jump`" in built

    monkeypatch.chdir(project)
    assert main(["render", "--docs", "rendered"]) == 0
    assert (project / "rendered" / "reports" / "anning-ip" / "quality.md").read_text(encoding="utf-8") == built
