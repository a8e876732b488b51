"""The diff stage's words: a comparison (compare.py) as Markdown fit for a pull-request comment.

`to_markdown(diff)` renders one park-cycle's changes, `report_to_markdown(report)` a whole report;
Chinese first with English in parentheses, every value from the data escaped for a Markdown table
cell or text (generator.core md_cell, md_text).
"""

from __future__ import annotations

from generator.core import md_cell, md_text

LEVEL_TEXT = {
    "I": "I 级 (I)",
    "II": "II 级 (II)",
    "III": "III 级 (III)",
    "below": "未达 III 级 (below III)",
    None: "—",
}
STATE_TEXT = {
    "missing": "缺失 (missing)",
    "not_applicable": "不适用 (not applicable)",
    "absent": "无此指标 (absent)",
}
STATUS_TEXT = {
    "met": "达到 (met)",
    "not_met": "未达到 (not met)",
    "missing": "缺失 (missing)",
    "not_applicable": "不适用 (not applicable)",
    None: "—",
}
SEVERITY_TEXT = {"error": "错误 (error)", "warning": "警告 (warning)"}

NO_CHANGES = "无审核意义上的变化 (no changes in audit terms)。"


def _name(n: dict | None, fallback: str = "") -> str:
    if not n:
        return md_cell(fallback)
    zh, en = n.get("zh"), n.get("en")
    if zh and en and zh != en:
        return f"{md_cell(zh)} ({md_cell(en)})"
    return md_cell(zh or en or fallback)


def _grade(g: dict | None) -> str:
    if not g:
        return "—"
    label = g.get("label") or {}
    text = _name(label) if label else md_cell(g.get("grade"))
    return f"{text} [{md_cell(g.get('grade'))}]"


def _passed(p) -> str:
    return {True: "通过 (pass)", False: "未通过 (fail)", None: "—"}[p]


def _arrow(a: str, b: str) -> str:
    return f"{a} → {b}"


def _value_text(v, state) -> str:
    if state in STATE_TEXT:
        return STATE_TEXT[state]
    return md_cell(v) if v is not None else "—"


def _number(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        text = f"{v:,.3f}".rstrip("0").rstrip(".")
        return md_cell(text)
    return md_cell(v)


def _share(v) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _metric_label(metric: str, info: dict | None) -> str:
    n = (info or {}).get("name") or {}
    return md_cell(n.get("zh") or metric)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def _entry_title(d: dict, level: int) -> str:
    park = d["park"]
    name = md_text(park.get("name") or park.get("id"))
    pid = md_text(park.get("id"))
    oc, nc = d["old"].get("cycle"), d["new"].get("cycle")
    if oc and nc and oc != nc:
        cycles = f"{md_text(oc)} → {md_text(nc)}"
    else:
        cycles = md_text(nc or oc or "")
    return f"{'#' * level} {name} ({pid}) · {cycles}"


def _systems_md(systems: list[dict]) -> list[str]:
    lines: list[str] = []
    for s in systems:
        if s.get("presence"):
            p = s["presence"]
            lines.append(f"**{_name(s.get('name'), s['id'])}**：" + ("新增的指标体系 (new indicator system)" if p["new"] else "已删除的指标体系 (indicator system removed)"))
            lines.append("")
            continue
        rows = []
        if s.get("method") == "graded":
            if s.get("grade"):
                rows.append(["等级 (Grade)", _grade(s["grade"]["old"]), _grade(s["grade"]["new"])])
            for y in s.get("indices", []):
                rows.append([f"Y\\_{y['level']}", md_cell(y["old"]) or "—", md_cell(y["new"]) or "—"])
            title = f"**综合评价 (Composite evaluation)：{_name(s.get('name'), s['id'])}**"
        else:
            if s.get("passed"):
                rows.append(["结论 (Result)", _passed(s["passed"]["old"]), _passed(s["passed"]["new"])])
            if s.get("unmet_added"):
                rows.append(["新列入未达到清单 (newly on the unmet list)", "—", "；".join(f"{_name(u['name'])} [{md_cell(u['indicator'])}]" for u in s["unmet_added"])])
            if s.get("unmet_removed"):
                rows.append(["移出未达到清单 (off the unmet list)", "；".join(f"{_name(u['name'])} [{md_cell(u['indicator'])}]" for u in s["unmet_removed"]), "—"])
            title = f"**符合性 (Compliance)：{_name(s.get('name'), s['id'])}**"
        lines.append(title)
        lines.append("")
        lines += _table(["项目 (Item)", "原 (Old)", "新 (New)"], rows)
    return lines


def _indicators_md(items: list[dict]) -> list[str]:
    if not items:
        return []
    rows = []
    for i in items:
        v_old = (i["value"] or {}).get("old") if i["value"] else None
        v_new = (i["value"] or {}).get("new") if i["value"] else None
        st_old = (i["state"] or {}).get("old") if i["state"] else None
        st_new = (i["state"] or {}).get("new") if i["state"] else None
        if i["value"] or i["state"]:
            value = _arrow(_value_text(v_old, st_old), _value_text(v_new, st_new))
        else:
            value = "（未变 unchanged）"
        levels = "<br>".join(
            f"{md_cell(l['system'])}: {_arrow(LEVEL_TEXT.get(l['old'], md_cell(l['old'])), LEVEL_TEXT.get(l['new'], md_cell(l['new'])))}"
            for l in i["levels"]
        ) + ("<br>" if i["levels"] and i["compliance"] else "") + "<br>".join(
            f"{md_cell(c['system'])}: {_arrow(STATUS_TEXT.get(c['old'], md_cell(c['old'])), STATUS_TEXT.get(c['new'], md_cell(c['new'])))}"
            for c in i["compliance"]
        )
        rows.append([f"{_name(i['name'])} [{md_cell(i['indicator'])}]", md_cell(i.get("unit")), value, levels or "—"])
    return ["**指标变化 (Indicator changes)**", ""] + _table(
        ["指标 (Indicator)", "单位 (Unit)", "数值 (Value)", "等级/符合性 (Level / compliance)"], rows
    )


def _reasons(reasons: list[str], info: dict) -> str:
    out = []
    for r in reasons:
        if r == "mandatory_audit":
            out.append("强制性清洁生产审核 (mandatory audit)")
        else:
            out.append(_metric_label(r, info.get(r)))
    return "、".join(out) or "—"


def _key_md(ke: dict | None) -> list[str]:
    if not ke or not (ke.get("added") or ke.get("removed") or ke.get("reasons_changed") or ke.get("count")):
        return []
    info = ke.get("metrics", {})
    lines = ["**重点企业 (Key enterprises)**", ""]
    if ke.get("count"):
        lines += [f"重点企业数 (Number of key enterprises)：{ke['count']['old']} → {ke['count']['new']}", ""]
    rows = []
    for change, label in (("added", "新增 (added)"), ("removed", "移出 (removed)")):
        for e in ke.get(change, []):
            metrics = "<br>".join(
                f"{_metric_label(m['metric'], m)}: {_number(m.get('value'))} {md_cell(m.get('unit'))}（{_share(m.get('share'))}）"
                for m in e["metrics"]
                if m["metric"] in e["reasons"]
            )
            rows.append([label, f"{md_cell(e['enterprise_name'])} [{md_cell(e['enterprise_id'])}]", _reasons(e["reasons"], info), metrics or "—"])
    for e in ke.get("reasons_changed", []):
        grounds = []
        if e["gained"]:
            grounds.append("新增 (+) " + _reasons(e["gained"], info))
        if e["lost"]:
            grounds.append("不再 (−) " + _reasons(e["lost"], info))
        rows.append(
            [
                "入选依据变化 (grounds changed)",
                f"{md_cell(e['enterprise_name'])} [{md_cell(e['enterprise_id'])}]",
                "<br>".join(grounds),
                "—",
            ]
        )
    if rows:
        lines += _table(["变化 (Change)", "企业 (Enterprise)", "入选依据 (Selected for)", "指标值与占比 (Value, share)"], rows)
    return lines


def _measures_md(m: dict | None) -> list[str]:
    if not m or not any(m.values()):
        return []
    rows = []
    for change, label in (("added", "新增 (added)"), ("removed", "删除 (removed)"), ("status_changed", "状态变化 (status changed)")):
        for x in m.get(change, []):
            status = md_cell(x["status"])
            if change == "status_changed":
                status = _arrow(md_cell(x["old_status"]), status)
            where = md_cell(x.get("enterprise_id") or x.get("chain") or x.get("level"))
            rows.append([label, f"{md_cell(x['title'])} [{md_cell(x['measure_id'])}]", where or "—", status])
    return ["**清洁生产方案 (Improvement measures)**", ""] + _table(
        ["变化 (Change)", "方案 (Measure)", "对象 (Applies to)", "状态 (Status)"], rows
    )


def _findings_md(f: dict | None) -> list[str]:
    if not f or not any(f.values()):
        return []
    rows = []
    for change, label in (("added", "新增 (new)"), ("removed", "已消除 (resolved)")):
        for x in f.get(change, []):
            where = md_cell(x.get("file"))
            if x.get("row") is not None:
                where += f" 第{x['row']}行 (row {x['row']})"
            if x.get("field"):
                where += f" {md_cell(x['field'])}"
            rows.append(
                [
                    label,
                    SEVERITY_TEXT.get(x.get("severity"), md_cell(x.get("severity"))),
                    md_cell(x.get("code")),
                    where,
                    f"{md_cell(x.get('message_zh'))}<br>{md_cell(x.get('message_en'))}",
                ]
            )
    return ["**数据校验 (Validation findings)**", ""] + _table(
        ["变化 (Change)", "级别 (Severity)", "代码 (Code)", "位置 (Where)", "说明 (Message)"], rows
    )


def _headline_md(h: dict | None) -> list[str]:
    if not h:
        return []
    rows = []
    for s in h["systems"]:
        if s["method"] == "graded":
            y = s.get("indices") or {}
            rows.append([_name(s.get("name"), s["id"]), _grade(s.get("grade")) + "；" + "，".join(f"Y\\_{lv} = {md_cell(y.get(lv))}" for lv in ("I", "II", "III"))])
        else:
            text = _passed(s.get("passed"))
            if s.get("unmet"):
                text += "；未达标 (unmet)：" + "；".join(f"{_name(u['name'])} [{md_cell(u['indicator'])}]" for u in s["unmet"])
            rows.append([_name(s.get("name"), s["id"]), text])
    rows.append(["重点企业 (Key enterprises)", md_cell(h.get("key_enterprises"))])
    rows.append(["清洁生产方案 (Improvement measures)", md_cell(h.get("measures"))])
    return _table(["项目 (Item)", "结果 (Result)"], rows)


def to_markdown(diff: dict, level: int = 3) -> str:
    """One park-cycle's changes as Markdown (a heading of the given level, then tables).
    An empty string when nothing changed."""
    if not diff.get("changed"):
        return ""
    lines = [_entry_title(diff, level), ""]
    status = diff.get("status")
    if status == "added":
        lines += ["新增的数据包 (new data package)。", ""]
    elif status == "removed":
        lines += ["已删除的数据包 (data package removed)。", ""]
    for side, zh, en in (("old", "原版本", "old version"), ("new", "新版本", "new version")):
        info = diff.get(side) or {}
        if info.get("scored") is False:
            why = info.get("reason") or diff.get("reason")
            lines += [f"{zh}未能评分 ({en} not scored)" + (f"：{md_text(why)}" if why else "") + "。", ""]
    if status in ("added", "removed"):
        lines += _headline_md(diff.get("headline"))
        lines += _findings_md(diff.get("findings"))
        return "\n".join(lines).rstrip() + "\n"
    if diff.get("headline"):
        side = "新版本评分结果 (results of the new version)" if diff["new"].get("scored") else "原版本评分结果 (results of the old version)"
        lines += [f"**{side}**", ""] + _headline_md(diff["headline"])
    lines += _systems_md(diff.get("systems", []))
    lines += _indicators_md(diff.get("indicators", []))
    lines += _key_md(diff.get("key_enterprises"))
    lines += _measures_md(diff.get("measures"))
    lines += _findings_md(diff.get("findings"))
    return "\n".join(lines).rstrip() + "\n"


def _ref_text(ref: dict) -> str:
    text = md_text(ref.get("label") or ref.get("ref") or "")
    if ref.get("commit"):
        text += f" ({md_text(ref['commit'][:12])})"
    return text


def report_to_markdown(rep: dict) -> str:
    """A whole report, fit for a pull-request comment."""
    lines = ["## 审核结果变化 (Changes in audit terms)", ""]
    kind = "审核周期 (audit cycles)" if rep["mode"] == "cycles" else "版本 (git revisions)"
    lines += [f"比较{kind}：{_ref_text(rep['old'])} → {_ref_text(rep['new'])}", ""]
    for note in rep.get("notes", []):
        lines += [f"> {md_text(note.get('zh'))} ({md_text(note.get('en'))})", ""]
    if not rep["changed"]:
        lines += [NO_CHANGES, ""]
    for entry in rep["entries"]:
        lines.append(to_markdown(entry, level=3))
    return "\n".join(lines).rstrip() + "\n"
