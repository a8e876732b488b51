"""Energy: carriers the coefficient table can convert, and purchased electricity that was used."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.core import records
from generator.validate.findings import ERROR, WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule, show_number

ELECTRICITY_TOLERANCE = 1.05


@rule(Code("unknown-energy-carrier", ERROR, "能源品种与单位“{cell}”不在折标系数表中；可用：{allowed}",
           "the carrier and unit '{cell}' are not in the coefficient table; allowed: {allowed}"))
def energy_carriers_are_known(ctx: Context):
    coefs = ctx.shared.energy_coefficients()
    known = set(zip(coefs["energy_type"], coefs["unit"]))
    allowed = "、".join(f"{t}({u})" for t, u in sorted(known))
    energy = ctx.table("energy")
    # whole columns as lists (what records gives for object columns), then one set look-up per row
    for i, carrier, unit in zip(energy.index, energy["energy_type"].tolist(), energy["unit"].tolist()):
        if (carrier, unit) not in known:
            yield Finding("unknown-energy-carrier", ctx.file("energy"), row_number(i), "energy_type",
                          {"cell": f"{carrier}({unit})", "allowed": allowed})


POWER = ("电力", "可再生电力")


def _may_exceed(energy: pd.DataFrame, carbon: pd.DataFrame) -> np.ndarray:
    """The carbon rows the exact check must look at. A first test on whole columns, with plain
    sums of the electricity used: a row is left out only when it buys nothing net or clearly less
    than it uses (within 4 % of the 5 % tolerance, a margin that the rounding differences from
    pandas's compensated group sums do not cross). With a negative quantity, whose sums can
    cancel, every row is looked at."""
    used_by: dict = {}
    for eid, kind, quantity in zip(energy["enterprise_id"].tolist(), energy["energy_type"].tolist(), energy["quantity"].tolist()):
        if kind in POWER and eid is not None and quantity == quantity:  # groupby's: no missing id, NaN skipped
            if quantity < 0:
                return np.ones(len(carbon), dtype=bool)
            used_by[eid] = used_by.get(eid, 0.0) + quantity
    used = np.array([used_by.get(e, 0.0) * 10 for e in carbon["enterprise_id"].tolist()], dtype="float64")
    bought, sold = (np.nan_to_num(carbon[c].to_numpy(dtype="float64"), nan=0.0) for c in ("purchased_electricity", "exported_electricity"))
    net = bought - sold
    return ~((net <= 0) | (net <= used * ELECTRICITY_TOLERANCE * 0.99))


@rule(Code("electricity-inconsistent", WARNING, "净购入电力 {purchased} MWh 大于能源表中的用电量 {consumed} MWh",
           "net purchased electricity {purchased} MWh exceeds the electricity consumed in the energy table, {consumed} MWh"))
def purchased_electricity_was_used(ctx: Context):
    energy = ctx.table("energy")
    carbon = ctx.table("carbon")
    carbon = carbon.loc[_may_exceed(energy, carbon)]
    if carbon.empty:
        return
    power = energy[energy["energy_type"].isin(POWER)]
    consumed = power.groupby("enterprise_id")["quantity"].sum() * 10  # 10^4 kWh -> MWh
    for i, row in zip(carbon.index, records(carbon)):
        net = (row["purchased_electricity"] if pd.notna(row["purchased_electricity"]) else 0) - (
            row["exported_electricity"] if pd.notna(row["exported_electricity"]) else 0)
        used = consumed.get(row["enterprise_id"], 0.0)
        if net > used * ELECTRICITY_TOLERANCE and net > 0:
            yield Finding("electricity-inconsistent", ctx.file("carbon"), row_number(i), "purchased_electricity",
                          {"purchased": show_number(net), "consumed": show_number(used)})
