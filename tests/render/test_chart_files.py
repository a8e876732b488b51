"""A chart's files: its CSV for people is written with the csv module and its Vega-Lite file from
core's fast JSON writer (issue 16: pandas' apply and to_csv, and json.dumps with an indent, each
took a tenth of the render stage). Both must be the bytes written before (pandas, json.dumps): the
charts of demo parks are compared one by one, and frames and specs with every kind of value."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.render import charts
from generator.render import stage as render_stage
from generator.render.model import ParkInput, chart_data_file, charts_in, page_charts, spec_json
from generator.render.pages import park_pages as page_modules
from generator.score import load_config

REPO = Path(__file__).resolve().parents[2]


def pandas_csv(chart: charts.Chart) -> str:
    """How the CSV was written before: pandas, text neutralised column by column (the reference)."""
    from generator.render.spreadsheet import csv_text

    headers = [chart.columns.get(c, c) for c in chart.frame.columns]
    frame = chart.frame.apply(lambda col: col.map(csv_text) if col.dtype == object or isinstance(col.dtype, pd.StringDtype) else col)
    return "\ufeff" + frame.set_axis(headers, axis=1).to_csv(index=False, lineterminator="\n")


FRAMES = {
    "floats": pd.DataFrame({"v": [0.1 + 0.2, 1e16, 1e-7, -0.0, math.nan, 100.0, math.inf, 2.5e-300]}),
    "ints and bools": pd.DataFrame({"i": np.array([1, -5, 2**40], dtype="int64"), "b": [True, False, True]}),
    "text": pd.DataFrame({"name": ['=HYPERLINK("http://x")', "a,b", 'say "hi"', "two\nlines", None, "+1", "@x", "-5", "\t", "普通"]}),
    "mixed objects": pd.DataFrame({"o": ["x", 1, 2.5, None, math.nan, True]}),
    "pandas text": pd.DataFrame({"s": pd.array(["a", None, "=1"], dtype="string")}),
    "pandas 3 text": pd.DataFrame({"s": pd.array(["a", None, "=1"], dtype=pd.StringDtype(na_value=np.nan))}),
    "categories": pd.DataFrame({"c": pd.Categorical(["I", "II", "I"])}),
    "no rows": pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=object)}),
    "no columns": pd.DataFrame(),
}


@pytest.mark.parametrize("name", FRAMES)
def test_chart_csv_is_what_pandas_wrote(name):
    frame = FRAMES[name]
    chart = charts.Chart("c", "t", "s", frame, {c: f"列{c}" for c in list(frame.columns)[:1]}, {})
    assert chart.csv() == pandas_csv(chart)


@pytest.mark.parametrize("park_id", ["anning-ip", "qujing-etdz"])
def test_every_chart_csv_of_a_demo_park_is_what_pandas_wrote(park_id):
    park = render_stage.load_results(REPO / "results", None, only=park_id)[0]
    source = ParkInput(park.park_id, park.cycles, park.current, REPO / "data" / park_id / park.current, [], load_config(REPO / "indicators.yaml"))
    found = [c for module in page_modules() for c in charts_in(module.context(source))]
    assert len(found) >= 20
    for chart in found:
        assert chart.csv() == pandas_csv(chart), chart.chart_id
        want = chart.frame.to_dict("records")  # the rows of the chart's data table
        assert repr(chart.records()) == repr(want), chart.chart_id


def json_reference(spec) -> str:
    return json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


SPECS = {
    "numbers": {"b": [1e-05, 1.5e-7, 1e16, 1e15, -0.0, 0.1 + 0.2, 2**70, True, None], "a": {"z": 1, "y": []}, "e": {}},
    "text": {"t": ['"', "\\", "\n  indented", "\x01\x1f\x7f\u2028", "普通", "a: 1e-05", "</script>"], "k\n": "键"},
    "not a number": {"v": [math.nan, 1.0], "w": math.inf},
    "nested": {"l": [[[[{"d": [1, [2, [3]]]}]]]]},
}


@pytest.mark.parametrize("name", SPECS)
def test_spec_json_is_what_json_wrote(name):
    assert spec_json(SPECS[name]) == json_reference(SPECS[name])


@pytest.mark.parametrize("park_id", ["anning-ip", "qujing-etdz"])
def test_every_spec_of_a_demo_park_is_what_json_wrote(park_id):
    park = render_stage.load_results(REPO / "results", None, only=park_id)[0]
    source = ParkInput(park.park_id, park.cycles, park.current, REPO / "data" / park_id / park.current, [], load_config(REPO / "indicators.yaml"))
    for module in page_modules():
        for chart in charts_in(module.context(source)):
            assert spec_json(chart.spec) == json_reference(chart.spec), chart.chart_id


HOSTILE = '</script><script>alert(1)</script>\u2028"\\&<!--'


def test_a_pages_chart_data_is_a_script_that_registers_each_spec_and_nothing_else():
    frame = pd.DataFrame({"name": [HOSTILE, "甲"], "value": [1.5, 2.0]})
    made = [charts.bar(f"c{i}", HOSTILE, HOSTILE, frame, "name", "value", category_title=HOSTILE, value_title="值", columns={"name": HOSTILE, "value": "值"})
            for i in range(2)]
    files = page_charts({"section": {"charts": made}, "other": 1}, "key-enterprises")
    assert sorted(files) == ["charts/c0.csv", "charts/c0.vl.json", "charts/c1.csv", "charts/c1.vl.json", "charts/key-enterprises.data.js"]
    assert chart_data_file("key-enterprises") == "charts/key-enterprises.data.js", "the file each figure names, from the page alone"
    script = files["charts/key-enterprises.data.js"]
    assert "<" not in script and ">" not in script, "nothing in the data may end a script or open a tag"
    assert "\u2028" not in script, "a line separator ends a string literal in older JavaScript"
    decoder = json.JSONDecoder()
    lines = script.rstrip("\n").split("\n")
    assert len(lines) == len(made)
    for line, chart in zip(lines, made):
        prefix = "window.ParkAuditCharts.add("
        assert line.startswith(prefix) and line.endswith(");")
        chart_id, end = decoder.raw_decode(line, len(prefix))
        assert line[end:end + 2] == ", "
        spec, end = decoder.raw_decode(line, end + 2)
        assert line[end:] == ");"
        assert (chart_id, spec) == (chart.chart_id, chart.spec)
    assert page_charts({"no": "charts"}, "quality") == {}


def test_a_page_names_its_chart_data_and_holds_no_spec():
    park = render_stage.load_results(REPO / "results", None, only="anning-ip")[0]
    files, _ = render_stage.park_pages(park, REPO / "data", [], config=load_config(REPO / "indicators.yaml"))
    page = files["indicators.md"]
    figures = page.count('<figure class="pa-chart"')
    assert figures > 20 and page.count('data-pa-data="charts/indicators.data.js"') == figures
    assert '"$schema"' not in page and "application/json" not in page
    assert files["charts/indicators.data.js"].count("window.ParkAuditCharts.add(") == figures


@pytest.mark.parametrize("name", FRAMES)
def test_chart_table_rows_are_what_pandas_gives(name):
    frame = FRAMES[name]
    chart = charts.Chart("c", "t", "s", frame, {}, {})
    got, want = chart.records(), frame.to_dict("records")
    assert repr(got) == repr(want)  # repr: NaN is not equal to itself, and int and float must not mix
    assert [[type(v) for v in r.values()] for r in got] == [[type(v) for v in r.values()] for r in want]


def test_charts_in_finds_every_chart_at_any_depth_in_order():
    frame = pd.DataFrame({"name": ["甲"], "value": [1.0]})
    made = [charts.bar(f"c{i}", "t", "s", frame, "name", "value", category_title="企业", value_title="值", columns={"name": "企业"}) for i in range(5)]
    context = {"first": made[0], "text": "甲", "none": None, "numbers": [1, 2.5],
               "nested": [{"a": (made[1], "x")}, [[made[2]]]], "again": made[0], "last": {"b": made[3], "c": [made[4]]}}
    assert [c.chart_id for c in charts_in(context)] == ["c0", "c1", "c2", "c0", "c3", "c4"]
    assert charts_in("text") == [] and charts_in(made[2]) == [made[2]]
