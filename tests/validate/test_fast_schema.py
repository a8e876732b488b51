"""The fast schema check (table_schema_fast.py) may skip the reference (table_schema.py:
frictionless and the number check) only for packages the reference would pass: it must say "not
clean" for every kind of Table Schema violation, and "clean" for the demo data, as the reference."""

from __future__ import annotations

import json

import pytest

from generator.core import discover_packages
from generator.validate import validate_paths
from generator.validate.table_schema import reference_check
from generator.validate.table_schema_fast import package_is_clean

from ..csvedit import DATA, append_row, copy_data, read_rows, set_cell, write_rows

PARK, CYCLE = "qujing-etdz", "2025"


def descriptor(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def reference(folder):
    return reference_check(folder / "datapackage.json", folder, str)


def test_shipped_packages_are_clean():
    refs = discover_packages(DATA)
    assert refs and all(package_is_clean(descriptor(r.folder), r.folder) for r in refs)
    assert all(reference(r.folder) == [] for r in refs)  # and the reference agrees


def _drop_column(folder):
    header, rows = read_rows(folder / "water.csv")
    write_rows(folder / "water.csv", header[:-1], [{k: r[k] for k in header[:-1]} for r in rows])


def _swap_columns(folder):
    header, rows = read_rows(folder / "water.csv")
    header[1], header[2] = header[2], header[1]
    write_rows(folder / "water.csv", header, rows)


def _duplicate_row(folder):
    _, rows = read_rows(folder / "emissions.csv")
    append_row(folder / "emissions.csv", dict(rows[0]))


def _blank_row(folder):
    path = folder / "carbon.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,,\n", encoding="utf-8")


def _short_row(folder):
    path = folder / "carbon.csv"
    path.write_text(path.read_text(encoding="utf-8") + "QJ001,1\n", encoding="utf-8")


MUTATIONS = {
    "type": lambda f: set_cell(f / "energy.csv", 0, "quantity", "abc"),
    "full-width digits": lambda f: set_cell(f / "energy.csv", 0, "quantity", "１２"),
    "minimum": lambda f: set_cell(f / "water.csv", 0, "tap_water", "-1"),
    "maximum": lambda f: set_cell(f / "park_facilities.csv", 0, "risk_system_completeness", "101"),
    "enum": lambda f: set_cell(f / "emissions.csv", 0, "pollutant", "CO"),
    "pattern": lambda f: set_cell(f / "enterprises.csv", 0, "uscc", "123"),
    "required": lambda f: set_cell(f / "enterprises.csv", 0, "enterprise_name", ""),
    "boolean": lambda f: set_cell(f / "enterprises.csv", 0, "mandatory_audit", "yes"),
    "integer": lambda f: set_cell(f / "park.csv", 0, "employees", "12.5"),
    "date": lambda f: set_cell(f / "measures.csv", 0, "start_date", "2024-02-30"),
    "foreign key": lambda f: set_cell(f / "energy.csv", 0, "enterprise_id", "NOPE"),
    "unique key": lambda f: set_cell(f / "enterprises.csv", 1, "uscc", read_rows(f / "enterprises.csv")[1][0]["uscc"]),
    "primary key": _duplicate_row,
    "missing column": _drop_column,
    "column order": _swap_columns,
    "blank row": _blank_row,
    "short row": _short_row,
}


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_every_violation_falls_back_to_the_reference(tmp_path, kind):
    folder = copy_data(tmp_path, parks=(PARK,)) / PARK / CYCLE
    MUTATIONS[kind](folder)
    assert not package_is_clean(descriptor(folder), folder)
    if kind == "unique key":
        # frictionless 5 does not enforce uniqueKeys; the domain rule on the uscc column does
        assert validate_paths([folder]).has_errors
    else:
        assert reference(folder), f"{kind}: the mutation should break the package"


def test_unknown_schema_features_fall_back(tmp_path):
    folder = copy_data(tmp_path, parks=(PARK,)) / PARK / CYCLE
    d = descriptor(folder)
    d["resources"][0]["dialect"] = {"delimiter": ";"}
    assert not package_is_clean(d, folder)
