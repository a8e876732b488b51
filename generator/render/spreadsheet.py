"""Files for people who open them in a spreadsheet: an .xlsx beside each machine-readable CSV (Chinese
headers with units, numbers as numbers), and the neutralising of spreadsheet formulas in every file
for people.

A cell from data that begins with = + - @ (or a tab or carriage return) is a formula to Excel
(`=HYPERLINK("http://x")` in an enterprise name would become a live link). In an .xlsx such a cell
is written as a string cell, which Excel never evaluates; in a CSV for people it is prefixed with a
single quote, as OWASP's CSV-injection guidance says. Numbers are numbers, never text: -5 stays -5.
The machine-readable CSVs keep the data exactly as it is.

Deterministic: fixed document times and zip entry times, so the same data gives the same bytes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from generator.core import workbook_bytes

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_text(value):
    """A field of a CSV for people: text that a spreadsheet would take for a formula gets a leading
    single quote (shown by Excel, but never run); anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def xlsx_bytes(sheet_title: str, headers: list[str], rows: list[list]) -> bytes:
    """One sheet: a bold header row, frozen, then the rows. Text is always a string cell."""
    book = Workbook()
    ws = book.active
    ws.title = sheet_title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            if v is None or v == "":
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # openpyxl makes "=…" a formula; a string cell is shown as typed
    ws.freeze_panes = "A2"
    for c, h in enumerate(headers, start=1):
        longest = max([len(str(h))] + [len(str(r[c - 1])) for r in rows[:200] if c - 1 < len(r) and r[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest * 1.6 + 2))
    return workbook_bytes(book)
