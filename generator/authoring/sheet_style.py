"""The look the workbooks share: header fills, borders, locked and unlocked cells, print setup and
row heights for wrapped text (the template's sheets and the report samples)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

from generator.authoring.labels import text_width

HEADER_FILL = PatternFill("solid", fgColor="D9EAEA")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4C4")
UNIT_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
MAX_WIDTH = 40


def for_print(ws, landscape: bool, title_rows: str | None = None) -> None:
    """Printed, a sheet fits the page width and repeats its header on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
        ws.print_options.gridLines = True  # a printed table sheet is a form to write on


def fit_height(ws, row: int, cells: list[tuple[str, float]]) -> None:
    """A row tall enough for its wrapped texts (LibreOffice and Excel do not grow rows that a
    generated file leaves at the default height). `cells`: (text, column width)."""
    lines = 1
    for text, width in cells:
        parts = str(text or "").split("\n")
        lines = max(lines, sum(max(1, -(-text_width(p) // max(1, int(width) - 2))) for p in parts))
    ws.row_dimensions[row].height = 15 * lines + 3
