"""Numbers and codes as readers see them: the number formats of the pages and Chinese labels for
the codes of results files. (The park pages' navigation is derived from generator/render/pages/.)"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from generator.score import display, round_half_up

LEVEL_ZH = {"I": "I 级", "II": "II 级", "III": "III 级", "below": "未达 III 级"}
STATE_ZH = {"value": "有数值", "missing": "未统计", "not_applicable": "不适用"}
STATUS_ZH = {"verified": "已核实", "provisional": "临时"}
DIRECTION_ZH = {"lower": "越低越好", "higher": "越高越好", "qualitative": "定性"}


# --- formatting --------------------------------------------------------------------------------
def fmt(value, places: int = 2) -> str:
    """A number for people: thousands separators, fixed decimals; '—' for missing."""
    if value is None or (isinstance(value, float) and value != value):  # NaN, as pd.isna says of a float
        return "—"
    if isinstance(value, str):
        return value
    if abs(value) >= 1000:
        places = 0
    return f"{value:,.{places}f}"


def pct(share) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def plain(number) -> str:
    """A number as written: no thousands separators, no trailing zeros (0.35, 100, 0.0005), in
    the form of the indicators' published values (generator.score's display). Benchmarks read the
    same on the methodology pages (from indicators.yaml) and the park pages (from score.json)."""
    if isinstance(number, Decimal):
        return display(number.normalize())
    if isinstance(number, int):
        return display(Decimal(number).normalize())
    return _plain_float(repr(float(number)))


@lru_cache(maxsize=1 << 16)
def _plain_float(text: str) -> str:
    # by the float's repr, not the float: 0.0 and -0.0 are equal as keys but not as text; the
    # benchmarks repeat in every cycle's row and every park
    return display(Decimal(text).normalize())


def table_cell(value):
    """A number in a chart's data table: rounded half up as the indicators are (generator.score's
    round_half_up) to at most three decimals, trailing zeros dropped, so the table agrees with
    the figures on the page."""
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        return _rounded(value)
    return "" if value is None else value


@lru_cache(maxsize=1 << 16)
def _rounded(value: float) -> str:
    # exact rounding costs ~50 µs a number, and the tables repeat their numbers (each benchmark
    # in every cycle's row): 0.0 and -0.0, the one pair of equal floats, both read "0"
    return plain(round_half_up(value, 3))


# The Chinese labels that the schemas (field titles, enum values) and indicators.yaml (names) do not
# give, in one place: units, and the codes of the measures table's `target` enum.
CODES_ZH = {
    "unit": {"10^4 CNY": "万元", "10^4 CNY/a": "万元/年", "tce/a": "tce/年", "m3/a": "m³/年", "t/a": "t/年", "tCO2/a": "tCO₂/年",
             "count": "个", "person": "人", "10^4 kWh": "万千瓦时", "10^4 m3": "万立方米"},
    "target": {"energy": "能源", "water": "水资源", "COD": "化学需氧量", "NH3-N": "氨氮", "TN": "总氮", "TP": "总磷", "SO2": "二氧化硫",
               "NOx": "氮氧化物", "PM": "颗粒物", "VOCs": "挥发性有机物", "solid_waste": "一般工业固体废物", "hazardous_waste": "危险废物",
               "CO2": "二氧化碳", "management": "管理"},
}
UNITS_ZH = CODES_ZH["unit"]


# Data files and indicators.yaml write units in ASCII ("m3/万元", "亿元/km2", "tCO2/万元"); readers get
# them as printed (GB 3101): exponents raised, the 2 of CO₂ lowered. Only a unit's own exponent: a
# metre or kilometre followed by 2 or 3, not a digit within a number ("m30" stays).
_TYPESET = re.compile(r"(?<![A-Za-z])(k?m)([23])(?![0-9])|CO2")
_RAISED = {"2": "²", "3": "³"}


def unit_zh(unit: str | None) -> str:
    """A unit as readers see it: a code in Chinese ("10^4 CNY" → "万元"), typeset ("m3" → "m³",
    "tCO2" → "tCO₂"); "-" (dimensionless) and an empty unit stay as they are for the caller."""
    return _typeset(UNITS_ZH.get(unit or "", unit or ""))


def unit_text(unit: str | None) -> str:
    """A unit beside a value or in a table cell: unit_zh, and nothing for "-" (dimensionless)."""
    return "" if unit in (None, "", "-") else unit_zh(unit)


@lru_cache(maxsize=256)
def _typeset(unit: str) -> str:
    return _TYPESET.sub(lambda m: "CO₂" if m.group(0) == "CO2" else m.group(1) + _RAISED[m.group(2)], unit)


def target_zh(code: str | None) -> str:
    """What a measure is aimed at, for readers ("solid_waste" → "一般工业固体废物")."""
    return "" if code is None else CODES_ZH["target"].get(code, code)


OPERATOR_ZH = {">=": "≥", "<=": "≤", "==": "="}


def requirement_zh(indicator: dict) -> str | None:
    """A compliance indicator's requirement (an indicator of a compliance system in score.json) in
    readers' words: its condition's description ("达标"), or the comparison with mathematical signs
    ("≥ 6"); never the code form ("stable_compliance == 1") the results keep for reviewers."""
    req = indicator.get("requirement")
    if not req:
        return None
    if "condition" in req:
        return (req.get("description") or {}).get("zh") or indicator.get("requirement_text")
    return comparison_zh(indicator.get("requirement_text") or "")


def comparison_zh(text: str) -> str:
    """A requirement's comparison as written in indicators.yaml (">= 6") with mathematical signs ("≥ 6")."""
    op, _, number = text.partition(" ")
    return f"{OPERATOR_ZH.get(op, op)} {number}".strip()
