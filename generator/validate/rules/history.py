"""Against the previous cycle: a figure that changed more than tenfold is probably a unit mistake."""

from __future__ import annotations

import pandas as pd

from generator.validate.findings import WARNING, Code, Finding
from generator.validate.rules._rule import Context, rule, show_number

TENFOLD = 10.0

# table → (the key that finds a row in both cycles, the columns compared)
KEYED = {
    "energy": (["enterprise_id", "energy_type"], ["quantity"]),
    "water": (["enterprise_id"], ["tap_water", "self_supplied_water", "wastewater_discharge"]),
    "emissions": (["enterprise_id", "pollutant"], ["actual"]),
    "solid_waste": (["enterprise_id", "waste_class"], ["generated"]),
    "carbon": (["enterprise_id"], ["combustion_co2", "process_co2", "purchased_electricity"]),
    "enterprises": (["enterprise_id"], ["output_value", "value_added"]),
}


def _jump(new, old) -> bool:
    return pd.notna(new) and pd.notna(old) and new > 0 and old > 0 and (new / old > TENFOLD or old / new > TENFOLD)


@rule(Code("tenfold-jump", WARNING, "与上一周期（{previous_cycle}）相比变化超过十倍：{previous} → {cell}",
           "changed more than tenfold against the previous cycle ({previous_cycle}): {previous} → {cell}"))
def no_tenfold_jump(ctx: Context):
    previous = ctx.previous
    if previous is None:
        return []
    out = []
    prev_cycle = previous.ref.cycle
    park, prev_park = ctx.table("park"), previous.tables["park"]
    if len(park) == 1 and len(prev_park) == 1:
        for f in (c for c in park.columns if park[c].dtype == "float64" and c not in ("audit_year", "base_year")):
            new, old = park.iloc[0][f], prev_park.iloc[0][f]
            if _jump(new, old):
                out.append(Finding("tenfold-jump", ctx.file("park"), 2, f, {"cell": show_number(new), "previous": show_number(old), "previous_cycle": prev_cycle}))
    for table, (key, cols) in KEYED.items():
        # an inner merge on the key against the earlier cycle's first row per key, in this cycle's
        # row order, as dictionary look-ups (pandas's merge costs more than the rows it joins)
        prev_table, table_now = previous.tables[table], ctx.table(table)
        before: dict = {}
        for k, values in zip(zip(*(prev_table[c] for c in key)), zip(*(prev_table[c] for c in cols))):
            before.setdefault(k, values)
        both = [(i + 2, values, before[k])
                for i, k, values in zip(table_now.index, zip(*(table_now[c] for c in key)), zip(*(table_now[c] for c in cols)))
                if k in before]
        for j, c in enumerate(cols):
            for row, values, old_values in both:
                n, o = values[j], old_values[j]
                if n > 0 and o > 0 and (n / o > TENFOLD or n / o < 1 / TENFOLD):
                    out.append(Finding("tenfold-jump", ctx.file(table), int(row), c,
                                       {"cell": show_number(n), "previous": show_number(o), "previous_cycle": prev_cycle}))
    return out
