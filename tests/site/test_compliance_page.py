"""The compliance system's requirements (the demo's HJ 274) on the public pages: the overview said
only "未通过（12 项未达到）", and no page said which (nor that 12 counted only the groups that failed). The indicators page lists every requirement with
its value, the requirement in words and the outcome; the overview's figure links there; the data
quality page lists the compliance indicators that have no value. Expected values are read from the
results (score.json), not from the page."""

from __future__ import annotations

import html
import json
import re

from ..render.pagehtml import section, table

PARK, CYCLE = "anning-ip", "2025"
SIGNS = {">=": "≥", "<=": "≤", "==": "=", "<": "<", ">": ">"}
TAG = re.compile(r"<[^>]+>")


def score(project) -> dict:
    return json.loads((project / "results" / PARK / CYCLE / "score.json").read_text(encoding="utf-8"))


def page(project, name: str) -> str:
    return (project / "docs" / "reports" / PARK / f"{name}.md").read_text(encoding="utf-8")


def system(doc: dict) -> dict:
    return next(s for s in doc["systems"].values() if s["method"] == "compliance")


def requirements(doc: dict) -> list[dict]:
    return [i for g in system(doc)["groups"] for i in g["indicators"]]


def words(i: dict) -> str:
    req = i["requirement"]
    if "condition" in req:
        return req["description"]["zh"]
    return f"{SIGNS[req['op']]} {i['requirement_text'].split()[-1]}"


def text(cell: str) -> str:
    return html.unescape(TAG.sub("", cell)).strip()


def test_the_indicators_page_lists_every_requirement_in_words(demo_build):
    doc = score(demo_build.project)
    rows = table(section(page(demo_build.project, "indicators"), "HJ 274 符合性"), "组")
    reqs = requirements(doc)
    assert [text(r["指标"]) for r in rows] == [i["name"]["zh"] for i in reqs]
    for row, i in zip(rows, reqs):
        assert text(row["要求"]) == words(i), i["indicator"]
        outcome = "达到" if i["met"] else "未达到" if i["status"] != "undecidable" else "无法判断"
        group = next(g for g in system(doc)["groups"] if i in g["indicators"])
        if not i["met"] and group["passed"]:  # a group needs one requirement met: this one does not count
            outcome += "（本组已通过，不影响结论）"
        assert text(row["结果"]) == outcome, i["indicator"]
        value = i["display"] if i["display"] is not None else "未统计"
        if "condition" in i["requirement"]:  # a flag ("stable_compliance == 1") reads as yes or no
            value = {"1": "是", "0": "否"}.get(value, value)
        assert text(row["数值"]) == value, i["indicator"]
        assert "==" not in row["要求"] and ">=" not in row["要求"] and i["indicator"] not in row["要求"]
    # the summary names what fell short: the mandatory requirements not met and the groups with none
    # met (a reader counting the table's 未达到 against one number was misled before)
    summary = section(page(demo_build.project, "indicators"), "HJ 274 符合性").split("</p>")[0]
    failed = [g for g in system(doc)["groups"] if not g["passed"]]
    assert failed  # the demo park fails both ways
    for g in failed:
        if g["rule"] == "all":
            names = [i["name"]["zh"] for i in g["indicators"] if not i["met"]]
            assert f"{len(names)} 项未达到（{'、'.join(names)}）" in summary
        else:
            assert g["id"].removeprefix("group_").upper() + " 组" in summary
    assert any(text(r["结果"]).endswith("（本组已通过，不影响结论）") for r in rows)  # the demo has both kinds
    assert sum(text(r["结果"]) == "未达到" for r in rows) == len(system(doc)["unmet"])


def test_the_overview_figure_links_to_the_requirements(demo_build):
    overview = page(demo_build.project, "index")
    card = overview[overview.index("生态工业示范园区标准（HJ 274）"):].split('<div class="pa-card">')[0]
    assert '<span class="pa-level-below">未通过（' in card and '<a href="indicators.html#hj274">查看各项要求</a>' in card
    assert 'id="hj274"' in page(demo_build.project, "indicators")


def test_the_quality_page_lists_compliance_indicators_without_a_value(demo_build):
    doc = score(demo_build.project)
    graded = next(s for s in doc["systems"].values() if s["method"] == "graded")
    graded_ids = [i["indicator"] for c in graded["categories"] for i in c["indicators"]]
    ids = graded_ids + [i["indicator"] for i in requirements(doc) if i["indicator"] not in graded_ids]
    want = [doc["indicators"][i]["name"]["zh"] for i in ids if doc["indicators"][i]["state"] != "value"]
    only_compliance = [i["name"]["zh"] for i in requirements(doc) if i["indicator"] not in graded_ids and i["state"] != "value"]
    assert only_compliance  # the demo park has such gaps (no 2022 cycle for the three-year growth rates)
    rows = table(section(page(demo_build.project, "quality"), "未统计与不适用的指标"), "指标")
    assert [text(r["指标"]) for r in rows] == want
    for r in rows:
        if text(r["指标"]) in only_compliance:
            assert 'href="indicators.html#hj274"' in r["指标"]
