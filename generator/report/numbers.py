"""Numbers and codes as the report prints them: the site's conventions (generator/render/format.py,
which is render's own), restated here for the report because a stage may use only another stage's
public names. Values are printed as score.json publishes them (`display`), never recomputed."""

from __future__ import annotations

from generator.render import DIRECTION_ZH, STATE_ZH, fmt, unit_zh  # noqa: F401 - the site's number format, labels and units, one definition

LEVEL_ZH = {"I": "I 级", "II": "II 级", "III": "III 级", "below": "未达 III 级", None: "—"}
STATUS_ZH = {"verified": "已核实", "provisional": "临时（未核对原文）"}


def pct(share, places: int = 1) -> str:
    return "—" if share is None else f"{share * 100:.{places}f}%"


def shown(indicator: dict) -> str:
    """An indicator's published value, or why it has none."""
    return indicator["display"] if indicator.get("display") is not None else STATE_ZH.get(indicator.get("state"), "—")


def yes_no(flag) -> str:
    return "是" if flag else "否"
