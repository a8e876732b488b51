"""The data-collection workbook, generated from the shared schemas (a schema change changes it).

One sheet per table, named in Chinese (the schema title). Row 1: the column titles, `*` marking
the required ones; row 2: the unit in Chinese; row 3 (hidden): the field ids the importer reads,
exactly as in the schema; data from row 4. The header rows are frozen and locked (sheet protection
without a password: an agency can lift it, a clerk does not overwrite a header by accident).
Every enum, boolean and the energy carriers get a drop-down list whose items live on the sheet
可选值; numbers, integers and dates get Excel's own data validation (min/max from the schema).
The sheet 审核信息 holds the package's audit metadata (audit_sheet). The sheet 说明 explains each
table and field, and that sheet. `fill` pre-fills a package as it is (to correct it or
finish a draft); `carry` pre-fills what carries over from a cycle into the next one, as
`parkaudit new-cycle` does. Same inputs, same bytes: fixed timestamps in the file and its zip.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from generator.authoring.audit_sheet import AUDIT_SHEET, AUDIT_SHEET_ID, audit_explanation, write_audit_sheet
from generator.authoring.cells import TEXT_FORMAT, excel_value
from generator.authoring.labels import TYPE_ZH, Column, Sheet, SheetPlan, en_part, sheet_plan, text_width, zh_part
from generator.authoring.scaffold import carried_rows
from generator.authoring.sheet_style import BOX, HEADER_ALIGN, HEADER_FILL, MAX_WIDTH, REQUIRED_FILL, UNIT_FILL, UNLOCKED, WRAP_TOP, fit_height, for_print
from generator.core import DESCRIPTOR, DRAFT, STATUS_KEY, TABLES, workbook_bytes

TITLE_ROW, UNIT_ROW, FIELD_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LAST_VALIDATED_ROW = 5000  # drop-downs and number checks reach this row
INFO_SHEET, CHOICES_SHEET = "说明", "可选值"



class TemplateError(Exception):
    """The template cannot be made from the given package (exit status 2)."""


def _read_rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _source(package: Path, carry: bool) -> tuple[str, str, dict[str, list[dict]], dict]:
    """(park, cycle the workbook is for, rows by table, descriptor) of a package to pre-fill from."""
    package = Path(package)
    try:
        descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise TemplateError(f"不是数据包文件夹 / not a package folder: {package}") from None
    park, cycle = package.parent.name, package.name
    if not cycle.isdigit():
        raise TemplateError(f"文件夹名不是审核年度 / the folder name is not a cycle: {package}")
    rows = {}
    if carry:
        if descriptor.get(STATUS_KEY) == DRAFT:
            raise TemplateError(f"{package} 是草稿周期；要填写它本身请用 --fill / is a draft cycle; to fill it in, use --fill")
        cycle = str(int(cycle) + 1)
    for table in TABLES:
        found = _read_rows(package / f"{table}.csv")
        rows[table] = carried_rows(table, found, cycle) if carry else found
    return park, cycle, rows, descriptor


def _header(sheet: Sheet, ws) -> None:
    for i, col in enumerate(sheet.columns, start=1):
        title = ws.cell(TITLE_ROW, i, col.title + (" *" if col.required else ""))
        title.font, title.fill, title.alignment, title.border = Font(bold=True), REQUIRED_FILL if col.required else HEADER_FILL, HEADER_ALIGN, BOX
        unit = ws.cell(UNIT_ROW, i, col.unit_zh or None)
        unit.font, unit.fill, unit.alignment, unit.border = Font(color="444444", size=9), UNIT_FILL, HEADER_ALIGN, BOX
        field = ws.cell(FIELD_ROW, i, col.name)
        field.font = Font(color="808080", size=8, italic=True)
    ws.row_dimensions[FIELD_ROW].hidden = True
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2)  # the header rows and the key column stay in view


def _width(col: Column, values: list) -> float:
    wanted = max([text_width(col.title) + (2 if col.required else 0), text_width(col.unit_zh), 8]
                 + [min(text_width(v), MAX_WIDTH) for v in values if v is not None])
    if col.choices:
        wanted = max(wanted, min(MAX_WIDTH, max(text_width(label) for _, label in col.choices)))
    return min(MAX_WIDTH, wanted + 3)


def _choice_ranges(book, plan: SheetPlan) -> dict[tuple[str, str], str]:
    """The sheet 可选值: one column per drop-down list (readable labels); returns each list's range."""
    ws = book.create_sheet(CHOICES_SHEET)
    ranges = {}
    i = 0
    for sheet in plan.sheets:
        for col in sheet.columns:
            if not col.choices or col.kind == "boolean":
                continue
            i += 1
            letter = get_column_letter(i)
            head = ws.cell(1, i, f"{sheet.name}·{col.title}")
            head.font, head.fill, head.alignment, head.border = Font(bold=True), HEADER_FILL, HEADER_ALIGN, BOX
            for j, (_, label) in enumerate(col.choices, start=2):
                ws.cell(j, i, label)
            ws.column_dimensions[letter].width = min(MAX_WIDTH, max(text_width(head.value) * 0.8, *(text_width(lb) for _, lb in col.choices)) + 3)
            ranges[(sheet.table, col.name)] = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(col.choices) + 1}"
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    return ranges


def _number_rule(col: Column) -> DataValidation:
    low, high = col.minimum, col.maximum
    kind = "whole" if col.kind == "integer" else "decimal"
    what = "整数 / a whole number" if kind == "whole" else "数字 / a number"
    if low is not None and high is not None:
        dv = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        bounds = f"{low}–{high}"
    elif low is not None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        bounds = f"≥ {low}"
    elif high is not None:
        dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(high))
        bounds = f"≤ {high}"
    else:
        dv = DataValidation(type=kind, operator="between", formula1="-1E+300", formula2="1E+300")
        bounds = ""
    dv.error = f"请填写{what.split(' / ')[0]} {bounds}（单位：{col.unit_zh or '—'}）/ enter {what.split(' / ')[1]} {bounds}".replace("  ", " ")
    return dv


def _validation(col: Column, ranges: dict) -> DataValidation | None:
    if col.kind == "boolean":
        dv = DataValidation(type="list", formula1='"是,否"')
        dv.error = "请选择 是 或 否 / choose 是 (yes) or 否 (no)"
    elif col.choices:
        dv = DataValidation(type="list", formula1=ranges[(col.table, col.name)])
        dv.error = f"请从下拉列表中选择，可选值见工作表“{CHOICES_SHEET}” / choose from the list (sheet {CHOICES_SHEET})"
    elif col.kind in ("number", "integer"):
        dv = _number_rule(col)
    elif col.kind == "date":
        # Excel's date serials: 1990-01-01 and 2100-12-31
        dv = DataValidation(type="date", operator="between", formula1="32874", formula2="73415")
        dv.error = "请填写日期，如 2025-06-30 / enter a date, e.g. 2025-06-30"
    else:
        return None
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "输入无效 / invalid entry"
    dv.promptTitle = col.title[:32]
    dv.prompt = _prompt(col)[:250]
    dv.showInputMessage = True
    return dv


def _prompt(col: Column) -> str:
    parts = []
    if col.unit_zh:
        parts.append(f"单位：{col.unit_zh}")
    if col.required:
        parts.append("必填")
    if col.kind == "date":
        parts.append("格式 YYYY-MM-DD")
    description = zh_part(col.field.get("description", ""))
    if description:
        parts.append(description)
    return "；".join(parts)


def _table_sheet(book, plan: SheetPlan, sheet: Sheet, rows: list[dict], ranges: dict) -> None:
    ws = book.create_sheet(sheet.name)
    _header(sheet, ws)
    columns = sheet.columns
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.protection = UNLOCKED  # the data area; the header cells keep the default lock
        if col.kind == "string":
            dim.number_format = TEXT_FORMAT  # codes such as 2013.01 or 0012 stay text
        values = []
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            value, number_format = excel_value((row.get(col.name) or ""), col)
            values.append(value if not isinstance(value, (dt.date, float, int)) else str(value))
            if value is None and number_format is None:
                continue
            cell = ws.cell(r, i, value)
            cell.protection = UNLOCKED
            if number_format:
                cell.number_format = number_format
        dim.width = _width(col, values)
        dv = _validation(col, ranges)
        if dv is not None:
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}")
            ws.add_data_validation(dv)
    for_print(ws, landscape=True, title_rows=f"{TITLE_ROW}:{UNIT_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 32 if any(text_width(c.title) + 2 > MAX_WIDTH - 3 for c in columns) else 22
    ws.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(ws.protection, option, False)  # False: allowed while the sheet is protected


def _info_sheet(ws, plan: SheetPlan, park: str | None, cycle: str | None, prefill: str | None) -> None:
    target = f"data/{park}/{cycle}" if park and cycle else "data/<园区代码>/<年度>"
    lines = [
        ("ParkAudit 清洁生产审核数据填报模板 / ParkAudit data collection workbook", "title"),
        (f"园区 / park：{park or '（未指定 / not set）'}　审核年度 / cycle：{cycle or '（未指定 / not set）'}" + (f"　预填自 / pre-filled from：{prefill}" if prefill else ""), None),
        ("填写方法 / How to fill it in", "section"),
        ("1. 每个数据表一个工作表。第 1 行是列名，带 * 的列必填；第 2 行是单位；从第 4 行起每行填一条记录。/ One sheet per table. Row 1 names the columns (* = required), row 2 gives the unit; from row 4 on, one record per row.", None),
        ("2. 第 3 行（已隐藏）是导入用的字段名，请勿修改；表头已锁定（工作表保护，无密码）。/ Row 3 (hidden) holds the field names the import reads: do not change it. The header rows are locked (sheet protection, no password).", None),
        ("3. 空单元格表示“未统计”，不是 0；确为 0 时请填 0。/ An empty cell means 'not collected', not zero; enter 0 for zero.", None),
        (f"4. 有下拉箭头的列请从列表中选择（全部可选值见工作表“{CHOICES_SHEET}”）；数字列只填数字，单位见第 2 行，不要在单元格里写单位。/ Choose from the drop-down lists (all on the sheet {CHOICES_SHEET}); number columns take numbers only, in the unit of row 2, with no unit in the cell.", None),
        ("5. 是/否 列填“是”或“否”；日期填 YYYY-MM-DD（如 2025-06-30）。/ Yes/no columns take 是 or 否; dates are YYYY-MM-DD (e.g. 2025-06-30).", None),
        ("6. 工作表可用中文名，也可用数据表名（如 energy）；列的顺序可以调整，导入按第 3 行的字段名读取。/ Sheets may be named in Chinese or by their table id (e.g. energy); columns may be reordered: the import reads the field names of row 3.", None),
        (f"7. 填好后导入 / then import:  parkaudit import-excel <文件.xlsx> {target}", None),
        ("8. 导入先校验：有错误时按“工作表!单元格”列出（先错误后警告），不写入任何文件。/ The import validates first: problems are listed by sheet!cell (errors first, then warnings) and nothing is written.", None),
        (f"9. 工作表“{AUDIT_SHEET}”（也可命名为 {AUDIT_SHEET_ID}）填写审核期、报告日期、演示数据标记和审核组织与人员（审核报告封面和网站使用）；导入时原样写入数据包。/ The sheet {AUDIT_SHEET} ({AUDIT_SHEET_ID}) holds the audit period, the report date, the demo flag and who audited (the report's cover and the site print them); the import writes them into the package as they are.", None),
    ]
    heads = ["列", "中文名称", "字段名", "English", "单位", "必填", "类型与取值", "说明"]
    widths = [6, 20, 24, 26, 14, 6, 40, 60]
    full = sum(widths)
    for r, (text, style) in enumerate(lines, start=1):
        cell = ws.cell(r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        if style == "title":
            cell.font = Font(bold=True, size=14)
            ws.row_dimensions[r].height = 24
        elif style == "section":
            cell.font = Font(bold=True, size=12)
            ws.row_dimensions[r].height = 20
        else:
            fit_height(ws, r, [(text, full)])
    r = len(lines) + 2
    sections = []
    for sheet in plan.sheets:
        text = f"工作表“{sheet.name}”（{sheet.table}）：{zh_part(sheet.schema.get('description', ''))} / {sheet.title_en}: {en_part(sheet.schema.get('description', ''))}"
        sections.append((text, [[get_column_letter(i), col.title, col.name, col.title_en, col.unit_zh or "—", "是" if col.required else "", _allowed(col),
                                 col.field.get("description", "")] for i, col in enumerate(sheet.columns, start=1)]))
    sections.append(audit_explanation())
    for text, rows in sections:
        cell = ws.cell(r, 1, text)
        cell.font, cell.alignment = Font(bold=True, size=12), Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        fit_height(ws, r, [(text, full * 0.9)])
        r += 1
        for i, head in enumerate(heads, start=1):
            c = ws.cell(r, i, head)
            c.font, c.fill, c.border, c.alignment = Font(bold=True), HEADER_FILL, BOX, HEADER_ALIGN
        r += 1
        for values in rows:
            for j, value in enumerate(values, start=1):
                c = ws.cell(r, j, value)
                c.border, c.alignment = BOX, WRAP_TOP
            fit_height(ws, r, list(zip(values, widths)))
            r += 1
        r += 1
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for_print(ws, landscape=True)
    ws.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows"):
        setattr(ws.protection, option, False)


def _allowed(col: Column) -> str:
    kind = TYPE_ZH.get(col.kind, col.kind)
    if col.kind == "boolean":
        return "是/否"
    if col.choices:
        return f"从列表选择：{col.readable_choices()}"
    if col.kind in ("number", "integer"):
        low, high = col.minimum, col.maximum
        if low is not None and high is not None:
            return f"{kind}，{low}–{high}"
        if low is not None:
            return f"{kind}，≥ {low}"
        return kind
    if col.kind == "date":
        return "日期，YYYY-MM-DD"
    return kind


def template_bytes(data_root: Path, *, fill: Path | None = None, carry: Path | None = None) -> bytes:
    """The workbook: blank, pre-filled with a package as it is (`fill`), or with what carries over
    from a package into the next cycle (`carry`)."""
    if fill is not None and carry is not None:
        raise TemplateError("--fill 与 --from 只能选一个 / use either --fill or --from")
    plan = sheet_plan(data_root)
    park = cycle = prefill = None
    rows: dict[str, list[dict]] = {}
    descriptor = None
    if fill is not None or carry is not None:
        source = Path(fill if fill is not None else carry)
        park, cycle, rows, descriptor = _source(source, carry is not None)
        prefill = source.as_posix()
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    ranges = _choice_ranges(book, plan)  # made first, moved last: the table sheets' lists point into it
    for sheet in plan.sheets:
        _table_sheet(book, plan, sheet, rows.get(sheet.table, []), ranges)
    write_audit_sheet(book, book[CHOICES_SHEET], descriptor, carry=carry is not None)
    book.move_sheet(CHOICES_SHEET, offset=len(book.sheetnames) - 1 - book.sheetnames.index(CHOICES_SHEET))
    _info_sheet(info, plan, park, cycle, prefill)
    book.active = 1  # open on the first table
    for ws in book.worksheets:
        ws.sheet_view.tabSelected = ws is book.worksheets[1]
    return workbook_bytes(book)


def make_template(data_root: Path, out: Path, *, fill: Path | None = None, carry: Path | None = None) -> Path:
    data = template_bytes(data_root, fill=fill, carry=carry)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
