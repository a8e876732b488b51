"""Every indicator of the graded system (issue 13, item 3): a table of value, level, the I/II/III
benchmarks and the distance to the next level; then one section per indicator with its chart over
the park's cycles (benchmark lines included), the same figures as a table, a one-sentence summary,
the explanation in words and, folded for reviewers, the formula and inputs in their code form.

The past cycles come from `park.cycles`: the scored results the caller passes to render, which are
the park's final cycles up to the page's cycle (generator/build/park_job.py passes only final
packages' results, and `render` reads results/, where only builds write). Nothing is read here.
The distance to a level is the overview's (grade_verdict.need_text / gap_text), not computed again."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.render import charts
from generator.render.compliance import compliance_groups, compliance_rows, compliance_summary
from generator.render.reasons import reason_zh, variable_names
from generator.render.format import DIRECTION_ZH, LEVEL_ZH, STATE_ZH, STATUS_ZH, fmt, plain, unit_zh
from generator.render.model import ParkInput, compliance, graded, schema_labels, value_tone
from generator.render import grade_verdict
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="indicators", label="指标", position=20, template="park_indicators.html.j2")

LEVELS = ("I", "II", "III")
NEXT_LEVEL = {"below": "III", "III": "II", "II": "I"}


def context(park: ParkInput) -> dict:
    doc = park.doc
    g = graded(doc)
    labels = schema_labels(park.package_folder.parents[1])
    names = variable_names(doc)
    past = {c: graded_indicators(d) for c, d in sorted(park.cycles.items())}
    out, categories = [], []
    for c in g["categories"]:
        entries = []
        for gi in c["indicators"]:
            ind = doc["indicators"][gi["indicator"]]
            entry = _entry(park, c, gi, ind, labels, past, names)
            entries.append(entry)
            out.append(entry)
        categories.append({"name": c["name"]["zh"], "indicators": entries})
    counts = g["level_counts"]
    return {"indicators": out, "categories": categories, "system": {"name": g["name"]},
            "compliance": {"summary": compliance_summary(doc), "groups": compliance_groups(doc), "rows": compliance_rows(doc),
                           "method_page": f"../methodology/{(compliance(doc) or {}).get('id')}.html"},
            "counts": {"I": counts.get("I", 0), "II": counts.get("II", 0), "III": counts.get("III", 0), "below": counts.get("below", 0),
                       "missing": counts.get("missing", 0), "not_applicable": counts.get("not_applicable", 0)}}


def graded_indicators(doc: dict) -> dict[str, dict]:
    """indicator id → its entry in the graded system of one cycle's score.json."""
    return {i["indicator"]: i for c in graded(doc)["categories"] for i in c["indicators"]}


def _entry(park: ParkInput, category: dict, gi: dict, ind: dict, labels: dict, past: dict[str, dict], names: dict[str, str]) -> dict:
    src = gi.get("source") or {}
    unit = _unit(ind["unit"])
    reason = reason_zh(ind.get("reason"), names)
    rows = _history_rows(gi["indicator"], past)
    inputs = []
    for inp in ind.get("inputs", []):
        srcs = inp.get("sources") or [{}]
        inputs.append({"variable": inp["variable"], "cycle": inp.get("cycle"), "value": fmt(inp.get("value"), 3), "unit": unit_zh(inp.get("unit")),
                       "file": "；".join(s.get("file", "") for s in srcs), "rows": "；".join(str(s.get("rows", "")) for s in srcs)})
    return {
        "id": gi["indicator"], "category": category["name"]["zh"], "name": ind["name"]["zh"], "name_en": ind["name"]["en"],
        "display": grade_verdict.shown_value(ind["display"], gi["direction"], ind["unit"]) if ind["display"] is not None else STATE_ZH[ind["state"]],
        "unit": unit,
        "direction": DIRECTION_ZH.get(gi["direction"], gi["direction"]),
        "reason": reason,
        "level": gi.get("level") if ind["state"] == "value" else None,
        "limiting": gi["limiting"], "weight": gi["weight"], "effective_weight": fmt(gi.get("effective_weight"), 3),
        "bench": {lv: bench_text(gi, lv) for lv in LEVELS},
        # in the table of all indicators a level's condition would crowd every row: its words are in the section
        "bench_short": {lv: "条件见说明" if "condition" in (gi["benchmarks"].get(lv) or {}) else bench_text(gi, lv) for lv in LEVELS},
        "bench_code": {lv: _bench_code(gi["benchmarks"].get(lv)) for lv in LEVELS},
        "next": next_level_text(gi),
        "formula": ind["formula"], "formula_words": _public(ind["explanation"]["formula"]["zh"], labels),
        "definition": _public(ind["explanation"]["definition"]["zh"], labels), "data_source": _public(ind["explanation"]["data_source"]["zh"], labels),
        "source_document": src.get("document", "—"), "source_status": STATUS_ZH.get(src.get("status"), src.get("status", "—")),
        "source_note": _public((src.get("note") or {}).get("zh") or "", labels),
        "history": rows, "summary": summary(park.current, ind["name"]["zh"], gi, rows, reason), "chart": _chart(gi, ind, rows), "inputs": inputs,
    }


def _history_rows(ind_id: str, past: dict[str, dict]) -> list[dict]:
    """One row per cycle in which the indicator was scored, oldest first."""
    rows = []
    for cycle, found in past.items():
        i = found.get(ind_id)
        if i is None:
            continue
        rows.append({
            "cycle": cycle, "state": i["state"],
            "value": float(Decimal(i["display"])) if i["state"] == "value" and i.get("display") is not None and i["direction"] != "qualitative" else None,
            "display": grade_verdict.shown_value(i["display"], i["direction"], i["unit"]) if i["state"] == "value" and i.get("display") is not None else STATE_ZH[i["state"]],
            "level": i.get("level") if i["state"] == "value" else None,
            "level_text": LEVEL_ZH.get(i.get("level"), "—") if i["state"] == "value" else STATE_ZH[i["state"]],
            "bench": {lv: _bench_number(i["benchmarks"].get(lv)) for lv in LEVELS},
            "bench_text": {lv: bench_text(i, lv) for lv in LEVELS},
            "next": next_level_text(i),
        })
    return rows


# --- the words ---------------------------------------------------------------------------------
def next_level_text(i: dict) -> str:
    """How far indicator `i` (an entry of a graded system in score.json) is from the next level up,
    in its own direction: "距 III 级：需降至 0.5 tce/万元，差 0.62 tce/万元"; "已达 I 级" at the top."""
    if i["state"] == "not_applicable":
        return "不适用"
    if i["state"] != "value":
        return "未统计，需补齐数据"
    level = i.get("level") or "below"
    if level == "I":
        return "已达 I 级"
    target = NEXT_LEVEL.get(level, "III")
    need, gap = grade_verdict.need_text(i, target), grade_verdict.gap_text(i, target)
    return f"距 {target} 级：{need}" + ("" if gap == "—" else f"，{gap}")


def bench_text(i: dict, level: str) -> str:
    """A benchmark as a reader reads it: "≤ 0.5" (lower is better), "≥ 90" (higher is better), or
    the level's condition in words; the code form of an expression stays in the technical note."""
    b = i["benchmarks"].get(level) or {}
    number = _bench_number(b)
    if number is not None:
        sign = {"lower": "≤ ", "higher": "≥ "}.get(i["direction"], "")
        return sign + plain(number)
    if (b.get("description") or {}).get("zh"):
        return b["description"]["zh"]
    if "expression" in b:
        return "本期无法计算"  # an expression benchmark whose inputs are missing
    return "—"


def summary(cycle: str, name: str, i: dict, rows: list[dict], reason: str | None = None) -> str:
    """The section's one sentence: this cycle's value and level, the distance to the next level,
    and the change since the first cycle with a value, judged in the indicator's direction.
    `reason`: why it does not apply, in readers' words (reasons.reason_zh; else the result's own)."""
    unit = _unit_suffix(i["unit"])
    if i["state"] == "not_applicable":
        return f"{cycle} 年度{name}不适用于本园区（{reason or i.get('reason') or '适用条件不满足'}），不参与评分。"
    if i["state"] != "value":
        return f"{cycle} 年度{name}未统计，各级得分均为 0；需补齐数据。"
    level = i.get("level") or "below"
    reached = "达到 I 级" if level == "I" else ("未达 III 级" if level == "below" else f"达到 {level} 级")
    if i["direction"] == "qualitative":
        # a level's condition says what was reached ("具备污水集中处理设施并在线监测联网…"), where "为 1" said nothing
        condition = bench_text(i, level) if level != "below" else ""
        text = f"{cycle} 年度{name}{reached}" + (f"：{condition}" if condition and condition != "—" else "")
    else:
        text = f"{cycle} 年度{name}为 {i['display']}{unit}，{reached}"
    if level != "I":
        text += f"（{next_level_text(i)}）"
    valued = [r for r in rows if r["state"] == "value" and r["cycle"] != cycle]
    if valued and i["direction"] in ("lower", "higher"):
        first = valued[0]
        now, then = Decimal(i["display"]), Decimal(first["display"])
        change = {"same": "没有变化", "better": "有所改善", "worse": "有所变差"}[value_tone(i["direction"], then, now)]
        text += f"；{first['cycle']} 年度为 {first['display']}{unit}，此后{change}（{DIRECTION_ZH[i['direction']]}）"
    elif valued:
        first = valued[0]
        text += f"；{first['cycle']} 年度为 {first['level_text']}"
    return text + "。"


def _public(text: str, labels: dict[str, str]) -> str:
    """Text for readers: a table or column name written in brackets in indicators.yaml
    ("企业名录（cp_audit_completed）") becomes its Chinese title from the schemas."""
    return re.sub(r"[（(]([a-z][a-z0-9_]*)[）)]", lambda m: f"（{labels[m[1]]}）" if m[1] in labels else m[0], text)


# --- the chart ---------------------------------------------------------------------------------
def _chart(gi: dict, ind: dict, rows: list[dict]) -> charts.Chart:
    name, unit = ind["name"]["zh"], _unit(ind["unit"])
    chart_id = f"indicator-{gi['indicator']}"
    title = name  # short enough for a phone; the legend and the axes say the rest
    if gi["direction"] == "qualitative":
        frame = charts.table({"cycle": [r["cycle"] for r in rows], "level": [r["level_text"] for r in rows]})
        return charts.indicator_levels(chart_id, name, _chart_summary(name, rows, unit, qualitative=True), frame,
                                       columns={"cycle": "审核年度", "level": "等级"})
    frame = charts.table({
        "cycle": [r["cycle"] for r in rows],
        "value": [r["value"] for r in rows],
        "level": [r["level_text"] for r in rows],
        **{lv: [r["bench"][lv] for r in rows] for lv in LEVELS},
    }, floats=("value", *LEVELS))
    columns = {"cycle": "审核年度", "value": f"数值（{unit}）" if unit else "数值", "level": "等级",
               **{lv: f"{lv} 级基准（{unit}）" if unit else f"{lv} 级基准" for lv in LEVELS}}
    places = ind.get("precision")
    return charts.indicator_history(chart_id, title, _chart_summary(name, rows, unit), frame, columns=columns,
                                    value_title=f"{unit or '数值'}（{DIRECTION_ZH[gi['direction']]}）",
                                    value_format=f",.{places}f" if isinstance(places, int) else "")


def _chart_summary(name: str, rows: list[dict], unit: str, qualitative: bool = False) -> str:
    if qualitative and rows:  # its chart draws the level reached each cycle, no values and no benchmark lines
        return f"{name}历年等级：" + "；".join(f"{r['cycle']} 年度 {r['level_text']}" for r in rows) + "。"
    suffix = _unit_suffix(unit)
    # a cycle without a value says why once ("2023 年度 未统计"), not "未统计（未统计）"
    parts = [f"{r['cycle']} 年度 {r['display']}{suffix}（{r['level_text']}）" if r["state"] == "value" and r["value"] is not None
             else f"{r['cycle']} 年度 {r['display']}" for r in rows]
    return f"{name}历年数值：" + "；".join(parts) + "。虚线为本年度的各级基准。" if rows else f"{name}：尚无数据。"


# --- benchmarks --------------------------------------------------------------------------------
def _bench_number(b: dict | None):
    """A benchmark's number: its value, or what its expression evaluated to this cycle; None for
    a condition or an expression that could not be evaluated."""
    if not b:
        return None
    if b.get("value") is not None:
        return b["value"]
    if b.get("evaluated") is not None:
        return b["evaluated"]
    return None


def _bench_code(b: dict | None) -> str:
    """The benchmark as written in indicators.yaml, for the reviewers' note."""
    if not b:
        return "—"
    if "expression" in b:
        return b["expression"]
    if "condition" in b:
        return b["condition"]
    if "value" in b and b["value"] is not None:
        return plain(b["value"])
    return "—"


_unit, _unit_suffix = grade_verdict._unit, grade_verdict._unit_suffix  # units as the overview writes them
