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

import io

from generator.core import fixed_time_workbook
from generator.render._sheet_xml import one_sheet_xlsx

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_text(value):
    """A field of a CSV for people: text that a spreadsheet would take for a formula gets a leading
    single quote (shown by Excel, but never run); anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def xlsx_bytes(sheet_title: str, headers: list[str], rows: list[list]) -> bytes:
    """One sheet: a bold header row, frozen, then the rows. Text is always a string cell, numbers
    number cells (XlsxWriter writes 16 significant digits, as openpyxl did; Excel keeps 15)."""
    width = max([len(headers)] + [len(r) for r in rows])
    padded = [list(r) + [None] * (width - len(r)) for r in rows]  # a short row's missing cells are empty ones
    columns = [list(col) for col in zip(*padded)] if padded else [[] for _ in range(width)]
    return xlsx_columns(sheet_title, headers, columns)


def xlsx_columns(sheet_title: str, headers: list[str], columns: list[list]) -> bytes:
    """xlsx_bytes of the table whose column c is `columns[c]` (every column as long, None for an
    empty cell). A table of plain cells is written by _sheet_xml, the bytes XlsxWriter writes, ten
    times faster; any other by XlsxWriter."""
    pixels = [column_pixels(min(60, max(8, _longest(h, columns[c] if c < len(columns) else []) * 1.6 + 2)))
              for c, h in enumerate(headers)]
    fast = one_sheet_xlsx(sheet_title[:31], headers, columns, pixels)
    if fast is not None:
        return fast
    rows = [list(r) for r in zip(*columns)]
    return xlsxwriter_bytes(sheet_title, headers, rows, pixels)


def _longest(header, column: list) -> int:
    """The longest text in a column, its header and its first 200 cells, which sets its width."""
    return max([len(str(header))] + [len(str(v)) for v in column[:200] if v is not None])


def xlsxwriter_bytes(sheet_title: str, headers: list[str], rows: list[list], pixels: list[int]) -> bytes:
    """xlsx_bytes by XlsxWriter, for every kind of cell."""
    out = io.BytesIO()
    book = fixed_time_workbook(out)
    ws = book.add_worksheet(sheet_title[:31])
    bold = book.add_format({"bold": True})
    for c, h in enumerate(headers):
        ws.write_string(0, c, str(h), bold)
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v)  # never a formula, even "=…" (see above)
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v)
            else:
                ws.write_number(r, c, v)
    ws.freeze_panes(1, 0)
    for c, width in enumerate(pixels):
        ws.set_column_pixels(c, c, width)
    book.close()
    return out.getvalue()


MAX_DIGIT_WIDTH = 7  # pixels of a digit in Excel's default font (Calibri 11), which widths count in


def column_pixels(width: float) -> int:
    """The pixels Excel draws for a column whose stored width is `width` characters (ECMA-376 part 1,
    18.3.1.13). XlsxWriter stores a width in 1/256 of a character from pixels, so a width of 16.4
    becomes 16.42578125: both are drawn 115 pixels wide."""
    return int((256 * width + int(128 / MAX_DIGIT_WIDTH)) / 256 * MAX_DIGIT_WIDTH)
