"""Measure issue 16's item 4 before building it: a columnar pass over all packages at once, against
the per-package code that validation and compute run today, in the same process and run.

    PYTHONPATH=DIR python scripts/columnar_peers.py [DATA_ROOT]     # or: benchmark.py --stages columnar

A measurement, not part of ParkAudit: polars and DuckDB are not dependencies. Install them beside
the project, not into it:

    .venv/bin/python -m pip install --target DIR polars==2.1.0 duckdb==2.0.1

What is compared (CPU seconds of this process, all threads; validation once, as the first work of
the process; everything else measured twice, the better kept):

- today, one process (PARKAUDIT_JOBS=1): generator.validate.validate_paths over the data root, split
  into its steps (the Table Schema check, the typed tables handed on, the domain rules), and
  generator.compute.compute_cycle of every package, with its energy step (_Builder.energy) timed
  alone;
- polars, over every package at once: every CSV read as text (scan_csv over the list of files, each
  row with its package and its line as compute_cycle counts it), then the Table Schema check of
  every table (the header, types, required, enum, pattern, minimum and maximum, strict dates, the
  primary key, unique keys and foreign keys as the schemas declare them), and the six energy
  variables of every clean package with the provenance of energy_tce (the line ranges, the
  enterprises that report none; missing where a carrier has no coefficient or electricity no
  equivalent coefficient) and each enterprise's tce, handed over as Python Decimals. The decimals
  are polars' widest, 38 digits with 12 after the point: a cell with more decimals is rounded, and
  the check below fails;
- DuckDB: the same reading and the field checks in SQL (read_csv with all_varchar).

Checked, so that the figures are for the same work: polars finds the same packages not clean as
today's check, and gives every clean package the same energy values, energy_tce rows, enterprises
not reporting and enterprise totals as compute_cycle; any difference fails the run (exit 1). One
file whose header differs fails polars' read of all of them: the run says so and fails.
"""

from __future__ import annotations

import json
import os
import sys
import time
from decimal import localcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.compute.variables import CALORIFIC, ELECTRICITY_UNIT, compress_rows  # noqa: E402
from generator.core import discover_packages  # noqa: E402
# the cell formats of today's check, so that both sides check the same thing
from generator.validate.table_schema_fast import DATE, DEFAULT_FALSE, DEFAULT_TRUE, INTEGER, NUMBER  # noqa: E402

DEFAULT_DATA = Path("/tmp/parkaudit-bench/data-p89-c3-e150-s1")
TABLES = ("enterprises", "energy", "water", "emissions", "solid_waste", "carbon", "park", "park_facilities", "measures")
ENERGY_VARIABLES = ("energy_tce", "energy_tce_equivalent", "fossil_energy_tce", "non_fossil_energy_tce", "electricity",
                    "renewable_electricity")
INSTALL = "pip install --target DIR polars==2.1.0 duckdb==2.0.1, then PYTHONPATH=DIR"


def _decimal_type():
    """polars' widest decimal: 38 digits, 12 after the point. Exact for cells of up to 12 decimals
    whose products and sums stay within 38 digits; the check against compute_cycle shows any other."""
    import polars as pl

    return pl.Decimal(38, 12)


def _best(fn, runs: int = 2):
    """(result, the lower CPU seconds of `runs` calls); the previous result is dropped first, so
    two runs never hold two copies of the tables."""
    best, out = None, None
    for _ in range(runs):
        out = None
        start = time.process_time()
        out = fn()
        took = time.process_time() - start
        best = took if best is None else min(best, took)
    return out, best


def _folders(data: Path) -> list[Path]:
    return [ref.folder for ref in discover_packages(data)]


def _schemas(folder: Path) -> dict[str, dict]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"] for r in descriptor["resources"]}


# -- today -----------------------------------------------------------------------------------------
def today(data: Path) -> tuple[dict, dict]:
    """CPU seconds of today's steps (validation once: it is the first run in the process), the
    packages its schema check did not find clean, and each package's energy variables with the
    provenance of energy_tce and each enterprise's tce."""
    os.environ["PARKAUDIT_JOBS"] = "1"
    import generator.validate.rules as rules
    import generator.validate.stage as stage
    import generator.validate.table_schema as table_schema
    from generator.compute.variables import _EXACT, _Builder, compute_cycle
    from generator.core import load_energy_coefficients
    from generator.score import load_config

    steps = {"schema check": 0.0, "typed tables": 0.0, "domain rules": 0.0}
    packages, unclean = [], []
    originals = (table_schema.check_parsed, stage.typed_package, rules.check_package)

    def timed(fn, step, keep=None):
        def call(*args, **kwargs):
            start = time.process_time()
            out = fn(*args, **kwargs)
            steps[step] += time.process_time() - start
            if keep is not None:
                keep(args, out)
            return out
        return call

    def not_clean(args, out):
        if out[1] is None:
            unclean.append(f"{args[1].parent.name}/{args[1].name}")

    table_schema.check_parsed = timed(originals[0], "schema check", not_clean)
    stage.typed_package = timed(originals[1], "typed tables")
    rules.check_package = timed(originals[2], "domain rules", lambda args, out: packages.append(args[-1]))
    try:
        start = time.process_time()
        stage.validate_paths([data])
        validate = time.process_time() - start
    finally:
        table_schema.check_parsed, stage.typed_package, rules.check_package = originals
    packages = sorted((p for p in packages if p is not None), key=lambda p: (p.ref.park_id, p.ref.cycle))
    coefficients = load_energy_coefficients(data)
    config = load_config(REPO / "indicators.yaml")

    def energy():
        with localcontext(_EXACT):
            for p in packages:
                _Builder(p, coefficients).energy()

    _, energy_cpu = _best(energy)
    cycles, compute_cpu = _best(lambda: [compute_cycle(p, coefficients, config.key_enterprises) for p in packages])
    expected = {}
    for p, c in zip(packages, cycles):
        tce = c.variables["energy_tce"]
        expected[f"{p.ref.park_id}/{p.ref.cycle}"] = {
            **{v: c.variables[v].value for v in ENERGY_VARIABLES},
            "rows": tce.sources[0].rows, "not_reported": tce.sources[0].not_reported,
            "enterprises": {e["enterprise_id"]: e["energy_tce"] for e in c.enterprises if e["energy_tce"] is not None},
        }
    return {"validate": validate, **steps, "compute": compute_cpu, "energy": energy_cpu, "packages": len(packages),
            "unclean": sorted(unclean)}, expected


# -- polars ----------------------------------------------------------------------------------------
def polars_pass(data: Path) -> tuple[dict, dict]:
    import polars as pl

    folders = _folders(data)
    schemas = _schemas(folders[0])  # every package refers to the shared data/schemas/ (checked below)
    if any(_schemas(f) != schemas for f in folders):
        raise SystemExit("the packages do not share one set of schemas: a pass over all of them does not apply")

    def read():
        tables = {}
        for table in TABLES:
            package_of = {str(f / f"{table}.csv"): f"{f.parent.name}/{f.name}" for f in folders}
            # one header for all the files: a file whose header differs fails the whole read (today:
            # that one package is not clean), which a columnar pass would have to read again alone
            frame = pl.scan_csv(list(package_of), infer_schema=False, include_file_paths="_file").collect()
            if frame.columns[:-1] != [f["name"] for f in schemas[table]["fields"]]:
                raise SystemExit(f"{table}: the header is not the schema's fields")
            tables[table] = frame.with_columns(
                pl.col("_file").replace_strict(package_of).alias("_pkg"),
                # the record's number + 1, as compute_cycle counts lines (the CSV line where no cell spans lines)
                (pl.int_range(pl.len()).over("_file") + 2).alias("_line"),
            ).drop("_file")
        return tables

    def check(tables):
        bad = []
        for table, frame in tables.items():
            schema, conditions = schemas[table], []
            for f in schema["fields"]:
                col, cons = pl.col(f["name"]), f.get("constraints", {})
                filled = col.is_not_null()
                wrong = col.is_null() if cons.get("required") else pl.lit(False)
                if f["type"] in ("number", "integer"):
                    value = col.cast(pl.Float64, strict=False)
                    ok = col.str.contains((INTEGER if f["type"] == "integer" else NUMBER).pattern) & value.is_finite()
                    if "minimum" in cons:
                        ok = ok & (value >= float(cons["minimum"]))
                    if "maximum" in cons:
                        ok = ok & (value <= float(cons["maximum"]))
                    wrong = wrong | (filled & ~ok.fill_null(False))
                elif f["type"] == "boolean":
                    allowed = f.get("trueValues", DEFAULT_TRUE) + f.get("falseValues", DEFAULT_FALSE)
                    wrong = wrong | (filled & ~col.is_in(allowed))
                elif f["type"] == "date":
                    ok = col.str.contains(DATE.pattern) & col.str.to_date("%Y-%m-%d", strict=False).is_not_null()
                    wrong = wrong | (filled & ~ok.fill_null(False))
                if "enum" in cons:
                    wrong = wrong | (filled & ~col.is_in([str(x) for x in cons["enum"]]))
                if "pattern" in cons:
                    wrong = wrong | (filled & ~col.str.contains(f"^(?:{cons['pattern']})$"))
                conditions.append(wrong)
            bad.append(frame.filter(pl.any_horizontal(conditions)).select("_pkg"))
            for key in [schema.get("primaryKey")] + list(schema.get("uniqueKeys") or []):
                if key:
                    key = [key] if isinstance(key, str) else key
                    bad.append(frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in key))
                               .group_by(["_pkg", *key]).len().filter(pl.col("len") > 1).select("_pkg"))
            for fk in schema.get("foreignKeys") or []:
                fields, ref = fk["fields"], fk["reference"]
                fields = [fields] if isinstance(fields, str) else fields
                target = tables[ref["resource"]].select("_pkg", *([ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]))
                target.columns = ["_pkg", *fields]
                rows = frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in fields)).select("_pkg", *fields)
                bad.append(rows.join(target, on=["_pkg", *fields], how="anti").select("_pkg"))
        return set(pl.concat(bad)["_pkg"].to_list())

    DEC = _decimal_type()

    def energy(tables, unclean):
        """The six energy variables of every package as _Builder.energy makes them, and each
        enterprise's tce as the Python Decimal that key-enterprise selection takes."""
        coef = pl.read_csv(data / "reference" / "energy_coefficients.csv", infer_schema=False).filter(pl.col("basis") == CALORIFIC)
        coef = coef.select("energy_type", "unit", pl.col("coef_tce_per_unit").cast(DEC).alias("c"),
                           (pl.col("fossil").is_null() | (pl.col("fossil") == "true")).alias("fossil"))
        eq = tables["park"].select("_pkg", (pl.col("electricity_equivalent_coef").cast(DEC) * 10).alias("eq"))
        rows = (tables["energy"].filter(pl.col("quantity").is_not_null() & ~pl.col("_pkg").is_in(sorted(unclean)))
                .with_columns(pl.col("quantity").cast(DEC).alias("q"))
                .join(coef, on=["energy_type", "unit"], how="left").join(eq, on="_pkg", how="left"))
        elec = pl.col("unit") == ELECTRICITY_UNIT
        known_elec = elec & pl.col("c").is_not_null()  # electricity counts the rows whose carrier is known
        rows = rows.with_columns((pl.col("q") * pl.col("c")).alias("tce"))
        rows = rows.with_columns(pl.when(elec).then(pl.col("q") * pl.col("eq")).otherwise(pl.col("tce")).alias("tce_eq"))
        unknown = pl.col("c").is_null().any()

        def total(value, where=pl.lit(True), poisoned=unknown):
            return pl.when(poisoned).then(None).otherwise(pl.when(where.any()).then(value.filter(where).sum()))

        has = pl.len() > 0
        per_package = rows.group_by("_pkg").agg(
            total(pl.col("tce")).alias("energy_tce"),
            total(pl.col("tce_eq"), poisoned=unknown | (elec & pl.col("eq").is_null()).any()).alias("energy_tce_equivalent"),
            total(pl.col("tce"), pl.col("fossil")).alias("fossil_energy_tce"),
            # no non-fossil rows is zero, not missing, when the total is known
            pl.when(unknown).then(None).otherwise(pl.when(has).then(pl.col("tce").filter(~pl.col("fossil")).sum())).alias("non_fossil_energy_tce"),
            pl.when(known_elec.any()).then(pl.col("q").filter(known_elec).sum()).alias("electricity"),
            pl.when(known_elec.any()).then(pl.col("q").filter(known_elec & ~pl.col("fossil")).sum()).alias("renewable_electricity"),
            pl.col("_line").sort().alias("lines"),
        )
        per_enterprise = rows.group_by("_pkg", "enterprise_id").agg(total(pl.col("tce")).alias("tce"))
        silent = (tables["enterprises"].select("_pkg", "enterprise_id").join(rows.select("_pkg", "enterprise_id").unique(),
                                                                           on=["_pkg", "enterprise_id"], how="anti")
                  .group_by("_pkg").agg(pl.col("enterprise_id").sort()))
        silent = dict(silent.iter_rows())
        enterprises = {}
        for pkg, ids, values in per_enterprise.group_by("_pkg").agg("enterprise_id", "tce").iter_rows():
            enterprises[pkg] = {i: v for i, v in zip(ids, values) if v is not None}  # Python Decimals, as scoring needs them
        out = {}
        for row in per_package.iter_rows(named=True):
            pkg = row.pop("_pkg")
            lines = row.pop("lines")
            out[pkg] = {**row, "rows": compress_rows(lines), "not_reported": silent.get(pkg, []), "enterprises": enterprises[pkg]}
        everyone = dict(tables["enterprises"].group_by("_pkg").agg(pl.col("enterprise_id").sort()).iter_rows())
        for f in folders:  # a package without energy rows: every value missing, every enterprise silent
            pkg = f"{f.parent.name}/{f.name}"
            out.setdefault(pkg, {**{v: None for v in ENERGY_VARIABLES}, "rows": "", "not_reported": everyone.get(pkg, []), "enterprises": {}})
        return out

    tables, read_cpu = _best(read)
    bad, check_cpu = _best(lambda: check(tables))
    totals, energy_cpu = _best(lambda: energy(tables, bad))
    csv_bytes = sum((f / f"{t}.csv").stat().st_size for f in folders for t in TABLES)
    return {"read": read_cpu, "schema check": check_cpu, "energy": energy_cpu, "unclean": sorted(bad),
            "rows": sum(t.height for t in tables.values()), "csv_bytes": csv_bytes}, totals


# -- DuckDB ----------------------------------------------------------------------------------------
def duckdb_pass(data: Path) -> dict:
    import duckdb

    folders = _folders(data)
    schemas = _schemas(folders[0])
    con = duckdb.connect()

    def run():
        bad = set()
        for table in TABLES:
            package_of = {str(f / f"{table}.csv"): f"{f.parent.name}/{f.name}" for f in folders}
            files = list(package_of)
            con.execute(f"create or replace table t_{table} as select * from read_csv($files, all_varchar=true, header=true, filename=true)",
                        {"files": files})
            conditions = []
            for f in schemas[table]["fields"]:
                col, cons = '"' + f["name"] + '"', f.get("constraints", {})
                if cons.get("required"):
                    conditions.append(f"{col} is null")
                if f["type"] in ("number", "integer"):
                    pattern = (INTEGER if f["type"] == "integer" else NUMBER).pattern
                    conditions.append(f"({col} is not null and not regexp_full_match({col}, '{pattern}'))")
                    for bound, op in (("minimum", "<"), ("maximum", ">")):
                        if bound in cons:
                            conditions.append(f"try_cast({col} as double) {op} {float(cons[bound])}")
                if "enum" in cons:
                    values = ",".join("'" + str(x).replace("'", "''") + "'" for x in cons["enum"])
                    conditions.append(f"({col} is not null and {col} not in ({values}))")
                if "pattern" in cons:
                    pattern = cons["pattern"].replace("'", "''")
                    conditions.append(f"({col} is not null and not regexp_full_match({col}, '{pattern}'))")
            if conditions:
                bad |= {package_of[r[0]] for r in con.execute(f"select distinct filename from t_{table} where " + " or ".join(conditions)).fetchall()}
        return bad

    bad, cpu = _best(run)
    return {"read and field checks": cpu, "unclean": sorted(bad)}


def measure(data: Path) -> dict:
    """Every figure above; {"skipped": …} when neither peer is installed, {"failed": …} when polars
    finds other packages unclean than today's check, or energy values, provenance or enterprise
    totals other than compute_cycle's."""
    peers = {}
    for name in ("polars", "duckdb"):
        try:
            peers[name] = __import__(name).__version__
        except ImportError:
            pass
    if not peers:
        return {"skipped": f"neither polars nor duckdb is importable ({INSTALL})"}
    now, expected = today(data)
    out = {"today": now, "versions": peers}
    if "polars" in peers:
        try:
            out["polars"], totals = polars_pass(data)
        except Exception as exc:  # noqa: BLE001 - e.g. one file's header differs: polars reads the files as one
            return {"failed": f"polars: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"}
        if out["polars"]["unclean"] != now["unclean"]:
            return {"failed": f"unclean packages: polars {out['polars']['unclean'][:5]}, today {now['unclean'][:5]}"}
        for k in sorted((set(expected) | set(totals)) - set(now["unclean"])):  # an unclean package is not computed
            if totals.get(k) != expected.get(k):
                mine, theirs = totals.get(k) or {}, expected.get(k) or {}
                what = [x for x in sorted(set(mine) | set(theirs)) if mine.get(x) != theirs.get(x)]
                return {"failed": f"polars differs from compute_cycle for {k} in {what}: "
                                  f"{[mine.get(x) for x in what][:2]} vs {[theirs.get(x) for x in what][:2]}"[:600]}
    if "duckdb" in peers:
        out["duckdb"] = duckdb_pass(data)
    return out


def summary(result: dict) -> str:
    """One line of figures for the benchmark's table."""
    now = result["today"]
    parts = [f"today (1 process): schema check {now['schema check']:.2f}, typed tables {now['typed tables']:.2f}, "
             f"domain rules {now['domain rules']:.2f}, compute {now['compute']:.2f} (energy {now['energy']:.2f}) CPU-s"]
    if "polars" in result:
        p = result["polars"]
        parts.append(f"polars {result['versions']['polars']}: read {p['read']:.2f} + schema check {p['schema check']:.2f}, "
                     f"the six energy variables with provenance and each enterprise's tce {p['energy']:.2f} CPU-s (the same values)")
    if "duckdb" in result:
        parts.append(f"DuckDB {result['versions']['duckdb']}: read + field checks {result['duckdb']['read and field checks']:.2f} CPU-s")
    return "; ".join(parts)


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    res = measure(root)
    print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
    if "today" in res:
        print(summary(res))
    sys.exit(1 if "failed" in res else 0)
