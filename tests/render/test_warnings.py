"""The data-quality page lists the validation warnings render is given: render validates nothing
itself, and `parkaudit render` gets them from generator/build, as a build does."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.render import park_pages
from generator.score import load_config
from generator.render import stage as render_stage

from ..csvedit import read_rows, set_cell
from ..sitebuild import copy_project
from .pagehtml import has_heading, table

REPO = Path(__file__).resolve().parents[2]
CONFIG = load_config(REPO / "indicators.yaml")


def _park(park_id="anning-ip"):
    return render_stage.load_results(REPO / "results", None, only=park_id)[0]


def test_render_refuses_to_guess_the_warnings():
    # the data-quality page must not claim "no warnings" for a package nobody validated
    with pytest.raises(ValueError, match="validation warnings"):
        park_pages(_park(), REPO / "data", None, config=CONFIG)


def test_the_quality_page_lists_the_warnings_it_is_given():
    warning = {"code": "tenfold-jump", "file": "data/anning-ip/2025/energy.csv", "row": 7, "field": "quantity", "message_zh": "比上一周期大 30 倍"}
    files, _ = park_pages(_park(), REPO / "data", [warning], config=CONFIG)
    assert has_heading(files["quality.md"], "校验警告（1）")
    assert table(files["quality.md"], "代码") == [{"代码": "<code>tenfold-jump</code>", "文件": "data/anning-ip/2025/energy.csv", "行": "7",
                                                 "字段": "quantity", "说明": "比上一周期大 30 倍"}]


def test_parkaudit_render_shows_the_warnings_a_build_shows(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    emissions = project / "data" / "anning-ip" / "2025" / "emissions.csv"
    _, rows = read_rows(emissions)
    set_cell(emissions, 0, "actual", f"{float(rows[0]['actual']) * 30:.3f}")  # a tenfold jump: a warning, not an error
    build(project, with_site=False, incremental=False)
    built = (project / "docs" / "reports" / "anning-ip" / "quality.md").read_text(encoding="utf-8")
    assert "<code>tenfold-jump</code>" in built

    monkeypatch.chdir(project)
    assert main(["render", "--docs", "rendered"]) == 0
    assert (project / "rendered" / "reports" / "anning-ip" / "quality.md").read_text(encoding="utf-8") == built
