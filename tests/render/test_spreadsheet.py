"""The reader's .xlsx downloads are written with XlsxWriter (issue 16: openpyxl took 46 % of the
render stage). What a reader gets must be what openpyxl wrote before: every cell's value and type,
number formats, the bold header row, the frozen header, the sheet's name and the columns' widths
as Excel draws them. So each workbook is read back with openpyxl and compared with the one the
previous writer (kept here, as it was) makes from the same table: contents, not bytes. A table
of plain cells is written without XlsxWriter (generator/render/_sheet_xml.py): its bytes must be
XlsxWriter's exactly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from generator.core import workbook_bytes
from generator.render import spreadsheet
from generator.render import stage as render_stage
from generator.render.model import ParkInput
from generator.render.pages import _downloads
from generator.score import load_config

REPO = Path(__file__).resolve().parents[2]


def openpyxl_xlsx(sheet_title: str, headers: list[str], rows: list[list]) -> bytes:
    """The writer of the downloads before XlsxWriter, unchanged: the reference."""
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
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    for c, h in enumerate(headers, start=1):
        longest = max([len(str(h))] + [len(str(r[c - 1])) for r in rows[:200] if c - 1 < len(r) and r[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest * 1.6 + 2))
    return workbook_bytes(book)


def content(data: bytes) -> dict:
    """What a reader sees of a one-sheet workbook."""
    ws = load_workbook(io.BytesIO(data)).active
    cells = [[(c.value, type(c.value).__name__, c.data_type, c.number_format, bool(c.font.b)) for c in row] for row in ws.iter_rows()]
    # a <col> element may span several columns of one width; Excel draws a width in whole pixels
    widths = {i: spreadsheet.column_pixels(d.width) for d in ws.column_dimensions.values() if d.width for i in range(d.min, d.max + 1)}
    return {"title": ws.title, "freeze": ws.freeze_panes, "cells": cells, "widths": widths}


HOSTILE = [
    ["=HYPERLINK(\"http://x\")", -5, 0.30000000000000004, None, "+1", "@SUM(A1)", "-x"],
    ["长" * 80, 10**15 + 1, 29.406919539696617, "", "\t开头", 1e-7, True],
    ["<b>&amp;</b>", 0, -0.0, 123456789.123, "'引号", 2.5e20, False],
]


def test_hostile_table_reads_back_as_openpyxl_wrote_it():
    headers = ["企业名称", "数值（tce）", "占比 %", "空", "公式", "小数", "真假"]
    new = spreadsheet.xlsx_bytes("园区企业名录", headers, HOSTILE)
    old = openpyxl_xlsx("园区企业名录", headers, HOSTILE)
    assert content(new) == content(old)
    cells = content(new)["cells"]
    assert cells[1][0][:3] == ("=HYPERLINK(\"http://x\")", "str", "s"), "a formula from data stays text"
    assert cells[1][1][:2] == (-5, "int") and cells[2][1][:2] == (10**15 + 1, "int")


def test_a_workbook_is_the_same_bytes_each_time():
    args = ("表", ["a", "b"], [[1, "x"], [2.5, None]])
    assert spreadsheet.xlsx_bytes(*args) == spreadsheet.xlsx_bytes(*args)


def demo_downloads(park_id: str, monkeypatch) -> list[tuple[tuple, bytes]]:
    """Every .xlsx download of a demo park's page, each with the arguments it was written from."""
    tables = []

    def keep(title, headers, columns):
        tables.append((title, headers, [list(r) for r in zip(*columns)]))
        return spreadsheet.xlsx_columns(title, headers, columns)

    monkeypatch.setattr(_downloads, "xlsx_columns", keep)
    park = render_stage.load_results(REPO / "results", None, only=park_id)[0]
    source = ParkInput(park.park_id, park.cycles, park.current, REPO / "data" / park_id / park.current, [], load_config(REPO / "indicators.yaml"))
    files = _downloads.people_files(source)
    assert len(tables) == len(files) >= 10
    return list(zip(tables, files.values()))


@pytest.mark.parametrize("park_id", ["anning-ip", "kunming-hitech"])
def test_every_download_of_a_demo_park_reads_back_as_before(park_id, monkeypatch):
    for args, data in demo_downloads(park_id, monkeypatch):
        assert content(data) == content(openpyxl_xlsx(*args)), args[0]


# --- the plain-cell writer (_sheet_xml): XlsxWriter's bytes, without XlsxWriter ----------------

def xlsxwriter_reference(sheet_title: str, headers: list[str], rows: list[list]) -> bytes:
    """The same workbook written by XlsxWriter alone."""
    pixels = [spreadsheet.column_pixels(min(60, max(8, spreadsheet._longest(h, column(rows, c)) * 1.6 + 2))) for c, h in enumerate(headers)]
    return spreadsheet.xlsxwriter_bytes(sheet_title, headers, rows, pixels)


def column(rows: list[list], c: int) -> list:
    """Column c of rows of any lengths (a short row's missing cell is empty)."""
    return [r[c] if c < len(r) else None for r in rows]


def columns(rows: list[list], width: int) -> list[list]:
    """What _sheet_xml.one_sheet_xlsx takes: the table a column at a time."""
    width = max([width] + [len(r) for r in rows])
    return [column(rows, c) for c in range(width)]


PLAIN = [  # text a spreadsheet would run, markup, repeated text, gaps, rows of other lengths
    ["=HYPERLINK(\"http://x\")", -5, 0.30000000000000004, None, "+1", "@SUM(A1)", "-x"],
    ["长" * 80, 10**15 + 1, 29.406919539696617, "", "a&b", 1e-7, True],
    ["<b>&amp;</b>", 0, -0.0, 123456789.123, "'引号", 2.5e20, False],
    ["<b>&amp;</b>", 1],
    [None, None, None, None, None, None, None, "beyond the headers"],
] + [[None, f"row {i}", i * 0.5] for i in range(40)] + [[], ["x" * 5]]


def test_a_table_of_plain_cells_is_the_workbook_xlsxwriter_writes():
    from generator.render._sheet_xml import one_sheet_xlsx

    headers = ["企业名称", "数值（tce）", "占比 %", "空", "公式", "小数", "真假"]
    pixels = [spreadsheet.column_pixels(w) for w in (8, 8, 9.14, 20, 20, 60, 8)]  # equal neighbours share a <col>; 9.14 is Excel's default 64 px
    from_xml = one_sheet_xlsx("园区企业名录", headers, columns(PLAIN, len(headers)), pixels)
    assert from_xml is not None, "plain cells are written without XlsxWriter"
    assert from_xml == spreadsheet.xlsxwriter_bytes("园区企业名录", headers, PLAIN, pixels)
    assert spreadsheet.xlsx_bytes("园区企业名录", headers, PLAIN) == xlsxwriter_reference("园区企业名录", headers, PLAIN)
    assert one_sheet_xlsx("表", ["只有表头"], [[]], [64]) == spreadsheet.xlsxwriter_bytes("表", ["只有表头"], [], [64])


@pytest.mark.parametrize("odd", ["\t开头", " 前后空格 ", "_x0041_", "<r><t>x</t></r>", "控制\x01字符", float("nan"), 2**70, None])
def test_a_table_with_a_cell_that_is_not_plain_is_left_to_xlsxwriter(odd):
    from generator.render._sheet_xml import one_sheet_xlsx

    headers = ["名称", "值"] if odd is not None else ["名称", None]
    rows = [["甲", 1], ([odd, 2] if odd is not None else ["乙", 2])]
    if isinstance(odd, float):  # XlsxWriter refuses NaN: so does xlsx_bytes
        assert one_sheet_xlsx("表", headers, columns(rows, 2), [64, 64]) is None
        with pytest.raises(Exception):
            spreadsheet.xlsx_bytes("表", headers, rows)
        return
    if odd != 2**70:
        assert one_sheet_xlsx("表", headers, columns(rows, 2), [64, 64]) is None
    assert spreadsheet.xlsx_bytes("表", headers, rows) == xlsxwriter_reference("表", headers, rows)


@pytest.mark.parametrize("park_id", ["anning-ip", "kunming-hitech"])
def test_every_download_of_a_demo_park_is_the_workbook_xlsxwriter_writes(park_id, monkeypatch):
    for args, data in demo_downloads(park_id, monkeypatch):
        assert data == xlsxwriter_reference(*args), args[0]


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_of_plain_cells_are_the_workbooks_xlsxwriter_writes(seed):
    """The writer works a column at a time, XlsxWriter a cell at a time: shared strings numbered
    in the order of the rows, the same text in several columns, empty cells, rows and columns,
    columns of text, of numbers and of both, rows longer than the header."""
    import random

    rnd = random.Random(seed)
    words = ["甲", "乙", "丙", "a&b", "<x>", "'q'", '"d"', "是", "否"]
    kinds = [rnd.choice(["text", "numbers", "mixed", "empty", "sparse", "full"]) for _ in range(rnd.randint(1, 9))]

    def cell(kind):
        if kind == "empty" or (kind == "sparse" and rnd.random() < 0.7) or (kind != "full" and rnd.random() < 0.1):
            return rnd.choice([None, ""])
        if kind == "full":  # a column without a gap
            return rnd.choice(words + [1, 2.5])
        if kind == "text" or (kind in ("mixed", "sparse") and rnd.random() < 0.5):
            return rnd.choice(words)
        return rnd.choice([rnd.randint(-10**6, 10**6), rnd.uniform(-1e9, 1e9), rnd.random() * 1e-6, 0.0, True, False][: 6 if kind == "mixed" else 4])

    rows = [[cell(k) for k in kinds][: rnd.randint(0, len(kinds))] if rnd.random() < 0.1 else [cell(k) for k in kinds]
            for _ in range(rnd.randint(0, 60))]
    headers = [f"列{c}" if rnd.random() < 0.8 else rnd.choice(words) for c in range(max(1, len(kinds) - rnd.randint(0, 1)))]
    pixels = [spreadsheet.column_pixels(8 + c) for c in range(len(headers))]
    from generator.render._sheet_xml import one_sheet_xlsx

    from_xml = one_sheet_xlsx("表", headers, columns(rows, len(headers)), pixels)
    assert from_xml is not None
    assert from_xml == spreadsheet.xlsxwriter_bytes("表", headers, rows, pixels)
    assert spreadsheet.xlsx_bytes("表", headers, rows) == xlsxwriter_reference("表", headers, rows)
