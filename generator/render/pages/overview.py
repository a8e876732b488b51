"""The park's overview (index.md): grade, composite indices, grade checks, category scores, the
trend over the cycles and the headline indicators."""

from __future__ import annotations

from generator.render import charts
from generator.render.effects import STATUS_ORDER as MEASURE_STATUS_ORDER
from generator.render.effects import effects_sentence
from generator.render.format import STATE_ZH, fmt, unit_text
from generator.render.compliance import compliance_label
from generator.render.model import LEVEL_RANK, ParkInput, graded, key_enterprise_changes, level_tone, levels_by_indicator
from generator.render import grade_verdict
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="index", label="概览", position=10, template="park_index.html.j2")


def _weakest_category(categories: list[dict]) -> str:
    """The category chart's sentence: the category furthest from full marks, at the lowest level
    (III, then II, then I) where one is; a park with every category at full marks for III is not
    told that one of them "scored lowest" (昆明高新 2025, all at 10 of 10)."""
    def share(c, lv):
        return c["contribution"][lv] / (c["weight"] * 100) if c["weight"] else 1

    full = []
    for lv in ("III", "II", "I"):
        weakest = min(categories, key=lambda c: (share(c, lv), c["id"])) if categories else None
        if weakest is not None and share(weakest, lv) < 1:
            lead = f"各类别对 {'、'.join(full)} 级指数的贡献都是满分；" if full else ""
            return (f"{lead}{weakest['name']['zh']}类对 {lv} 级指数的贡献最低："
                    f"{fmt(weakest['contribution'][lv], 2)}，满分 {fmt(weakest['weight'] * 100, 0)}。")
        full.append(lv)
    return "各类别对 I、II、III 级指数的贡献都是满分。"


def context(park: ParkInput) -> dict:
    doc = park.doc
    g = graded(doc)
    names = {i: d["name"]["zh"] for i, d in doc["indicators"].items()}
    nxt = grade_verdict.next_rule(g)
    categories, cat_rows = [], []
    for c in g["categories"]:
        categories.append({"name": c["name"]["zh"], "weight": c["weight"], "applicable": len(c["indicators"]) - c["n_not_applicable"],
                           **{lv: fmt(c["contribution"][lv], 2) for lv in ("I", "II", "III")}})
        for lv in ("I", "II", "III"):
            cat_rows.append({"category": c["name"]["zh"], "level": f"{lv} 级指数", "contribution": c["contribution"][lv], "max": c["weight"] * 100})
    chart_categories = charts.grouped_bar(
        "overview-categories", "各类别对综合评价指数的贡献", _weakest_category(g["categories"]),
        charts.records_table(cat_rows), category="category", value="contribution", series="level",
        columns={"category": "类别", "level": "指数", "contribution": "贡献", "max": "满分"}, value_title="对指数的贡献")
    trend_rows = []
    for c, d in sorted(park.cycles.items()):
        for lv in ("I", "II", "III"):
            trend_rows.append({"cycle": c, "index": f"{lv} 级指数", "value": graded(d)["indices"][lv]})
    first, last = sorted(park.cycles)[0], park.current
    y3_first, y3_last = graded(park.cycles[first])["indices"]["III"], g["indices"]["III"]
    trend_summary = (f"{first} 至 {last} 年度，III 级综合评价指数从 {fmt(y3_first, 2)} 变为 {fmt(y3_last, 2)}。" if first != last
                     else f"目前只有 {last} 年度一个审核周期，III 级综合评价指数为 {fmt(y3_last, 2)}。")
    chart_trend = charts.trend("overview-trend", "综合评价指数历年变化", trend_summary, charts.records_table(trend_rows), x="cycle", y="value",
                               series="index", columns={"cycle": "审核年度", "index": "指数", "value": "数值"}, y_title="综合评价指数", domain=[0, 100])
    inds = doc["indicators"]
    levels = levels_by_indicator(g)
    headline_indicators = [{"id": i, "name": inds[i]["name"]["zh"], "display": inds[i]["display"] or STATE_ZH[inds[i]["state"]],
                            "unit": unit_text(inds[i]["unit"]), "level": levels.get(i)} for i in park.config.headline_indicators if i in inds]
    return {
        "grade": g["grade"], "y": g["indices_display"], "hj274_label": compliance_label(doc), "n_key": doc["key_enterprises"]["count"],
        "grade_checks": grade_verdict.checks(g, names), "lower_levels_note": grade_verdict.lower_levels_note(g), "next_rule": nxt,
        "next_rule_text": grade_verdict.rule_text(nxt) if nxt else "", "blocking": grade_verdict.blocking(g, nxt) if nxt else [],
        "n_applicable": sum(1 for c in g["categories"] for i in c["indicators"] if i["state"] != "not_applicable"), "categories": categories, "chart_categories": chart_categories, "chart_trend": chart_trend,
        "headlines": _headlines(park), "headline_indicators": headline_indicators, "measures": _measures(doc["measures"]),
    }


def _measures(ms: dict) -> dict:
    """The measures in one sentence: how many are done, and what the completed ones achieved, per
    substance with its unit (never one sum across substances)."""
    totals = {s: sum(lv.get(s, 0) for lv in ms["by_level_shown"].values()) for s in MEASURE_STATUS_ORDER}
    return {"n": ms["n_measures"], "statuses": [f"{s} {n} 项" for s, n in totals.items() if n],
            "achieved": effects_sentence(ms["effects"], "achieved_completed")}


def _headlines(park: ParkInput) -> list[dict]:
    """What changed since the previous cycle, in a few sentences, each marked better, worse or
    neutral for the reader (the changes page has it all)."""
    if park.previous is None:
        return []
    old, new = park.cycles[park.previous], park.doc
    go, gn = graded(old), graded(new)
    out = []
    a, b = go["grade"]["grade"], gn["grade"]["grade"]
    if a != b:
        out.append({"text": f"清洁生产等级由“{go['grade']['label']['zh']}”变为“{gn['grade']['label']['zh']}”。",
                    "tone": "better" if LEVEL_RANK.get(b, 0) > LEVEL_RANK.get(a, 0) else "worse"})
    for lv in ("I", "II", "III"):
        a, b = go["indices"][lv], gn["indices"][lv]
        if a is not None and b is not None and a != b:
            out.append({"text": f"{lv} 级综合评价指数由 {fmt(a, 2)} {'升至' if b > a else '降至'} {fmt(b, 2)}。", "tone": "better" if b > a else "worse"})
    lo, ln = levels_by_indicator(go), levels_by_indicator(gn)
    up = [i for i in ln if level_tone(lo.get(i), ln[i]) == "better"]
    down = [i for i in ln if level_tone(lo.get(i), ln[i]) == "worse"]
    names = new["indicators"]
    if up:
        out.append({"text": "等级提高的指标：" + "、".join(names[i]["name"]["zh"] for i in sorted(up)) + "。", "tone": "better"})
    if down:
        out.append({"text": "等级下降的指标：" + "、".join(names[i]["name"]["zh"] for i in sorted(down)) + "。", "tone": "worse"})
    joined, left = key_enterprise_changes(old, new)
    if joined or left:
        out.append({"text": f"重点企业新增 {len(joined)} 家、减少 {len(left)} 家。", "tone": "neutral"})
    return out
