"""What changed since the park's previous cycle, for a reader (issue 13, item 4): the grade before
and after; each indicator's published value before and after with its unit, the change in per
cent and whether that is better or worse in the indicator's own direction (in words, not colour
alone); the key enterprises that joined or left; the measures completed since.

The reviewer's diff (generator.diff, `parkaudit diff`) stays the tool for pull requests; this page
reads the two score.json documents itself so that it can speak plain Chinese. Values are compared
as published (each indicator's `display`, rounded once by its precision), in decimals, so that a
reader can redo every percentage by hand from the two figures on the page."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from generator.core import records
from generator.render.effects import owner
from generator.render.format import LEVEL_ZH, STATE_ZH, unit_text
from generator.render.model import ParkInput, enterprise_names, graded, key_enterprise_changes, level_tone, levels_by_indicator, value_tone
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="changes", label="变化", position=70, template="park_changes.html.j2")

VERDICT_ZH = {"better": "改善", "worse": "变差", "same": "持平", "none": "无法比较"}
MARK = {"better": "▲", "worse": "▼", "same": "＝", "none": "—"}


def context(park: ParkInput) -> dict:
    if park.previous is None:
        return {"previous": None}
    old, new = park.cycles[park.previous], park.doc
    go, gn = graded(old), graded(new)
    grade_tone = level_tone(go["grade"]["grade"], gn["grade"]["grade"])
    rows = indicator_changes(old, new)
    counts = {k: sum(1 for r in rows if r["verdict"] == k) for k in VERDICT_ZH}
    joined, left = key_enterprise_changes(old, new)
    return {
        "previous": park.previous,
        "grade_old": go["grade"]["label"]["zh"], "grade_new": gn["grade"]["label"]["zh"], "grade_tone": grade_tone,
        "grade_word": {"better": "提高", "worse": "下降", "same": "不变"}[grade_tone],
        "indices": [{"level": lv, "old": go["indices_display"][lv], "new": gn["indices_display"][lv]} for lv in ("I", "II", "III")],
        "rows": rows, "counts": counts, "verdict_zh": VERDICT_ZH, "mark": MARK,
        "joined": joined, "left": left,
        "completed": completed_measures(park.table("measures"), park.previous, enterprise_names(park.doc)),
    }


def verdict(direction: str, old: str | None, new: str | None) -> tuple[str, str]:
    """(better | worse | same | none, the change in per cent as text) for two published values of
    an indicator whose direction is lower or higher. The per cent is (new − old) ÷ old × 100, one
    decimal, half up; '—' when either side has no value, and when the old value is not positive or
    the new one is negative: a per cent of a negative base (an elasticity of −0.06 becoming 0.27
    would read "+550 %") tells a reader nothing."""
    if old is None or new is None:
        return "none", "—"
    a, b = Decimal(old), Decimal(new)
    if a == b:  # unchanged, and still no per cent of a base that is not positive (the page says so)
        return "same", "0.0%" if a > 0 else "—"
    change = f"{((b - a) / a * 100).quantize(Decimal('0.1'), ROUND_HALF_UP):+}%" if a > 0 and b >= 0 else "—"
    return value_tone(direction, a, b), change


def indicator_changes(old: dict, new: dict) -> list[dict]:
    """One row per indicator of the graded system, in its categories' order."""
    go, gn = graded(old), graded(new)
    lo, ln = levels_by_indicator(go), levels_by_indicator(gn)
    oi = {i["indicator"]: i for c in go["categories"] for i in c["indicators"]}
    rows = []
    for cat in gn["categories"]:
        for item in cat["indicators"]:
            iid = item["indicator"]
            before = oi.get(iid, {})
            a = before.get("display") if before.get("state") == "value" else None
            b = item.get("display") if item["state"] == "value" else None
            if item["direction"] == "qualitative":
                # a condition met or not: the level is what changes, its value (1/0) says nothing
                tone = level_tone(lo.get(iid), ln.get(iid)) if a is not None and b is not None else "none"
                change = "—"
            else:
                tone, change = verdict(item["direction"], a, b)
            rows.append({
                "category": cat["name"]["zh"], "name": item["name"]["zh"], "unit": unit_text(item["unit"]),
                "old": a if a is not None else STATE_ZH.get(before.get("state"), "无"),
                "new": b if b is not None else STATE_ZH[item["state"]],
                "change": change, "verdict": tone,
                "level_old": LEVEL_ZH.get(lo.get(iid), "—"), "level_new": LEVEL_ZH.get(ln.get(iid), "—"),
                "qualitative": item["direction"] == "qualitative",
            })
    return rows


def completed_measures(measures: pd.DataFrame, previous: str, names: dict[str, str]) -> list[dict]:
    """Measures completed after the previous cycle's year: status 已完成 and a completion date
    from 1 January of the year after it; each with who carried it out (two enterprises' measures
    of the same title read as one listed twice)."""
    out = []
    start = f"{int(previous) + 1}-01-01"
    for m in records(measures):  # typed: empty cells are None (a date's is NaT)
        end = m.get("end_date")
        end_text = None if end is None or pd.isna(end) else str(end)[:10]
        if m["status"] == "已完成" and end_text is not None and end_text >= start:
            out.append({"title": m["title"], "level": m["level"], "owner": owner(m, names), "end": end_text})
    return sorted(out, key=lambda m: (m["end"], m["title"], m["owner"]))
