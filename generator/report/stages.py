"""The seven stages of the park audit guideline (《产业园区清洁生产审核指南》 5.5), one function each,
filled from data as ../shared/domain/audit_report_outline.md says. Every figure is read from the
published results (score.json) or printed from the data package as it is; nothing is scored here."""

from __future__ import annotations

from generator.diff import diff_results
from generator.render import (
    MEASURE_LEVEL_ZH,
    MEASURE_STATUS_ORDER,
    achievement_rate,
    compliance_groups,
    compliance_label,
    compliance_rows,
    compliance_summary,
    division_heading,
    grade_check_lines,
    graded_system,
    lower_levels_note,
    payback_lines,
    payback_text,
    substance_amount,
    substance_label,
    substance_unit,
    unit_text,
)
from generator.report import charts
from generator.report.inputs import ReportInput
from generator.report.metadata import PERIOD_KEY
from generator.report.model import Column
from generator.report.numbers import DIRECTION_ZH, LEVEL_ZH, STATE_ZH, STATUS_ZH, fmt, pct, shown, unit_zh, yes_no

R = "right"
LEVELS = ("园区", "产业链", "企业")
OPEN = ("计划", "实施中")
COST_CLASSES = ("无低费", "中高费")
ORDER = {"I": 3, "II": 2, "III": 1, "below": 0}


def names_of(doc: dict) -> dict[str, str]:
    """enterprise id → name, from the results."""
    out = {e["enterprise_id"]: e["enterprise_name"] for g in doc.get("rankings", []) for e in g["enterprises"]}
    out.update({e["enterprise_id"]: e["enterprise_name"] for e in doc["key_enterprises"]["enterprises"]})
    return out


def indicator_name(doc: dict, iid: str) -> str:
    ind = doc["indicators"].get(iid)
    return ind["name"]["zh"] if ind else iid


# --- 1 审核准备 ---------------------------------------------------------------------------------
def preparation(c, data: ReportInput) -> None:
    doc, meta = data.doc, data.metadata
    p = doc["park"]["profile"]
    enterprises = data.rows("enterprises")
    c.chapter("1", "审核准备", "s1")
    c.text("审核准备阶段建立审核组织、明确分工，并以园区各部门和企业为数据提供方收集整理数据，优先利用排污许可执行报告、"
           "环境统计等现有报送制度。本章列出审核范围、审核组织、审核期和数据来源。")
    c.section("审核范围")
    c.fields((
        ("园区", f"{p.get('park_name') or data.park_id}（{p.get('province') or '—'}，{p.get('zone_type') or '—'}，审批机关：{p.get('approval_level') or '—'}）"),
        ("核准面积", f"{fmt(p.get('approved_area'))} 公顷" if p.get("approved_area") is not None else "—"),
        ("主导产业", p.get("leading_industries") or "—"),
        ("审核年度 / 基准年", f"{data.cycle} / {int(p['base_year']) if p.get('base_year') is not None else '—'}"),
        ("纳入审核的企业", f"{len(enterprises)} 家（产业链/集群 {len(doc['chains'])} 个，重点企业 {doc['key_enterprises']['count']} 家）"),
        ("工业增加值 / 工业总产值", f"{fmt(p.get('industrial_value_added'), 1)} / {fmt(p.get('industrial_output_value'), 1)} 万元"),
    ))
    c.section("审核组织")
    people = sorted(meta.contributors, key=lambda x: min(_role_rank(r) for r in x.roles))
    c.table("审核组织与分工", [Column("角色", width=0.8), Column("名称", width=1.2), Column("所属单位", width=1.4)],
            [(x.role_labels, x.name, x.organization or "—") for x in people],
            note="取自数据包 datapackage.json 的 contributors（Frictionless 贡献者及其角色）。",
            empty="数据包未注明审核组织（contributors）；见附录 B。")
    c.section("审核期与数据来源")
    period = f"{meta.period[0]} 至 {meta.period[1]}" if meta.period else f"数据包未注明审核期（{PERIOD_KEY}）"
    c.text(f"审核期：{period}。审核数据为 {data.cycle} 年度数据，逐表列出报送情况如下；原始文件及其 SHA-256 见附录 C。")
    ids = [e["enterprise_id"] for e in enterprises]
    rows = []
    for res in data.descriptor["resources"]:
        table = data.rows(res["name"])
        sources = sorted({str(r["source"]) for r in table if r.get("source")})
        if "enterprise_id" in data.field_titles(res["name"]) and res["name"] != "measures":
            reported = {r["enterprise_id"] for r in table if r.get("enterprise_id")}
            missing = [i for i in ids if i not in reported]
            cover = f"{len(reported & set(ids))} / {len(ids)}" + (f"（未报送 {len(missing)} 家）" if missing else "")
        else:
            cover = "园区级"
        rows.append((res.get("title", res["name"]).split(" / ")[0], res["path"], len(table), cover, "；".join(sources) or "—"))
    c.table("数据表与报送覆盖", [Column("数据表", width=1.0), Column("文件", width=1.0), Column("行数", R, 0.5),
                          Column("报送企业", R, 0.9), Column("数据来源", width=1.6)], rows,
            note="报送企业：表中出现的企业数 / 企业名录中的企业数。")


def _role_rank(role: str) -> int:
    from generator.report.metadata import ROLES

    return list(ROLES).index(role) if role in ROLES else len(ROLES)


# --- 2 清洁生产水平分析 ---------------------------------------------------------------------------
def level_analysis(c, data: ReportInput) -> None:
    doc = data.doc
    g = graded_system(doc)
    p = doc["park"]["profile"]
    c.chapter("2", "清洁生产水平分析", "s2")
    c.text("本章自区域、园区、产业链和企业四个层面分析园区的清洁生产水平，找出制约因素和短板。")

    c.section("区域资源、能源与环境：主要制约因素")
    cats = []
    for cat in g["categories"]:
        full = cat["weight"] * 100
        rate = cat["contribution"]["III"] / full if full else None
        cats.append((cat, rate))
    weakest = sorted((x for x in cats if x[1] is not None), key=lambda x: (x[1], x[0]["id"]))[:3]
    facts = [f"所在城市{'属于' if p.get('water_scarce_city') else '不属于'}缺水城市；电网排放因子 {fmt(p.get('grid_emission_factor'), 4)} tCO₂/MWh。"]
    if weakest:
        facts.append("按 Y_III 得分率，得分最低的类别：" + "、".join(f"{cat['name']['zh']}（{pct(rate)}）" for cat, rate in weakest) + "。")
    below = [i for cat in g["categories"] for i in cat["indicators"] if i.get("level") == "below"]
    if below:
        facts.append(f"未达 III 级的指标 {len(below)} 项：" + "、".join(i["name"]["zh"] for i in below) + "。")
    c.bullets(facts)
    c.table("各类别得分", [Column("类别", width=1.4), Column("权重", R, 0.6), Column("适用指标", R, 0.6), Column("Y_I 贡献", R),
                        Column("Y_II 贡献", R), Column("Y_III 贡献", R), Column("Y_III 得分率", R)],
            [(cat["name"]["zh"], fmt(cat["weight"]), len(cat["indicators"]) - cat["n_not_applicable"],
              *(fmt(cat["contribution"][lv]) for lv in ("I", "II", "III")), pct(rate)) for cat, rate in cats],
            note="贡献：该类别对综合评价指数的贡献，满分为权重 × 100；得分率 = Y_III 贡献 ÷ 满分。")
    rows = [{"category": cat["name"]["zh"], "index": f"Y_{lv}", "value": cat["contribution"][lv]} for cat, _ in cats for lv in ("I", "II", "III")]
    c.figure("各类别对综合评价指数的贡献", charts.grouped_bar(
        "各类别对综合评价指数的贡献", rows, category="category", value="value", series="index", category_title="类别",
        value_title="对指数的贡献", series_title="指数", colours=charts.LEVEL_COLOURS, domain=["Y_I", "Y_II", "Y_III"]),
        (f"{weakest[0][0]['name']['zh']}类的 Y_III 得分率最低，为 {pct(weakest[0][1])}。" if weakest else "没有可比较的类别。"))

    c.section("园区基础设施与环境管理：短板")
    titles = data.field_titles("park_facilities")
    facility = (data.rows("park_facilities") or [{}])[0]
    c.table("园区基础设施与环境管理情况", [Column("项目", width=1.6), Column("情况", width=1.0)],
            [(titles.get(k, k), _fact(v)) for k, v in facility.items() if k != "park_id"],
            note="取自数据包 park_facilities 表。")
    weak = [i for cat in g["categories"] if cat["id"] in ("management", "disclosure", "symbiosis") for i in cat["indicators"]
            if i.get("level") in ("III", "below") or doc["indicators"][i["indicator"]]["state"] != "value"]
    c.text("管理类短板（III 级、未达 III 级或缺数据的管理、信息公开和产业共生指标）：" +
           ("、".join(f"{i['name']['zh']}（{LEVEL_ZH.get(i.get('level')) if doc['indicators'][i['indicator']]['state'] == 'value' else STATE_ZH[doc['indicators'][i['indicator']]['state']]}）" for i in weak) or "无") + "。")

    c.section("产业链与产业集群")
    chains = doc["chains"]
    c.table("产业链/集群占园区的比例与强度", [Column("产业链/集群", width=1.3), Column("企业数", R, 0.5), Column("增加值占比", R),
                                 Column("综合能耗占比", R), Column("新鲜水占比", R), Column("COD 占比", R), Column("CO₂ 占比", R),
                                 Column("能耗强度 tce/万元", R), Column("CO₂ 强度 t/万元", R)],
            [(ch["chain"], ch["n_enterprises"], *(pct(ch.get("shares", {}).get(k)) for k in
              ("value_added_share", "energy_tce_share", "fresh_water_share", "cod_share", "co2_share")),
              fmt(ch.get("intensities", {}).get("energy_intensity"), 3), fmt(ch.get("intensities", {}).get("co2_intensity"), 3)) for ch in chains])
    limiting = sorted(chains, key=lambda ch: (-((ch.get("shares", {}).get("energy_tce_share") or 0) - (ch.get("shares", {}).get("value_added_share") or 0)), ch["chain"]))
    if limiting:
        top = limiting[0]
        s = top.get("shares", {})
        c.text(f"制约园区的产业：{top['chain']}以 {pct(s.get('value_added_share'))} 的工业增加值消耗园区 {pct(s.get('energy_tce_share'))} 的综合能耗，"
               "能耗占比超出增加值占比最多。")
    measures = (("value_added_share", "工业增加值"), ("energy_tce_share", "综合能耗"), ("co2_share", "CO₂"))
    rows = [{"chain": ch["chain"], "measure": label, "share": round((ch.get("shares", {}).get(key) or 0) * 100, 2)}
            for ch in chains for key, label in measures]
    if rows:
        c.figure("各产业链/集群占园区的比例", charts.grouped_bar(
            "各产业链/集群占园区的比例", rows, category="chain", value="share", series="measure", category_title="产业链/集群",
            value_title="占园区 %", series_title="项目", colours=["#00695c", "#c49000", "#455a64"], domain=[label for _, label in measures]),
            f"{limiting[0]['chain']}的综合能耗占比超出其增加值占比最多。")

    c.section("企业水平")
    key_ids = {e["enterprise_id"] for e in doc["key_enterprises"]["enterprises"]}
    rows = []
    for grp in doc.get("rankings", []):
        ranked = [e for e in grp["enterprises"] if e["ranks"].get("energy_intensity") is not None]
        if not ranked:
            continue
        worst = max(ranked, key=lambda e: (e["ranks"]["energy_intensity"], e["enterprise_id"]))
        best = min(ranked, key=lambda e: (e["ranks"]["energy_intensity"], e["enterprise_id"]))
        rows.append((division_heading(grp["industry"], grp.get("industry_names", []))[0], grp["n_enterprises"],
                     f"{best['enterprise_name']}（{fmt(best['intensities']['energy_intensity'], 3)}）",
                     f"{worst['enterprise_name']}（{fmt(worst['intensities']['energy_intensity'], 3)}）" + ("＊" if worst["enterprise_id"] in key_ids else "")))
    c.table("各行业单位产值能耗最低与最高的企业", [Column("行业", width=1.4), Column("企业数", R, 0.5), Column("最低（tce/万元）", width=1.5),
                                     Column("最高（tce/万元）", width=1.5)], rows,
            note="按行业内单位工业总产值综合能耗排名（结果文件 rankings）；＊ 为重点企业。各企业的全部排名见站点“企业”页。")


def _fact(v) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    return fmt(v, 1) if isinstance(v, float) else ("—" if v is None else str(v))


# --- 3 审核分级清单及指标体系构建 -------------------------------------------------------------------
def key_list_and_system(c, data: ReportInput) -> None:
    doc = data.doc
    ke = doc["key_enterprises"]
    g = graded_system(doc)
    c.chapter("3", "审核分级清单及指标体系构建", "s3")
    c.section("重点企业清单")
    c.text(f"规则：{ke['rule']['zh']}阈值为 {pct(ke['rule']['share'], 0)}。本周期共 {ke['count']} 家重点企业。")
    c.table("各指标的入选情况", [Column("指标", width=1.6), Column("园区合计", R), Column("单位", width=0.6), Column("入选企业", R, 0.6),
                          Column("累计占比", R, 0.7)],
            [(m["name"]["zh"], fmt(m["total"]), unit_zh(m["unit"]), len(m["selected"]), pct(m["cumulative_share"]) if m["total"] else "—")
             for m in ke["by_metric"]])
    metric_names = {m["metric"]: m["name"]["zh"] for m in ke["by_metric"]}
    rows = []
    for e in ke["enterprises"]:
        reasons = [f"{metric_names.get(m['metric'], m['metric'])} {pct(m['share'])}" for m in e["metrics"]]
        if e.get("mandatory_audit_addition"):
            reasons.append("强制性清洁生产审核名单")
        rows.append((e["enterprise_name"], e.get("chain") or "—", e.get("industry_code") or "—", "；".join(reasons),
                     yes_no(e.get("cp_audit_completed")), yes_no(e.get("env_info_disclosed"))))
    c.table("重点企业及其入选依据", [Column("企业", width=1.5), Column("产业链/集群", width=0.9), Column("行业", width=0.5),
                            Column("入选依据（指标 占园区比例）", width=2.2), Column("已完成审核", width=0.5), Column("公开环境信息", width=0.5)], rows)
    energy = next((m for m in ke["by_metric"] if m["metric"] == "energy_tce" and m["total"]), None)
    if energy:
        values = sorted(((e["values"].get("energy_tce"), e["enterprise_id"]) for e in ke.get("values", []) if e["values"].get("energy_tce")),
                        key=lambda t: (-t[0], t[1]))
        names, selected, total, cum, prows = names_of(doc), set(energy["selected"]), energy["total"], 0.0, []
        for v, eid in values[:15]:
            cum += v
            prows.append({"name": names.get(eid, eid), "share": round(v / total * 100, 2), "cumulative": round(cum / total * 100, 2),
                          "key": "是" if eid in selected else "否"})
        c.figure("综合能源消费量的企业占比与累计占比（前 15 家）", charts.pareto("综合能源消费量：企业占比与累计占比", prows),
                 f"{len(selected)} 家企业合计占园区综合能源消费量的 {pct(energy['cumulative_share'])}。")

    c.section("指标体系")
    c.text(f"{g['name']['zh']}。{g['description']['zh']}")
    rows, sources = [], []
    for cat in g["categories"]:
        for i in cat["indicators"]:
            ind = doc["indicators"][i["indicator"]]
            rows.append((cat["name"]["zh"], i["name"]["zh"], unit_text(ind["unit"]), DIRECTION_ZH.get(i["direction"], i["direction"]), fmt(i["weight"]),
                         "是" if i["limiting"] else "", *(_bench(i["benchmarks"].get(lv)) for lv in ("I", "II", "III"))))
            src = i.get("source") or {}
            sources.append((i["name"]["zh"], src.get("document", "—"), STATUS_ZH.get(src.get("status"), src.get("status") or "—"),
                            (src.get("note") or {}).get("zh") or ""))
    c.table("指标、权重与基准值", [Column("类别", width=0.8), Column("指标", width=1.8), Column("单位", width=0.7), Column("方向", width=0.6),
                           Column("权重", R, 0.45), Column("限定性", width=0.45), Column("I 级", R, 0.8), Column("II 级", R, 0.8),
                           Column("III 级", R, 0.8)], rows, note="限定性指标须达到相应等级，综合评价才可评为该等级。")
    c.table("基准值来源与核实状态", [Column("指标", width=1.4), Column("来源", width=1.6), Column("核实状态", width=0.6),
                             Column("说明", width=2.4)], sources)


def _bench(b: dict | None) -> str:
    """A benchmark as written: a number, a condition, or an expression with the value it gave."""
    if not b:
        return "—"
    if "expression" in b:
        value = b.get("value")
        return f"{_number(value) if value is not None else '无法计算'}（{b['expression']}）"
    if "value" in b:
        return _number(b["value"]) if b["value"] is not None else "—"
    if "condition" in b:
        return (b.get("description") or {}).get("zh") or b["condition"]
    return "—"


def _number(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


# --- 4 审核 -----------------------------------------------------------------------------------
def audit(c, data: ReportInput) -> None:
    doc = data.doc
    g = graded_system(doc)
    c.chapter("4", "审核", "s4")
    c.section("综合评价结果")
    c.text(f"清洁生产等级：{g['grade']['label']['zh']}。")
    c.table("综合评价指数", [Column("指数"), Column("含义", width=1.6), Column("数值", R)],
            [("Y_I", "按 I 级（领先水平）基准值计算", g["indices_display"]["I"]), ("Y_II", "按 II 级（先进水平）基准值计算", g["indices_display"]["II"]),
             ("Y_III", "按 III 级（一般水平）基准值计算", g["indices_display"]["III"])])
    names = {i: d["name"]["zh"] for i, d in doc["indicators"].items()}
    # the site's overview says the same lines: each level's requirement in words, met or why not
    reasons = [f"{chk['label']}：要求{' ' if chk['rule'][:1].isascii() else ''}{chk['rule']}。" + ("已达到。" if chk["met"] else f"未达到：{chk['reasons']}。")
               for chk in grade_check_lines(g, names)]
    c.text("等级判定的理由：")
    c.bullets(reasons)
    if g["grade"]["grade"] == "below":
        c.text("以上各级的条件都未满足，因此评为“不达标”。")
    if note := lower_levels_note(g):  # as on the overview: a II-level park's III index under 100 is no contradiction
        c.text(note)
    c.text(g["undecidable_rule"]["zh"] if isinstance(g.get("undecidable_rule"), dict) else "", "note")

    c.section("指标值与等级")
    rows = []
    for cat in g["categories"]:
        for i in cat["indicators"]:
            ind = doc["indicators"][i["indicator"]]
            level = LEVEL_ZH.get(i.get("level")) if ind["state"] == "value" else STATE_ZH[ind["state"]]
            rows.append((cat["name"]["zh"], ind["name"]["zh"], shown(ind), unit_text(ind["unit"]), level, "是" if i["limiting"] else "",
                         fmt(i.get("effective_weight"), 3)))
    c.table("指标值与等级", [Column("类别", width=0.8), Column("指标", width=2.2), Column("数值", R, 0.8), Column("单位", width=0.8),
                       Column("等级", width=0.8), Column("限定性", width=0.45), Column("有效权重", R, 0.6)], rows,
            note="数值为评分结果 score.json 中按精度四舍五入一次后公布的值；计算所用的输入见附录 C。")

    c.section("HJ 274 符合性")
    summary = compliance_summary(doc)
    if summary is None:
        c.text("本指标体系配置中没有符合性评价。")
    else:
        for paragraph in summary:
            c.text(paragraph)
        c.bullets([f"{g['name']}：{'通过' if g['passed'] else '未通过'}" for g in compliance_groups(doc)])
        rows = [(r["group"], r["name"], r["value"], r["unit"], r["requirement"], r["outcome"]) for r in compliance_rows(doc)]
        c.table("HJ 274 各项要求", [Column("组", width=0.5), Column("指标", width=1.9), Column("数值", R, 0.6), Column("单位", width=0.6),
                                 Column("要求", width=0.8), Column("结果", width=1.2)], rows,
                note="数值为“未统计”的要求按未达到计（原因见附录 B）；“本组已通过”的要求未达到，但所在组已有一项达到，不影响结论。")

    c.section("产业链与企业层面的发现")
    ke = doc["key_enterprises"]["enterprises"]
    not_audited = [e["enterprise_name"] for e in ke if not e.get("cp_audit_completed")]
    not_disclosed = [e["enterprise_name"] for e in ke if not e.get("env_info_disclosed")]
    findings = []
    if doc["chains"]:
        top = max(doc["chains"], key=lambda ch: (ch.get("intensities", {}).get("energy_intensity") or 0, ch["chain"]))
        findings.append(f"单位增加值能耗最高的产业链/集群：{top['chain']}（{fmt(top['intensities'].get('energy_intensity'), 3)} tce/万元）。")
    findings.append(f"{len(ke)} 家重点企业中 {len(not_audited)} 家尚未完成清洁生产审核" + (f"：{'、'.join(not_audited)}。" if not_audited else "。"))
    findings.append(f"{len(not_disclosed)} 家重点企业未依法公开环境信息" + (f"：{'、'.join(not_disclosed)}。" if not_disclosed else "。"))
    c.bullets(findings)


# --- 5 改进方案确定 ------------------------------------------------------------------------------
def measures_chosen(c, data: ReportInput) -> None:
    doc = data.doc
    ms = doc["measures"]
    names = names_of(doc)
    rows = data.rows("measures")
    computed = {m["measure_id"]: m for m in ms["measures"]}
    c.chapter("5", "改进方案确定", "s5")
    c.text("改进方案分园区、产业链/集群和企业三个层级提出，与区域污染防治规划、产业链布局和企业工艺与治理改进衔接，并尽量降低企业成本。")
    c.section("方案概况")
    by_cost = ms.get("by_cost_class", {})
    c.text(f"共 {ms['n_measures']} 项方案（" + "、".join(f"{k} {by_cost.get(k, 0)} 项" for k in COST_CLASSES) +
           f"），未取消方案总投资 {fmt(ms['investment']['total'], 1)} {unit_zh(ms['investment']['unit'])}，其中已完成方案投资 "
           f"{fmt(ms['investment']['completed'], 1)} {unit_zh(ms['investment']['unit'])}。")
    c.table("各层级方案数", [Column("层级"), *(Column(s, R, 0.6) for s in MEASURE_STATUS_ORDER), Column("合计", R, 0.6)],
            [(MEASURE_LEVEL_ZH[lv], *(ms["by_level_shown"].get(lv, {}).get(s, 0) for s in MEASURE_STATUS_ORDER),
              sum(ms["by_level_shown"].get(lv, {}).values())) for lv in LEVELS],
            note=f"状态截至 {ms['as_of'] or '审核年度末'}；逾期：状态为计划或实施中、计划完成日期已过而未完成的方案。")
    for level in LEVELS:
        mine = [r for r in rows if r["level"] == level]
        c.section(f"{MEASURE_LEVEL_ZH[level]}层面的方案")
        c.table(f"{MEASURE_LEVEL_ZH[level]}层面的方案", [Column("编号", width=0.7), Column("方案", width=2.0), Column("对象", width=1.2),
                                                    Column("类型", width=0.8), Column("费用", width=0.6), Column("投资 万元", R, 0.6), Column("预期效益", width=1.6)],
                [(r["measure_id"], r["title"], _target(r, names), r.get("measure_type") or "—", r.get("cost_class") or "—",
                  fmt(r.get("investment"), 1), _expected(computed[r["measure_id"]])) for r in mine])


def _target(r: dict, names: dict) -> str:
    if r["level"] == "企业":
        return names.get(r["enterprise_id"], r["enterprise_id"] or "—")
    return r.get("chain") or "园区" if r["level"] == "产业链" else "园区"


def _expected(m: dict) -> str:
    """A measure's expected effects, each substance in its own unit, and its economic benefit."""
    parts = [f"{substance_label(e['substance'])} {substance_amount(e['substance'], e['expected'])} {substance_unit(e['substance'])}"
             for e in m["effects"] if e["expected"] is not None]
    if m["benefit_expected"] is not None:
        parts.append(f"经济效益 {fmt(m['benefit_expected'], 1)} 万元/年")
    return "；".join(parts) or "—"


# --- 6 方案实施及效果评估 -------------------------------------------------------------------------
def implementation(c, data: ReportInput) -> None:
    doc = data.doc
    ms = doc["measures"]
    rows = data.rows("measures")
    computed = {m["measure_id"]: m for m in ms["measures"]}
    c.chapter("6", "方案实施及效果评估", "s6")
    c.text("方案由责任主体实施，自经济和环境两方面评估效果；评估结果纳入园区年度清洁生产整体报告。")
    c.section("实施状态")
    shown = ms["by_level_shown"]
    totals = {s: sum(shown.get(lv, {}).get(s, 0) for lv in LEVELS) for s in MEASURE_STATUS_ORDER}
    plot = [{"level": MEASURE_LEVEL_ZH[lv], "status": s, "count": shown.get(lv, {}).get(s, 0), "order": n}
            for lv in LEVELS for n, s in enumerate(MEASURE_STATUS_ORDER)]
    # no axis title beside 园区/产业链（集群）/企业: they name themselves, and a sideways title is hard to read
    c.figure("各层级方案实施状态", charts.stacked_bar("各层级方案实施状态", plot, category="level", value="count", series="status",
                                              category_title=None, value_title="方案数", series_title="状态", colours=charts.STATUS_COLOURS),
             f"{ms['n_measures']} 项方案中" + "、".join(f"{s} {n} 项" for s, n in totals.items() if n) + "。")
    c.section("按物质分列的效果")
    c.text("每种物质单列，各用其单位；不同物质的数量不相加。污染物的削减量按方案针对的污染物分列。")
    c.table("预期与实际效果（按物质）", [Column("效果", width=1.3), Column("单位", width=0.7), Column("方案数", R, 0.5), Column("预期（未取消方案）", R),
                                 Column("已完成方案预期", R), Column("已完成方案实际", R), Column("达成率", R, 0.6)],
            [(substance_label(e["substance"]), substance_unit(e["substance"]), e["n_measures"], substance_amount(e["substance"], e["expected"]),
              substance_amount(e["substance"], e["expected_completed"]), substance_amount(e["substance"], e["achieved_completed"]),
              achievement_rate(e["achievement"])) for e in ms["effects"]],
            note="达成率 = 实际 ÷ 预期，只计预期与实际都已填写的已完成方案。")
    c.section("投资、经济效益与静态回收期")
    money = ms["money"]
    columns = [Column("方案数", R, 0.5), Column("投资 万元", R, 0.7), Column("预期年效益 万元/年", R, 0.8), Column("预期回收期 年", R, 0.8),
               Column("已完成投资 万元", R, 0.7), Column("实际年效益 万元/年", R, 0.8), Column("实际回收期 年", R, 0.8)]

    def money_row(label, g):
        return (label, g["n_measures"], fmt(g["investment"], 1), fmt(g["benefit_expected"], 1), payback_text(g["payback_expected"]),
                fmt(g["investment_completed"], 1), fmt(g["benefit_achieved"], 1), payback_text(g["payback_achieved"]))

    # levels and cost classes are two ways of splitting the same measures: two tables, each with its total
    c.table("各层级的投资、年经济效益和回收期", [Column("层级", width=1.0), *columns],
            [*(money_row(MEASURE_LEVEL_ZH[lv], money["by_level"][lv]) for lv in LEVELS), money_row("合计", money["total"])])
    c.table("无低费与中高费方案的投资、年经济效益和回收期", [Column("费用类别", width=1.0), *columns],
            [*(money_row(k, money["by_cost_class"][k]) for k in COST_CLASSES), money_row("合计", money["total"])],
            note="静态回收期 = 投资 ÷ 年经济效益；一组方案为投资合计 ÷ 年经济效益合计（预期按未取消方案，实际按已完成方案）。"
                 "费用类别为数据包中每项方案填报的无低费/中高费。年经济效益为 0 或未填报时不计算，括号内注明原因。")
    c.section("逐项效果")
    out = []
    for r in rows:
        m = computed[r["measure_id"]]
        effects = [f"{substance_label(e['substance'])} {substance_amount(e['substance'], e['expected'])} → "
                   f"{substance_amount(e['substance'], e['achieved'])} {substance_unit(e['substance'])}"
                   + (f"（{achievement_rate(e['achievement'])}）" if e["achievement"] is not None else "") for e in m["effects"]]
        if m["benefit_expected"] is not None or m["benefit_achieved"] is not None:
            effects.append(f"经济效益 {fmt(m['benefit_expected'], 1)} → {fmt(m['benefit_achieved'], 1)} 万元/年")
        payback = "；".join(payback_lines(m["payback_expected"], m["payback_achieved"]))
        out.append((r["measure_id"], r["title"], m["status_shown"], r.get("end_date") or "—", "；".join(effects) or "—", payback))
    c.table("各方案的预期与实际效果", [Column("编号", width=0.7), Column("方案", width=1.6), Column("状态", width=0.55), Column("完成日期", width=0.8),
                               Column("效果（预期 → 实际，达成率）", width=2.4), Column("静态回收期 年", width=0.9)], out,
            note="实施中方案的“实际”为已填报的阶段量，不计达成率；实际回收期 = 投资 ÷ 实际年经济效益，只对已完成方案计算。")


# --- 7 持续性清洁生产 -----------------------------------------------------------------------------
def continuity(c, data: ReportInput) -> None:
    doc = data.doc
    c.chapter("7", "持续性清洁生产", "s7")
    c.text("持续性清洁生产建立长效机制：新入园企业的清洁生产准入清单、对现有企业的激励，以及数据收集、指标体系调整、审核和报告的长效机制。")
    c.section("历年趋势")
    rows, plot = [], []
    for cyc, d in sorted(data.cycles.items()):
        gd = graded_system(d)
        rows.append((cyc, gd["grade"]["label"]["zh"], *(gd["indices_display"][lv] for lv in ("I", "II", "III")),
                     compliance_label(d), d["key_enterprises"]["count"],
                     d["measures"]["by_status"].get("已完成", 0)))
        plot += [{"cycle": cyc, "index": f"Y_{lv}", "value": gd["indices"][lv]} for lv in ("I", "II", "III")]
    c.table("历年审核结果", [Column("年度", width=0.5), Column("等级", width=1.2), Column("Y_I", R, 0.6), Column("Y_II", R, 0.6), Column("Y_III", R, 0.6),
                         Column("HJ 274", width=1.0), Column("重点企业", R, 0.6), Column("已完成方案", R, 0.6)], rows)
    first, last = min(data.cycles), data.cycle
    y_first, y_last = graded_system(data.cycles[first])["indices_display"]["III"], graded_system(doc)["indices_display"]["III"]
    c.figure("综合评价指数历年变化", charts.trend("综合评价指数历年变化", plot, x="cycle", y="value", series="index", x_title="审核年度",
                                           y_title="综合评价指数", series_title="指数", domain=[0, 100]),
             f"{first} 至 {last} 年度，Y_III 从 {y_first} 变为 {y_last}。" if first != last else f"目前只有 {last} 年度一个审核周期。")

    c.section("与上一周期相比")
    if data.previous is None:
        c.text("没有上一审核周期的结果。")
    else:
        d = diff_results(data.cycles[data.previous], doc)
        items = []
        for s in d["systems"]:
            if s.get("grade"):
                items.append(f"{s['name']['zh']}：等级由“{_label(s['grade']['old'])}”变为“{_label(s['grade']['new'])}”。")
            for ix in s.get("indices") or []:
                items.append(f"{ix['level']} 级综合评价指数由 {ix['old']} 变为 {ix['new']}。")
            if s.get("passed"):
                items.append(f"{s['name']['zh']}：由{'通过' if s['passed']['old'] else '未通过'}变为{'通过' if s['passed']['new'] else '未通过'}。")
        c.bullets(items or ["等级和综合评价指数均未变化。"])
        rows = []
        for i in d["indicators"]:
            level = next((f"{LEVEL_ZH.get(x['old'])} → {LEVEL_ZH.get(x['new'])}" for x in i["levels"]), "")
            value = i["value"] or {}
            rows.append((i["name"]["zh"], value.get("old", "") or "—", value.get("new", "") or "—", unit_text(i.get("unit")), level))
        c.table(f"{data.previous} 至 {data.cycle} 年度数值或等级有变化的指标", [Column("指标", width=2.0), Column(data.previous, R, 0.7),
                Column(data.cycle, R, 0.7), Column("单位", width=0.7), Column("等级变化", width=1.1)], rows)

    c.section("指标体系的变化")
    c.bullets(_system_changes(data) or ["与上一周期相比，指标体系（指标、权重、基准值）没有变化。" if data.previous else "没有上一周期可比较。"])

    c.section("转入下一周期的方案")
    names = names_of(doc)
    open_rows = [r for r in data.rows("measures") if r["status"] in OPEN]
    shown = {m["measure_id"]: m["status_shown"] for m in doc["measures"]["measures"]}
    c.table("计划中和实施中的方案", [Column("编号", width=0.7), Column("方案", width=2.0), Column("层级", width=0.5), Column("对象", width=1.2),
                              Column("状态", width=0.55), Column("计划完成日期", width=0.8)],
            [(r["measure_id"], r["title"], MEASURE_LEVEL_ZH[r["level"]], _target(r, names), shown[r["measure_id"]], r.get("end_date") or "—")
             for r in open_rows],
            note="这些方案在下一审核周期继续跟踪，其效果纳入下一年度的整体报告。")
    c.section("长效机制")
    c.text("【由审核机构填写】清洁生产准入清单、对现有企业的激励措施，以及数据收集、指标体系调整、审核与报告的长效机制。"
           "本报告的 Word 版（.docx）与 PDF 版出自同一文档模型，可在此处补充叙述后签署。", "note")


def _label(grade: dict | str | None) -> str:
    # the diff gives each side of a grade change as score.json's {"grade", "label"}
    if isinstance(grade, dict):
        grade = grade.get("grade")
    return {"I": "I 级", "II": "II 级", "III": "III 级", "below": "不达标", None: "无"}.get(grade, str(grade))


def _system_changes(data: ReportInput) -> list[str]:
    """Indicators added to or dropped from the graded system, and changed weights or benchmarks."""
    if data.previous is None:
        return []

    def items(d):
        return {i["indicator"]: i for cat in graded_system(d)["categories"] for i in cat["indicators"]}

    old, new = items(data.cycles[data.previous]), items(data.doc)
    out = []
    added, dropped = [i for i in new if i not in old], [i for i in old if i not in new]
    if added:
        out.append("新增指标：" + "、".join(new[i]["name"]["zh"] for i in added) + "。")
    if dropped:
        out.append("删除指标：" + "、".join(old[i]["name"]["zh"] for i in dropped) + "。")
    for i in new:
        if i in old:
            if old[i]["weight"] != new[i]["weight"]:
                out.append(f"{new[i]['name']['zh']}：权重由 {fmt(old[i]['weight'])} 改为 {fmt(new[i]['weight'])}。")
            for lv in ("I", "II", "III"):
                a, b = _bench(old[i]["benchmarks"].get(lv)), _bench(new[i]["benchmarks"].get(lv))
                if a != b:
                    out.append(f"{new[i]['name']['zh']}：{lv} 级基准值由 {a} 改为 {b}。")
    return out


STAGES = (preparation, level_analysis, key_list_and_system, audit, measures_chosen, implementation, continuity)
