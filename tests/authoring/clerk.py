"""A clerk filling in a blank workbook with openpyxl: the test's own reading of the template, kept
apart from the template's pre-fill code so a round trip does not just invert that code.

The clerk finds each column by the Chinese title of row 1 (as a person would; the test checks
that the hidden row 3 holds the matching field id), picks drop-down labels for codes (化学需氧量,
not COD) and 是/否 for booleans, types numbers as numbers and dates as dates, and formats a cell
to the decimals the source document shows (0.050 t is typed 0.05 and shown with three decimals).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

FIRST_DATA_ROW = 4


def schema_labels(data_root: Path) -> dict[str, str]:
    with (data_root / "reference" / "excel" / "codes_zh.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r["label_zh"] for r in csv.DictReader(fh)}


def typed(text: str, field: dict, labels: dict[str, str]):
    """(value, number format or None) as the clerk enters `text` of the source CSV."""
    if text == "":
        return None, None
    kind = field["type"]
    if kind == "boolean":
        return ("是" if text == "true" else "否"), None
    if kind == "date":
        return dt.date.fromisoformat(text), "yyyy-mm-dd"
    if kind == "integer":
        return int(text), None
    if kind == "number":
        decimals = len(text.split(".")[1]) if "." in text else 0
        value = float(text)
        shown = repr(value)
        if shown.endswith(".0"):
            shown = shown[:-2]
        return value, (None if shown == text else "0." + "0" * decimals if decimals else "0")
    if "enum" in field.get("constraints", {}):
        return labels.get(text, text), None
    return text, None


def fill(template: Path, package: Path, data_root: Path, out: Path) -> Path:
    """The blank template filled with every row of `package`, saved as `out`."""
    book = load_workbook(template)
    labels = schema_labels(data_root)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        title = res["schema"]["title"].split(" / ")[0]
        ws = book[title]
        columns = {}
        for cell in ws[1]:
            if cell.value:
                name = ws.cell(3, cell.column).value
                assert fields[name]["title"] == cell.value.rstrip(" *"), (title, cell.value, name)
                columns[name] = cell.column
        with (package / res["path"]).open(encoding="utf-8", newline="") as fh:
            for r, row in enumerate(csv.DictReader(fh), start=FIRST_DATA_ROW):
                for name, text in row.items():
                    value, number_format = typed(text, fields[name], labels)
                    if value is None:
                        continue
                    cell = ws.cell(r, columns[name], value)
                    if number_format:
                        cell.number_format = number_format
    book.save(out)
    return out


def set_by_title(path: Path, sheet: str, title: str, row: int, value) -> str:
    """Type `value` into the column titled `title` at Excel row `row`; returns the cell (D17)."""
    book = load_workbook(path)
    ws = book[sheet]
    column = next(c for c in ws[1] if c.value and c.value.rstrip(" *") == title)
    ws.cell(row, column.column, value)
    book.save(path)
    return f"{column.column_letter}{row}"
