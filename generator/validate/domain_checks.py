"""Checks of our own that Table Schema cannot express: identity, cross-table totals, check
characters, balances and jumps against the previous cycle. They run only on packages that passed
the schema checks, so every column has its declared type here.

Row numbers follow frictionless: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from generator.core import PackageRef, ParkPackage, load_energy_coefficients, load_package, records
from generator.validate import uscc
from generator.validate.findings import Finding

TENFOLD = 10.0
WASTE_BALANCE_TOLERANCE = 0.05  # 5 % between what came in and what went out
ELECTRICITY_TOLERANCE = 1.05


def run(ref: PackageRef, data_root: Path, display, cache: dict | None = None) -> list[Finding]:
    """`cache` (folder → ParkPackage) lets a caller validating a park's cycles in order load each
    package once: this cycle's package is the next cycle's previous one."""
    cache = {} if cache is None else cache
    pkg = load_package(ref.folder)
    cache[ref.folder.resolve()] = pkg
    ctx = _Context(pkg, display)
    findings: list[Finding] = []
    for check in (_park_identity, _required_tables, _park_value_added, _enterprise_totals, _uscc_and_permits, _energy_carriers,
                  _electricity, _waste_balance, _emission_permits, _measures, _enterprise_coverage):
        findings.extend(check(ctx, data_root) or [])
    previous = _previous_package(ref, cache)
    if previous is not None:
        findings.extend(_tenfold_jumps(ctx, previous))
    return findings


class _Context:
    def __init__(self, pkg: ParkPackage, display):
        self.pkg = pkg
        self.display = display

    def file(self, table: str) -> str:
        return self.display(self.pkg.ref.folder / f"{table}.csv")

    def table(self, name: str) -> pd.DataFrame:
        return self.pkg.tables[name]


def _row(index: int) -> int:
    return int(index) + 2


def _num(value) -> str:
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def _previous_package(ref: PackageRef, cache: dict) -> ParkPackage | None:
    folder = ref.folder.parent / str(int(ref.cycle) - 1)
    if not (folder / "datapackage.json").exists():
        return None
    if folder.resolve() in cache:
        return cache[folder.resolve()]
    try:
        return load_package(folder)
    except Exception:  # noqa: BLE001 - an unreadable earlier cycle is reported when it is validated itself
        return None


# --- checks ------------------------------------------------------------------------------------
def _park_identity(ctx: _Context, _root):
    # park.csv itself was checked before the schema (validate._check_park_identity)
    out = []
    facilities = ctx.table("park_facilities")
    for i, pid in facilities["park_id"].items():
        if pid != ctx.pkg.ref.park_id:
            out.append(Finding("park-id-mismatch", ctx.file("park_facilities"), _row(i), "park_id", {"cell": pid, "expected": ctx.pkg.ref.park_id}))
    return out


REQUIRED_TABLES = {"energy": ("能源消费", "energy"), "water": ("用水", "water"), "emissions": ("污染物排放", "emission")}


def _required_tables(ctx: _Context, _root):
    n = len(ctx.table("enterprises"))
    if not n:
        return []
    return [Finding("table-empty", ctx.file(t), params={"table": t, "count": n, "label_zh": zh, "label": en})
            for t, (zh, en) in REQUIRED_TABLES.items() if len(ctx.table(t)) == 0]


def _park_value_added(ctx: _Context, _root):
    park = ctx.table("park")
    if len(park) == 1 and park.iloc[0]["industrial_value_added"] == 0:
        return [Finding("value-added-zero", ctx.file("park"), 2, "industrial_value_added")]
    return []


def _enterprise_totals(ctx: _Context, _root):
    park = ctx.table("park")
    if len(park) != 1:
        return []
    ent = ctx.table("enterprises")
    out = []
    for ent_col, park_col, zh, en in (
        ("value_added", "industrial_value_added", "工业增加值", "value added"),
        ("output_value", "industrial_output_value", "工业总产值", "output value"),
    ):
        park_value = park.iloc[0][park_col]
        total = ent[ent_col].sum(skipna=True)
        if pd.notna(park_value) and total > park_value * (1 + 1e-9):
            out.append(Finding("enterprise-total-exceeds-park", ctx.file("park"), 2, park_col,
                               {"label_zh": zh, "label": en, "total": _num(total), "park": _num(park_value)}))
    return out


def _uscc_and_permits(ctx: _Context, _root):
    out = []
    ent = ctx.table("enterprises")
    # the schema declares uscc a unique key, but frictionless 5 does not enforce uniqueKeys
    dup = ent[ent["uscc"].notna() & ent["uscc"].duplicated(keep="first")]
    for i, code in zip(dup.index, dup["uscc"]):
        out.append(Finding("unique-error", ctx.file("enterprises"), _row(i), "uscc", {"cell": code}))
    for i, row in zip(ent.index, records(ent[["uscc", "permit_no"]])):
        code = row["uscc"]
        if code and not uscc.is_valid(code):
            out.append(Finding("uscc-check-digit", ctx.file("enterprises"), _row(i), "uscc",
                               {"cell": code, "expected": code[:17] + uscc.check_character(code[:17])}))
        permit = row["permit_no"]
        if permit and code and permit[:18] != code:
            out.append(Finding("permit-uscc-mismatch", ctx.file("enterprises"), _row(i), "permit_no", {"cell": permit, "uscc": code}))
    return out


def _energy_carriers(ctx: _Context, root: Path):
    coefs = load_energy_coefficients(root)
    known = set(zip(coefs["energy_type"], coefs["unit"]))
    allowed = "、".join(f"{t}({u})" for t, u in sorted(known))
    out = []
    energy = ctx.table("energy")
    for i, row in zip(energy.index, records(energy[["energy_type", "unit"]])):
        if (row["energy_type"], row["unit"]) not in known:
            out.append(Finding("unknown-energy-carrier", ctx.file("energy"), _row(i), "energy_type",
                               {"cell": f"{row['energy_type']}({row['unit']})", "allowed": allowed}))
    return out


def _electricity(ctx: _Context, _root):
    energy = ctx.table("energy")
    power = energy[energy["energy_type"].isin(["电力", "可再生电力"])]
    consumed = power.groupby("enterprise_id")["quantity"].sum() * 10  # 10^4 kWh -> MWh
    out = []
    carbon = ctx.table("carbon")
    for i, row in zip(carbon.index, records(carbon)):
        net = (row["purchased_electricity"] if pd.notna(row["purchased_electricity"]) else 0) - (
            row["exported_electricity"] if pd.notna(row["exported_electricity"]) else 0)
        used = consumed.get(row["enterprise_id"], 0.0)
        if net > used * ELECTRICITY_TOLERANCE and net > 0:
            out.append(Finding("electricity-inconsistent", ctx.file("carbon"), _row(i), "purchased_electricity",
                               {"purchased": _num(net), "consumed": _num(used)}))
    return out


def _waste_balance(ctx: _Context, _root):
    out = []
    waste = ctx.table("solid_waste")
    for i, row in zip(waste.index, records(waste)):
        parts_out = [row[c] for c in ("utilised", "disposed", "stored")]
        if all(pd.isna(v) for v in parts_out):
            continue
        went = sum(v for v in parts_out if pd.notna(v))
        came = row["generated"] + (row["utilised_from_storage"] if pd.notna(row["utilised_from_storage"]) else 0)
        if max(went, came) > 0 and abs(went - came) / max(went, came) > WASTE_BALANCE_TOLERANCE:
            gap = abs(went - came) / max(went, came) * 100
            out.append(Finding("waste-balance", ctx.file("solid_waste"), _row(i), "generated",
                               {"out": _num(went), "into": _num(came), "gap": f"{gap:.1f}"}))
    return out


def _emission_permits(ctx: _Context, _root):
    out = []
    emissions = ctx.table("emissions")
    over = emissions[emissions["permitted"].notna() & (emissions["actual"] > emissions["permitted"])]
    for i, row in zip(over.index, records(over)):
        if True:
            out.append(Finding("emission-over-permit", ctx.file("emissions"), _row(i), "actual",
                               {"pollutant": row["pollutant"], "cell": _num(row["actual"]), "permitted": _num(row["permitted"])}))
    return out


def _measures(ctx: _Context, _root):
    out = []
    chains = set(ctx.table("enterprises")["chain"].dropna())
    file = ctx.file("measures")
    achieved = [c for c in ctx.table("measures").columns if c.startswith("achieved_")]
    measures = ctx.table("measures")
    for i, row in zip(measures.index, records(measures)):
        r = _row(i)
        if row["level"] == "企业" and not row["enterprise_id"]:
            out.append(Finding("measure-enterprise-required", file, r, "enterprise_id"))
        if row["level"] != "企业" and row["enterprise_id"]:
            out.append(Finding("measure-enterprise-unexpected", file, r, "enterprise_id", {"level": row["level"]}))
        if row["level"] == "产业链":
            if not row["chain"]:
                out.append(Finding("measure-chain-required", file, r, "chain"))
            elif row["chain"] not in chains:
                out.append(Finding("measure-chain-unknown", file, r, "chain", {"cell": row["chain"]}))
        start, end = row["start_date"], row["end_date"]
        if start and end and str(end) < str(start):
            out.append(Finding("measure-dates", file, r, "end_date", {"cell": end, "start": start}))
        if row["status"] == "计划" and any(pd.notna(row[c]) for c in achieved):
            out.append(Finding("measure-achieved-early", file, r, next(c for c in achieved if pd.notna(row[c]))))
    return out


def _enterprise_coverage(ctx: _Context, _root):
    with_energy = set(ctx.table("energy")["enterprise_id"])
    return [Finding("enterprise-without-energy", ctx.file("enterprises"), _row(i), "enterprise_id", {"cell": eid})
            for i, eid in ctx.table("enterprises")["enterprise_id"].items() if eid not in with_energy]


def _jump(new, old) -> bool:
    return pd.notna(new) and pd.notna(old) and new > 0 and old > 0 and (new / old > TENFOLD or old / new > TENFOLD)


def _tenfold_jumps(ctx: _Context, previous: ParkPackage) -> list[Finding]:
    out = []
    prev_cycle = previous.ref.cycle
    park, prev_park = ctx.table("park"), previous.tables["park"]
    if len(park) == 1 and len(prev_park) == 1:
        for f in (c for c in park.columns if park[c].dtype == "float64" and c not in ("audit_year", "base_year")):
            new, old = park.iloc[0][f], prev_park.iloc[0][f]
            if _jump(new, old):
                out.append(Finding("tenfold-jump", ctx.file("park"), 2, f, {"cell": _num(new), "previous": _num(old), "previous_cycle": prev_cycle}))
    keyed = {
        "energy": (["enterprise_id", "energy_type"], ["quantity"]),
        "water": (["enterprise_id"], ["tap_water", "self_supplied_water", "wastewater_discharge"]),
        "emissions": (["enterprise_id", "pollutant"], ["actual"]),
        "solid_waste": (["enterprise_id", "waste_class"], ["generated"]),
        "carbon": (["enterprise_id"], ["combustion_co2", "process_co2", "purchased_electricity"]),
        "enterprises": (["enterprise_id"], ["output_value", "value_added"]),
    }
    for table, (key, cols) in keyed.items():
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
                                       {"cell": _num(n), "previous": _num(o), "previous_cycle": prev_cycle}))
    return out
