"""Measure issue 16's item 4 before building it: a columnar pass over all packages at once, against
the per-package code that validation and compute run today, in the same process and run.

    PYTHONPATH=DIR python scripts/columnar_peers.py [DATA_ROOT]     # or: benchmark.py --stages columnar

A measurement, not part of ParkAudit: polars and DuckDB are not dependencies. Install them beside
the project, not into it:

    .venv/bin/python -m pip install --target DIR polars==2.1.0 duckdb==2.0.1

What is compared (CPU seconds of this process, all threads; each measured twice, the better kept):

- today, one process (PARKAUDIT_JOBS=1): generator.validate.validate_paths over the data root, split
  into its steps (the Table Schema check, the typed tables handed on, the domain rules), and
  generator.compute.compute_cycle of every package, with the energy totals (_Builder.energy)
  timed alone;
- polars, over every package at once: every CSV read as text (scan_csv over the list of files, each
  row with its package and its CSV line), then the Table Schema check of every table (types,
  required, enum, pattern, minimum and maximum, the primary key, the enterprise foreign key), and
  the park's energy total in tce with its provenance (exact decimals; the CSV line ranges; the
  enterprises that report none; missing where a carrier has no coefficient);
- DuckDB: the same reading and the field checks in SQL (read_csv with all_varchar).

The columnar energy totals are checked against compute_cycle's (value, line ranges, enterprises not
reporting) for every package, so the figure is for the same work; a difference fails the run.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/tmp/parkaudit-bench/data-p89-c3-e150-s1")
TABLES = ("enterprises", "energy", "water", "emissions", "solid_waste", "carbon", "park", "park_facilities", "measures")
WITH_ENTERPRISE = ("energy", "water", "emissions", "solid_waste", "carbon")
NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"  # as generator/validate/table_schema_fast.py
INTEGER = r"[+-]?[0-9]+"
INSTALL = "pip install --target DIR polars==2.1.0 duckdb==2.0.1, then PYTHONPATH=DIR"


def _best(fn, runs: int = 2):
    """(result, the lower CPU seconds of `runs` calls)."""
    best, out = None, None
    for _ in range(runs):
        start = time.process_time()
        out = fn()
        took = time.process_time() - start
        best = took if best is None else min(best, took)
    return out, best


def _folders(data: Path) -> list[Path]:
    return sorted(p.parent for p in data.glob("*/*/datapackage.json") if p.parent.parent.name != "reference")


def _schemas(folder: Path) -> dict[str, dict]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"] for r in descriptor["resources"]}


# -- today -----------------------------------------------------------------------------------------
def today(data: Path) -> tuple[dict, dict]:
    """CPU seconds of today's steps, and each package's energy_tce (value, rows, not_reported)."""
    os.environ["PARKAUDIT_JOBS"] = "1"
    sys.path.insert(0, str(REPO))
    import generator.validate.rules as rules
    import generator.validate.stage as stage
    import generator.validate.table_schema as table_schema
    from generator.compute.variables import _EXACT, _Builder, compute_cycle
    from generator.core import load_energy_coefficients
    from generator.score import load_config

    steps = {"schema check": 0.0, "typed tables": 0.0, "domain rules": 0.0}
    packages = []
    originals = (table_schema.check_parsed, stage.typed_package, rules.check_package)

    def timed(fn, step, keep=False):
        def call(*args, **kwargs):
            start = time.process_time()
            out = fn(*args, **kwargs)
            steps[step] += time.process_time() - start
            if keep:
                packages.append(args[-1])
            return out
        return call

    table_schema.check_parsed = timed(originals[0], "schema check")
    stage.typed_package = timed(originals[1], "typed tables")
    rules.check_package = timed(originals[2], "domain rules", keep=True)
    try:
        start = time.process_time()
        stage.validate_paths([data])
        validate = time.process_time() - start
    finally:
        table_schema.check_parsed, stage.typed_package, rules.check_package = originals
    packages = sorted((p for p in packages if p is not None), key=lambda p: (p.ref.park_id, p.ref.cycle))
    coefficients = load_energy_coefficients(data)
    config = load_config(REPO / "indicators.yaml")
    from decimal import localcontext

    def energy():
        with localcontext(_EXACT):
            for p in packages:
                _Builder(p, coefficients).energy()

    _, energy_cpu = _best(energy)
    cycles, compute_cpu = _best(lambda: [compute_cycle(p, coefficients, config.key_enterprises) for p in packages])
    totals = {}
    for p, c in zip(packages, cycles):
        v = c.variables["energy_tce"]
        totals[f"{p.ref.park_id}/{p.ref.cycle}"] = (v.value, v.sources[0].rows, v.sources[0].not_reported)
    return {"validate": validate, **steps, "compute": compute_cpu, "energy": energy_cpu, "packages": len(packages)}, totals


# -- polars ----------------------------------------------------------------------------------------
def polars_pass(data: Path) -> tuple[dict, dict]:
    import polars as pl

    folders = _folders(data)
    names = {str(f / "x"): f"{f.parent.name}/{f.name}" for f in folders}
    schemas = _schemas(folders[0])  # the shared schemas (every package refers to data/schemas/)

    def read():
        tables = {}
        for table in TABLES:
            files = [str(f / f"{table}.csv") for f in folders]
            frame = pl.scan_csv(files, infer_schema=False, include_file_paths="_file").collect()
            tables[table] = frame.with_columns(
                pl.col("_file").str.replace(r"[^/]+$", "x").replace_strict(names).alias("_pkg"),
                (pl.int_range(pl.len()).over("_file") + 2).alias("_line"),
            ).drop("_file")
        return tables

    def check(tables):
        bad = []
        for table, frame in tables.items():
            conditions = []
            for f in schemas[table]["fields"]:
                col, cons = pl.col(f["name"]), f.get("constraints", {})
                filled = col.is_not_null()
                wrong = col.is_null() if cons.get("required") else pl.lit(False)
                if f["type"] in ("number", "integer"):
                    value = col.cast(pl.Float64, strict=False)
                    ok = col.str.contains(f"^{INTEGER if f['type'] == 'integer' else NUMBER}$") & value.is_finite()
                    if "minimum" in cons:
                        ok = ok & (value >= float(cons["minimum"]))
                    if "maximum" in cons:
                        ok = ok & (value <= float(cons["maximum"]))
                    wrong = wrong | (filled & ~ok.fill_null(False))
                elif f["type"] == "boolean":
                    allowed = f.get("trueValues", ["true", "True", "TRUE", "1"]) + f.get("falseValues", ["false", "False", "FALSE", "0"])
                    wrong = wrong | (filled & ~col.is_in(allowed))
                elif f["type"] == "date":
                    wrong = wrong | (filled & col.str.to_date("%Y-%m-%d", strict=False).is_null())
                if "enum" in cons:
                    wrong = wrong | (filled & ~col.is_in([str(x) for x in cons["enum"]]))
                if "pattern" in cons:
                    wrong = wrong | (filled & ~col.str.contains(f"^(?:{cons['pattern']})$"))
                conditions.append(wrong)
            bad.append(frame.filter(pl.any_horizontal(conditions)).select("_pkg"))
            key = schemas[table].get("primaryKey")
            if key:
                key = [key] if isinstance(key, str) else key
                bad.append(frame.group_by(["_pkg", *key]).len().filter(pl.col("len") > 1).select("_pkg"))
        enterprises = tables["enterprises"].select("_pkg", "enterprise_id")
        for table in WITH_ENTERPRISE:
            bad.append(tables[table].select("_pkg", "enterprise_id").join(enterprises, on=["_pkg", "enterprise_id"], how="anti").select("_pkg"))
        return set(pl.concat(bad)["_pkg"].to_list())

    def energy(tables):
        coef = pl.read_csv(data / "reference" / "energy_coefficients.csv", infer_schema=False)
        sys.path.insert(0, str(REPO))
        from generator.compute.variables import CALORIFIC

        coef = coef.filter(pl.col("basis") == CALORIFIC).select(
            "energy_type", "unit", pl.col("coef_tce_per_unit").cast(pl.Decimal(38, 12)).alias("c"))
        rows = tables["energy"].filter(pl.col("quantity").is_not_null()).join(coef, on=["energy_type", "unit"], how="left")
        rows = rows.with_columns((pl.col("quantity").cast(pl.Decimal(38, 12)) * pl.col("c")).alias("tce"))
        per_package = rows.group_by("_pkg").agg(
            pl.when(pl.col("c").null_count() == 0).then(pl.col("tce").sum()).alias("total"), pl.col("_line").sort())
        reporting = rows.select("_pkg", "enterprise_id").unique()
        silent = (tables["enterprises"].select("_pkg", "enterprise_id").join(reporting, on=["_pkg", "enterprise_id"], how="anti")
                  .group_by("_pkg").agg(pl.col("enterprise_id").sort()))
        silent = dict(silent.iter_rows())
        return {pkg: (total, _ranges(lines), silent.get(pkg, [])) for pkg, total, lines in per_package.iter_rows()}

    tables, read_cpu = _best(read)
    bad, check_cpu = _best(lambda: check(tables))
    totals, energy_cpu = _best(lambda: energy(tables))
    return {"read": read_cpu, "schema check": check_cpu, "energy": energy_cpu, "unclean": len(bad),
            "rows": sum(t.height for t in tables.values())}, totals


def _ranges(lines: list[int]) -> str:
    sys.path.insert(0, str(REPO))
    from generator.compute.variables import compress_rows

    return compress_rows(lines)


# -- DuckDB ----------------------------------------------------------------------------------------
def duckdb_pass(data: Path) -> dict:
    import duckdb

    folders = _folders(data)
    schemas = _schemas(folders[0])
    con = duckdb.connect()

    def run():
        bad = set()
        for table in TABLES:
            files = [str(f / f"{table}.csv") for f in folders]
            con.execute(f"create or replace table t_{table} as select * from read_csv($files, all_varchar=true, header=true, filename=true)",
                        {"files": files})
            conditions = []
            for f in schemas[table]["fields"]:
                col, cons = '"' + f["name"] + '"', f.get("constraints", {})
                if cons.get("required"):
                    conditions.append(f"{col} is null")
                if f["type"] in ("number", "integer"):
                    pattern = INTEGER if f["type"] == "integer" else NUMBER
                    conditions.append(f"({col} is not null and not regexp_full_match({col}, '{pattern}'))")
                    for bound, op in (("minimum", "<"), ("maximum", ">")):
                        if bound in cons:
                            conditions.append(f"try_cast({col} as double) {op} {float(cons[bound])}")
                if "enum" in cons:
                    values = ",".join("'" + str(x).replace("'", "''") + "'" for x in cons["enum"])
                    conditions.append(f"({col} is not null and {col} not in ({values}))")
                if "pattern" in cons:
                    conditions.append(f"({col} is not null and not regexp_full_match({col}, '{cons['pattern']}'))")
            if conditions:
                bad |= {r[0] for r in con.execute(f"select distinct filename from t_{table} where " + " or ".join(conditions)).fetchall()}
        return bad

    bad, cpu = _best(run)
    return {"read and field checks": cpu, "unclean": len(bad)}


def measure(data: Path) -> dict:
    """Every figure above; {"skipped": …} when neither peer is installed, {"failed": …} when the
    columnar energy totals differ from compute_cycle's."""
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
        out["polars"], totals = polars_pass(data)
        differ = [k for k in expected if totals.get(k) != expected[k]]
        if differ or len(totals) != len(expected):
            k = (differ or sorted(set(totals) ^ set(expected)))[0]
            return {"failed": f"polars energy_tce differs from compute_cycle for {k}: {totals.get(k)} vs {expected.get(k)}"}
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
                     f"energy with provenance {p['energy']:.2f} CPU-s (same totals)")
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
