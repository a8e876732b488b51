"""What a park's pages give the site engine, for data that means something in HTML, Markdown,
YAML or Jinja: the front matter holds the title and description as HTML (Material prints both
unescaped), and a chart's CSV reads back as the same values. tests/site/test_site_hostile.py
checks the built site in a browser; these check the pages render makes, without a site build."""

from __future__ import annotations

import copy
import csv
import html
import io
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from generator.render import charts, park_pages
from generator.render import stage as render_stage
from generator.render.model import ParkResults
from generator.score import load_config

from ..sitebuild import HOSTILE_ENTERPRISES, HOSTILE_PARK

REPO = Path(__file__).resolve().parents[2]
CONFIG = load_config(REPO / "indicators.yaml")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@pytest.fixture(scope="module")
def hostile_pages() -> dict[str, str]:
    """The demo park's pages, its name hostile in every scored cycle."""
    park = render_stage.load_results(REPO / "results", None, only="anning-ip")[0]
    cycles = copy.deepcopy(park.cycles)
    for doc in cycles.values():
        doc["park"]["profile"]["park_name"] = HOSTILE_PARK
    files, _ = park_pages(ParkResults(park.park_id, cycles, park.current), REPO / "data", [], config=CONFIG)
    return {name: text for name, text in files.items() if name.endswith(".md")}


def test_every_park_page_has_front_matter_as_html(hostile_pages):
    assert len(hostile_pages) >= 9
    for name, text in hostile_pages.items():
        match = FRONT.match(text)
        assert match, f"{name} has no front matter"
        meta = yaml.safe_load(match.group(1))
        # the title is HTML text: no tag can start, and it reads as the name
        assert "<" not in meta["title"] and ">" not in meta["title"], (name, meta["title"])
        assert html.unescape(meta["title"]).startswith(HOSTILE_PARK + " · "), (name, meta["title"])
        if "description" in meta:
            # the description lands in an attribute: no quote may end it
            assert not set('<>"') & set(meta["description"]), (name, meta["description"])
            assert html.unescape(meta["description"]).startswith(HOSTILE_PARK + " "), (name, meta["description"])


def test_a_title_with_an_ampersand_reads_as_written(hostile_pages):
    # 'A & B' is 'A &amp; B' in the front matter, which the header shows as 'A & B', never 'A &amp;amp; B'
    meta = yaml.safe_load(FRONT.match(hostile_pages["index.md"]).group(1))
    assert " &amp; " in meta["title"] and "&amp;amp;" not in meta["title"]


@pytest.mark.parametrize("value", [*HOSTILE_ENTERPRISES, 'a,b "c"\nd', "=1+2", "-1"])
def test_chart_csv_reads_back_as_the_values(value):
    frame = pd.DataFrame({"name": [value, "乙"], "share": [60.0, 40.0], "cumulative": [60.0, 100.0], "key": ["是", "否"]})
    chart = charts.pareto("p", "标题", "一句话", frame, columns={"name": "企业", "share": "占比 %"})
    text = chart.csv()
    assert text.startswith("\ufeff"), "Chinese Excel needs the BOM to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    # text a spreadsheet would run as a formula reads back with OWASP's leading quote (issue 13); the rest as written
    shown = "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
    assert [r["企业"] for r in rows] == [shown, "乙"]
    assert list(rows[0]) == ["企业", "占比 %", "cumulative", "key"]  # Chinese headers where the chart has them


@pytest.mark.parametrize("value", ['<a href="x">&amp;</a>', "", "普通", None, 0, 2.5, True, "'\"", html.escape("<b>")])
def test_printed_values_and_the_html_filter_escape_as_core_html(value):
    """Every value printed in a template (Jinja's finalize, then autoescape) and the html filter
    take a fast path for text; what the page gets is core's html either way, and Markup is printed
    as it is but escaped by |html."""
    from markupsafe import Markup

    from generator.core import html as core_html

    env = render_stage._environment()
    printed, filtered = env.from_string("{{ v }}"), env.from_string("{{ v|html }}")
    assert printed.render(v=value) == core_html(value)
    assert filtered.render(v=value) == core_html(value)
    assert render_stage._html(value) == Markup(core_html(value))
    marked = Markup("<b>x</b>")
    assert printed.render(v=marked) == "<b>x</b>"
    assert filtered.render(v=marked) == "&lt;b&gt;x&lt;/b&gt;"
    assert render_stage._html(marked) == "&lt;b&gt;x&lt;/b&gt;"
