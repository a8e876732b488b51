"""Energy: carriers the coefficient table can convert, and purchased electricity that was used."""

from __future__ import annotations

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
    for i, row in zip(energy.index, records(energy[["energy_type", "unit"]])):
        if (row["energy_type"], row["unit"]) not in known:
            yield Finding("unknown-energy-carrier", ctx.file("energy"), row_number(i), "energy_type",
                          {"cell": f"{row['energy_type']}({row['unit']})", "allowed": allowed})


@rule(Code("electricity-inconsistent", WARNING, "净购入电力 {purchased} MWh 大于能源表中的用电量 {consumed} MWh",
           "net purchased electricity {purchased} MWh exceeds the electricity consumed in the energy table, {consumed} MWh"))
def purchased_electricity_was_used(ctx: Context):
    energy = ctx.table("energy")
    power = energy[energy["energy_type"].isin(["电力", "可再生电力"])]
    consumed = power.groupby("enterprise_id")["quantity"].sum() * 10  # 10^4 kWh -> MWh
    carbon = ctx.table("carbon")
    for i, row in zip(carbon.index, records(carbon)):
        net = (row["purchased_electricity"] if pd.notna(row["purchased_electricity"]) else 0) - (
            row["exported_electricity"] if pd.notna(row["exported_electricity"]) else 0)
        used = consumed.get(row["enterprise_id"], 0.0)
        if net > used * ELECTRICITY_TOLERANCE and net > 0:
            yield Finding("electricity-inconsistent", ctx.file("carbon"), row_number(i), "purchased_electricity",
                          {"purchased": show_number(net), "consumed": show_number(used)})
