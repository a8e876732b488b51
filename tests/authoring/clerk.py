"""A clerk filling in a blank workbook with openpyxl: the test's own reading of the template, kept
apart from the template's pre-fill code so a round trip does not just invert that code.

The clerk finds each column by the Chinese title of row 1 (as a person would; the test checks
that the hidden row 3 holds the matching field id), picks drop-down labels for codes (化学需氧量,
not COD) and 是/否 for booleans, types numbers as numbers and dates as dates, and formats a cell
to the decimals the source document shows (0.050 t is typed 0.05 and shown with three decimals).
On the sheet 审核信息 the clerk finds the items by their label and types the audit team as the
report names its roles.
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
    fill_audit_info(book["审核信息"], descriptor)
    book.save(out)
    return out


# the clerk's reading of the sheet 审核信息: the item labels of column A, and the role labels the
# report prints (generator.report's, not the template's copy)
AUDIT_ITEMS = {"审核期开始": ("parkaudit:audit_period", "start"), "审核期结束": ("parkaudit:audit_period", "end"),
               "报告日期": ("created", None), "演示数据": ("parkaudit:fictional", None)}


def audit_item_cell(ws, label: str):
    """The value cell (column B) of the item labelled `label`."""
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    return ws.cell(row, 2)


def contributor_cell(ws, title: str, n: int):
    """The cell of contributor number `n` (from 1) in the column titled `title` of the table under
    the items."""
    head = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).rstrip(" *") == "名称")
    column = next(c for c in range(1, 4) if str(ws.cell(head, c).value).rstrip(" *") == title)
    return ws.cell(head + 1 + n, column)  # the hidden row of field ids lies between


def fill_audit_info(ws, descriptor: dict) -> None:
    from generator.report.metadata import GENERIC_ROLES, ROLES

    role_zh = {**ROLES, **GENERIC_ROLES}
    for label, (key, part) in AUDIT_ITEMS.items():
        value = descriptor.get(key)
        if value is None:
            continue
        cell = audit_item_cell(ws, label)
        if key == "created":
            cell.value = dt.datetime.fromisoformat(value.replace("Z", ""))
        elif part:
            cell.value = dt.date.fromisoformat(value[part])
        else:
            cell.value = "是" if value else "否"
    for n, person in enumerate(descriptor.get("contributors", []), start=1):
        contributor_cell(ws, "名称", n).value = person["title"]
        contributor_cell(ws, "角色", n).value = "、".join(role_zh[r] for r in person["roles"])
        if person.get("organization"):
            contributor_cell(ws, "所在单位", n).value = person["organization"]


def set_by_title(path: Path, sheet: str, title: str, row: int, value) -> str:
    """Type `value` into the column titled `title` at Excel row `row`; returns the cell (D17)."""
    book = load_workbook(path)
    ws = book[sheet]
    column = next(c for c in ws[1] if c.value and c.value.rstrip(" *") == title)
    ws.cell(row, column.column, value)
    book.save(path)
    return f"{column.column_letter}{row}"
