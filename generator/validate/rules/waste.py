"""Solid waste: what went out (utilised, disposed, stored) matches what came in."""

from __future__ import annotations

import pandas as pd

from generator.core import records
from generator.validate.findings import WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule, show_number

WASTE_BALANCE_TOLERANCE = 0.05  # 5 % between what came in and what went out


@rule(Code("waste-balance", WARNING, "固废平衡不闭合：利用+处置+贮存 = {out}，产生+利用往年贮存 = {into}（差 {gap}%）",
           "the waste balance does not close: utilised+disposed+stored = {out}, generated+from storage = {into} ({gap}% apart)"))
def waste_balance_closes(ctx: Context):
    waste = ctx.table("solid_waste")
    for i, row in zip(waste.index, records(waste)):
        parts_out = [row[c] for c in ("utilised", "disposed", "stored")]
        if all(pd.isna(v) for v in parts_out):
            continue
        went = sum(v for v in parts_out if pd.notna(v))
        came = row["generated"] + (row["utilised_from_storage"] if pd.notna(row["utilised_from_storage"]) else 0)
        if max(went, came) > 0 and abs(went - came) / max(went, came) > WASTE_BALANCE_TOLERANCE:
            gap = abs(went - came) / max(went, came) * 100
            yield Finding("waste-balance", ctx.file("solid_waste"), row_number(i), "generated",
                          {"out": show_number(went), "into": show_number(came), "gap": f"{gap:.1f}"})
