"""A clean package's tables as validation builds them from the cells it parsed (validate/_typed.py)
are core.load_package's, frame for frame: the build scores the packages that validation hands it."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.core import TABLES, discover_packages, load_package, read_json
from generator.validate._typed import typed_package
from generator.validate.table_schema_fast import clean_tables

from ..csvedit import DATA, copy_data, read_rows, set_cell, write_rows


def _texts(folder, descriptor):
    return {folder / r["path"]: (folder / r["path"]).read_text(encoding="utf-8") for r in descriptor["resources"]}


def _assert_same_as_core(folder):
    descriptor = read_json(folder / "datapackage.json")
    tables = clean_tables(descriptor, folder, _texts(folder, descriptor))
    assert tables is not None  # clean: the typed tables come from these cells
    built, loaded = typed_package(load_package(folder).ref, descriptor, tables, _texts(folder, descriptor)), load_package(folder)
    assert built.descriptor == loaded.descriptor
    for table in TABLES:
        pd.testing.assert_frame_equal(built.tables[table], loaded.tables[table], check_exact=True)
        assert list(built.tables[table].dtypes) == list(loaded.tables[table].dtypes)


@pytest.mark.parametrize("ref", discover_packages(DATA), ids=lambda r: f"{r.park_id}/{r.cycle}")
def test_the_demo_packages_are_core_s(ref):
    _assert_same_as_core(ref.folder)


def test_empty_cells_quotes_and_crlf_are_core_s(tmp_path):
    root = copy_data(tmp_path, parks=("anning-ip",))
    folder = root / "anning-ip" / "2024"
    schema = read_json(root / "schemas" / "enterprises.json")
    optional = [f["name"] for f in schema["fields"] if not f.get("constraints", {}).get("required")]
    optional_text = next(f["name"] for f in schema["fields"] if f["type"] == "string" and f["name"] in optional)
    optional_bool = next(f["name"] for f in schema["fields"] if f["type"] == "boolean" and f["name"] in optional)
    set_cell(folder / "enterprises.csv", 0, optional_text, "")  # None in an object column
    set_cell(folder / "enterprises.csv", 1, optional_bool, "")  # <NA> in a boolean column
    water = folder / "water.csv"
    water.write_bytes(water.read_bytes().replace(b"\n", b"\r\n"))  # Excel's line ends
    set_cell(folder / "measures.csv", 0, "title", "带“引号”的, 名称")  # a quoted cell: core reads that table with pandas
    _assert_same_as_core(folder)


def test_an_empty_table_is_core_s(tmp_path):
    root = copy_data(tmp_path, parks=("anning-ip",))
    folder = root / "anning-ip" / "2024"
    header, _ = read_rows(folder / "measures.csv")
    write_rows(folder / "measures.csv", header, [])
    _assert_same_as_core(folder)
