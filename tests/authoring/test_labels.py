"""Chinese labels for what the schemas write as codes, and the cell values of the workbook."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.authoring.cells import csv_text, excel_value, general_text, number_text
from generator.authoring.labels import sheet_plan
from generator.core import TABLES

from ..csvedit import DATA, copy_data

PLAN = sheet_plan(DATA)


def column(table, name):
    return PLAN.sheet(table).column(name)


def test_every_unit_and_english_code_of_the_schemas_has_a_chinese_label():
    # a schema change that brings a new unit or code fails here until data/reference/excel has its label
    for sheet in PLAN.sheets:
        for col in sheet.columns:
            unit = col.field.get("unit")
            assert unit in PLAN.units, f"{sheet.table}.{col.name}: no label for the unit {unit!r} in units_zh.csv"
            for code, label in col.choices:
                assert not re.search(r"[A-Za-z]", label), f"{sheet.table}.{col.name}: no Chinese label for {code!r} in codes_zh.csv"


def test_labels_of_a_column_are_distinct_so_import_can_map_them_back():
    for sheet in PLAN.sheets:
        for col in sheet.columns:
            labels = [label for _, label in col.choices]
            assert len(set(labels)) == len(labels), (sheet.table, col.name)
            for code, label in col.choices:
                assert col.code_of(label) == code and col.code_of(code) == code


def test_sheet_names_are_chinese_and_valid_excel_names():
    names = [s.name for s in PLAN.sheets]
    assert len(set(names)) == len(TABLES)
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not re.search(r"[A-Za-z]", name)


def test_the_label_tables_are_not_scoring_inputs(tmp_path):
    """score.json lists the files of data/reference as inputs; the workbook's tables live in a
    subfolder so that changing a label does not change every park's results."""
    from generator.score import load_config, score_package

    from ..csvedit import REPO

    data = copy_data(tmp_path, parks=("yanglin-etdz",))
    doc = score_package(data / "yanglin-etdz" / "2025", load_config(REPO / "indicators.yaml"), data)
    files = [f["file"] for f in doc["inputs"]["files"]]
    assert any(f.startswith("reference/") for f in files)
    assert not any("excel" in f for f in files)


@pytest.mark.parametrize("value, fmt, want", [
    (0.05, "0.000", "0.050"),
    (0.05, "General", "0.05"),
    (0.1 + 0.2, "General", "0.3"),  # what Excel shows: 15 significant digits
    (100.0, "0.0", "100.0"),
    (8307, None, "8307"),
    (8307.0, "General", "8307"),
    (1234.5, "#,##0.00", "1234.50"),  # thousands separators are display only
    (2.675, "0.00", "2.68"),  # half up, as Excel rounds what it shows
    (0.9, "0%", "0.9"),  # a percent format means x100 only where the unit is %
    (1e-7, "General", "0.0000001"),
])
def test_numbers_are_written_as_excel_shows_them(value, fmt, want):
    assert number_text(value, fmt) == want


def test_percent_format_in_a_percent_column():
    assert number_text(0.9, "0%", column("park_facilities", "risk_system_completeness")) == "90"
    assert number_text(0.885, "0.0%", column("park_facilities", "waste_heat_recovery_rate")) == "88.5"


@pytest.mark.parametrize("table, name, value, want", [
    ("enterprises", "mandatory_audit", "是", "true"),
    ("enterprises", "mandatory_audit", True, "true"),
    ("enterprises", "mandatory_audit", "FALSE", "false"),
    ("emissions", "pollutant", "化学需氧量", "COD"),
    ("emissions", "pollutant", "COD", "COD"),
    ("energy", "unit", "万千瓦时", "10^4 kWh"),
    ("measures", "target", "环境管理", "management"),
    ("measures", "start_date", dt.datetime(2024, 3, 1), "2024-03-01"),
    ("park", "approval_date", dt.datetime(2013, 1, 1), "2013.01"),
    ("park", "park_name", "  杨林  ", "杨林"),
])
def test_cells_become_the_package_text(table, name, value, want):
    assert csv_text(value, column(table, name)) == want


@pytest.mark.parametrize("table, name, text", [
    ("emissions", "actual", "0.050"), ("emissions", "actual", "1166932.9"), ("park_facilities", "risk_system_completeness", "100.0"),
    ("solid_waste", "stored", "0.00"), ("park", "employees", "8348"), ("park", "approval_date", "2013.10"),
    ("measures", "start_date", "2023-06-18"), ("emissions", "actual", "1.5e3"), ("enterprises", "high_tech", "false"),
    ("measures", "target", "solid_waste"),
])
def test_prefilled_values_read_back_as_the_same_text(table, name, text):
    col = column(table, name)
    value, fmt = excel_value(text, col)
    assert csv_text(value, col, fmt) == text


def test_general_text_of_large_and_negative_numbers():
    assert general_text(-0.5) == "-0.5" and general_text(123456789012.0) == "123456789012"
