"""charts.table: a chart's data as lists of Python values (Columns) instead of a DataFrame per
chart (issue 16: building the frames was a quarter of the indicators page). Columns must be exactly
what pandas makes of the same data (dtypes, values, pandas' inferred kind), and a chart built from
them exactly the chart built from the DataFrame: spec, CSV and table rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pandas.api.types import infer_dtype

from generator.render import charts

pytestmark = pytest.mark.filterwarnings("ignore:I don't know how to infer vegalite type:UserWarning")

# name → (data, floats, whether charts.table keeps it as Columns)
DATA = {
    "text": ({"a": ["甲", "乙", "=1+1"]}, (), True),
    "text with gaps": ({"a": ["甲", None, "丙"]}, (), True),
    "ints": ({"n": [1, -2, 2**40]}, (), True),
    "ints and floats": ({"n": [1, 2.5, 3]}, (), True),
    "ints with gaps": ({"n": [1, None, 3]}, (), True),
    "floats with gaps": ({"v": [1.25, None, math.nan, math.inf]}, (), True),
    "bools": ({"b": [True, False]}, (), True),
    "declared floats": ({"v": [None, None], "w": [1, 2], "c": ["2024", "2025"]}, ("v", "w"), True),
    "several columns": ({"cycle": ["2024", "2025"], "value": [0.5, None], "level": ["I 级", "未统计"]}, ("value",), True),
    # left to pandas
    "text and numbers": ({"m": ["甲", 1]}, (), False),
    "bools with gaps": ({"b": [True, None]}, (), False),
    "bools and ints": ({"b": [True, 1]}, (), False),
    "beyond int64": ({"n": [2**63, 1]}, (), False),
    "numpy numbers": ({"n": [np.float64(1.5), np.float64(2.0)]}, (), False),
    "decimals declared float": ({"v": [__import__("decimal").Decimal("0.5")]}, ("v",), False),
    "all gaps": ({"v": [None, None]}, (), False),
    "no rows": ({"a": [], "b": []}, (), False),
    "no columns": ({}, (), False),
}


def pandas_frame(data: dict, floats) -> pd.DataFrame:
    """What the pages built before: a DataFrame, the named columns as float Series."""
    return pd.DataFrame({c: pd.Series(v, dtype=float) if c in floats else v for c, v in data.items()})


@pytest.mark.parametrize("name", DATA)
def test_a_table_is_what_pandas_makes_of_the_data(name):
    data, floats, columnar = DATA[name]
    got, want = charts.table(data, floats), pandas_frame(data, floats)
    assert isinstance(got, charts.Columns) == columnar, "the fast path is taken exactly where its result is certain"
    if not columnar:
        pd.testing.assert_frame_equal(got, want)
        return
    assert list(got.columns) == list(want.columns) and len(got) == len(want)
    assert [str(t) for t in got.dtypes] == [str(t) for t in want.dtypes] == list(got.dtype_names)
    for c in want.columns:
        values, expected = got[c].tolist(), want[c].tolist()
        assert repr(values) == repr(expected), c  # repr: NaN is not equal to itself, 1 and 1.0 must not mix
        assert [type(v) for v in values] == [type(v) for v in expected], c
        assert charts._inferred(got[c]) == infer_dtype(want[c], skipna=False), c
    pd.testing.assert_frame_equal(got.frame(), want)


RECORDS = {
    "same keys": [{"name": "甲", "n": 1, "v": 0.5, "b": True}, {"name": None, "n": 2, "v": None, "b": False}],
    "ints and floats": [{"value": 700}, {"value": 200.5}],
    "keys in another order": [{"a": "x", "b": 1}, {"b": 2, "a": "y"}],
    "other keys": [{"a": "x"}, {"b": 2}],
    "none": [],
}


@pytest.mark.parametrize("name", RECORDS)
def test_a_table_of_records_is_what_pandas_makes_of_them(name):
    rows = RECORDS[name]
    got, want = charts.records_table(rows), pd.DataFrame(rows)
    assert isinstance(got, charts.Columns) == (name in ("same keys", "ints and floats"))
    pd.testing.assert_frame_equal(got.frame() if isinstance(got, charts.Columns) else got, want)
    if isinstance(got, charts.Columns):
        assert [repr(got[c].tolist()) for c in want.columns] == [repr(want[c].tolist()) for c in want.columns]


HISTORY = {"cycle": ["2023", "2024", "2025"], "value": [1.256, None, 1.12], "level": ["未达 III 级", "未统计", "III 级"],
           "I": [0.25, 0.25, 0.3], "II": [0.35, None, 0.4], "III": [0.5, 0.5, 1]}
PARETO = {"name": ['<b>甲</b>', "乙, 丙", "其余 3 家"], "value": [700, 200.5, 99.5], "share": [70.0, 20.05, 9.95],
          "cumulative": [70.0, 90.05, 100.0], "key": ["是", "否", "否"]}


@pytest.mark.parametrize("build,data,floats,kwargs", [
    (charts.indicator_history, HISTORY, ("value", "I", "II", "III"),
     {"columns": {"cycle": "审核年度", "value": "数值（tce/万元）", "level": "等级", "I": "I 级基准"}, "value_title": "tce/万元", "value_format": ",.2f"}),
    (charts.indicator_levels, {"cycle": ["2024", "2025"], "level": ["III 级", "未统计"]}, (), {"columns": {"cycle": "审核年度", "level": "等级"}}),
    (charts.pareto, PARETO, (), {"columns": {"name": "企业", "value": "数值", "share": "占比 %", "cumulative": "累计占比 %", "key": "重点企业"}}),
    (charts.grouped_bar, {"category": ["能源", "水", "能源", "水"], "level": ["I 级指数", "I 级指数", "II 级指数", "II 级指数"],
                          "contribution": [12, 3.5, 20, 7.25]}, (),
     {"category": "category", "value": "contribution", "series": "level", "columns": {"category": "类别", "level": "指数", "contribution": "贡献"},
      "value_title": "对指数的贡献"}),
    (charts.trend, {"cycle": ["2024", "2024", "2025", "2025"], "index": ["I 级指数", "III 级指数"] * 2, "value": [30.5, 80, 33.25, 100]}, (),
     {"x": "cycle", "y": "value", "series": "index", "columns": {"cycle": "审核年度", "index": "指数", "value": "数值"}, "y_title": "综合评价指数",
      "domain": [0, 100]}),
    # counts: the axis's ticks come from the largest total of a category, summed without pandas
    *[(charts.stacked_bar, {"level": ["园区", "园区", "企业", "企业", None], "status": ["已完成", "逾期", "已完成", "逾期", "逾期"],
                            "count": counts}, (),
       {"category": "level", "value": "count", "series": "status", "columns": {"level": "层级", "status": "状态", "count": "方案数"},
        "value_title": "方案数", "colours": {"已完成": "#2e7d32", "逾期": "#d32f2f"}, "counts": True})
      for counts in ([1, 2, 3, 4, 50], [0, 0, 0, 0, 0], [4, 3, 30, 12, 1])],
], ids=["indicator_history", "indicator_levels", "pareto", "grouped_bar", "trend", "stacked-small", "stacked-zero", "stacked-large"])
def test_a_chart_from_a_table_is_the_chart_from_its_dataframe(build, data, floats, kwargs):
    if build is charts.stacked_bar:  # the largest total is pandas' groupby; a missing category (the 50) is left out
        assert charts._largest_total(charts.table(data), "level", "count") == pandas_frame(data, ()).groupby("level")["count"].sum().max()
    columnar = charts.table(data, floats)
    assert isinstance(columnar, charts.Columns)
    for order in ("frame first", "table first"):  # either may build the shape that the other reuses
        charts._SHAPES.clear()
        made = {}
        for kind in (("frame", "table") if order == "frame first" else ("table", "frame")):
            source = pandas_frame(data, floats) if kind == "frame" else charts.table(data, floats)
            made[kind] = build("c", "标题", "一句话", source, **kwargs)
        a, b = made["frame"], made["table"]
        assert a.spec == b.spec
        assert a.csv() == b.csv()
        assert repr(a.records()) == repr(b.records())
        pd.testing.assert_frame_equal(a.frame, b.frame)
