"""The improvement measures: their status per level, their effect per substance (each in its own
unit, never added across substances), investment, annual benefit and payback per level and cost
class, and the list itself with each measure's effect and payback. The figures are score.json's
(generator/compute/measures.py); the list's names and dates are read from the package."""

from __future__ import annotations

from generator.core import records
from generator.render import charts, effects
from generator.render.format import fmt, target_zh
from generator.render.model import ParkInput, enterprise_names
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="measures", label="改进方案", position=60, template="park_measures.html.j2")

LEVELS = ("园区", "产业链", "企业")
COST_CLASSES = ("无低费", "中高费")


def context(park: ParkInput) -> dict:
    doc = park.doc
    ms = doc["measures"]
    shown = ms["by_level_shown"]
    status_rows, plot = [], []
    for level in LEVELS:
        counts = shown.get(level, {})
        status_rows.append({"level": effects.LEVEL_ZH[level], "counts": [counts.get(s, 0) for s in effects.STATUS_ORDER], "total": sum(counts.values())})
        for s in effects.STATUS_ORDER:
            plot.append({"level": effects.LEVEL_ZH[level], "status": s, "count": counts.get(s, 0)})
    totals = {s: sum(shown.get(lv, {}).get(s, 0) for lv in LEVELS) for s in effects.STATUS_ORDER}
    chart = charts.stacked_bar("measures-status", "各层级方案实施状态", _status_summary(ms["n_measures"], totals), charts.records_table(plot),
                               category="level", value="count", series="status", columns={"level": "层级", "status": "状态", "count": "方案数"},
                               value_title="方案数", colours=effects.STATUS_COLOURS, counts=True)

    substance_rows = [{"label": effects.substance_label(e["substance"]), "unit": effects.substance_unit(e["substance"]), "n": e["n_measures"],
                       "expected": effects.amount(e["substance"], e["expected"]), "n_completed": e["n_completed"],
                       "expected_completed": effects.amount(e["substance"], e["expected_completed"]),
                       "achieved_completed": effects.amount(e["substance"], e["achieved_completed"]), "rate": effects.rate(e["achievement"])}
                      for e in ms["effects"]]

    money = ms["money"]
    # two tables, each with its total: levels and cost classes are two ways of splitting the same measures
    total = _money_row("合计", money["total"])
    money_by_level = [*(_money_row(effects.LEVEL_ZH[lv], money["by_level"][lv]) for lv in LEVELS), total]
    money_by_cost = [*(_money_row(c, money["by_cost_class"][c]) for c in COST_CLASSES), total]

    names = enterprise_names(doc)
    computed = {m["measure_id"]: m for m in ms["measures"]}
    rows, effect_rows = [], []
    for r in records(park.table("measures")):  # typed: empty cells are None
        m = computed[r["measure_id"]]
        target_of = effects.owner(r, names)
        status = {"text": m["status_shown"], "css": effects.STATUS_CLASS[m["status_shown"]],
                  "note": f"原状态：{r['status']}" if m["status_shown"] != r["status"] else ""}
        rows.append({"measure_id": r["measure_id"], "level": effects.LEVEL_ZH[r["level"]], "target_of": target_of, "title": r["title"],
                     "measure_type": r["measure_type"], "cost_class": r["cost_class"], "target": target_zh(r["target"]), "status": status,
                     "end_date": r["end_date"] or "—"})
        effect_rows.append({"measure_id": r["measure_id"], "title": r["title"], "status": status, "effects": [_effect_line(e, m["status"]) for e in m["effects"]],
                            "investment": fmt(m["investment"], 1), "benefit": _benefit(m), "payback": effects.payback_lines(m["payback_expected"], m["payback_achieved"])})
    return {
        "n": ms["n_measures"], "by_cost": ms["by_cost_class"], "investment": fmt(ms["investment"]["total"], 1),
        "benefit": fmt(ms["economic_benefit"]["expected"], 1), "as_of": ms["as_of"], "status_rows": status_rows, "status_totals": totals,
        "statuses": [{"text": s, "css": effects.STATUS_CLASS[s]} for s in effects.STATUS_ORDER], "chart": chart,
        "substances": substance_rows, "money_by_level": money_by_level, "money_by_cost": money_by_cost, "measures": rows, "effect_rows": effect_rows,
    }


def _status_summary(n: int, totals: dict) -> str:
    parts = [f"{s} {totals[s]} 项" for s in effects.STATUS_ORDER if totals[s]]
    return f"{n} 项方案中" + "、".join(parts) + "。"


def _money_row(label: str, g: dict) -> dict:
    return {"label": label, "n": g["n_measures"], "investment": fmt(g["investment"], 1), "benefit": fmt(g["benefit_expected"], 1),
            "payback": effects.payback(g["payback_expected"]), "n_completed": g["n_completed"], "investment_completed": fmt(g["investment_completed"], 1),
            "benefit_achieved": fmt(g["benefit_achieved"], 1), "payback_achieved": effects.payback(g["payback_achieved"])}


def _effect_line(e: dict, status: str) -> str:
    """'削减氨氮：预期 2.16，实际 2.19 t/年（达成率 101.5%）'."""
    code = e["substance"]
    text = f"{effects.substance_label(code)}：预期 {effects.amount(code, e['expected'])}"
    if e["achieved"] is not None:
        text += f"，{'实际' if status == '已完成' else '阶段实际'} {effects.amount(code, e['achieved'])}"
    text += f" {effects.substance_unit(code)}"
    if e["achievement"] is not None:
        text += f"（达成率 {effects.rate(e['achievement'])}）"
    return text


def _benefit(m: dict) -> str:
    if m["benefit_expected"] is None and m["benefit_achieved"] is None:
        return "—"
    text = f"预期 {fmt(m['benefit_expected'], 1)}"
    if m["benefit_achieved"] is not None:
        text += f"，{'实际' if m['status'] == '已完成' else '阶段实际'} {fmt(m['benefit_achieved'], 1)}"
    return text
