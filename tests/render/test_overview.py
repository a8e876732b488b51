"""The overview explains the grade (issue 13, item 1): the rule that decided it, in words, with no
"不达标：满足"; the indicators that block the next level, each with its exact distance to the
benchmark; what changed since the last cycle, marked better or worse."""

from __future__ import annotations

import json
import re

from generator.render import grade_verdict

from .pagehtml import section as page_section
from .pagehtml import table

PARK = "anning-ip"


def _latest(project):
    cycle = max(p.name for p in (project / "results" / PARK).iterdir())
    doc = json.loads((project / "results" / PARK / cycle / "score.json").read_text(encoding="utf-8"))
    return next(s for s in doc["systems"].values() if s["method"] == "graded")


def test_overview_names_every_indicator_that_blocks_the_next_level(demo_build):
    page = (demo_build.project / "docs" / "reports" / PARK / "index.md").read_text(encoding="utf-8")
    g = _latest(demo_build.project)
    assert g["grade"]["grade"] == "below", "the demo park was expected below level III"
    section = page_section(page, "离 III 级", "与上一周期相比")
    below = [i for c in g["categories"] for i in c["indicators"] if i["state"] != "not_applicable" and i["level"] in ("below", None)]
    assert below
    for i in below:
        assert i["name"]["zh"] in section, i["indicator"]
    at_three = [i for c in g["categories"] for i in c["indicators"] if i["level"] in ("I", "II", "III")]
    for i in at_three:
        assert f">{i['name']['zh']}</a>" not in section, f"{i['indicator']} reaches level III and blocks nothing"
    # the rule in words, and the distance computed from the published value and the benchmark
    assert "即全部适用指标都达到 III 级" in page
    blocking = {r["指标"]: r for r in table(section, "指标")}
    energy = next(r for name, r in blocking.items() if "单位工业增加值综合能耗" in name)
    assert (energy["要求"], energy["差距"]) == ("需降至 0.5 tce/万元", "差 0.62 tce/万元")
    assert "不达标：满足" not in page and "满足 —" not in page


def test_changes_since_the_last_cycle_are_marked_better_or_worse(demo_build):
    page = (demo_build.project / "docs" / "reports" / PARK / "index.md").read_text(encoding="utf-8")
    changes = page_section(page, "与上一周期相比", "分类得分")
    lines = re.findall(r"<li>.*?</li>", changes, re.S)
    assert lines
    assert all('class="pa-better"' in line or 'class="pa-worse"' in line or 'class="pa-neutral"' in line for line in lines)


def _indicator(display, bench, direction="lower", unit="tce/万元", state="value"):
    return {"display": display, "benchmarks": {"III": {"value": bench}}, "direction": direction, "unit": unit, "state": state}


def test_distances_are_exact_decimals():
    # 0.3 - 0.1 in floats is 0.19999999999999998
    assert grade_verdict.gap_text(_indicator("0.3", 0.1), "III") == "差 0.2 tce/万元"
    assert grade_verdict.gap_text(_indicator("1.120", 0.85), "III") == "差 0.27 tce/万元"
    assert grade_verdict.need_text(_indicator("1.120", 0.85), "III") == "需降至 0.85 tce/万元"
    assert grade_verdict.need_text(_indicator("66.2", 70.0, "higher", "%"), "III") == "需升至 70%"
    assert grade_verdict.gap_text(_indicator("66.2", 70.0, "higher", "%"), "III") == "差 3.8 个百分点"  # a distance between rates
    assert grade_verdict.gap_text(_indicator(None, 70.0, "higher", "%", "missing"), "III") == "需补齐数据"


def test_a_level_iii_park_is_told_what_level_ii_needs():
    rules = [
        {"grade": "I", "label": {"zh": "I 级"}, "min_index": {"level": "I", "value": 85.0}, "limiting_at_least": "I"},
        {"grade": "II", "label": {"zh": "II 级"}, "min_index": {"level": "II", "value": 85.0}, "limiting_at_least": "II"},
        {"grade": "III", "label": {"zh": "III 级"}, "min_index": {"level": "III", "value": 100.0}},
        {"grade": "below", "label": {"zh": "不达标"}},
    ]
    ind = lambda id_, level, limiting=False: {"indicator": id_, "name": {"zh": id_}, "state": "value", "level": level, "limiting": limiting,
                                              "display": "1", "unit": "-", "direction": "lower", "effective_weight": 0.5,
                                              "membership": {"II": 100 if level in ("I", "II") else 0},
                                              "benchmarks": {"II": {"value": 0.5}}}
    g = {"grade": {"grade": "III"}, "grade_rules": rules, "indices_display": {"I": "50.00", "II": "70.00", "III": "100.00"},
         "categories": [{"weight": 0.4, "indicators": [ind("a", "III", limiting=True), ind("b", "II")]},
                        {"weight": 0.6, "indicators": [ind("c", "III"), ind("d", "I")]}],
         "grade_checks": [{"grade": "I", "met": False, "failed": []}, {"grade": "II", "met": False, "failed": [
             {"condition": "limiting_at_least", "indicators": ["a"], "zh": "x"}]}, {"grade": "III", "met": True, "failed": []},
             {"grade": "below", "met": True, "failed": []}]}
    rule = grade_verdict.next_rule(g)
    assert rule["grade"] == "II"
    rows = grade_verdict.blocking(g, rule)
    assert [r["id"] for r in rows] == ["c", "a"]  # c adds 0.6 × 0.5 × 100 = 30 points, a 20
    assert [r["gain_text"] for r in rows] == ["30", "20"]
    assert rows[1]["limiting"]
    lines = grade_verdict.checks(g, {"a": "甲"})
    assert [line["label"] for line in lines] == ["I 级", "II 级", "III 级"]  # no line for 不达标
    assert "限定性指标甲未达到 II 级" in lines[1]["reasons"]


def _rules():
    return [{"grade": "I", "label": {"zh": "I 级（领先）"}, "min_index": {"level": "I", "value": 85}, "limiting_at_least": "I"},
            {"grade": "II", "label": {"zh": "II 级（先进）"}, "min_index": {"level": "II", "value": 85}, "limiting_at_least": "II"},
            {"grade": "III", "label": {"zh": "III 级（一般）"}, "min_index": {"level": "III", "value": 100}},
            {"grade": "below", "label": {"zh": "不达标"}}]


def test_a_lower_levels_index_under_its_requirement_is_explained_only_when_it_is():
    """Rules are tried from I down: a II-level park's III index may be under III's 100. Said
    when a level below the grade has its index under its requirement, and only then."""
    def note(grade, indices):
        return grade_verdict.lower_levels_note({"grade_rules": _rules(), "grade": {"grade": grade}, "indices_display": indices})

    text = note("I", {"I": "90.00", "II": "84.50", "III": "99.00"})
    assert "II 级综合评价指数为 84.50，虽低于 II 级（先进）要求的 85" in text and "III 级综合评价指数为 99.00" in text
    assert text.startswith("等级按 I 级、II 级、III 级的顺序判定")
    assert "III 级综合评价指数" not in note("II", {"I": "50.00", "II": "86.00", "III": "100.00"})
    assert note("II", {"I": "50.00", "II": "86.00", "III": "100.00"}) == ""
    assert note("III", {"I": "10.00", "II": "20.00", "III": "100.00"}) == ""
    assert note("below", {"I": "10.00", "II": "20.00", "III": "60.00"}) == ""


def test_every_demo_overview_says_so_where_it_applies(demo_build):
    for park in sorted(p.name for p in (demo_build.project / "results").iterdir()):
        cycle = max(p.name for p in (demo_build.project / "results" / park).iterdir())
        doc = json.loads((demo_build.project / "results" / park / cycle / "score.json").read_text(encoding="utf-8"))
        g = next(s for s in doc["systems"].values() if s["method"] == "graded")
        page = (demo_build.project / "docs" / "reports" / park / "index.md").read_text(encoding="utf-8")
        section = page_section(page, "等级判定", "与上一周期相比")
        expected = grade_verdict.lower_levels_note(g)
        assert (expected in section) if expected else ("其下各级不再判定" not in section), park
    # the demo holds the case: 杨林 is II with a III index under 100
    assert "yanglin-etdz" in {p.name for p in (demo_build.project / "results").iterdir()}
    yanglin = (demo_build.project / "docs" / "reports" / "yanglin-etdz" / "index.md").read_text(encoding="utf-8")
    assert "并不影响本周期的等级" in yanglin


def test_the_category_chart_never_calls_a_full_marks_category_the_lowest():
    """昆明高新 2025: every category at full marks for III read "碳排放类得分最低：贡献 10.00，满分 10"."""
    from generator.render.pages.overview import _weakest_category

    def cat(cid, weight, i, ii, iii):
        return {"id": cid, "name": {"zh": cid}, "weight": weight, "contribution": {"I": i, "II": ii, "III": iii}}

    full_iii = [cat("能源", 0.5, 10, 30, 50), cat("碳排放", 0.5, 20, 50, 50)]
    text = _weakest_category(full_iii)
    assert text == "各类别对 III 级指数的贡献都是满分；能源类对 II 级指数的贡献最低：30.00，满分 50。"
    assert _weakest_category([cat("能源", 0.5, 50, 50, 50), cat("碳排放", 0.5, 50, 50, 50)]) == "各类别对 I、II、III 级指数的贡献都是满分。"
    assert _weakest_category([cat("能源", 0.5, 0, 10, 20), cat("碳排放", 0.5, 0, 50, 50)]).startswith("能源类对 III 级指数的贡献最低：20.00")


def test_the_parks_code_says_which_catalogue_it_is_from(demo_build):
    """A bare "目录代码 G531199" told a reader nothing: the code is named with its catalogue."""
    park = (demo_build.project / "data" / PARK / "2025" / "park.csv").read_text(encoding="utf-8")
    page = (demo_build.project / "docs" / "reports" / PARK / "index.md").read_text(encoding="utf-8")
    codes = re.findall(r"《中国开发区审核公告目录》（2018 年版）代码 ([GS]\d+)", page)
    assert len(codes) == 1 and codes[0] in park
    assert "· 目录代码" not in page
