"""The diff stage: what changed, in audit terms, between two scored park-cycles.

Plain functions over plain data, so that the CLI (`parkaudit diff`, generator/commands/diff.py)
and the site ("changes since the previous cycle") share one comparison:

- `diff_results(old, new, ...) -> dict`: two score.json documents (generator/results.py) of one
  park, plus, optionally, each side's improvement measures (rows of measures.csv) and validation
  findings (generator.validate.stage Finding.to_dict()). The result lists only what changed: grade and
  Y_I/Y_II/Y_III of each graded system; pass/fail and the unmet list of each compliance system
  (HJ 274); every indicator whose published value, state, level or compliance status changed;
  key enterprises added or removed (with their metrics) or selected on other grounds; measures
  added, removed or with a new status; validation findings added or removed.
- `headline(doc)`: the results of a package that exists on one side only (a new cycle).
- `report(...)` wraps the pair diffs of many parks; `to_markdown(diff)` renders one pair,
  `report_to_markdown(report)` a whole report, Chinese first with English in parentheses, every
  value from the data escaped for a Markdown table cell (generator.core.escape.md_cell).

Published values are compared, not raw floats: an indicator's `display` (rounded once by its
precision), the published indices (`indices_display`), levels and statuses, so that what the diff
reports is what a reader of the report would see change.

Order is deterministic: indicators in the order of the indicator systems (systems by id, then
categories/groups and their indicators as listed), enterprises and measures by id, findings by
file, row, field and code.
"""

from __future__ import annotations

from generator import __version__
from generator.core import md_cell, md_text

FORMAT_VERSION = 1

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
MEASURE_FIELDS = ("measure_id", "level", "enterprise_id", "chain", "title", "target", "status")


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def _pair(old, new):
    return None if old == new else {"old": old, "new": new}


def _system_order(systems: dict) -> list[str]:
    """Graded systems first (grade, indices), then compliance systems; each by id."""
    return sorted(systems, key=lambda sid: (systems[sid].get("method") != "graded", sid))


def _indicator_order(*docs) -> list[str]:
    """Indicator ids in the order of the systems (_system_order) and their categories/groups,
    then any indicator outside every system, by id."""
    order: list[str] = []
    for doc in docs:
        if not doc:
            continue
        for sid in _system_order(doc.get("systems", {})):
            s = doc["systems"][sid]
            blocks = s.get("categories") if s.get("method") == "graded" else s.get("groups")
            for block in blocks or []:
                for item in block.get("indicators", []):
                    if item["indicator"] not in order:
                        order.append(item["indicator"])
    rest = sorted({iid for doc in docs if doc for iid in doc.get("indicators", {})} - set(order))
    return order + rest


def _system_items(doc: dict | None) -> dict[tuple[str, str], dict]:
    """(system id, indicator id) → the indicator's entry in that system."""
    out = {}
    for sid, s in (doc or {}).get("systems", {}).items():
        blocks = s.get("categories") if s.get("method") == "graded" else s.get("groups")
        for block in blocks or []:
            for item in block.get("indicators", []):
                out[(sid, item["indicator"])] = dict(item, group=block.get("id"))
    return out


def _ind_name(iid: str, *entries) -> dict:
    for e in entries:
        if e and e.get("name"):
            return e["name"]
    return {"zh": iid, "en": iid}


def _diff_systems(old: dict, new: dict) -> list[dict]:
    out = []
    os_, ns = old.get("systems", {}), new.get("systems", {})
    for sid in _system_order({**os_, **ns}):
        o, n = os_.get(sid), ns.get(sid)
        ref = n or o
        entry = {"id": sid, "method": ref.get("method"), "name": ref.get("name"), "presence": _pair(o is not None, n is not None)}
        if ref.get("method") == "graded":
            og = (o or {}).get("grade")
            ng = (n or {}).get("grade")
            entry["grade"] = None if (og or {}).get("grade") == (ng or {}).get("grade") else {"old": og, "new": ng}
            oi, ni = (o or {}).get("indices_display", {}), (n or {}).get("indices_display", {})
            entry["indices"] = [
                {"level": lv, "old": oi.get(lv), "new": ni.get(lv)}
                for lv in ("I", "II", "III")
                if oi.get(lv) != ni.get(lv)
            ]
            changed = entry["grade"] or entry["indices"]
        else:
            entry["passed"] = _pair((o or {}).get("passed"), (n or {}).get("passed"))
            o_doc = {"systems": {sid: o}} if o else None
            n_doc = {"systems": {sid: n}} if n else None
            items = {**_system_items(o_doc), **_system_items(n_doc)}
            ou = {u["indicator"]: u for u in (o or {}).get("unmet", [])}
            nu = {u["indicator"]: u for u in (n or {}).get("unmet", [])}
            order = _indicator_order(o_doc, n_doc)

            def _unmet(u):
                item = items.get((sid, u["indicator"]), {})
                return {"indicator": u["indicator"], "name": _ind_name(u["indicator"], item), "group": u.get("group"), "status": u.get("status")}

            entry["unmet_added"] = [_unmet(nu[i]) for i in order if i in nu and i not in ou]
            entry["unmet_removed"] = [_unmet(ou[i]) for i in order if i in ou and i not in nu]
            changed = entry["passed"] or entry["unmet_added"] or entry["unmet_removed"]
        if changed or entry["presence"]:
            out.append(entry)
    return out


def _diff_indicators(old: dict, new: dict) -> list[dict]:
    oi, ni = old.get("indicators", {}), new.get("indicators", {})
    o_items, n_items = _system_items(old), _system_items(new)
    systems = {sid: s.get("method") for doc in (old, new) for sid, s in doc.get("systems", {}).items()}
    out = []
    for iid in _indicator_order(old, new):
        o, n = oi.get(iid), ni.get(iid)
        o_state = o["state"] if o else "absent"
        n_state = n["state"] if n else "absent"
        value = _pair(o.get("display") if o else None, n.get("display") if n else None)
        state = _pair(o_state, n_state)
        levels, statuses = [], []
        for sid in sorted(systems):
            a, b = o_items.get((sid, iid)), n_items.get((sid, iid))
            if a is None and b is None:
                continue
            if systems[sid] == "graded":
                la, lb = (a or {}).get("level"), (b or {}).get("level")
                if la != lb:
                    levels.append({"system": sid, "old": la, "new": lb})
            else:
                sa, sb = (a or {}).get("status"), (b or {}).get("status")
                if sa != sb:
                    statuses.append({"system": sid, "old": sa, "new": sb})
        if value or state or levels or statuses:
            ref = n or o or {}
            out.append(
                {
                    "indicator": iid,
                    "name": _ind_name(iid, n, o),
                    "unit": ref.get("unit"),
                    "value": value,
                    "state": state,
                    "levels": levels,
                    "compliance": statuses,
                }
            )
    return out


def _metric_info(*docs) -> dict[str, dict]:
    info = {}
    for doc in docs:
        for m in (doc or {}).get("key_enterprises", {}).get("by_metric", []):
            info.setdefault(m["metric"], {"name": m.get("name"), "unit": m.get("unit")})
    return info


def _member(e: dict, info: dict) -> dict:
    return {
        "enterprise_id": e["enterprise_id"],
        "enterprise_name": e.get("enterprise_name"),
        "chain": e.get("chain"),
        "reasons": list(e.get("reasons", [])),
        "metrics": [
            {
                "metric": m["metric"],
                "name": (info.get(m["metric"]) or {}).get("name"),
                "unit": (info.get(m["metric"]) or {}).get("unit"),
                "value": m.get("value"),
                "share": m.get("share"),
            }
            for m in e.get("metrics", [])
        ],
    }


def _diff_key_enterprises(old: dict, new: dict) -> dict:
    ok = old.get("key_enterprises", {})
    nk = new.get("key_enterprises", {})
    om = {e["enterprise_id"]: e for e in ok.get("enterprises", [])}
    nm = {e["enterprise_id"]: e for e in nk.get("enterprises", [])}
    info = _metric_info(new, old)
    reasons_changed = [
        {
            "enterprise_id": eid,
            "enterprise_name": nm[eid].get("enterprise_name"),
            "old": list(om[eid].get("reasons", [])),
            "new": list(nm[eid].get("reasons", [])),
            "gained": [r for r in nm[eid].get("reasons", []) if r not in om[eid].get("reasons", [])],
            "lost": [r for r in om[eid].get("reasons", []) if r not in nm[eid].get("reasons", [])],
        }
        for eid in sorted(set(om) & set(nm))
        if list(om[eid].get("reasons", [])) != list(nm[eid].get("reasons", []))
    ]
    added = [_member(nm[eid], info) for eid in sorted(set(nm) - set(om))]
    removed = [_member(om[eid], info) for eid in sorted(set(om) - set(nm))]
    used = {r for e in added + removed for r in e["reasons"]}
    used |= {r for e in reasons_changed for r in e["gained"] + e["lost"]}
    return {
        "count": _pair(ok.get("count"), nk.get("count")),
        "added": added,
        "removed": removed,
        "reasons_changed": reasons_changed,
        "metrics": {k: v for k, v in sorted(info.items()) if k in used},
    }


def _measure(row: dict) -> dict:
    return {k: (row.get(k) or None) for k in MEASURE_FIELDS}


def _diff_measures(old: list[dict], new: list[dict]) -> dict:
    om = {r["measure_id"]: _measure(r) for r in old}
    nm = {r["measure_id"]: _measure(r) for r in new}
    return {
        "added": [nm[k] for k in sorted(set(nm) - set(om))],
        "removed": [om[k] for k in sorted(set(om) - set(nm))],
        "status_changed": [
            dict(nm[k], old_status=om[k]["status"])
            for k in sorted(set(om) & set(nm))
            if om[k]["status"] != nm[k]["status"]
        ],
    }


def _finding_key(f: dict) -> tuple:
    return (f.get("file_in_package") or f.get("file") or "", f.get("row") or 0, f.get("field") or "", f.get("code"), f.get("message_en") or "")


def _diff_findings(old: list[dict], new: list[dict]) -> dict:
    ok = {_finding_key(f): f for f in old}
    nk = {_finding_key(f): f for f in new}
    return {
        "added": [nk[k] for k in sorted(set(nk) - set(ok))],
        "removed": [ok[k] for k in sorted(set(ok) - set(nk))],
    }


def _measures_from(doc: dict | None):
    items = ((doc or {}).get("measures") or {}).get("items")
    return items if isinstance(items, list) else None


def diff_results(
    old: dict | None,
    new: dict | None,
    *,
    old_measures: list[dict] | None = None,
    new_measures: list[dict] | None = None,
    old_findings: list[dict] | None = None,
    new_findings: list[dict] | None = None,
) -> dict:
    """What changed between two score.json documents of one park.

    `old`/`new` may be None for a side that could not be scored (its findings are still compared).
    Measures are compared when both sides have them (the arguments, or a `measures.items` list in
    score.json); findings when both arguments are given. Every list is empty and every pair None
    when nothing changed; `changed` says whether anything did."""
    ref = new or old or {}
    park = ref.get("park", {})
    out: dict = {
        "park": {"id": park.get("id"), "name": (park.get("profile") or {}).get("park_name")},
        "old": {"cycle": (old or {}).get("park", {}).get("cycle"), "scored": old is not None},
        "new": {"cycle": (new or {}).get("park", {}).get("cycle"), "scored": new is not None},
        "systems": [],
        "indicators": [],
        "key_enterprises": None,
        "measures": None,
        "findings": None,
    }
    if (old is None) != (new is None):  # one side scored: show its results
        out["headline"] = headline(old if new is None else new)
    if old is not None and new is not None:
        out["systems"] = _diff_systems(old, new)
        out["indicators"] = _diff_indicators(old, new)
        out["key_enterprises"] = _diff_key_enterprises(old, new)
    if old_measures is None:
        old_measures = _measures_from(old)
    if new_measures is None:
        new_measures = _measures_from(new)
    if old_measures is not None and new_measures is not None:
        out["measures"] = _diff_measures(old_measures, new_measures)
    if old_findings is not None and new_findings is not None:
        out["findings"] = _diff_findings(old_findings, new_findings)
    out["changed"] = has_changes(out)
    return out


def has_changes(d: dict) -> bool:
    if d.get("status") in ("added", "removed"):
        return True
    if d["old"].get("scored") != d["new"].get("scored"):
        return True
    ke = d.get("key_enterprises") or {}
    return bool(
        d.get("systems")
        or d.get("indicators")
        or ke.get("count") or ke.get("added") or ke.get("removed") or ke.get("reasons_changed")
        or any((d.get("measures") or {}).values())
        or any((d.get("findings") or {}).values())
    )


def headline(doc: dict | None) -> dict | None:
    """The results of one package, for a package that exists on one side only."""
    if doc is None:
        return None
    systems = []
    for sid in _system_order(doc.get("systems", {})):
        s = doc["systems"][sid]
        if s.get("method") == "graded":
            systems.append({"id": sid, "method": "graded", "name": s.get("name"), "grade": s.get("grade"), "indices": s.get("indices_display")})
        else:
            items = _system_items({"systems": {sid: s}})
            systems.append(
                {
                    "id": sid,
                    "method": "compliance",
                    "name": s.get("name"),
                    "passed": s.get("passed"),
                    "unmet": [
                        {"indicator": u["indicator"], "name": _ind_name(u["indicator"], items.get((sid, u["indicator"]))), "group": u.get("group"), "status": u.get("status")}
                        for u in s.get("unmet", [])
                    ],
                }
            )
    return {
        "systems": systems,
        "key_enterprises": doc.get("key_enterprises", {}).get("count"),
        "measures": (doc.get("measures") or {}).get("n_measures"),
    }


def one_sided(status: str, park_id: str, park_name: str | None, cycle: str, doc: dict | None, findings: list[dict] | None, reason: str | None = None) -> dict:
    """An entry for a package present on one side only (`status` 'added' or 'removed')."""
    return {
        "status": status,
        "park": {"id": park_id, "name": park_name},
        "old": {"cycle": cycle if status == "removed" else None, "scored": doc is not None if status == "removed" else None},
        "new": {"cycle": cycle if status == "added" else None, "scored": doc is not None if status == "added" else None},
        "headline": headline(doc),
        "findings": {"added": list(findings or []), "removed": []} if status == "added" else {"added": [], "removed": list(findings or [])},
        "reason": reason,
        "changed": True,
    }


def report(mode: str, old_ref: dict, new_ref: dict, entries: list[dict], notes: list[dict] | None = None) -> dict:
    """The whole comparison: every entry that changed, sorted by park and cycle."""
    changed = sorted(
        (e for e in entries if e.get("changed")),
        key=lambda e: (e["park"]["id"] or "", e["new"].get("cycle") or e["old"].get("cycle") or "", e["old"].get("cycle") or ""),
    )
    return {
        "parkaudit": {"format_version": FORMAT_VERSION, "generator": f"parkaudit {__version__} diff"},
        "mode": mode,
        "old": old_ref,
        "new": new_ref,
        "changed": bool(changed),
        "entries": changed,
        "notes": list(notes or []),
    }


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

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
