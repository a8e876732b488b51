"""The compliance system of indicators.yaml (method: compliance, the demo's HJ 274 requirements) in
readers' words: one row per requirement with the value as published, the requirement as "≥ 6" or
"达标" and whether it is met; a summary of why the park passed or not. The park's indicators page,
its overview, the portal and its formal report (generator/report) all say it this way.

Why not "N 项未达到": a group of the "at least one" kind fails only when none of its requirements
is met, and a requirement not met in a group that passed does not count. A reader counting the
table's 未达到 against one number was misled; the summary names the mandatory requirements not met
and the groups with none met, and the table says which rows do not count."""

from __future__ import annotations

from generator.render.format import STATE_ZH, requirement_zh, unit_text
from generator.render.model import compliance, graded
from generator.render.reasons import reason_zh, variable_names

OUTCOME_ZH = {"met": "达到", "not_met": "未达到", "undecidable": "无法判断"}
NOT_COUNTED = "（本组已通过，不影响结论）"
YES_NO = {"1": "是", "0": "否"}  # a condition's value (a flag: "stable_compliance == 1")


def group_zh(group_id: str) -> str:
    """A requirement group's label: the standard's mandatory part, or its option groups A, B, …"""
    if group_id == "mandatory":
        return "必选"
    return group_id.removeprefix("group_").upper() + " 组" if group_id.startswith("group_") else group_id


def compliance_rows(doc: dict) -> list[dict]:
    """Every requirement of the park's compliance system, in its order; [] without one. A value
    that could not be computed shows why ("未统计"); the score counts such a requirement as not
    met (indicators.yaml), and the outcome says so. `counts`: not met in a group that failed."""
    system = compliance(doc)
    if system is None:
        return []
    out = []
    for group in system["groups"]:
        for i in group["indicators"]:
            outcome = "met" if i["met"] else ("undecidable" if i["status"] == "undecidable" else "not_met")
            counts = not i["met"] and not group["passed"]
            value = i["display"] if i.get("display") is not None else STATE_ZH.get(i.get("state"), "—")
            if "condition" in (i.get("requirement") or {}):
                value = YES_NO.get(value, value)
            out.append({"group": group_zh(group["id"]), "indicator": i["indicator"], "name": i["name"]["zh"], "value": value,
                        "unit": unit_text(i.get("unit")), "requirement": requirement_zh(i) or "—",
                        "met": i["met"], "counts": counts, "outcome": OUTCOME_ZH[outcome] + ("" if i["met"] or counts else NOT_COUNTED)})
    return out


def compliance_groups(doc: dict) -> list[dict]:
    """Each requirement group: its name (which says its rule for the option groups; the summary
    says it for all) and whether the park passed it."""
    system = compliance(doc)
    return [] if system is None else [{"name": g["name"]["zh"], "passed": g["passed"]} for g in system["groups"]]


def _shortfall(system: dict) -> tuple[list[str], list[str]]:
    """(names of the requirements not met in failed groups that need all of theirs,
    labels of the failed groups that need one: none of theirs met)."""
    unmet, empty = [], []
    for g in system["groups"]:
        if g["passed"]:
            continue
        if g["rule"] == "at_least_one":
            empty.append(group_zh(g["id"]))
        else:
            unmet += [i["name"]["zh"] for i in g["indicators"] if not i["met"]]
    return unmet, empty


def compliance_label(doc: dict) -> str:
    """The result in a few words, for the overview's card and the portal's table:
    "通过", "未通过（必选 6 项未达到，3 组无一项达到）", or "—" without a compliance system."""
    system = compliance(doc)
    if system is None:
        return "—"
    if system["passed"]:
        return "通过"
    unmet, empty = _shortfall(system)
    parts = ([f"必选 {len(unmet)} 项未达到"] if unmet else []) + ([f"{len(empty)} 组无一项达到"] if empty else [])
    return f"未通过（{'，'.join(parts)}）" if parts else "未通过"


def compliance_summary(doc: dict) -> list[str] | None:
    """Paragraphs for the section: the system's name and result with what fell short by name (a
    reader searching for a requirement finds the park's section), then what the system is. Two
    paragraphs, because the second is the same on every park's page: the search index keeps a
    paragraph once (generator/site/search_index.py), and it was 55 KB of the index at 89 parks."""
    system = compliance(doc)
    if system is None:
        return None
    name, description = system["name"]["zh"], system["description"]["zh"]
    if system["passed"]:
        return [f"{name}：通过。", description]
    unmet, empty = _shortfall(system)
    why = []
    if unmet:
        why.append(f"必选指标中 {len(unmet)} 项未达到（{'、'.join(unmet)}）")
    if empty:
        why.append(f"{'、'.join(empty)}{'均' if len(empty) > 1 else ''}无一项达到")
    return [f"{name}：未通过。" + (f"{'；'.join(why)}。" if why else ""), description]


def indicators_without_value(doc: dict) -> list[dict]:
    """The indicators missing or not applicable: the graded system's (each has its section on the
    indicators page), then the compliance system's others (its table there). The data-quality page
    and the report's appendix B list them: a gap in either system is a gap in the disclosure."""
    graded_ids = [gi["indicator"] for c in graded(doc)["categories"] for gi in c["indicators"]]
    in_graded = set(graded_ids)
    others = [r["indicator"] for r in compliance_rows(doc) if r["indicator"] not in in_graded]
    names = variable_names(doc)
    out = []
    for iid in graded_ids + others:
        ind = doc["indicators"][iid]
        if ind["state"] != "value":
            out.append({"id": iid, "anchor": iid if iid in in_graded else "hj274", "name": ind["name"]["zh"], "state": STATE_ZH[ind["state"]],
                        "reason": reason_zh(ind.get("reason"), names) or "—"})
    return out
