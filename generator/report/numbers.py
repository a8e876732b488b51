"""Numbers and codes as the report prints them: the site's conventions (generator/render/format.py,
which is render's own), restated here for the report because a stage may use only another stage's
public names. Values are printed as score.json publishes them (`display`), never recomputed."""

from __future__ import annotations

import math

LEVEL_ZH = {"I": "I 级", "II": "II 级", "III": "III 级", "below": "未达 III 级", None: "—"}
STATE_ZH = {"value": "有数值", "missing": "未统计", "not_applicable": "不适用"}
STATUS_ZH = {"verified": "已核实", "provisional": "临时（未核对原文）"}
DIRECTION_ZH = {"lower": "越低越好", "higher": "越高越好", "qualitative": "定性"}
UNITS_ZH = {"10^4 CNY": "万元", "10^4 CNY/a": "万元/年", "tce/a": "tce/年", "m3/a": "m3/年", "t/a": "t/年", "tCO2/a": "tCO2/年",
            "count": "个", "person": "人"}


def fmt(value, places: int = 2) -> str:
    """Thousands separators, fixed decimals (none from 1,000 up); '—' for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, str):
        return value
    if abs(value) >= 1000:
        places = 0
    return f"{value:,.{places}f}"


def pct(share, places: int = 1) -> str:
    return "—" if share is None else f"{share * 100:.{places}f}%"


def unit_zh(unit: str | None) -> str:
    return UNITS_ZH.get(unit or "", unit or "")


def shown(indicator: dict) -> str:
    """An indicator's published value, or why it has none."""
    return indicator["display"] if indicator.get("display") is not None else STATE_ZH.get(indicator.get("state"), "—")


def yes_no(flag) -> str:
    return "是" if flag else "否"
