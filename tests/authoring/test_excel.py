"""The Excel template and importer: a workbook filled from last year's package imports back into
a valid package with the same numbers; a bad workbook is refused and writes nothing."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from generator.authoring import ImportError_, import_workbook, make_template
from generator.core import TABLES

from ..csvedit import DATA, copy_data

PARK, CYCLE = "yanglin-etdz", "2025"


def numbers(path):
    """Every cell of a CSV with numbers compared as numbers, so '2.0' equals '2'."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            out.append([float(c) if c.replace(".", "", 1).replace("-", "", 1).isdigit() else c for c in row])
    return out


def test_template_has_a_sheet_per_table_with_field_names(tmp_path):
    book = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))
    assert book.sheetnames == ["说明", *TABLES]
    ws = book["energy"]
    assert [c.value for c in ws[2]][:4] == ["enterprise_id", "energy_type", "unit", "quantity"]
    assert "能源品种" in ws["B1"].value and "必填" in ws["B1"].value
    assert any("10^4 kWh" in str(dv.formula1) for dv in ws.data_validations.dataValidation)  # unit drop-down


def test_round_trip_keeps_every_value(tmp_path):
    data = copy_data(tmp_path / "a", parks=())
    book = make_template(DATA, tmp_path / "filled.xlsx", prefill=DATA / PARK / CYCLE)
    report = import_workbook(book, data / PARK / CYCLE)
    assert not report.has_errors, [f.to_dict() for f in report.errors]
    for table in TABLES:
        assert numbers(data / PARK / CYCLE / f"{table}.csv") == numbers(DATA / PARK / CYCLE / f"{table}.csv"), table


def test_bad_workbook_is_refused_and_writes_nothing(tmp_path):
    data = copy_data(tmp_path / "a", parks=())
    path = make_template(DATA, tmp_path / "filled.xlsx", prefill=DATA / PARK / CYCLE)
    book = load_workbook(path)
    book["energy"]["D3"] = "很多"  # quantity of the first energy row
    book.save(path)
    report = import_workbook(path, data / PARK / CYCLE)
    assert report.has_errors
    f = next(f for f in report.errors if f.field == "quantity")
    assert (f.file, f.row) == ("filled.xlsx[energy]", 3)  # the sheet and the Excel row the clerk typed in
    assert not (data / PARK).exists()


def test_sheet_with_changed_field_names_is_refused(tmp_path):
    data = copy_data(tmp_path / "a", parks=())
    path = make_template(DATA, tmp_path / "t.xlsx")
    book = load_workbook(path)
    book["water"]["B2"] = "自来水"
    book.save(path)
    with pytest.raises(ImportError_) as err:
        import_workbook(path, data / PARK / CYCLE)
    assert "water" in str(err.value) and "tap_water" in str(err.value)


def test_cli_refuses_an_existing_package(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    path = make_template(DATA, tmp_path / "t.xlsx", prefill=DATA / PARK / CYCLE)
    proc = subprocess.run([sys.executable, "-m", "generator", "import-excel", str(path), str(data / PARK / CYCLE)], capture_output=True, text=True)
    assert proc.returncode == 1 and "--replace" in proc.stderr
