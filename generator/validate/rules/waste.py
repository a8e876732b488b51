"""Solid waste: what went out (utilised, disposed, stored) matches what came in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.core import records
from generator.validate.findings import WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule, show_number

WASTE_BALANCE_TOLERANCE = 0.05  # 5 % between what came in and what went out


def _may_not_close(waste: pd.DataFrame) -> np.ndarray:
    """The rows the exact check below must look at: every row whose balance, computed by column,
    is not closed within 4 % (a margin that no rounding difference from the row-by-row sums
    crosses), or that has a missing figure. The others close, and are not converted to dicts."""
    parts = np.column_stack([waste[c].to_numpy(dtype="float64") for c in ("utilised", "disposed", "stored")])
    went = np.where(np.isnan(parts), 0.0, parts).sum(axis=1)
    stored = waste["utilised_from_storage"].to_numpy(dtype="float64")
    came = waste["generated"].to_numpy(dtype="float64") + np.where(np.isnan(stored), 0.0, stored)
    with np.errstate(invalid="ignore"):
        closed = np.abs(went - came) <= 0.04 * np.maximum(went, came)  # False where a figure is NaN
    return ~np.isnan(parts).all(axis=1) & ~closed


@rule(Code("waste-balance", WARNING, "固废平衡不闭合：利用+处置+贮存 = {out}，产生+利用往年贮存 = {into}（差 {gap}%）",
           "the waste balance does not close: utilised+disposed+stored = {out}, generated+from storage = {into} ({gap}% apart)"))
def waste_balance_closes(ctx: Context):
    waste = ctx.table("solid_waste")
    waste = waste.loc[_may_not_close(waste)]
    for i, row in zip(waste.index, records(waste)):
        balance = unbalanced(row)
        if balance is not None:
            went, came = balance
            gap = abs(went - came) / max(went, came) * 100
            yield Finding("waste-balance", ctx.file("solid_waste"), row_number(i), "generated",
                          {"out": show_number(went), "into": show_number(came), "gap": f"{gap:.1f}"})


def unbalanced(row: dict) -> tuple[float, float] | None:
    """(what went out, what came in) of a waste row whose balance does not close within
    WASTE_BALANCE_TOLERANCE, else None; a row with none of the outgoing figures is not judged."""
    parts_out = [row[c] for c in ("utilised", "disposed", "stored")]
    if all(pd.isna(v) for v in parts_out):
        return None
    went = sum(v for v in parts_out if pd.notna(v))
    came = row["generated"] + (row["utilised_from_storage"] if pd.notna(row["utilised_from_storage"]) else 0)
    if max(went, came) > 0 and abs(went - came) / max(went, came) > WASTE_BALANCE_TOLERANCE:
        return went, came
    return None
