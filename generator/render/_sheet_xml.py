"""A one-sheet .xlsx of plain cells, written as XlsxWriter 3.x writes it, byte for byte, at a
fraction of its cost. XlsxWriter spends ~40 ms on a download table (a cell object, a dimension
check and an XML call per cell, and ten package parts built again for every workbook); a park's
12 downloads made up a quarter of the render stage.

Only the worksheet and its shared strings depend on the cells: every other part of the package
(styles, theme, workbook, document properties) depends on the sheet's title alone, so XlsxWriter
makes those once per title (`_parts`), and the two data parts are written here. The zip is
put together here too (`_package`): each entry's bytes are zipfile's, the constant ones deflated
once per title, and only the offsets in the central directory depend on the data parts. What is written
here is limited to what spreadsheet.xlsx_bytes writes and is plain: text without control
characters, escapes, surrounding white space or XlsxWriter's rich-string markup, finite numbers,
booleans, within Excel's limits. Anything else returns None, and the caller lets XlsxWriter write
the whole workbook (tests/render/test_spreadsheet.py compares the two on both kinds of table)."""

from __future__ import annotations

import io
import math
import re
import struct
import zipfile

from generator.core import fixed_time_workbook

# What XlsxWriter writes differently from a plain <t>text</t>: control characters and literal
# _xHHHH_ (escaped), leading or trailing white space (xml:space="preserve"), "<r>…</r>" (taken
# as rich-string XML). Such a string sends the table to XlsxWriter.
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$|^<r>.*</r>$", re.DOTALL)
_MAX_STRING = 32767  # XlsxWriter truncates longer text
_MAX_ROWS, _MAX_COLS = 1_048_576, 16_384  # XlsxWriter drops cells beyond these
_MAX_ENTRY = 1 << 30  # larger parts would need ZIP64 records, which _package does not write
_DEFAULT_COL_PIXELS = 64  # a column of this width is written without customWidth
_MAX_DIGIT_WIDTH = 7
_HEADER_STYLE = ' s="1"'  # the bold format, the first after the default one
_SHEET = "xl/worksheets/sheet1.xml"
_STRINGS = "xl/sharedStrings.xml"
_SST_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{unique}">')


def one_sheet_xlsx(sheet_title: str, headers: list[str], columns: list[list], pixels: list[int]) -> bytes | None:
    """The .xlsx that spreadsheet.xlsx_bytes makes with XlsxWriter (bold, frozen header row;
    column c `pixels[c]` wide) of the table whose column c holds `columns[c]` (one value a row,
    every column as long; None or "" for an empty cell), or None when a cell is not plain (see
    above). Written a column at a time: what a cell's XML says but its row (its kind, its shared
    string, its number) is worked out once per column, and each row joins its cells."""
    n = len(columns[0]) if columns else 0
    if not headers or n >= _MAX_ROWS or any(len(col) != n for col in columns):
        return None
    if not all(type(h) is str for h in headers):
        return None  # XlsxWriter writes str(h) of each header, "" as a blank cell: its business
    width = max(len(headers), len(columns))
    if width > _MAX_COLS:
        return None
    names = [_column(c) for c in range(width)]  # the cells' column letters, made once
    # shared strings are numbered in the order XlsxWriter meets them, row by row: by each text's
    # first (row, column), the header being row 0
    first: dict[str, tuple[int, int]] = {h: (0, c) for c, h in reversed(list(enumerate(headers)))}
    kinds = []  # per column: "s" (text), "n" (numbers), "e" (empty) or "mixed"
    for c, col in enumerate(columns):
        types = set(map(type, col))
        types.discard(type(None))
        if types == {str}:
            kinds.append("s")
            rows_first = dict(zip(reversed(col), range(n, 0, -1)))  # each text → its first row (from 1)
            rows_first.pop("", None)
            rows_first.pop(None, None)
            for text, r in rows_first.items():
                if text not in first or (r, c) < first[text]:
                    first[text] = (r, c)
        elif not types:
            kinds.append("e")
        elif types <= {int, float} and all(map(math.isfinite, [v for v in col if v is not None])):
            kinds.append("n")
        elif types <= {str, int, float, bool}:
            kinds.append("mixed")
            for r, v in enumerate(col, start=1):
                if type(v) is str and v != "" and (v not in first or (r, c) < first[v]):
                    first[v] = (r, c)
                elif type(v) is float and not math.isfinite(v):
                    return None
        else:
            return None
    strings = sorted(first, key=first.__getitem__)
    for text in strings:
        if text == "" or len(text) > _MAX_STRING or _NOT_PLAIN.search(text):
            return None
    index = {text: i for i, text in enumerate(strings)}
    header_cells = "".join(f'<c r="{names[c]}1"{_HEADER_STYLE} t="s"><v>{index[h]}</v></c>' for c, h in enumerate(headers))
    count = len(headers)
    numbers = [str(r) for r in range(2, n + 2)]  # the rows' numbers in a cell reference
    cells = []  # per column, each row's cell XML ("" when empty)
    filled = []  # per column, whether each row has a cell, when some row has none
    for c, (col, kind) in enumerate(zip(columns, kinds)):
        ref = f'<c r="{names[c]}'
        if kind == "s":
            tails = {text: f'" t="s"><v>{i}</v></c>' for text, i in ((t, index.get(t)) for t in set(col)) if i is not None}
            xml = [ref + r + tails[v] if v else "" for v, r in zip(col, numbers)]
            count += len(col) - col.count(None) - col.count("")
        elif kind == "n":
            xml = ["" if v is None else f'{ref}{r}"><v>{v:.16G}</v></c>' for v, r in zip(col, numbers)]
        elif kind == "e":
            xml = [""] * n
        else:
            xml = [_mixed_cell(ref, r, v, index) for v, r in zip(col, numbers)]
            count += sum(1 for v in col if type(v) is str and v != "")
        cells.append(xml)
        if "" in xml:
            filled.append([x != "" for x in xml])
        else:
            filled.append(None)
    # XlsxWriter's spans: the first and last column with a cell in each block of 16 rows
    last_header = len(headers) - 1
    if all(f is None for f in filled):
        lows, highs = [0] * n, [len(columns) - 1] * n
    else:
        lows, highs = [None] * n, [None] * n
        for c in range(len(columns) - 1, -1, -1):
            f = filled[c]
            lows = [c] * n if f is None else [c if x else lo for x, lo in zip(f, lows)]
        for c in range(len(columns)):
            f = filled[c]
            highs = [c] * n if f is None else [c if x else hi for x, hi in zip(f, highs)]
    spans = {}
    for block in range(n // 16 + 1):  # rows 16·block … 16·block + 15, counting the header as row 0
        start, stop = max(1, 16 * block) - 1, min(n, 16 * block + 15)  # its data rows, as indices of lows and highs
        block_lows = [lo for lo in lows[start:stop] if lo is not None]
        block_highs = [hi for hi in highs[start:stop] if hi is not None]
        if block == 0:
            block_lows.append(0)
            block_highs.append(last_header)
        if block_lows:
            spans[block] = f"{min(block_lows) + 1}:{max(block_highs) + 1}"
    written = [r for r, lo in zip(range(1, n + 1), lows) if lo is not None]  # a row without a cell is not written
    row_xml = list(map("".join, zip(*cells))) if cells else []
    rows_xml = f'<row r="1" spans="{spans[0]}">{header_cells}</row>' + "".join(
        [f'<row r="{r + 1}" spans="{spans[r >> 4]}">{row_xml[r - 1]}</row>' for r in written])
    last_row = written[-1] if written else 0
    last_col = max([last_header] + [hi for hi in highs if hi is not None])
    head, views, tail = _parts(sheet_title)["sheet"]
    dimension = "A1" if last_row == 0 and last_col == 0 else f"A1:{_column(last_col)}{last_row + 1}"
    sheet = f'{head}<dimension ref="{dimension}"/>{views}{_cols(pixels)}<sheetData>{rows_xml}</sheetData>{tail}'
    sst = (_SST_HEAD.format(count=count, unique=len(strings))
           + "".join(f"<si><t>{_escape(s)}</t></si>" for s in strings) + "</sst>")
    data = {_SHEET: sheet.encode("utf-8"), _STRINGS: sst.encode("utf-8")}
    if max(map(len, data.values())) > _MAX_ENTRY:
        return None
    parts = _parts(sheet_title)
    return _package(parts["entries"], data, parts["made"])


def _mixed_cell(ref: str, row: str, v, index: dict[str, int]) -> str:
    """One cell of a column that holds more than one kind of value (its texts are plain, its
    floats finite: checked before)."""
    kind = type(v)
    if v is None or (kind is str and v == ""):
        return ""
    if kind is str:
        return f'{ref}{row}" t="s"><v>{index[v]}</v></c>'
    if kind is bool:
        return f'{ref}{row}" t="b"><v>{int(v)}</v></c>'
    return f'{ref}{row}"><v>{v:.16G}</v></c>'


def _escape(text: str) -> str:
    # XlsxWriter's _escape_data: text nodes, quotes as they are
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column(c: int) -> str:
    """Column c (from 0) as Excel names it: A, …, Z, AA, …"""
    if c < len(_COLUMNS):
        return _COLUMNS[c]
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


_COLUMNS = [chr(65 + c) for c in range(26)] + [chr(65 + c // 26) + chr(65 + c % 26) for c in range(26 * 26)]


def _cols(pixels: list[int]) -> str:
    """XlsxWriter's <cols>: neighbouring columns of the same width as one <col> range."""
    if not pixels:
        return ""
    out, start = [], 0
    for c in range(1, len(pixels) + 1):
        if c == len(pixels) or pixels[c] != pixels[start]:
            width = pixels[start]
            custom = "" if width == _DEFAULT_COL_PIXELS else ' customWidth="1"'
            out.append(f'<col min="{start + 1}" max="{c}" width="{(width * 256 // _MAX_DIGIT_WIDTH) / 256.0:.16g}"{custom}/>')
            start = c
    return "<cols>" + "".join(out) + "</cols>"


def _package(entries: list[tuple[str, bytes]], replaced: dict[str, bytes], made: dict[str, tuple[bytes, bytes]] | None = None) -> bytes:
    """The zip as XlsxWriter's in-memory mode writes it (zipfile: its part order, deflated, each
    entry dated 1980-01-01). `made`: the entries made already (_entry), by name — the parts that
    do not depend on the cells, deflated once per sheet title instead of once per workbook."""
    made = made or {}
    local, central = [], []
    offset = 0
    for name, data in entries:
        block, record = made[name] if name in made and name not in replaced else _entry(name, replaced.get(name, data))
        local.append(block)
        central.append(record[:_OFFSET_AT] + struct.pack("<L", offset) + record[_OFFSET_AT + 4:])
        offset += len(block)
    directory = b"".join(central)
    # the end of central directory record (APPNOTE 4.3.16), as zipfile writes it without a comment
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(local) + directory + end


_OFFSET_AT = 42  # where a central directory record holds its entry's offset (APPNOTE 4.3.12)


def _entry(name: str, data: bytes) -> tuple[bytes, bytes]:
    """One entry as zipfile writes it: (its local header and deflated data, its central directory
    record), cut from a zip of that entry alone (its record says offset 0; _package sets it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
    raw = out.getvalue()
    directory_at = struct.unpack_from("<L", raw, len(raw) - 6)[0]  # the end record's last field but the comment's length
    return raw[:directory_at], raw[directory_at:-22]


_PARTS: dict[str, dict] = {}


def _parts(sheet_title: str) -> dict:
    """XlsxWriter's package for a sheet named `sheet_title` with one bold header cell and a frozen
    header row: its parts in order, and its worksheet cut around the parts that depend on the
    cells (dimension, columns, data)."""
    if sheet_title not in _PARTS:
        raw = io.BytesIO()
        book = fixed_time_workbook(raw)
        ws = book.add_worksheet(sheet_title)
        ws.write_string(0, 0, "x", book.add_format({"bold": True}))
        ws.freeze_panes(1, 0)
        ws.set_column_pixels(0, 0, 100)
        book.close()
        with zipfile.ZipFile(raw) as archive:
            entries = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
        sheet = dict(entries)[_SHEET].decode("utf-8")
        head, rest = sheet.split('<dimension ref="', 1)
        views = rest.split("/>", 1)[1].split("<cols>", 1)[0]
        tail = rest.split("</sheetData>", 1)[1]
        made = {name: _entry(name, data) for name, data in entries if name not in (_SHEET, _STRINGS)}
        _PARTS[sheet_title] = {"entries": entries, "sheet": (head, views, tail), "made": made}
    return _PARTS[sheet_title]
