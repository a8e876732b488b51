"""The indicators page's words for one indicator: the distance to the next level in the indicator's
own direction, and the one-sentence summary judging the change since the first cycle by it."""

from __future__ import annotations

import pytest

from generator.render.pages.indicators import next_level_text, summary


def indicator(display, level, direction="lower", unit="tce/万元", state="value"):
    return {"indicator": "x", "state": state, "display": display, "level": level, "direction": direction, "unit": unit,
            "benchmarks": {"I": {"value": 0.25}, "II": {"value": 0.35}, "III": {"value": 0.5}}}


def row(cycle, display):
    return {"cycle": cycle, "state": "value", "display": display, "level_text": ""}


@pytest.mark.parametrize("display,level,direction,text", [
    ("1.120", "below", "lower", "距 III 级：需降至 0.5 tce/万元，差 0.62 tce/万元"),
    ("0.400", "III", "lower", "距 II 级：需降至 0.35 tce/万元，差 0.05 tce/万元"),
    ("0.300", "II", "lower", "距 I 级：需降至 0.25 tce/万元，差 0.05 tce/万元"),
    ("0.200", "I", "lower", "已达 I 级"),
    ("0.20", "II", "higher", "距 I 级：需升至 0.25 tce/万元，差 0.05 tce/万元"),
])
def test_the_next_level_in_the_indicators_direction(display, level, direction, text):
    assert next_level_text(indicator(display, level, direction)) == text


def test_missing_and_not_applicable_have_no_distance():
    assert next_level_text(indicator(None, None, state="missing")) == "未统计，需补齐数据"
    assert next_level_text(indicator(None, None, state="not_applicable")) == "不适用"


@pytest.mark.parametrize("direction,before,now,word", [
    ("lower", "1.300", "1.120", "有所改善"), ("lower", "1.000", "1.120", "有所变差"),
    ("higher", "1.300", "1.120", "有所变差"), ("higher", "1.000", "1.120", "有所改善"), ("lower", "1.120", "1.120", "没有变化"),
])
def test_the_summary_judges_the_change_by_the_direction(direction, before, now, word):
    text = summary("2025", "某指标", indicator(now, "below", direction), [row("2023", before), row("2025", now)])
    assert text.startswith("2025 年度某指标为 1.120 tce/万元，未达 III 级") and f"2023 年度为 {before} tce/万元，此后{word}" in text, text


def _yes_no(display, level):
    return {"indicator": "central_wwtp_monitoring", "state": "value", "display": display, "level": level, "direction": "qualitative", "unit": "-",
            "benchmarks": {"I": {"condition": "a and b", "description": {"zh": "具备设施并在线监测联网"}},
                           "II": {"condition": "a", "description": {"zh": "具备设施"}},
                           "III": {"condition": "a or c", "description": {"zh": "具备设施或在建"}}}}


def test_a_yes_no_indicator_is_said_by_the_condition_it_meets_not_as_1():
    """污水集中处理设施及在线监测 read "为 1，达到 I 级；2023 年度为I 级": its value is 是/否 and its
    sentence names the condition it meets."""
    from generator.render.grade_verdict import shown_value

    text = summary("2025", "污水集中处理设施及在线监测", _yes_no("1", "I"),
                   [{"cycle": "2023", "state": "value", "display": "是", "level_text": "II 级"}, {"cycle": "2025", "state": "value", "display": "是", "level_text": "I 级"}])
    assert text == "2025 年度污水集中处理设施及在线监测达到 I 级：具备设施并在线监测联网；2023 年度为 II 级。"
    assert shown_value("1", "qualitative", "-") == "是" and shown_value("0", "qualitative", "-") == "否"
    assert shown_value("0.300", "lower", "tce/万元") == "0.300"  # a number stays a number
    assert shown_value("1", "qualitative", "个") == "1"  # a count with a unit is not a yes/no
    below = summary("2025", "污水集中处理设施及在线监测", _yes_no("0", "below"), [])
    assert below.startswith("2025 年度污水集中处理设施及在线监测未达 III 级（") and "为 0" not in below


def test_the_demo_pages_say_yes_no_indicators_in_words(demo_build):
    for park in ("anning-ip", "yanglin-etdz"):
        page = (demo_build.project / "docs" / "reports" / park / "indicators.md").read_text(encoding="utf-8")
        row = next(line for line in page.splitlines() if line.startswith('<tr><td><a href="#central_wwtp_monitoring">'))
        assert '<td style="text-align: right;">是</td>' in row or '<td style="text-align: right;">否</td>' in row, row
        assert "污水集中处理设施及在线监测历年等级：" in page and "污水集中处理设施及在线监测历年数值" not in page
