"""Spreadsheet bytes that depend on their content only: openpyxl's save stamps the current time into
the document properties and into every zip entry, so the same table would give a new file each
build. The clerk's template (authoring) is an openpyxl workbook; the reader's downloads (render)
are written with XlsxWriter, about three times faster for a one-sheet table, whose in-memory mode
stamps its zip entries with a fixed time and which takes the document's time as a property."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file: same inputs, same workbook
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_time_workbook(output):
    """An XlsxWriter workbook writing into the binary stream `output` on close(), with the fixed
    document time. Text stays text: no string is turned into a formula, a number or a link
    (XlsxWriter's defaults already, stated because a formula from data must never run)."""
    import xlsxwriter  # here, not above: every command imports core

    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_TIME})
    return book


def workbook_bytes(book) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, with fixed times."""
    from openpyxl.writer.excel import ExcelWriter  # here, not above: every command imports core

    book.properties.created = book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
