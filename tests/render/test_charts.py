"""Charts built from a cached shape are the specs Altair itself builds for the same data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.render import charts

# Altair's own inference on an empty frame (the reference specs below) warns, as the site does not
pytestmark = pytest.mark.filterwarnings("ignore:I don't know how to infer vegalite type:UserWarning")


def direct(monkeypatch, build, *args, **kwargs) -> dict:
    """The spec straight from Altair, for every call: no cached shape, and tooltip types left to
    Altair's own inference from the data."""
    with monkeypatch.context() as m:
        m.setattr(charts, "_spec", lambda key, make, frame, title, series=None: charts._finish(make(frame), title))
        m.setattr(charts, "_tooltip_types", lambda columns, frame, series=None: None)
        return build(*args, **kwargs).spec


def pareto_frame(names, shares):
    cum = [sum(shares[: i + 1]) for i in range(len(shares))]
    return pd.DataFrame({"name": names, "share": shares, "cumulative": cum, "key": ["是" if c <= 80 else "否" for c in cum]})


CASES = [
    ("pareto", charts.pareto, lambda f: (("p", "标题：占比", "一句话", f), {"columns": {"name": "企业", "share": "占比 %"}}),
     [pareto_frame(["甲公司", "乙公司"], [70.0, 30.0]),
      pareto_frame(['<script>"x"</script>', "A | B", "丙"], [50.5, 30.25, 19.25]),
      pareto_frame([], [])]),
    ("trend", charts.trend, lambda f: (("t", "指数历年变化", "一句话", f), {"x": "cycle", "y": "value", "series": "level",
                                                                     "columns": {"cycle": "年度", "value": "指数", "level": "级别"},
                                                                     "y_title": "指数", "domain": [0, 100]}),
     [pd.DataFrame({"cycle": ["2023", "2024"], "value": [12.0, float("nan")], "level": ["III", "III"]}),
      pd.DataFrame({"cycle": ["2024", "2025"], "value": [33.25, 37.25], "level": ["I", "I"]})]),
    ("bar", charts.bar, lambda f: (("b", "排名", "一句话", f, "name", "value"), {"category_title": "企业", "value_title": "值",
                                                                              "columns": {"name": "企业", "value": "值"}}),
     [pd.DataFrame({"name": ["甲", "乙"], "value": [1.5, 2]}), pd.DataFrame({"name": ["丙", "丁"], "value": [3.0, None]})]),
    # an object column of numbers is quantitative to Altair, of text nominal: same dtype, other type
    ("object-columns", charts.bar, lambda f: (("o", "排名", "一句话", f, "name", "value"),
                                             {"category_title": "企业", "value_title": "值", "columns": {"name": "企业", "value": "值", "note": "注"}}),
     [pd.DataFrame({"name": ["甲", "乙"], "value": [1.0, 2.0], "note": pd.Series([1, 2], dtype=object)}),
      pd.DataFrame({"name": ["丙", "丁"], "value": [3.0, 4.0], "note": pd.Series(["—", "x"], dtype=object)}),
      pd.DataFrame({"name": ["戊", "己"], "value": [5.0, 6.0], "note": pd.Series([1, "—"], dtype=object)})]),
    ("grouped_bar", charts.grouped_bar, lambda f: (("g", "分组", "一句话", f), {"category": "chain", "value": "share", "series": "m",
                                                                            "columns": {"chain": "产业链", "share": "占比", "m": "指标"},
                                                                            "value_title": "占比"}),
     [pd.DataFrame({"chain": ["磷化工", "钢铁"], "share": [0.6, 0.4], "m": ["能耗", "能耗"]}),
      pd.DataFrame({"chain": ["磷化工", "钢铁"], "share": [0.1, 0.9], "m": ["水耗", "水耗"]})]),
    ("indicator_history", charts.indicator_history,
     lambda f: (("i", "单位工业增加值综合能耗", "一句话", f), {"columns": {"cycle": "审核年度", "value": "数值（tce/万元）", "level": "等级",
                                                                      "I": "I 级基准", "II": "II 级基准", "III": "III 级基准"},
                                                          "value_title": "tce/万元（越低越好）", "value_format": ",.3f"}),
     [pd.DataFrame({"cycle": ["2023", "2024", "2025"], "value": [1.256, float("nan"), 1.12], "level": ["未达 III 级", "未统计", "未达 III 级"],
                    "I": [0.25] * 3, "II": [0.35] * 3, "III": [0.5] * 3}),
      pd.DataFrame({"cycle": ["2025"], "value": [98.6], "level": ["未达 III 级"], "I": [100.0], "II": [100.0], "III": [100.0]}),
      pd.DataFrame({"cycle": [], "value": pd.Series([], dtype=float), "level": [], "I": pd.Series([], dtype=float),
                    "II": pd.Series([], dtype=float), "III": pd.Series([], dtype=float)})]),
    ("indicator_levels", charts.indicator_levels, lambda f: (("q", "污水集中处理设施及在线监测", "一句话", f), {"columns": {"cycle": "审核年度", "level": "等级"}}),
     [pd.DataFrame({"cycle": ["2023", "2024"], "level": ["III 级", "II 级"]}), pd.DataFrame({"cycle": ["2025"], "level": ["未统计"]})]),
    ("portal_comparison", charts.portal_comparison,
     lambda f: (("c", "各园区 III 级指数", "一句话", f), {"columns": {"park": "园区", "index": "III 级指数", "grade": "等级"},
                                                          "grades": ["III 级", "不达标"], "colours": ["#c49000", "#b71c1c"]}),
     [pd.DataFrame({"park": ["甲园区", "乙园区"], "index": [100.0, 86.5], "grade": ["III 级", "不达标"]}),
      pd.DataFrame({"park": ["丙园区"], "index": [37.25], "grade": ["不达标"]})]),
    ("stacked_bar", charts.stacked_bar, lambda f: (("s", "状态", "一句话", f), {"category": "level", "value": "count", "series": "status",
                                                                            "columns": {"level": "层级", "status": "状态", "count": "方案数"},
                                                                            "value_title": "方案数", "colours": {"已完成": "#2e7d32", "逾期": "#d32f2f"}}),
     [pd.DataFrame({"level": ["园区", "园区"], "status": ["已完成", "逾期"], "count": [3, 1]}),
      pd.DataFrame({"level": ["企业", "企业"], "status": ["逾期", "已完成"], "count": [0, 7]})]),
    # counts: whole-number ticks, listed up to SMALL_COUNT, so shapes differ by their largest count
    ("stacked_bar-counts", charts.stacked_bar, lambda f: (("s", "状态", "一句话", f), {"category": "level", "value": "count", "series": "status",
                                                                                   "columns": {"level": "层级", "status": "状态", "count": "方案数"},
                                                                                   "value_title": "方案数", "colours": {"已完成": "#2e7d32", "逾期": "#d32f2f"},
                                                                                   "counts": True}),
     [pd.DataFrame({"level": ["园区", "园区"], "status": ["已完成", "逾期"], "count": [1, 1]}),
      pd.DataFrame({"level": ["企业", "企业"], "status": ["逾期", "已完成"], "count": [0, 7]}),
      pd.DataFrame({"level": ["企业", "园区"], "status": ["逾期", "已完成"], "count": [30, 2]}),
      pd.DataFrame({"level": ["企业", "园区"], "status": ["逾期", "已完成"], "count": [12, 40]})]),
]


@pytest.mark.parametrize("name,build,arguments,frames", CASES, ids=[c[0] for c in CASES])
def test_cached_shapes_give_altairs_spec(monkeypatch, name, build, arguments, frames):
    charts._SHAPES.clear()
    for frame in frames:  # the second frame of a shape is served from the cache
        args, kwargs = arguments(frame)
        want = direct(monkeypatch, build, *args, **kwargs)
        got = build(*args, **kwargs).spec
        assert json.dumps(got, sort_keys=True, ensure_ascii=False) == json.dumps(want, sort_keys=True, ensure_ascii=False)
        datasets = got["datasets"]
        assert any(len(v) == len(frame) for v in datasets.values())
    assert len(charts._SHAPES) <= len(frames)


def test_each_chart_gets_its_own_data(monkeypatch):
    charts._SHAPES.clear()
    a = charts.pareto("p", "t", "s", pareto_frame(["甲", "乙"], [60.0, 40.0]), columns={"name": "企业"}).spec
    b = charts.pareto("p", "另一个标题", "s", pareto_frame(["丙", "丁"], [90.0, 10.0]), columns={"name": "企业"}).spec
    assert len(charts._SHAPES) == 1  # one shape serves every title
    assert b == direct(monkeypatch, charts.pareto, "p", "另一个标题", "s", pareto_frame(["丙", "丁"], [90.0, 10.0]), columns={"name": "企业"})
    names_a = {r["name"] for v in a["datasets"].values() for r in v if "name" in r}
    names_b = {r["name"] for v in b["datasets"].values() for r in v if "name" in r}
    assert names_a == {"甲", "乙"} and names_b == {"丙", "丁"}


FRAMES = {
    "numbers": pd.DataFrame({"f": [1.5, float("nan"), float("inf"), -float("inf")], "i": [1, 2, 3, 4], "b": [True, False, True, False]}),
    "objects": pd.DataFrame({"s": ["甲", None, float("nan"), "丁"], "mixed": pd.Series([1, "x", 2.5, True], dtype=object),
                            "gaps": pd.Series(["甲", None, float("nan"), 1], dtype=object)}),
    "empty": pd.DataFrame({"name": pd.Series([], dtype=object), "share": pd.Series([], dtype=float)}),
    "object numbers": pd.DataFrame({"a": pd.Series([1, 2.5], dtype=object), "b": pd.Series([1, None], dtype=object),
                                    "c": pd.Series([1.5, None], dtype=object)}),
    "no columns": pd.DataFrame(index=range(2)),
    # kinds left to Altair: the result must still be Altair's
    "categorical": pd.DataFrame({"c": pd.Categorical(["a", None, "b"])}),
    "nullable": pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "s": pd.array(["a", None, "c"], dtype="string")}),
    "numpy scalars in objects": pd.DataFrame({"o": pd.Series([pd.NA, 1], dtype=object)}),
    "dates": pd.DataFrame({"d": pd.to_datetime(["2025-01-01", None])}),
    "other index": pd.DataFrame({"v": [1.0, 2.0]}, index=[5, 7]),
}


FAST = {"numbers", "objects"}  # converted by charts._column_values itself; the rest goes to Altair


@pytest.mark.parametrize("name", FRAMES)
def test_chart_data_is_altairs(name, monkeypatch):
    import altair as alt

    frame = FRAMES[name]
    want = alt.data_transformers.get()(frame)["values"]
    if name in FAST:  # the fast path must really be taken for these
        monkeypatch.setattr(alt.data_transformers, "get", lambda: pytest.fail("Altair's transformer used"))
    got = charts._values(frame)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
    assert [[type(v) for v in r.values()] for r in got] == [[type(v) for v in r.values()] for r in want]


def _x_axes(spec: dict) -> list[dict]:
    layers = spec.get("layer", [spec])
    return [layer["encoding"]["x"].get("axis", {}) for layer in layers]


@pytest.mark.parametrize("counts,ticks", [([1, 1, 2], [0, 1, 2]), ([1], [0, 1]), ([3, 10], list(range(11))), ([30, 12], None)])
def test_an_axis_of_counts_shows_whole_numbers(counts, ticks):
    """Vega's tickMinStep alone still drew "0.0 0.5 1.0 1.5 2.0" under 园区数 for the demo's four
    parks: small counts get their ticks listed, and every count axis prints whole numbers."""
    frame = pd.DataFrame({"grade": [f"等级{i}" for i in range(len(counts))], "count": counts})
    spec = charts.grade_distribution("g", "各等级园区数", "一句话", frame, columns={"grade": "等级", "count": "园区数（个）"},
                                     colours=["#43a047"] * len(counts)).spec
    for axis in _x_axes(spec):
        assert axis.get("values") == ticks and axis.get("format") == "d", axis
    plot = pd.DataFrame({"level": ["园区", "园区", "企业"], "status": ["已完成", "逾期", "已完成"], "count": [counts[0], counts[-1], 1]})
    stacked = charts.stacked_bar("s", "状态", "一句话", plot, category="level", value="count", series="status",
                                 columns={"level": "层级", "status": "状态", "count": "方案数"}, value_title="方案数",
                                 colours={"已完成": "#2e7d32", "逾期": "#d32f2f"}, counts=True).spec
    largest = counts[0] + counts[-1]
    axis = _x_axes(stacked)[0]
    assert axis.get("format") == "d" and axis.get("values") == (list(range(largest + 1)) if largest <= charts.SMALL_COUNT else None), axis


def test_shapes_pass_between_processes_as_text_and_give_the_same_spec(monkeypatch):
    """shapes_since / add_shapes (kept on disk by generator/build/chart_shapes.py): a shape read
    back serves a chart exactly as the one Altair built; a key whose text does not read back as
    itself is not passed on."""
    charts._SHAPES.clear()
    frame = pareto_frame(["甲", "乙"], [60.0, 40.0])
    want = charts.pareto("p", "t", "s", frame, columns={"name": "企业"}).spec
    exported = charts.shapes_since(set())
    assert len(exported) == 1
    charts._SHAPES[(object(),)] = ("{}", "x")  # not a plain value: stays in this process
    assert charts.shapes_since(set()) == exported
    charts._SHAPES.clear()
    charts.add_shapes(json.loads(json.dumps(exported)))
    built = []
    monkeypatch.setattr(charts, "_finish", lambda *a: built.append(a))
    assert charts.pareto("p", "t", "s", frame, columns={"name": "企业"}).spec == want
    assert built == []
    assert charts.shapes_since(charts.shape_keys()) == {}
