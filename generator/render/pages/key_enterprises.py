"""The key enterprises (80 % rule): who was selected on which metrics, and a Pareto chart per metric."""

from __future__ import annotations

from decimal import Decimal

from generator.render import charts
from generator.render.format import fmt, pct, unit_zh
from generator.render.industry import industry_label
from generator.render.model import ParkInput, enterprise_names
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="key-enterprises", label="重点企业", position=30, template="park_key_enterprises.html.j2")

PARETO_TOP = 20  # bars shown per Pareto chart; the rest are summed into one bar


def context(park: ParkInput) -> dict:
    doc = park.doc
    ke = doc["key_enterprises"]
    metric_names = {m["metric"]: m["name"]["zh"] for m in ke["by_metric"]}
    enterprises = []
    # largest share first: the enterprises that weigh most on the park come first (issue 13, item 6)
    for e in sorted(ke["enterprises"], key=_largest_share_first):
        by_share = sorted(e["metrics"], key=lambda m: (-m["share"], m["metric"]))
        reasons = [f"{metric_names.get(m['metric'], m['metric'])} {pct(m['share'])}" for m in by_share]
        if e.get("mandatory_audit_addition"):
            reasons.append("强制性清洁生产审核名单")
        enterprises.append({"name": e["enterprise_name"], "chain": e.get("chain") or "—", "industry": industry_label(e.get("industry_code")),
                            "largest": pct(by_share[0]["share"]) if by_share else "—",
                            "reasons": "；".join(reasons), "audited": "是" if e.get("cp_audit_completed") else "否",
                            "disclosed": "是" if e.get("env_info_disclosed") else "否"})
    metrics = []
    per_enterprise = _metric_values(doc)
    names = enterprise_names(doc)
    for m in ke["by_metric"]:
        selected = m["selected"]
        if not m["total"]:
            metrics.append({"name": m["name"]["zh"], "total": fmt(m["total"]), "unit": unit_zh(m["unit"]), "chart": None,
                            "selected_text": "园区合计为 0 或无数据，本指标不选出企业。"})
            continue
        values = per_enterprise.get(m["metric"], {})
        chart = _pareto_chart(m, values, names, set(selected))
        metrics.append({"name": m["name"]["zh"], "total": fmt(m["total"]), "unit": unit_zh(m["unit"]), "chart": chart,
                        "selected_text": f"{len(selected)} 家企业合计占 {pct(m['cumulative_share'])}，入选重点企业。"})
    return {"enterprises": enterprises, "metrics": metrics, "mandatory_added": any(e.get("mandatory_audit_addition") for e in ke["enterprises"])}


def _largest_share_first(e: dict) -> tuple:
    """Sort key: the enterprise's largest share of any metric, descending; then its id, so ties
    (and enterprises added only from the mandatory-audit list, with no share) keep a fixed order."""
    return (-max((m["share"] for m in e["metrics"]), default=0.0), e["enterprise_id"])


def _metric_values(doc: dict) -> dict[str, dict[str, float]]:
    """metric → enterprise → value, from the per-enterprise table in score.json."""
    out: dict[str, dict[str, float]] = {}
    for e in doc["key_enterprises"].get("values", []):
        for metric, v in e["values"].items():
            if v is not None:
                out.setdefault(metric, {})[e["enterprise_id"]] = v
    return out


def _pareto_chart(m: dict, values: dict[str, float], names: dict[str, str], selected: set[str]):
    if not values:
        return None
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    total = m["total"]
    # sums of the published values in decimals: in floats the rest's bar read 6.007000000000001 in
    # the chart's CSV (the values themselves are results' decimals, 3 places)
    rows, cumulative = [], Decimal(0)
    for eid, v in ordered[:PARETO_TOP]:
        cumulative += Decimal(repr(v))
        rows.append({"name": names.get(eid, eid), "value": v, "share": round(v / total * 100, 2), "cumulative": round(float(cumulative) / total * 100, 2),
                     "key": "是" if eid in selected else "否"})
    rest = ordered[PARETO_TOP:]
    if rest:
        v = sum((Decimal(repr(x)) for _, x in rest), Decimal(0))
        cumulative += v
        v = float(v)
        rows.append({"name": f"其余 {len(rest)} 家", "value": v, "share": round(v / total * 100, 2), "cumulative": round(float(cumulative) / total * 100, 2),
                     "key": "是" if any(e in selected for e, _ in rest) else "否"})
    summary = f"{len(selected)} 家企业合计占园区{m['name']['zh']}的 {pct(m['cumulative_share'])}，最大的 {rows[0]['name']} 占 {pct(ordered[0][1] / total)}。"  # rounded once, as the table's
    return charts.pareto(f"pareto-{m['metric']}", f"{m['name']['zh']}：企业占比与累计占比", summary, charts.records_table(rows),
                         columns={"name": "企业", "value": f"数值（{unit_zh(m['unit'])}）", "share": "占比 %", "cumulative": "累计占比 %", "key": "重点企业"})
