"""The compliance system of indicators.yaml (method: compliance, the demo's HJ 274 requirements) in
readers' words: one row per requirement with the value as published, the requirement as "≥ 6" or
"达标" and whether it is met. The park's indicators page and its formal report (generator/report)
both show these rows, so the two say the same thing."""

from __future__ import annotations

from generator.render.format import STATE_ZH, requirement_zh
from generator.render.model import compliance

OUTCOME_ZH = {"met": "达到", "not_met": "未达到", "undecidable": "无法判断"}


def group_zh(group_id: str) -> str:
    """A requirement group's label: the standard's mandatory part, or its option groups A, B, …"""
    if group_id == "mandatory":
        return "必选"
    return group_id.removeprefix("group_").upper() + " 组" if group_id.startswith("group_") else group_id


def compliance_rows(doc: dict) -> list[dict]:
    """Every requirement of the park's compliance system, in its order; [] without one. A value
    that could not be computed shows why ("未统计"); the score counts such a requirement as not
    met (indicators.yaml), and the outcome says so. A requirement not met in a group that passed
    (a group needs only one of its requirements) does not count against the park: its outcome
    says that, so that the outcomes counted as 未达到 are the system's `unmet`."""
    system = compliance(doc)
    if system is None:
        return []
    out = []
    for group in system["groups"]:
        for i in group["indicators"]:
            outcome = "met" if i["met"] else ("undecidable" if i["status"] == "undecidable" else "not_met")
            counts = not i["met"] and not group["passed"]
            out.append({"group": group_zh(group["id"]), "indicator": i["indicator"], "name": i["name"]["zh"],
                        "value": i["display"] if i.get("display") is not None else STATE_ZH.get(i.get("state"), "—"),
                        "unit": i.get("unit") or "", "requirement": requirement_zh(i) or "—", "met": i["met"], "counts": counts,
                        "outcome": OUTCOME_ZH[outcome] + ("" if i["met"] or counts else "（本组已通过）")})
    return out


def compliance_groups(doc: dict) -> list[dict]:
    """Each requirement group: its name (which says its rule for the option groups; the summary
    says it for all) and whether the park passed it."""
    system = compliance(doc)
    return [] if system is None else [{"name": g["name"]["zh"], "passed": g["passed"]} for g in system["groups"]]


def compliance_summary(doc: dict) -> str | None:
    """One sentence: the system's name, passed or not (how many requirements unmet), and what it is."""
    system = compliance(doc)
    if system is None:
        return None
    unmet = f"（{len(system['unmet'])} 项未达到）" if system["unmet"] else ""
    return f"{system['name']['zh']}：{'通过' if system['passed'] else '未通过'}{unmet}。{system['description']['zh']}"
