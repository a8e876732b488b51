"""The improvement measures: their status per level, expected and achieved savings, and the list
itself, read from the package's measures table."""

from __future__ import annotations

import pandas as pd

from generator.core import records
from generator.render import charts
from generator.render.format import fmt, target_zh, unit_zh
from generator.render.model import ParkInput, enterprise_names
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="measures", label="改进方案", position=60, template="park_measures.md.j2")

SAVINGS_ZH = {"energy_saving": "节能量", "water_saving": "节水量", "pollutant_reduction": "污染物削减量", "co2_reduction": "二氧化碳减排量", "economic_benefit": "经济效益"}
STATUSES = ("计划", "实施中", "已完成", "已取消")


def context(park: ParkInput) -> dict:
    doc = park.doc
    ms = doc["measures"]
    status_rows, plot = [], []
    for level in ("园区", "产业链", "企业"):
        counts = ms["by_level"].get(level, {})
        status_rows.append({"level": level, **{s: counts.get(s, 0) for s in STATUSES}})
        for s in STATUSES:
            plot.append({"level": level, "status": s, "count": counts.get(s, 0)})
    savings = [{"label": SAVINGS_ZH.get(k, k), "unit": unit_zh(v["unit"]), "expected": fmt(v.get("expected")), "expected_completed": fmt(v.get("expected_completed")),
                "achieved": fmt(v.get("achieved"))} for k, v in sorted(ms["savings"].items())]
    done = ms["by_status"].get("已完成", 0)
    chart = charts.grouped_bar("measures-status", "各层级方案实施状态", f"{ms['n_measures']} 项方案中已完成 {done} 项。", pd.DataFrame(plot),
                               category="level", value="count", series="status", columns={"level": "层级", "status": "状态", "count": "方案数"}, value_title="方案数")
    names = enterprise_names(doc)
    rows = []
    for r in records(park.table("measures")):  # typed: empty cells are None (printed empty), investment a float
        target_of = names.get(r["enterprise_id"], r["enterprise_id"]) if r["level"] == "企业" else (r["chain"] if r["level"] == "产业链" else "园区")
        rows.append({**r, "target_of": target_of, "investment": fmt(r["investment"], 1), "end_date": r["end_date"] or "—", "target": target_zh(r["target"])})
    return {"n": ms["n_measures"], "investment": fmt(ms["investment"]["total"], 1), "status_rows": status_rows, "savings": savings, "chart": chart, "measures": rows}
