"""Spreadsheet bytes that depend on their content only: openpyxl's save stamps the current time into
the document properties and into every zip entry, so the same table would give a new file each
build. Shared by the downloads (render) and the clerk's template (authoring)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file: same inputs, same workbook
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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
