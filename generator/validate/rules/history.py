"""Against the previous cycle: a figure that changed more than tenfold is probably a unit mistake."""

from __future__ import annotations

import numpy as np
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


def _pairs_by_column(table_now: pd.DataFrame, prev_table: pd.DataFrame, key: list[str], cols: list[str]) -> list:
    """(row number, this cycle's values, the earlier cycle's values) of the rows that may hold a
    jump: an inner join on the key against the earlier cycle's first row per key, in this cycle's
    row order, on whole columns as lists, then a first test by column in numpy. The rows left
    out have, in every column, no figure more than ninefold or less than a ninth of the earlier
    one (a margin that no rounding crosses), so the exact test finds nothing in them."""
    prev_keys = list(zip(*(prev_table[c].tolist() for c in key)))
    before = dict(zip(reversed(prev_keys), range(len(prev_keys) - 1, -1, -1)))  # the first row per key wins
    now_rows, prev_rows = [], []
    for i, k in enumerate(zip(*(table_now[c].tolist() for c in key))):
        j = before.get(k)
        if j is not None:
            now_rows.append(i)
            prev_rows.append(j)
    new = np.column_stack([table_now[c].to_numpy(dtype="float64")[now_rows] for c in cols])
    old = np.column_stack([prev_table[c].to_numpy(dtype="float64")[prev_rows] for c in cols])
    with np.errstate(invalid="ignore"):
        maybe = ((new > 0) & (old > 0) & ((new > 9 * old) | (old > 9 * new))).any(axis=1)
    rows = table_now.index[np.asarray(now_rows, dtype=int)[maybe]]
    return [(i + 2, tuple(n), tuple(o)) for i, n, o in zip(rows, new[maybe].tolist(), old[maybe].tolist())]


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
        now_row, prev_row = park.iloc[0], prev_park.iloc[0]  # once: each iloc[0] builds a row
        for f in (c for c in park.columns if park[c].dtype == "float64" and c not in ("audit_year", "base_year")):
            new, old = now_row[f], prev_row[f]
            if _jump(new, old):
                out.append(Finding("tenfold-jump", ctx.file("park"), 2, f, {"cell": show_number(new), "previous": show_number(old), "previous_cycle": prev_cycle}))
    for table, (key, cols) in KEYED.items():
        prev_table, table_now = previous.tables[table], ctx.table(table)
        both = _pairs_by_column(table_now, prev_table, key, cols)
        for j, c in enumerate(cols):
            for row, values, old_values in both:
                n, o = values[j], old_values[j]
                if n > 0 and o > 0 and (n / o > TENFOLD or n / o < 1 / TENFOLD):
                    out.append(Finding("tenfold-jump", ctx.file(table), int(row), c,
                                       {"cell": show_number(n), "previous": show_number(o), "previous_cycle": prev_cycle}))
    return out
