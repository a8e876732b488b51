"""Page models for one park: overview, indicators, key enterprises, chains, enterprises, measures,
changes, data quality and downloads. Each function turns score.json content into the plain values
a template prints; numbers are formatted here, escaping happens in the templates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from generator.render import charts
from generator.render.format import HEADLINE_INDICATORS, STATE_ZH, STATUS_ZH, fmt, pct, plain, unit_zh
from generator.render.model import ParkResults, chart_files

PARETO_TOP = 20  # bars shown per Pareto chart; the rest are summed into one bar


def _graded(doc: dict) -> dict:
    return next(s for s in doc["systems"].values() if s["method"] == "graded")


def _compliance(doc: dict) -> dict | None:
    return next((s for s in doc["systems"].values() if s["method"] == "compliance"), None)


def _profile(doc: dict) -> dict:
    p = doc["park"]["profile"]
    return {
        "id": doc["park"]["id"], "name": p.get("park_name") or doc["park"]["id"], "code": p.get("catalog_code") or "—",
        "zone_type": p.get("zone_type") or "—", "industries": p.get("leading_industries") or "—",
        "fictional": doc["park"].get("fictional", False),
    }


def _hj274_label(doc: dict) -> str:
    c = _compliance(doc)
    if not c:
        return "—"
    return "通过" if c["passed"] else f"未通过（{len(c['unmet'])} 项未达到）"


def portal_row(park: ParkResults) -> dict:
    doc = park.doc
    g = _graded(doc)
    prev_cycles = sorted(c for c in park.cycles if c < park.current)
    trend = "—"
    if prev_cycles:
        before = _graded(park.cycles[prev_cycles[-1]])["indices"]["III"]
        now = g["indices"]["III"]
        if before is not None and now is not None:
            delta = now - before
            trend = f"↑ +{delta:.2f}" if delta > 0 else (f"↓ {delta:.2f}" if delta < 0 else "→ 0.00")
    prof = _profile(doc)
    return {
        **prof, "cycle": park.current, "grade_label": g["grade"]["label"]["zh"], "y": g["indices_display"], "y_raw": g["indices"],
        "trend": trend, "hj274": _hj274_label(doc), "n_key": doc["key_enterprises"]["count"],
    }


def park_files(env, park: ParkResults, data_root: Path, warnings: list[dict] | None,
               results_files: dict[str, str] | None = None) -> dict[str, str | bytes]:
    """`results_files`: the current cycle's results as results.result_files made them, when the
    caller has them already (they are offered for download)."""
    doc = park.doc
    prof = _profile(doc)
    base = {"park": prof, "cycle": park.current}
    files: dict[str, str | bytes] = {}

    def page(name: str, template: str, **ctx):
        files[f"{name}.md"] = env.get_template(template).render(**base, **ctx)

    overview = _overview(park)
    for c in (overview["chart_categories"], overview["chart_trend"]):
        files.update(chart_files(c, "charts"))
    page("index", "park_index.md.j2", **overview)
    page("indicators", "park_indicators.md.j2", **_indicators(park))
    key = _key_enterprises(doc)
    for metric in key["metrics"]:
        if metric["chart"]:
            files.update(chart_files(metric["chart"], "charts"))
    page("key-enterprises", "park_key_enterprises.md.j2", **key)
    chains_ctx = _chains(doc)
    files.update(chart_files(chains_ctx["chart"], "charts"))
    page("chains", "park_chains.md.j2", **chains_ctx)
    page("enterprises", "park_enterprises.md.j2", **_enterprises(doc))
    measures = _measures(doc, data_root, park)
    files.update(chart_files(measures["chart"], "charts"))
    page("measures", "park_measures.md.j2", **measures)
    files["changes.md"] = _changes_page(env, park, base)
    page("quality", "park_quality.md.j2", **_quality(doc, warnings, data_root, park))
    data_ctx, downloads = _downloads(doc, data_root, park, results_files)
    page("data", "park_data.md.j2", **data_ctx)
    files.update(downloads)
    return files


# --- overview ----------------------------------------------------------------------------------
def _overview(park: ParkResults) -> dict:
    doc = park.doc
    g = _graded(doc)
    checks = []
    names = {i: d["name"]["zh"] for i, d in doc["indicators"].items()}
    for chk in g["grade_checks"]:
        label = next((r["label"]["zh"] for r in g["grade_rules"] if r["grade"] == chk["grade"]), chk["grade"])
        failed = []
        for f in chk.get("failed", []):
            if f.get("indicators"):  # name the indicators, not their ids
                failed.append(f["zh"].split("：")[0] + "：" + "、".join(names.get(i, i) for i in f["indicators"]))
            else:
                failed.append(f["zh"])
        checks.append({"label": label, "met": chk["met"], "failed": "；".join(failed)})
    categories, cat_rows = [], []
    for c in g["categories"]:
        categories.append({"name": c["name"]["zh"], "weight": c["weight"], "applicable": len(c["indicators"]) - c["n_not_applicable"],
                           **{lv: fmt(c["contribution"][lv], 2) for lv in ("I", "II", "III")}})
        for lv in ("I", "II", "III"):
            cat_rows.append({"category": c["name"]["zh"], "level": f"Y_{lv}", "contribution": c["contribution"][lv], "max": c["weight"] * 100})
    weakest = min(g["categories"], key=lambda c: (c["contribution"]["III"] / (c["weight"] * 100) if c["weight"] else 1, c["id"]))
    chart_categories = charts.grouped_bar(
        "overview-categories", "各类别对综合评价指数的贡献",
        f"{weakest['name']['zh']}类得分最低：Y_III 贡献 {fmt(weakest['contribution']['III'], 2)}，满分 {fmt(weakest['weight'] * 100, 0)}。",
        pd.DataFrame(cat_rows), category="category", value="contribution", series="level",
        columns={"category": "类别", "level": "指数", "contribution": "贡献", "max": "满分"}, value_title="对指数的贡献")
    trend_rows = []
    for c, d in sorted(park.cycles.items()):
        for lv in ("I", "II", "III"):
            trend_rows.append({"cycle": c, "index": f"Y_{lv}", "value": _graded(d)["indices"][lv]})
    first, last = sorted(park.cycles)[0], park.current
    y3_first, y3_last = _graded(park.cycles[first])["indices"]["III"], g["indices"]["III"]
    trend_summary = (f"{first} 至 {last} 年度，Y_III 从 {fmt(y3_first, 2)} 变为 {fmt(y3_last, 2)}。" if first != last
                     else f"目前只有 {last} 年度一个审核周期，Y_III 为 {fmt(y3_last, 2)}。")
    chart_trend = charts.trend("overview-trend", "综合评价指数历年变化", trend_summary, pd.DataFrame(trend_rows), x="cycle", y="value",
                               series="index", columns={"cycle": "审核年度", "index": "指数", "value": "数值"}, y_title="综合评价指数", domain=[0, 100])
    headlines = _headlines(park)
    inds = doc["indicators"]
    levels = _levels_by_indicator(g)
    headline_indicators = [{"id": i, "name": inds[i]["name"]["zh"], "display": inds[i]["display"] or STATE_ZH[inds[i]["state"]],
                            "unit": inds[i]["unit"], "level": levels.get(i)} for i in HEADLINE_INDICATORS if i in inds]
    return {
        "grade": g["grade"], "y": g["indices_display"], "hj274_label": _hj274_label(doc), "n_key": doc["key_enterprises"]["count"],
        "grade_checks": checks, "categories": categories, "chart_categories": chart_categories, "chart_trend": chart_trend,
        "headlines": headlines, "headline_indicators": headline_indicators,
    }


def _levels_by_indicator(g: dict) -> dict[str, str | None]:
    return {i["indicator"]: i.get("level") for c in g["categories"] for i in c["indicators"]}


def _headlines(park: ParkResults) -> list[str]:
    earlier = sorted(c for c in park.cycles if c < park.current)
    if not earlier:
        return []
    old, new = park.cycles[earlier[-1]], park.doc
    go, gn = _graded(old), _graded(new)
    out = []
    if go["grade"]["grade"] != gn["grade"]["grade"]:
        out.append(f"清洁生产等级由“{go['grade']['label']['zh']}”变为“{gn['grade']['label']['zh']}”。")
    for lv in ("I", "II", "III"):
        a, b = go["indices"][lv], gn["indices"][lv]
        if a is not None and b is not None and a != b:
            out.append(f"Y_{lv} 由 {fmt(a, 2)} {'升至' if b > a else '降至'} {fmt(b, 2)}。")
    lo, ln = _levels_by_indicator(go), _levels_by_indicator(gn)
    order = {"I": 3, "II": 2, "III": 1, "below": 0}
    up = [i for i in ln if lo.get(i) in order and ln[i] in order and order[ln[i]] > order[lo[i]]]
    down = [i for i in ln if lo.get(i) in order and ln[i] in order and order[ln[i]] < order[lo[i]]]
    names = new["indicators"]
    if up:
        out.append("等级提高的指标：" + "、".join(names[i]["name"]["zh"] for i in sorted(up)) + "。")
    if down:
        out.append("等级下降的指标：" + "、".join(names[i]["name"]["zh"] for i in sorted(down)) + "。")
    ko = {e["enterprise_id"] for e in old["key_enterprises"]["enterprises"]}
    kn = {e["enterprise_id"] for e in new["key_enterprises"]["enterprises"]}
    if ko != kn:
        out.append(f"重点企业新增 {len(kn - ko)} 家、减少 {len(ko - kn)} 家。")
    return out


# --- indicators --------------------------------------------------------------------------------
def _bench_text(b: dict | None, unit: str) -> str:
    if not b:
        return "—"
    if "value" in b:
        # as written in indicators.yaml, as the methodology pages print it
        return plain(b["value"]) if isinstance(b["value"], float) else f"{b['value']}"
    if "condition" in b:
        return (b.get("description") or {}).get("zh") or b["condition"]
    if "expression" in b:
        return f"{b.get('evaluated', '')}（{b['expression']}）"
    return "—"


def _history(park: ParkResults, ind_id: str) -> str:
    parts = []
    for c, d in sorted(park.cycles.items()):
        i = d["indicators"].get(ind_id)
        if i:
            parts.append(f"{c}: {i['display'] if i['display'] is not None else STATE_ZH[i['state']]}")
    return "；".join(parts)


def _indicators(park: ParkResults) -> dict:
    doc = park.doc
    g = _graded(doc)
    out = []
    for c in g["categories"]:
        for gi in c["indicators"]:
            ind = doc["indicators"][gi["indicator"]]
            src = gi.get("source") or {}
            inputs = []
            for inp in ind.get("inputs", []):
                srcs = inp.get("sources") or [{}]
                inputs.append({"variable": inp["variable"], "cycle": inp.get("cycle"), "value": fmt(inp.get("value"), 3), "unit": unit_zh(inp.get("unit")),
                               "file": "；".join(s.get("file", "") for s in srcs), "rows": "；".join(str(s.get("rows", "")) for s in srcs)})
            out.append({
                "id": gi["indicator"], "category": c["name"]["zh"], "name": ind["name"]["zh"], "name_en": ind["name"]["en"],
                "display": ind["display"] if ind["display"] is not None else STATE_ZH[ind["state"]], "unit": ind["unit"],
                "state_label": STATE_ZH[ind["state"]] + (f"：{ind['reason']}" if ind.get("reason") else ""),
                "level": gi.get("level") if ind["state"] == "value" else None,
                "limiting": gi["limiting"], "weight": gi["weight"], "effective_weight": fmt(gi.get("effective_weight"), 3),
                "bench": {lv: _bench_text(gi["benchmarks"].get(lv), ind["unit"]) for lv in ("I", "II", "III")},
                "formula": ind["formula"], "formula_words": ind["explanation"]["formula"]["zh"],
                "definition": ind["explanation"]["definition"]["zh"], "data_source": ind["explanation"]["data_source"]["zh"],
                "source_document": src.get("document", "—"), "source_status": STATUS_ZH.get(src.get("status"), src.get("status", "—")),
                "source_note": ("；" + src["note"]["zh"]) if (src.get("note") or {}).get("zh") else "", "history": _history(park, gi["indicator"]), "inputs": inputs,
            })
    return {"indicators": out, "system": {"name": g["name"]}}


# --- key enterprises ---------------------------------------------------------------------------
def _enterprise_names(doc: dict) -> dict[str, str]:
    names = {}
    for group in doc.get("rankings", []):
        for e in group["enterprises"]:
            names[e["enterprise_id"]] = e["enterprise_name"]
    for e in doc["key_enterprises"]["enterprises"]:
        names[e["enterprise_id"]] = e["enterprise_name"]
    return names


def _key_enterprises(doc: dict) -> dict:
    ke = doc["key_enterprises"]
    metric_names = {m["metric"]: m["name"]["zh"] for m in ke["by_metric"]}
    enterprises = []
    for e in ke["enterprises"]:
        reasons = [f"{metric_names.get(m['metric'], m['metric'])} {pct(m['share'])}" for m in e["metrics"]]
        if e.get("mandatory_audit_addition"):
            reasons.append("强制性清洁生产审核名单")
        enterprises.append({"name": e["enterprise_name"], "chain": e.get("chain") or "—", "industry": e.get("industry_code") or "—",
                            "reasons": "；".join(reasons), "audited": "是" if e.get("cp_audit_completed") else "否",
                            "disclosed": "是" if e.get("env_info_disclosed") else "否"})
    metrics = []
    per_enterprise = _metric_values(doc)
    names = _enterprise_names(doc)
    for m in ke["by_metric"]:
        selected = m["selected"]
        if not m["total"]:
            metrics.append({"name": m["name"]["zh"], "total": fmt(m["total"]), "unit": m["unit"], "chart": None,
                            "selected_text": "园区合计为 0 或无数据，本指标不选出企业。"})
            continue
        values = per_enterprise.get(m["metric"], {})
        chart = _pareto_chart(m, values, names, set(selected))
        metrics.append({"name": m["name"]["zh"], "total": fmt(m["total"]), "unit": unit_zh(m["unit"]), "chart": chart,
                        "selected_text": f"{len(selected)} 家企业合计占 {pct(m['cumulative_share'])}，入选重点企业。"})
    return {"enterprises": enterprises, "metrics": metrics, "mandatory_added": any(e.get("mandatory_audit_addition") for e in ke["enterprises"])}


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
    rows, cumulative = [], 0.0
    for eid, v in ordered[:PARETO_TOP]:
        cumulative += v
        rows.append({"name": names.get(eid, eid), "value": v, "share": round(v / total * 100, 2), "cumulative": round(cumulative / total * 100, 2),
                     "key": "是" if eid in selected else "否"})
    rest = ordered[PARETO_TOP:]
    if rest:
        v = sum(x for _, x in rest)
        cumulative += v
        rows.append({"name": f"其余 {len(rest)} 家", "value": v, "share": round(v / total * 100, 2), "cumulative": round(cumulative / total * 100, 2),
                     "key": "是" if any(e in selected for e, _ in rest) else "否"})
    summary = f"{len(selected)} 家企业合计占园区{m['name']['zh']}的 {pct(m['cumulative_share'])}，最大的 {rows[0]['name']} 占 {rows[0]['share']:.1f}%。"
    return charts.pareto(f"pareto-{m['metric']}", f"{m['name']['zh']}：企业占比与累计占比", summary, pd.DataFrame(rows),
                         columns={"name": "企业", "value": f"数值 {m['unit']}", "share": "占比 %", "cumulative": "累计占比 %", "key": "重点企业"})


# --- chains and enterprises --------------------------------------------------------------------
def _chains(doc: dict) -> dict:
    rows, plot = [], []
    for c in doc["chains"]:
        s, i = c.get("shares", {}), c.get("intensities", {})
        rows.append({"name": c["chain"], "n": c["n_enterprises"], "va_share": pct(s.get("value_added_share")), "energy_share": pct(s.get("energy_tce_share")),
                     "water_share": pct(s.get("fresh_water_share")), "cod_share": pct(s.get("cod_share")), "so2_share": pct(s.get("so2_share")),
                     "nox_share": pct(s.get("nox_share")), "co2_share": pct(s.get("co2_share")),
                     "energy_intensity": fmt(i.get("energy_intensity"), 3), "co2_intensity": fmt(i.get("co2_intensity"), 3)})
        for key, label in (("value_added_share", "工业增加值"), ("energy_tce_share", "综合能耗"), ("co2_share", "CO2")):
            if s.get(key) is not None:
                plot.append({"chain": c["chain"], "measure": label, "share": round(s[key] * 100, 2)})
    frame = pd.DataFrame(plot, columns=["chain", "measure", "share"])
    top = max(doc["chains"], key=lambda c: (c.get("shares", {}).get("energy_tce_share") or 0, c["chain"]), default=None)
    summary = (f"{top['chain']}占园区综合能耗的 {pct(top['shares'].get('energy_tce_share'))}，工业增加值的 {pct(top['shares'].get('value_added_share'))}。"
               if top else "园区没有产业链数据。")
    chart = charts.grouped_bar("chains-shares", "各产业链/集群占园区的比例", summary, frame, category="chain", value="share", series="measure",
                               columns={"chain": "产业链/集群", "measure": "项目", "share": "占园区 %"}, value_title="占园区 %")
    return {"chains": rows, "chart": chart}


def _enterprises(doc: dict) -> dict:
    key_ids = {e["enterprise_id"] for e in doc["key_enterprises"]["enterprises"]}
    groups = []
    for g in doc.get("rankings", []):
        ents = sorted(g["enterprises"], key=lambda e: (e["ranks"].get("energy_intensity") is None, e["ranks"].get("energy_intensity") or 0, e["enterprise_id"]))
        rows = [{"rank": e["ranks"].get("energy_intensity") or "—", "name": e["enterprise_name"], "code": e["industry_code"], "output": fmt(e.get("output_value"), 1),
                 "energy": fmt(e["intensities"].get("energy_intensity"), 3), "cod": fmt(e["intensities"].get("cod_intensity"), 3),
                 "so2": fmt(e["intensities"].get("so2_intensity"), 3), "nox": fmt(e["intensities"].get("nox_intensity"), 3),
                 "key": "是" if e["enterprise_id"] in key_ids else ""} for e in ents]
        groups.append({"industry": g["industry"], "names": "、".join(g.get("industry_names", [])), "n": g["n_enterprises"], "enterprises": rows})
    return {"groups": groups}


# --- measures ----------------------------------------------------------------------------------
SAVINGS_ZH = {"energy_saving": "节能量", "water_saving": "节水量", "pollutant_reduction": "污染物削减量", "co2_reduction": "CO2 减排量", "economic_benefit": "经济效益"}


def _measures(doc: dict, data_root: Path, park: ParkResults) -> dict:
    ms = doc["measures"]
    status_rows, plot = [], []
    for level in ("园区", "产业链", "企业"):
        counts = ms["by_level"].get(level, {})
        status_rows.append({"level": level, **{s: counts.get(s, 0) for s in ("计划", "实施中", "已完成", "已取消")}})
        for s in ("计划", "实施中", "已完成", "已取消"):
            plot.append({"level": level, "status": s, "count": counts.get(s, 0)})
    savings = [{"label": SAVINGS_ZH.get(k, k), "unit": unit_zh(v["unit"]), "expected": fmt(v.get("expected")), "expected_completed": fmt(v.get("expected_completed")),
                "achieved": fmt(v.get("achieved"))} for k, v in sorted(ms["savings"].items())]
    done = ms["by_status"].get("已完成", 0)
    chart = charts.grouped_bar("measures-status", "各层级方案实施状态", f"{ms['n_measures']} 项方案中已完成 {done} 项。", pd.DataFrame(plot),
                               category="level", value="count", series="status", columns={"level": "层级", "status": "状态", "count": "方案数"}, value_title="方案数")
    table = pd.read_csv(data_root / park.park_id / park.current / "measures.csv", dtype=str, keep_default_na=False)
    names = _enterprise_names(doc)
    rows = []
    for r in table.to_dict("records"):
        target_of = names.get(r["enterprise_id"], r["enterprise_id"]) if r["level"] == "企业" else (r["chain"] if r["level"] == "产业链" else "园区")
        rows.append({**r, "target_of": target_of, "investment": fmt(float(r["investment"]), 1) if r["investment"] else "—", "end_date": r["end_date"] or "—"})
    return {"n": ms["n_measures"], "investment": fmt(ms["investment"]["total"], 1), "status_rows": status_rows, "savings": savings, "chart": chart, "measures": rows}


# --- changes, quality, downloads ---------------------------------------------------------------
def _changes_page(env, park: ParkResults, base: dict) -> str:
    from generator.core import yaml_string

    earlier = sorted(c for c in park.cycles if c < park.current)
    name = base["park"]["name"]
    head = (f"---\ntitle: {yaml_string(name + ' · 变化')}\n---\n\n"
            "<!-- 生成文件，请勿手工编辑 / GENERATED FILE, do not edit: `parkaudit render` (from results/) -->\n\n")
    nav = env.get_template("_macros.md.j2").module.parknav(base["park"], "changes")
    if not earlier:
        return head + f"# {_md(name)} · 与上一周期相比的变化\n\n{nav}\n\n{park.current} 年度是本园区的第一个审核周期，没有可比较的上一周期。\n"
    try:
        from generator.diff import diff_results, to_markdown
    except ImportError:
        body = "\n".join(f"- {_md(h)}" for h in _headlines(park)) or "与上一周期相比没有变化。"
    else:
        body = to_markdown(diff_results(park.cycles[earlier[-1]], park.doc))
    return head + f"# {_md(name)} · 与上一周期（{earlier[-1]}）相比的变化\n\n{nav}\n\n{body}\n"


def _md(text) -> str:
    from generator.core import md_text

    return md_text(text)


def _quality(doc: dict, warnings: list[dict] | None, data_root: Path, park: ParkResults) -> dict:
    if warnings is None:
        from generator.validate import validate_paths

        report = validate_paths([data_root / park.park_id / park.current])
        warnings = [f.to_dict() for f in report.warnings]
    g = _graded(doc)
    gaps = []
    for c in g["categories"]:
        for gi in c["indicators"]:
            ind = doc["indicators"][gi["indicator"]]
            if ind["state"] != "value":
                gaps.append({"id": gi["indicator"], "name": ind["name"]["zh"], "state": STATE_ZH[ind["state"]], "reason": ind.get("reason") or "—"})
    rows = [{**w, "row": w.get("row") or "", "field": w.get("field") or ""} for w in warnings]
    return {"warnings": rows, "gaps": gaps}


def _downloads(doc: dict, data_root: Path, park: ParkResults, results_files: dict[str, str] | None) -> tuple[dict, dict[str, bytes]]:
    folder = data_root / park.park_id / park.current
    files: dict[str, bytes] = {"downloads/data/datapackage.json": (folder / "datapackage.json").read_bytes()}
    descriptor = json.loads(files["downloads/data/datapackage.json"])
    tables = []
    for res in descriptor["resources"]:
        data = (folder / res["path"]).read_bytes()
        files[f"downloads/data/{res['path']}"] = data
        tables.append({"title": res.get("title", res["name"]), "file": res["path"], "rows": max(data.count(b"\n") - 1, 0),
                       "sha": hashlib.sha256(data).hexdigest()[:16]})
    from generator.score import result_files

    for name, text in (results_files or result_files(doc)).items():
        files[f"downloads/{name}"] = text.encode("utf-8")
    return {"tables": tables}, files
