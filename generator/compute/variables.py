"""Compute: derive park-cycle variables, with provenance, from a loaded park package.

Load → Process → Save: `compute_cycle(pkg, coefficients, key_config)` takes a `ParkPackage`
(generator/core) and the coefficient table and returns a `CycleData`: one `Variable` per name
declared in variables.yaml beside this module (value, unit, its meaning in words, and its inputs:
table, file, rows, column, enterprises), the per-enterprise metrics that key-enterprise
selection, chain aggregates and rankings use, and the key-enterprise list. `History` gives
earlier cycles for `prev(...)`.

Rules (also stated in the header of indicators.yaml):

- **An empty cell is missing, never zero.** A park total over enterprises (energy, water,
  emissions, waste, CO2) is the sum over the cells that are filled; it is *missing* only when no
  enterprise reports the field. Enterprises that do not report are listed in the variable's
  provenance (`not_reported`), so a partial total is visible as such.
- A row that *is* reported but cannot be converted (an energy carrier with no coefficient in the
  table; electricity or heat with no emission factor in the park profile) makes the total missing
  with that reason: a total is never published while knowingly leaving out a consumption.
- Within one enterprise, its value is the sum of its filled cells (e.g. fresh water = tap water +
  self-supplied water, whichever are filled); it is missing when none is filled.
- Counts of enterprises (audited, disclosing, …) count the cells that are true; a count is missing
  when the column is empty for every enterprise it ranges over. `n_enterprises` is the number of
  rows of the enterprise table.
- Park profile and facility values are taken as they are; booleans become 1/0; empty stays
  missing.
- Values are exact decimals, end to end: each cell is taken as the decimal it is written as (the
  shortest representation of the number read from the CSV, so 0.1 + 0.2 is 0.3), sums and products
  are exact (a decimal context of 1000 digits that raises rather than rounds), and a `Variable`
  holds the exact `Decimal`, which scoring evaluates exactly (generator/score/formula.py). Only the
  results files convert it, once, to the nearest double, beside the exact text (`value_exact`).
- Electricity is recognised by its unit, 10^4 kWh. `energy_tce` (当量值) converts every carrier with
  its 当量值 coefficient; `energy_tce_equivalent` (等价值) converts electricity with the park's
  `electricity_equivalent_coef` (kgce/kWh × 10 = tce per 10^4 kWh) instead and is missing when the
  park has electricity rows but no such coefficient. Fossil / non-fossil follows the coefficient
  table's `fossil` column.
- CO2 = combustion + process + (purchased − exported electricity) × grid factor +
  (purchased − exported heat) × heat factor (MWh × tCO2/MWh; GJ × tCO2/GJ).
- Earlier cycles are read from their own packages, data/<park>/<cycle − n>/. An absent cycle
  makes every value read from it missing, with the reason "cycle absent" — never zero.

Paths in provenance are relative to the data root (e.g. "qujing-etdz/2024/energy.csv"), so results
do not depend on where the repository is checked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, localcontext
from pathlib import Path

import pandas as pd
import yaml

from generator.compute.enterprises import KeyEnterpriseConfig, KeyEnterprises, select_key_enterprises
from generator.core import PackageRef, ParkPackage, load_package, records

# ---------------------------------------------------------------------------------------------
# The catalogue of variables is data: variables.yaml beside this module declares every name with its
# unit, meaning (zh/en), input tables and columns, and derivation. Formulas in indicators.yaml may
# use exactly these names (checked when the configuration is loaded).
# ---------------------------------------------------------------------------------------------

DECLARATIONS_FILE = Path(__file__).with_name("variables.yaml")


def load_declarations(path: Path = DECLARATIONS_FILE) -> dict:
    """variables.yaml, checked for the shape compute relies on (a broken file fails at import)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("variables"), dict) or not isinstance(data.get("conventions"), dict):
        raise ValueError(f"{path.name}: 须有 conventions 与 variables / needs conventions and variables")
    for name, d in data["variables"].items():
        ok = (
            isinstance(d, dict)
            and isinstance(d.get("unit"), str)
            and all(isinstance((d.get(k) or {}).get(lang), str) for k in ("meaning", "derivation") for lang in ("zh", "en"))
            and isinstance(d.get("inputs"), dict)
            and d["inputs"]
            and all(isinstance(cols, dict) and cols for cols in d["inputs"].values())
        )
        if not ok:
            problems.append(name)
    if problems:
        raise ValueError(f"{path.name}: 声明不完整 / incomplete declarations: {', '.join(map(str, problems))}")
    return data


DECLARATIONS = load_declarations()

# name → (unit, description zh, description en), in the order of variables.yaml
VARIABLES: dict[str, tuple[str, str, str]] = {
    name: (d["unit"], d["meaning"]["zh"], d["meaning"]["en"]) for name, d in DECLARATIONS["variables"].items()
}
VARIABLE_NAMES = frozenset(VARIABLES)


def _profile_fields(table: str) -> dict[str, str]:
    """Variables taken as they are from one column of a one-row table: name → column."""
    out = {}
    for name, d in DECLARATIONS["variables"].items():
        if list(d["inputs"]) == [table] and len(d["inputs"][table]) == 1:
            out[name] = next(iter(d["inputs"][table]))
    return out


PARK_FIELDS = _profile_fields("park")  # value_added → industrial_value_added, …
FACILITY_FIELDS = _profile_fields("park_facilities")  # every field of park_facilities but park_id

POLLUTANTS = {"COD": "cod", "NH3-N": "nh3n", "TN": "tn", "TP": "tp", "SO2": "so2", "NOx": "nox", "PM": "pm", "VOCs": "vocs"}
WASTE_CLASSES = {"一般工业固体废物": "gsw", "危险废物": "hw"}
WASTE_FIELDS = ("generated", "utilised", "disposed", "stored", "utilised_from_storage")
ELECTRICITY_UNIT = DECLARATIONS["conventions"]["electricity_unit"]
CALORIFIC = DECLARATIONS["conventions"]["calorific_basis"]

# Sums and products of CSV cells are exact at this precision (a cell has at most 17 significant
# digits); Inexact is trapped so that a result which could not be exact fails loudly instead of
# being rounded silently.
_EXACT = Context(prec=1000, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


@dataclass
class Source:
    table: str
    file: str
    columns: list[str]
    rows: str = ""  # CSV line numbers, header = line 1, e.g. "2-14,17"
    enterprises_reported: int | None = None
    not_reported: list[str] | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        d = {"table": self.table, "file": self.file, "columns": self.columns, "rows": self.rows}
        if self.enterprises_reported is not None:
            d["enterprises_reported"] = self.enterprises_reported
        if self.not_reported is not None:
            d["not_reported"] = self.not_reported
        if self.note:
            d["note"] = self.note
        return d


def decimal_text(d: Decimal) -> str:
    """A Decimal as plain text without trailing zeros ("228.1555", "100"), exact (no context)."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Variable:
    name: str
    value: Decimal | None  # exact
    unit: str
    description: dict
    sources: list[Source] = field(default_factory=list)
    reason: str | None = None

    def to_dict(self) -> dict:
        return {
            # the JSON number nearest to the exact value, and the exact value as text
            "value": None if self.value is None else float(self.value),
            "value_exact": None if self.value is None else decimal_text(self.value),
            "unit": self.unit,
            "state": "value" if self.value is not None else "missing",
            "reason": self.reason,
            "description": self.description,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass
class CycleData:
    ref: PackageRef
    park: dict
    variables: dict[str, Variable]
    enterprises: list[dict]  # one dict per enterprise: attributes + metrics (Decimal | None)
    key_enterprises: KeyEnterprises

    @property
    def cycle(self) -> int:
        return int(self.ref.cycle)


class _Unknown:
    """A value that was reported but cannot be converted (it poisons sums)."""

    def __init__(self, reason: str):
        self.reason = reason


def _rows(frame: pd.DataFrame):
    """(index, row as dict) pairs: like iterrows, without building a Series per row (10x faster)."""
    return zip(frame.index, records(frame))


def D(x) -> Decimal:
    """A cell as an exact Decimal: the decimal it prints as (the shortest repr of the number read from
    the CSV, i.e. the text of the cell for up to 15 significant digits)."""
    if type(x) is float:  # the common case, without the isinstance and float() calls
        return Decimal(float.__repr__(x))
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def _isnum(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and v is not pd.NA


def compress_rows(rows) -> str:
    nums = sorted(set(rows))
    if not nums:
        return ""
    if nums[-1] - nums[0] == len(nums) - 1:  # one run, the common case (every row reported)
        return str(nums[0]) if len(nums) == 1 else f"{nums[0]}-{nums[-1]}"
    parts = []
    start = prev = nums[0]
    for n in nums[1:]:
        if n != prev + 1:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = n
        prev = n
    parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ",".join(parts)


_ZERO = Decimal(0)


class _Acc:
    """Accumulates a park total from per-row cells, per enterprise, with provenance."""

    def __init__(self):
        self.per_ent: dict[str, Decimal | _Unknown] = {}
        self.rows: list[int] = []
        self.unknown: _Unknown | None = None

    def add_items(self, items):
        """Each (enterprise, row, value) triple, in order, in one loop: the row is recorded, the
        value added to its enterprise's sum; an _Unknown makes the enterprise's and the total's
        value unknown (a method call per cell cost more than the sums themselves)."""
        per_ent, rows = self.per_ent, self.rows
        get = per_ent.get
        for eid, row, value in items:
            rows.append(row)
            if value.__class__ is _Unknown:
                self.unknown = self.unknown or value
                per_ent[eid] = value
                continue
            cur = get(eid, _ZERO)
            if cur.__class__ is not _Unknown:
                per_ent[eid] = cur + value

    def add_column(self, eids: list, rows: list, values: list):
        """add_items for the cells of one column that are filled (values: Decimal, _Unknown or None)."""
        self.add_items((e, r, v) for e, r, v in zip(eids, rows, values) if v is not None)

    @property
    def total(self):
        if self.unknown is not None:
            return self.unknown
        if not self.per_ent:
            return None
        return sum(self.per_ent.values(), Decimal(0))

    def enterprise_value(self, eid):
        v = self.per_ent.get(eid)
        return None if isinstance(v, _Unknown) else v


def _cells(frame: pd.DataFrame, column: str) -> list:
    """One column as Python values (floats, str, bool, None…), without boxing row by row."""
    return frame[column].tolist()


def _decimals(frame: pd.DataFrame, column: str) -> list:
    """One column as exact Decimals (as D gives them), None where the cell is empty: each cell
    converted once, for every sum it enters."""
    col = frame[column]
    if col.dtype == "float64":  # what load_package gives: NaN is empty
        return [Decimal(float.__repr__(x)) if x == x else None for x in col.tolist()]
    return [D(x) if _isnum(x) else None for x in col.tolist()]


def _lines(frame: pd.DataFrame) -> list[int]:
    """The CSV line of each row (header = line 1)."""
    return [i + 2 for i in frame.index.tolist()]


class _Builder:
    def __init__(self, pkg: ParkPackage, coefficients: pd.DataFrame):
        self.pkg = pkg
        self.coef = coefficients
        self.prefix = f"{pkg.ref.park_id}/{pkg.ref.cycle}"
        self.files = {r["name"]: r["path"] for r in pkg.descriptor["resources"]}
        ent = pkg.tables["enterprises"]
        self.enterprise_ids = self.eids(ent)
        self.enterprise_set = set(self.enterprise_ids)
        self.variables: dict[str, Variable] = {}
        self.park = pkg.park if len(pkg.tables["park"]) else {}

    @staticmethod
    def eids(frame: pd.DataFrame) -> list[str]:
        return [str(e) for e in _cells(frame, "enterprise_id")]

    def file(self, table: str) -> str:
        return f"{self.prefix}/{self.files.get(table, table + '.csv')}"

    def put(self, name: str, value, sources: list[Source], reason: str | None = None):
        unit, zh, en = VARIABLES[name]
        if isinstance(value, _Unknown):
            value, reason = None, value.reason
        if value is not None:
            value = value if isinstance(value, Decimal) else Decimal(value)  # counts are ints; exact either way
        if value is None and reason is None:
            src = sources[0] if sources else None
            if src is not None and src.enterprises_reported == 0:
                cols = ", ".join(f"{src.table}.{c}" for c in src.columns[:2])
                reason = f"无企业报送 / no enterprise reports {cols}: {name}"
            else:
                reason = f"无数据 / no data: {name}"
        self.variables[name] = Variable(name, value, unit, {"zh": zh, "en": en}, sources, reason)

    def acc_source(self, table: str, columns: list[str], acc: _Acc, note: str | None = None) -> Source:
        per_ent = acc.per_ent
        reported = sum(1 for e in self.enterprise_ids if e in per_ent)
        return Source(
            table,
            self.file(table),
            columns,
            compress_rows(acc.rows),
            reported,
            sorted(self.enterprise_set.difference(per_ent)),
            note,
        )

    # -- park profile ------------------------------------------------------------------------
    def park_values(self):
        for name, col in PARK_FIELDS.items():
            v = self.park.get(col)
            value = None
            if _isnum(v):
                value = Decimal(int(bool(v))) if _is_bool(v) else D(v)
            src = Source("park", self.file("park"), [col], "2" if self.park else "")
            self.put(name, value, [src], None if value is not None else f"园区概况未填写 / not filled in the park profile: park.{col}")

    def facility_values(self):
        fac = self.pkg.facilities
        for name, col in FACILITY_FIELDS.items():
            v = fac.get(col) if fac else None
            value = None
            if _isnum(v):
                value = Decimal(int(bool(v))) if _is_bool(v) else D(v)
            src = Source("park_facilities", self.file("park_facilities"), [col], "2" if fac else "")
            self.put(name, value, [src], None if value is not None else f"未填写 / not filled in: park_facilities.{col}")

    # -- energy -------------------------------------------------------------------------------
    def energy(self):
        df = self.pkg.tables["energy"]
        coef = {}
        coef_rows = {}
        for i, r in _rows(self.coef):
            if r["basis"] == CALORIFIC:
                coef[(r["energy_type"], r["unit"])] = (D(r["coef_tce_per_unit"]), bool(r["fossil"]) if _isnum(r["fossil"]) else True)
                coef_rows[(r["energy_type"], r["unit"])] = i + 2
        eq = self.park.get("electricity_equivalent_coef")
        eq_coef = D(eq) * 10 if _isnum(eq) else None  # tce per 10^4 kWh
        tce, tce_eq, fossil, nonfossil, elec, ren_elec = (_Acc() for _ in range(6))
        used_coef_rows = set()
        # each row's contribution to each total, collected in row order, then summed per total
        tce_in, tce_eq_in, fossil_in, nonfossil_in, elec_in, ren_in = [], [], [], [], [], []
        no_eq = None
        for eid, row, q, key in zip(self.eids(df), _lines(df), _decimals(df, "quantity"), zip(_cells(df, "energy_type"), _cells(df, "unit"))):
            if q is None:
                continue
            if key not in coef:
                bad = _Unknown(
                    f"折标系数表中没有 {key[0]}（{key[1]}）/ no calorific coefficient for {key[0]} ({key[1]}), "
                    f"{self.file('energy')} line {row}"
                )
                for items in (tce_in, tce_eq_in, fossil_in, nonfossil_in):
                    items.append((eid, row, bad))
                continue
            c, is_fossil = coef[key]
            used_coef_rows.add(coef_rows[key])
            item = (eid, row, q * c)
            tce_in.append(item)
            (fossil_in if is_fossil else nonfossil_in).append(item)
            if key[1] == ELECTRICITY_UNIT:
                elec_in.append((eid, row, q))
                if not is_fossil:
                    ren_in.append((eid, row, q))
                if eq_coef is None:
                    no_eq = no_eq or _Unknown("园区未填写电力等价值折标系数 / park.electricity_equivalent_coef is empty")
                    tce_eq_in.append((eid, row, no_eq))
                else:
                    tce_eq_in.append((eid, row, q * eq_coef))
            else:
                tce_eq_in.append(item)
        for acc, items in ((tce, tce_in), (tce_eq, tce_eq_in), (fossil, fossil_in), (nonfossil, nonfossil_in), (elec, elec_in), (ren_elec, ren_in)):
            acc.add_items(items)
        coef_src = Source(
            "energy_coefficients",
            "reference/energy_coefficients.csv",
            ["coef_tce_per_unit", "fossil"],
            compress_rows(used_coef_rows),
        )
        cols = ["quantity", "energy_type", "unit"]
        self.put("energy_tce", tce.total, [self.acc_source("energy", cols, tce), coef_src])
        self.put(
            "energy_tce_equivalent",
            tce_eq.total,
            [self.acc_source("energy", cols, tce_eq), coef_src, Source("park", self.file("park"), ["electricity_equivalent_coef"], "2")],
        )
        self.put("fossil_energy_tce", fossil.total if tce.unknown is None else tce.unknown, [self.acc_source("energy", cols, fossil), coef_src])
        # A park with fossil rows only has zero non-fossil energy, not missing (the rows are reported).
        nf_total = nonfossil.total if nonfossil.total is not None or tce.total is None else Decimal(0)
        if tce.unknown is not None:
            nf_total = tce.unknown
        self.put("non_fossil_energy_tce", nf_total, [self.acc_source("energy", cols, nonfossil), coef_src])
        self.put("electricity", elec.total, [self.acc_source("energy", ["quantity", "unit"], elec)])
        ren_total = ren_elec.total if ren_elec.total is not None or elec.total is None else Decimal(0)
        self.put("renewable_electricity", ren_total, [self.acc_source("energy", ["quantity", "unit"], ren_elec), coef_src])
        self._ent_energy = tce

    # -- water --------------------------------------------------------------------------------
    def water(self):
        df = self.pkg.tables["water"]
        accs = {c: _Acc() for c in ("tap_water", "self_supplied_water", "reused_water", "reclaimed_water", "wastewater_discharge", "wastewater_to_central_plant")}
        fresh = _Acc()
        eids, lines = self.eids(df), _lines(df)
        cells = {c: _decimals(df, c) for c in accs}
        for c, acc in accs.items():
            acc.add_column(eids, lines, cells[c])
        # fresh water = tap + self-supplied, row by row (tap first), as each row's cells are filled
        fresh.add_items(
            (eid, row, v)
            for eid, row, tap, own in zip(eids, lines, cells["tap_water"], cells["self_supplied_water"])
            for v in (tap, own)
            if v is not None
        )
        self.put("tap_water", accs["tap_water"].total, [self.acc_source("water", ["tap_water"], accs["tap_water"])])
        self.put("self_supplied_water", accs["self_supplied_water"].total, [self.acc_source("water", ["self_supplied_water"], accs["self_supplied_water"])])
        self.put("fresh_water", fresh.total, [self.acc_source("water", ["tap_water", "self_supplied_water"], fresh)])
        self.put("reused_water", accs["reused_water"].total, [self.acc_source("water", ["reused_water"], accs["reused_water"])])
        self.put("reclaimed_water", accs["reclaimed_water"].total, [self.acc_source("water", ["reclaimed_water"], accs["reclaimed_water"])])
        self.put("wastewater", accs["wastewater_discharge"].total, [self.acc_source("water", ["wastewater_discharge"], accs["wastewater_discharge"])])
        self.put(
            "wastewater_to_central_plant",
            accs["wastewater_to_central_plant"].total,
            [self.acc_source("water", ["wastewater_to_central_plant"], accs["wastewater_to_central_plant"])],
        )
        self._ent_fresh = fresh

    # -- emissions ------------------------------------------------------------------------------
    def emissions(self):
        df = self.pkg.tables["emissions"]
        accs = {v: _Acc() for v in POLLUTANTS.values()}
        limit_rows, exceed_rows, exceeding = [], [], set()
        items = {var: [] for var in accs}
        for eid, row, pollutant, actual, permitted in zip(
            self.eids(df), _lines(df), _cells(df, "pollutant"), _decimals(df, "actual"), _decimals(df, "permitted")
        ):
            var = POLLUTANTS.get(pollutant)
            if var is None:
                continue
            if actual is not None:
                items[var].append((eid, row, actual))
            if permitted is not None:
                limit_rows.append(row)
                if actual is not None and actual > permitted:
                    exceed_rows.append(row)
                    exceeding.add(eid)
        for var, acc in accs.items():
            acc.add_items(items[var])
        for label, var in POLLUTANTS.items():
            self.put(var, accs[var].total, [self.acc_source("emissions", ["actual"], accs[var], note=f"pollutant = {label}")])
        has_rows = len(df) > 0
        self.put("permit_limits", len(limit_rows) if has_rows else None, [Source("emissions", self.file("emissions"), ["permitted"], compress_rows(limit_rows))])
        self.put(
            "permit_exceedances",
            len(exceed_rows) if has_rows else None,
            [Source("emissions", self.file("emissions"), ["actual", "permitted"], compress_rows(exceed_rows), note="actual > permitted")],
        )
        self.put(
            "enterprises_exceeding_permit",
            len(exceeding) if has_rows else None,
            [Source("emissions", self.file("emissions"), ["actual", "permitted"], compress_rows(exceed_rows), note="enterprises: " + ", ".join(sorted(exceeding)))],
        )
        self._ent_pollutants = accs

    # -- solid waste ----------------------------------------------------------------------------
    def solid_waste(self):
        df = self.pkg.tables["solid_waste"]
        accs = {(p, f): _Acc() for p in WASTE_CLASSES.values() for f in WASTE_FIELDS}
        eids, lines, classes = self.eids(df), _lines(df), [WASTE_CLASSES.get(c) for c in _cells(df, "waste_class")]
        for f in WASTE_FIELDS:
            values = _decimals(df, f)
            for prefix in WASTE_CLASSES.values():
                accs[(prefix, f)].add_column(eids, lines, [v if c == prefix else None for c, v in zip(classes, values)])
        for (prefix, f), acc in accs.items():
            cls = [k for k, v in WASTE_CLASSES.items() if v == prefix][0]
            self.put(f"{prefix}_{f}", acc.total, [self.acc_source("solid_waste", [f], acc, note=f"waste_class = {cls}")])
        self._ent_waste = accs

    # -- carbon -------------------------------------------------------------------------------
    def carbon(self):
        df = self.pkg.tables["carbon"]
        gf, hf = self.park.get("grid_emission_factor"), self.park.get("heat_emission_factor")
        gf = D(gf) if _isnum(gf) else None
        hf = D(hf) if _isnum(hf) else None
        comb, proc, elec, heat, total = (_Acc() for _ in range(5))
        eids, lines = self.eids(df), _lines(df)
        combustion, process = _decimals(df, "combustion_co2"), _decimals(df, "process_co2")
        comb.add_column(eids, lines, combustion)
        proc.add_column(eids, lines, process)
        nets = {}  # acc → each row's net purchase × factor (None where both cells are empty)
        for a, b, fac, acc, what in (
            ("purchased_electricity", "exported_electricity", gf, elec, "park.grid_emission_factor"),
            ("purchased_heat", "exported_heat", hf, heat, "park.heat_emission_factor"),
        ):
            unknown = None if fac is not None else _Unknown(f"园区未填写排放因子 / emission factor missing: {what}")
            values = []
            for x, y in zip(_decimals(df, a), _decimals(df, b)):
                if x is None and y is None:
                    values.append(None)
                elif unknown is not None:
                    values.append(unknown)
                else:
                    values.append(((x if x is not None else _ZERO) - (y if y is not None else _ZERO)) * fac)
            acc.add_column(eids, lines, values)
            nets[acc] = values
        # the total takes each row's parts in the order above, row by row
        total.add_items(
            (eid, row, v)
            for eid, row, *parts in zip(eids, lines, combustion, process, nets[elec], nets[heat])
            for v in parts
            if v is not None
        )
        cols_e = ["purchased_electricity", "exported_electricity"]
        cols_h = ["purchased_heat", "exported_heat"]
        park_src = lambda c: Source("park", self.file("park"), [c], "2")  # noqa: E731
        self.put("co2_combustion", comb.total, [self.acc_source("carbon", ["combustion_co2"], comb)])
        self.put("co2_process", proc.total, [self.acc_source("carbon", ["process_co2"], proc)])
        self.put("co2_electricity", elec.total, [self.acc_source("carbon", cols_e, elec), park_src("grid_emission_factor")])
        self.put("co2_heat", heat.total, [self.acc_source("carbon", cols_h, heat), park_src("heat_emission_factor")])
        self.put(
            "co2",
            total.total,
            [
                self.acc_source("carbon", ["combustion_co2", "process_co2"] + cols_e + cols_h, total),
                park_src("grid_emission_factor"),
                park_src("heat_emission_factor"),
            ],
        )
        self._ent_co2 = total

    # -- enterprises ----------------------------------------------------------------------------
    def enterprise_rows(self) -> list[dict]:
        ent = self.pkg.tables["enterprises"]
        texts = ("enterprise_name", "industry_code", "industry_name", "chain", "permit_category")
        flags = ("mandatory_audit", "cp_audit_completed", "env_info_disclosed", "high_tech")
        columns = {c: _cells(ent, c) for c in texts}
        columns.update({c: [_bool(v) for v in _cells(ent, c)] for c in flags})
        columns["output_value"] = _decimals(ent, "output_value")
        columns["value_added"] = _decimals(ent, "value_added")
        columns["row"] = _lines(ent)
        names = list(columns)
        # each enterprise's value of each per-enterprise total (None when it reports none, or one
        # of its rows cannot be converted)
        metrics = {"energy_tce": self._ent_energy, "fresh_water": self._ent_fresh, **self._ent_pollutants,
                   "gsw_generated": self._ent_waste[("gsw", "generated")], "hw_generated": self._ent_waste[("hw", "generated")],
                   "co2": self._ent_co2}
        out = []
        for eid, values in zip(self.enterprise_ids, zip(*columns.values())):
            row = {"enterprise_id": eid, **dict(zip(names, values))}
            for name, acc in metrics.items():
                row[name] = acc.enterprise_value(eid)
            out.append(row)
        return out

    def counts(self, rows: list[dict], key: KeyEnterprises):
        src = lambda cols, sel: Source(  # noqa: E731
            "enterprises", self.file("enterprises"), cols, compress_rows(r["row"] for r in sel)
        )
        self.put("n_enterprises", len(rows), [src(["enterprise_id"], rows)])

        def count(name, subset, column, note=None):
            vals = [r[column] for r in subset]
            known = [v for v in vals if v is not None]
            value = sum(1 for v in known if v) if known else (0 if not subset else None)
            hits = [r for r in subset if r[column]]
            s = src([column], hits)
            s.note = note
            self.put(name, value, [s], None if value is not None else f"列全部为空 / column empty: enterprises.{column}")

        keyset = set(key.members)
        key_rows = [r for r in rows if r["enterprise_id"] in keyset]
        self.put("n_key_enterprises", len(key_rows), [src(["enterprise_id"], key_rows)])
        self.variables["n_key_enterprises"].sources[0].note = "key-enterprise selection (80 % rule), see key_enterprises"
        mand = [r for r in rows if r["mandatory_audit"]]
        count("n_key_cp_audited", key_rows, "cp_audit_completed", "among key enterprises")
        count("n_key_disclosing", key_rows, "env_info_disclosed", "among key enterprises")
        count("n_mandatory", rows, "mandatory_audit")
        count("n_mandatory_audited", mand, "cp_audit_completed", "among enterprises on the mandatory audit list")
        count("n_cp_audited", rows, "cp_audit_completed")
        count("n_disclosing", rows, "env_info_disclosed")
        count("n_high_tech", rows, "high_tech")


def _is_bool(v) -> bool:
    return isinstance(v, bool) or type(v).__name__ in ("bool_", "bool")


def _bool(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return bool(v)


def compute_cycle(pkg: ParkPackage, coefficients: pd.DataFrame, key_config: KeyEnterpriseConfig) -> CycleData:
    """All variables of one park-cycle, the enterprise metrics and the key-enterprise list
    (`key_config`: indicators.yaml `key_enterprises`, as Config.key_enterprises holds it)."""
    b = _Builder(pkg, coefficients)
    with localcontext(_EXACT):  # every sum and product of cells exact, or an error
        b.park_values()
        b.energy()
        b.water()
        b.emissions()
        b.solid_waste()
        b.carbon()
        b.facility_values()
        rows = b.enterprise_rows()
    metrics = {m: {r["enterprise_id"]: r.get(m) for r in rows} for m in key_config.metrics}
    mandatory = {r["enterprise_id"] for r in rows if r["mandatory_audit"]}
    key = select_key_enterprises(metrics, mandatory, key_config)
    b.counts(rows, key)
    missing = VARIABLE_NAMES - set(b.variables)
    assert not missing, missing
    variables = {k: b.variables[k] for k in sorted(b.variables)}
    return CycleData(pkg.ref, b.park, variables, rows, key)


class History:
    """The cycles of one park, loaded on demand from data/<park>/<cycle>/ and cached.

    `get(offset)` is the cycle `offset` years before the current one, or None when its package
    does not exist (the reason says which folder was looked for).
    """

    def __init__(
        self,
        current: CycleData,
        data_root: Path,
        coefficients: pd.DataFrame,
        key_config: KeyEnterpriseConfig,
        shared: dict | None = None,
        packages: dict | None = None,
    ):
        self.current = current
        self.data_root = Path(data_root)
        self.coefficients = coefficients
        self.key_config = key_config
        self._cache: dict[int, CycleData | None] = {0: current}
        # `shared` (folder → CycleData or None) lets a caller scoring several cycles of a park
        # compute each cycle once; it must only be shared between runs with the same configuration.
        self._shared = shared if shared is not None else {}
        self._shared[self.folder(0).resolve()] = current
        self._packages = packages or {}  # folder → ParkPackage already read (by validation)

    def cycle_of(self, offset: int) -> int:
        return self.current.cycle - offset

    def folder(self, offset: int) -> Path:
        return self.data_root / self.current.ref.park_id / str(self.cycle_of(offset))

    def get(self, offset: int) -> CycleData | None:
        if offset not in self._cache:
            folder = self.folder(offset)
            key = folder.resolve()
            if key not in self._shared:
                if (folder / "datapackage.json").is_file():
                    pkg = self._packages.get(key) or load_package(folder)
                    self._shared[key] = compute_cycle(pkg, self.coefficients, self.key_config)
                else:
                    self._shared[key] = None
            self._cache[offset] = self._shared[key]
        return self._cache[offset]

    def cycles_read(self) -> list[dict]:
        """The cycles looked up so far (current first, then earlier), and whether each exists."""
        return [
            {"cycle": str(self.cycle_of(off)), "present": self._cache[off] is not None}
            for off in sorted(self._cache)
        ]

    def absent_reason(self, offset: int) -> str:
        c = self.cycle_of(offset)
        return (
            f"缺少 {c} 年审核周期的数据包（{self.current.ref.park_id}/{c}/）/ "
            f"audit cycle {c} absent ({self.current.ref.park_id}/{c}/ not found)"
        )

    def lookup(self, name: str, offset: int):
        """(value or None, reason or None, Variable or None) for the formula resolver."""
        data = self.get(offset)
        if data is None:
            return None, self.absent_reason(offset), None
        var = data.variables[name]
        if var.value is None:
            return None, f"{var.reason}（{data.cycle}）", var
        return var.value, None, var
