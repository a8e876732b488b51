"""How improvement measures read to the public, on the site and in the formal report: the effect
on each substance with its own Chinese name and unit (never a sum across substances), payback and
achievement rates with the reason when there is none, and the statuses with colours that mean what
they say (green done, blue under way, grey planned, red overdue or cancelled).

The figures come from score.json's `measures` section (generator/compute/measures.py), where they
are computed exactly and rounded once; here they are only formatted."""

from __future__ import annotations

from decimal import Decimal

from generator.render.format import CODES_ZH, fmt

# The statuses a reader sees, in the order of the status chart and table. 逾期 is not a status of the
# data: compute marks a planned or running measure whose planned end has passed.
STATUS_ORDER = ("已完成", "实施中", "计划", "逾期", "已取消")
# Colours of the status chart (site and report) and of the badges (parkaudit.css .pa-status-*, which
# repeats them: tests/render/test_measures.py checks): white text on each is at least 4.5:1 (WCAG AA).
STATUS_COLOURS = {"已完成": "#2e7d32", "实施中": "#1565c0", "计划": "#546e7a", "逾期": "#d32f2f", "已取消": "#7f0000"}
# The badge classes of parkaudit.css; a badge shows the status in words, so that colour is never
# the only cue (WCAG 1.4.1).
STATUS_CLASS = {"已完成": "done", "实施中": "doing", "计划": "planned", "逾期": "overdue", "已取消": "cancelled"}
# The guideline's three levels; the data's 产业链 stands for 产业链 or 产业集群.
LEVEL_ZH = {"园区": "园区", "产业链": "产业链（集群）", "企业": "企业"}

# substance → (what the measure does to it, the unit readers see, the factor from the data's unit)
_WATER = Decimal(10000)  # the data's m³/a shown in 万 m³/年
_SUBSTANCES = {
    "energy": ("节能（标准煤）", "tce/年", 1),
    "water": ("节水（新鲜水）", "万 m³/年", _WATER),
    "pollutant_unspecified": ("削减污染物（未注明种类）", "t/年", 1),
    "CO2": ("减排二氧化碳", "t/年", 1),
}
_SHORT = {"energy": "节能", "water": "节水", "pollutant_unspecified": "削减未注明种类的污染物", "CO2": "减排二氧化碳"}


def owner(row: dict, names: dict[str, str]) -> str:
    """Who carries a measure out, as a reader names it: the enterprise (by name), the chain, or the park."""
    if row["level"] == "企业":
        return names.get(row["enterprise_id"], row["enterprise_id"])
    return row["chain"] if row["level"] == "产业链" else "园区"


def substance_label(code: str) -> str:
    """'削减氨氮', '节能（标准煤）': the effect, in words, with the substance's Chinese name."""
    if code in _SUBSTANCES:
        return _SUBSTANCES[code][0]
    return "削减" + CODES_ZH["target"].get(code, code)


def substance_unit(code: str) -> str:
    return _SUBSTANCES[code][1] if code in _SUBSTANCES else "t/年"


def amount(code: str, value) -> str:
    """A quantity of `code` in the unit readers see (substance_unit): thousands separators, two
    decimals, more for a quantity under 1 so that it does not print as 0.00."""
    if value is None:
        return "—"
    factor = _SUBSTANCES[code][2] if code in _SUBSTANCES else 1
    shown = float(Decimal(repr(float(value))) / factor) if factor != 1 else value
    if shown and abs(shown) < 1:
        return fmt(shown, 4 if abs(shown) < 0.01 else 3)
    return fmt(shown)


def with_unit(code: str, value) -> str:
    return f"{amount(code, value)} {substance_unit(code)}"


def rate(value) -> str:
    """An achievement rate as stored (to 0.1 %): '96.6%', or '—'."""
    return "—" if value is None else f"{value * 100:.1f}%"


def payback(p: dict | None) -> str:
    """A simple payback in years as stored (to 0.1 year), or '—' with the reason."""
    if p is None:
        return "—"
    if p["years"] is None:
        return f"—（{REASONS_ZH.get(p['reason'], p['reason'])}）"
    return f"{p['years']:,.1f}"


def payback_lines(expected: dict, achieved: dict | None) -> list[str]:
    """A measure's simple payback: expected, and achieved when it is completed ('预期 8.3', '实际 8.0');
    one '—' with the reason when neither can be computed."""
    if expected["years"] is None and (achieved is None or achieved["years"] is None):
        return [payback(expected)]
    lines = [f"预期 {payback(expected)}"]
    if achieved is not None:
        lines.append(f"实际 {payback(achieved)}")
    return lines


REASONS_ZH = {"investment_missing": "未填报投资", "benefit_missing": "未填报经济效益", "benefit_zero": "无经济效益"}


# The order of a one-sentence summary: what residents breathe and drink first (the pollutants, in
# the order of the data's target list), then energy, carbon and water.
_SENTENCE_LAST = ("energy", "CO2", "water")


def effects_sentence(effects: list[dict], key: str, limit: int = 3) -> str:
    """'削减二氧化硫 498.59 t/年、削减氮氧化物 704.29 t/年、… 等 7 项': up to `limit` substances of
    score.json's effects that have a `key` value, pollutants first, each with its own unit."""
    items = [e for e in effects if e.get(key) is not None]
    items.sort(key=lambda e: _SENTENCE_LAST.index(e["substance"]) + 1 if e["substance"] in _SENTENCE_LAST else 0)  # stable: data order within
    text = "、".join(f"{substance_label(e['substance'])} {with_unit(e['substance'], e[key])}" for e in items[:limit])
    return text + (f" 等 {len(items)} 项" if len(items) > limit else "")
