"""The annexes: the data tables (A), validation notes and data quality (B), and provenance (C):
which files, with which hashes, were read, and where each indicator's inputs come from."""

from __future__ import annotations

from decimal import Decimal

from generator.render import graded_system, indicators_without_value, unit_text
from generator.report.inputs import ReportInput
from generator.report.model import Column
from generator.report.numbers import fmt, shown, yes_no

R = "right"


def data_tables(c, data: ReportInput) -> None:
    doc = data.doc
    c.chapter("附录 A", "数据表", "sa")
    c.text("本附录列出审核所用的主要数据和计算结果。完整的原始数据包（Frictionless 数据包）和结果文件（score.json、indicators.csv、"
           "key_enterprises.csv、chains.csv）在站点该园区的“数据下载”页提供，文件的 SHA-256 见附录 C。")
    c.section("园区概况")
    titles = data.field_titles("park")
    park = (data.rows("park") or [{}])[0]
    c.table("园区概况（park.csv）", [Column("项目", width=1.2), Column("数值", width=1.6)],
            [(titles.get(k, k), _cell(v)) for k, v in park.items()])
    c.section("企业名录")
    key_ids = {e["enterprise_id"] for e in doc["key_enterprises"]["enterprises"]}
    c.table("企业名录（enterprises.csv）", [Column("企业代码", width=0.6), Column("企业名称", width=1.6), Column("行业", width=0.5),
                                        Column("产业链/集群", width=1.0), Column("工业总产值 万元", R, 0.8), Column("工业增加值 万元", R, 0.8),
                                        Column("重点", width=0.35)],
            [(e["enterprise_id"], e["enterprise_name"], e.get("industry_code") or "—", e.get("chain") or "—", fmt(e.get("output_value"), 1),
              fmt(e.get("value_added"), 1), "是" if e["enterprise_id"] in key_ids else "") for e in data.rows("enterprises")])
    c.section("产业链/集群汇总")
    totals = [("value_added", "增加值 万元"), ("energy_tce", "综合能耗 tce"), ("fresh_water", "新鲜水 m³"), ("cod", "COD t"), ("so2", "SO₂ t"),
              ("nox", "NOx t"), ("co2", "CO₂ t")]
    c.table("产业链/集群合计（chains.csv）", [Column("产业链/集群", width=1.2), *(Column(label, R, 0.8) for _, label in totals)],
            [(ch["chain"], *(fmt(ch.get("totals", {}).get(k), 1) for k, _ in totals)) for ch in doc["chains"]])
    c.section("重点企业的指标数值")
    ke = doc["key_enterprises"]
    metrics = [m for m in ke["by_metric"]]
    values = {e["enterprise_id"]: e["values"] for e in ke.get("values", [])}
    half = (len(metrics) + 1) // 2
    for n, part in enumerate((metrics[:half], metrics[half:]), start=1):
        c.table(f"重点企业的各项指标数值（{n}/2，key_enterprises.csv）", [Column("企业", width=1.6),
                *(Column(f"{m['name']['zh']} {unit_text(m['unit'])}".rstrip(), R, 0.8) for m in part)],
                [(e["enterprise_name"], *(fmt(values.get(e["enterprise_id"], {}).get(m["metric"]), 1) for m in part)) for e in ke["enterprises"]])


def quality(c, data: ReportInput) -> None:
    doc = data.doc
    c.chapter("附录 B", "校验说明与数据质量", "sb")
    c.text("数据包在评分前按 ParkAudit 的校验规则检查（表结构、主键与外键、业务规则）。有错误的数据包不会评分，也不会生成报告；"
           "下列警告不阻止评分，但审核机构应核实。")
    c.section("校验警告")
    c.table("校验警告", [Column("代码", width=0.9), Column("文件", width=0.8), Column("行", R, 0.3), Column("字段", width=0.8),
                     Column("说明", width=2.6)],
            [(w["code"], w["file"].rsplit("/", 1)[-1], w.get("row") or "", w.get("field") or "", w["message_zh"]) for w in data.warnings],
            empty="没有校验警告。")
    c.section("未统计和不适用的指标")
    gaps = [(g["name"], g["state"], g["reason"]) for g in indicators_without_value(doc)]  # both systems', as the site's data-quality page
    c.table("未统计和不适用的指标", [Column("指标", width=1.6), Column("状态", width=0.5), Column("原因", width=2.4)], gaps,
            empty="所有指标均有数值。")
    c.section("审核元数据")
    missing = data.metadata.missing()
    if missing:
        c.text("数据包的审核元数据不完整（封面上相应项显示为“未提供”）：")
        c.bullets(zh for zh, _en in missing)
    else:
        c.text("数据包注明了审核机构、园区管理机构、评审专家和审核期。")


def provenance(c, data: ReportInput) -> None:
    doc = data.doc
    inputs = doc.get("inputs", {})
    c.chapter("附录 C", "数据来源与可追溯性", "sc")
    c.text(f"本报告由 ParkAudit 依据评分结果 results/{data.park_id}/{data.cycle}/score.json 生成，与公示站点出自同一结果文件，报告生成时不重新计算。"
           f"结果由 {doc.get('parkaudit', {}).get('generator', 'ParkAudit')} 计算；{doc.get('parkaudit', {}).get('numbers', {}).get('zh', '')}")
    c.section("读取的文件")
    rows = [(f["file"], f["sha256"][:16]) for f in inputs.get("files", [])]
    if inputs.get("indicators"):
        rows.append((inputs["indicators"]["file"], inputs["indicators"]["sha256"][:16]))
    c.table("评分读取的文件及其 SHA-256（前 16 位）", [Column("文件", width=2.0), Column("SHA-256", width=1.0)], rows)
    cycles = [f"{x['cycle']}（{'有' if x['present'] else '无'}）" for x in inputs.get("cycles_read", [])]
    if cycles:
        c.text("评分读取的审核周期（含用于计算变化率的往期）：" + "、".join(cycles) + "。", "note")
    c.section("指标的计算输入")
    rows = []
    for cat in graded_system(doc)["categories"]:
        for i in cat["indicators"]:
            ind = doc["indicators"][i["indicator"]]
            for inp in ind.get("inputs", []):
                sources = inp.get("sources") or [{}]
                where = "；".join(f"{s.get('file', '')} 第 {s.get('rows', '')} 行" if s.get("rows") else s.get("file", "") for s in sources)
                reported = [s for s in sources if "enterprises_reported" in s]
                cover = "；".join(f"{s['enterprises_reported']} 家报送" + (f"，{len(s['not_reported'])} 家未报送" if s.get("not_reported") else "")
                                 for s in reported)
                rows.append((ind["name"]["zh"], shown(ind), inp["variable"], str(inp.get("cycle", "")), fmt(inp.get("value"), 3),
                             unit_text(inp.get("unit")), where + (f"（{cover}）" if cover else "")))
    c.table("各指标的输入变量及其来源", [Column("指标", width=1.3), Column("指标值", R, 0.5), Column("变量", width=0.9), Column("年度", width=0.4),
                                Column("变量值", R, 0.7), Column("单位", width=0.5), Column("来源（文件与行）", width=2.0)], rows)
    c.text("变量的定义与全部来源见 score.json 的 variables 部分；指标公式见站点“评价方法”页。", "note")


def _cell(v) -> str:
    if isinstance(v, bool):
        return yes_no(v)
    if isinstance(v, float):  # as written in the data: no exponent, no thousands separators
        return format(Decimal(repr(v)).normalize(), "f") if v == v else "—"
    return "—" if v is None else str(v)


ANNEXES = (data_tables, quality, provenance)
