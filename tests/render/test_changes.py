"""The park's 变化 page is a reader's page (issue 13, item 4): the grade before and after; each
indicator's value before and after, the change in per cent and whether that is better or worse in
the indicator's own direction, in words and colour; key enterprises that joined or left; measures
completed since. The direction arithmetic is redone here from the two published values on the
page and the direction in indicators.yaml."""

from __future__ import annotations

import csv
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import yaml

from generator.render.pages.changes import completed_measures, verdict

from ..csvedit import REPO
from .pagehtml import has_heading, rows, section, table

PARK = "yanglin-etdz"  # reaches level II in 2025 from below in 2024: a grade change to show


def _page(project, park=PARK):
    return (project / "docs" / "reports" / park / "changes.md").read_text(encoding="utf-8")


def _rows(page: str) -> dict[str, list[str]]:
    """The indicator table: {name: [unit, before, after, change, verdict cell, levels]}."""
    return {cells[0]: cells[1:] for cells in rows(section(page, "各项指标", "重点企业"))[1:]}


def test_each_indicator_is_better_or_worse_in_its_own_direction(demo_build):
    config = yaml.safe_load((REPO / "indicators.yaml").read_text(encoding="utf-8"))
    by_name = {d["name"]["zh"]: d for d in config["indicators"].values()}
    rows = _rows(_page(demo_build.project))
    assert len(rows) == sum(len(c["indicators"]) for c in config["systems"]["park_cp"]["categories"])
    seen = set()
    for name, (unit, before, after, change, cell, _levels) in rows.items():
        direction = by_name[name]["direction"]
        if direction == "qualitative":
            continue
        a, b = Decimal(before), Decimal(after)
        if a == b:
            word, cls, pct = "持平", "pa-same", "0.0%" if a > 0 else "—"
        else:
            better = b < a if direction == "lower" else b > a
            word, cls = ("改善", "pa-better") if better else ("变差", "pa-worse")
            pct = f"{((b - a) / a * 100).quantize(Decimal('0.1'), ROUND_HALF_UP):+}%" if a > 0 and b >= 0 else "—"
        assert f'class="{cls}"' in cell and word in cell, (name, before, after, cell)  # colour and word
        assert change.replace("\\", "") == pct, (name, before, after, change)
        seen.add(word)
    assert {"改善", "变差", "持平"} <= seen  # the demo shows all three


def test_a_lower_is_better_indicator_that_fell_is_an_improvement():
    assert verdict("lower", "0.164", "0.156") == ("better", "-4.9%")   # (0.156 − 0.164) ÷ 0.164 = −4.878 %
    assert verdict("higher", "0.164", "0.156") == ("worse", "-4.9%")
    assert verdict("higher", "92.0", "97.0") == ("better", "+5.4%")    # 5 ÷ 92 = 5.43 %
    assert verdict("lower", "0", "0.5") == ("worse", "—")              # no per cent of nothing
    assert verdict("lower", "-0.06", "0.27") == ("worse", "—")         # no per cent of a negative base
    assert verdict("lower", "0.27", "-0.06") == ("better", "—")        # nor across zero
    assert verdict("lower", "7", "7.0") == ("same", "0.0%")
    assert verdict("higher", "0.0", "0") == ("same", "—")              # 0 → 0: no per cent of nothing either
    assert verdict("lower", None, "7.0") == ("none", "—")


def test_the_grade_before_and_after_and_the_measures_completed_since(demo_build):
    page = _page(demo_build.project)
    results = demo_build.project / "results" / PARK
    old = json.loads((results / "2024" / "score.json").read_text(encoding="utf-8"))
    new = json.loads((results / "2025" / "score.json").read_text(encoding="utf-8"))
    label = lambda d: next(s for s in d["systems"].values() if s["method"] == "graded")["grade"]["label"]["zh"]
    assert label(old) != label(new)
    assert f"2024 年度为“{label(old)}”，2025 年度为“{label(new)}”" in page
    assert 'class="pa-better">▲ 等级提高' in page  # below → II is up
    measures = (REPO / "data" / PARK / "2025" / "measures.csv").read_text(encoding="utf-8").splitlines()
    header = measures[0].split(",")
    done = [dict(zip(header, line.split(","))) for line in measures[1:]]
    done = [m for m in done if m["status"] == "已完成" and m["end_date"] >= "2025-01-01"]
    assert done
    shown = table(section(page, "2024 年度之后完成"), "方案")
    with (REPO / "data" / PARK / "2025" / "enterprises.csv").open(encoding="utf-8", newline="") as fh:
        names = {r["enterprise_id"]: r["enterprise_name"] for r in csv.DictReader(fh)}
    for m in done:
        who = names[m["enterprise_id"]] if m["level"] == "企业" else m["chain"] if m["level"] == "产业链" else "园区"
        assert {"方案": m["title"], "层级": m["level"], "实施单位": who, "完成日期": m["end_date"]} in shown


def test_key_enterprises_that_joined_or_left_are_named(demo_build):
    for park in ("anning-ip", "qujing-etdz", "kunming-hitech", "yanglin-etdz"):
        page = _page(demo_build.project, park)
        results = demo_build.project / "results" / park
        key = lambda c: {e["enterprise_id"]: e["enterprise_name"] for e in json.loads(
            (results / c / "score.json").read_text(encoding="utf-8"))["key_enterprises"]["enterprises"]}
        old, new = key("2024"), key("2025")
        for eid in new.keys() - old.keys():
            assert new[eid] in page[page.index("新列入重点企业"):], (park, eid)
        for eid in old.keys() - new.keys():
            assert old[eid] in page[page.index("不再列为重点企业"):], (park, eid)
        if old.keys() == new.keys():
            assert "重点企业名单与 2024 年度相同" in page


def test_no_english_and_no_codes_on_the_page(demo_build):
    for park in ("anning-ip", "yanglin-etdz"):
        page = _page(demo_build.project, park)
        body = section(page, "清洁生产等级")
        body = re.sub(r"<[^>]+>", "", body)  # tags and their class names are not text
        # letters only in units (tce, m³, kg, tCO₂: "m" and "tCO" to this pattern) and level numerals; no
        # indicator ids, no bilingual text
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", body))
        allowed = {"tce", "m", "kg", "t", "tCO", "I", "II", "III"}
        assert words <= allowed, words - allowed
        assert "[" not in body


def test_the_first_cycle_says_there_is_no_earlier_one(demo_build):
    from generator.render import ParkResults, park_pages
    from generator.score import load_config

    project = demo_build.project
    doc = json.loads((project / "results" / PARK / "2023" / "score.json").read_text(encoding="utf-8"))
    files, _ = park_pages(ParkResults(PARK, {"2023": doc}, "2023"), project / "data", [],
                          config=load_config(project / "indicators.yaml"))
    page = files["changes.md"]
    assert "2023 年度是本园区的第一个审核周期，没有更早的审核周期可以比较。" in page
    assert not has_heading(page, "各项指标")
    assert completed_measures(pd.DataFrame([{"status": "已完成", "end_date": "2024-12-31", "title": "x", "level": "园区"}]), "2024", {}) == []



def test_completed_measures_say_who_carried_them_out():
    """昆明高新 listed "高效电机替代及风机水泵变频改造 / 企业" twice: two enterprises' measures, now named."""
    rows = pd.DataFrame([
        {"status": "已完成", "end_date": "2025-11-02", "title": "高效电机替代", "level": "企业", "enterprise_id": "KM008", "chain": None},
        {"status": "已完成", "end_date": "2025-12-10", "title": "高效电机替代", "level": "企业", "enterprise_id": "KM037", "chain": None},
        {"status": "已完成", "end_date": "2025-04-01", "title": "水性涂料替代", "level": "产业链", "enterprise_id": None, "chain": "装备制造产业链"},
        {"status": "已完成", "end_date": "2025-08-11", "title": "屋顶光伏", "level": "园区", "enterprise_id": None, "chain": None},
    ])
    done = completed_measures(rows, "2024", {"KM008": "昆明甲公司", "KM037": "昆明乙公司"})
    assert [(m["title"], m["owner"]) for m in done] == [("水性涂料替代", "装备制造产业链"), ("屋顶光伏", "园区"),
                                                          ("高效电机替代", "昆明甲公司"), ("高效电机替代", "昆明乙公司")]
