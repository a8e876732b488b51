"""Findings in the clerk's terms: the sheet, the cell (能源消费!D17), the Chinese column title and
the field id, with the message in Chinese and English.

Validation speaks of CSV files and CSV rows; `in_sheets` moves its findings onto the workbook the
package came from (each CSV row remembers its Excel row) and rewrites the messages that name
files, rows or allowed values so that they name sheets, Excel rows and readable labels. The
importer's own findings (a missing sheet, a changed field name) are declared in IMPORT_CODES.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from generator.authoring.labels import Sheet
from generator.core import TABLES
from generator.validate import CATALOGUE, ERROR, WARNING, Finding

# code → (severity, zh, en): what the importer itself finds before validation
IMPORT_CODES = {
    "sheet-missing": (ERROR, "工作簿缺少工作表“{sheet}”（也可命名为 {table}）",
                      "the workbook lacks the sheet '{sheet}' (it may also be named '{table}')"),
    "sheet-twice": (ERROR, "工作表“{sheet}”和“{other}”都是数据表 {table}；请只保留一个",
                    "the sheets '{sheet}' and '{other}' are both the table {table}; keep one"),
    "sheet-unknown": (WARNING, "工作表“{sheet}”不是数据表，已忽略（数据表的工作表名：{known}）",
                      "the sheet '{sheet}' is not a table and is ignored (table sheets: {known})"),
    "field-row-missing": (ERROR, "工作表“{sheet}”找不到字段名行（模板中隐藏的第 3 行）；请在 parkaudit template 生成的模板中填写",
                          "the sheet '{sheet}' has no row of field names (the hidden row 3 of the template); fill in a template made by parkaudit template"),
    "column-missing": (ERROR, "缺少列“{title}”（字段 {field}）", "the column '{title_en}' ({field}) is missing"),
    "column-unknown": (ERROR, "第 {row} 行的字段名“{cell}”不在表结构中；字段名行请勿修改",
                       "the field name '{cell}' in row {row} is not in the schema; do not edit the row of field names"),
    "column-twice": (ERROR, "字段 {field} 出现了两次（另见 {other} 列）", "the field {field} appears twice (see also column {other})"),
    "formula-no-value": (ERROR, "公式“{formula}”没有计算结果；请在 Excel 中打开、保存后再导入",
                         "the formula '{formula}' has no computed value; open and save the workbook in Excel, then import again"),
    "cell-error": (ERROR, "单元格是错误值 {cell}", "the cell holds the error value {cell}"),
    # the sheet 审核信息 (audit_sheet)
    "audit-sheet-missing": (WARNING, "工作簿没有工作表“审核信息”（较早的模板）：审核期、报告日期、审核组织与人员和演示数据标记{source_zh}",
                            "the workbook has no sheet 审核信息 (audit_info; an older template): the audit period, report date, "
                            "contributors and demo flag {source_en}"),
    "audit-row-missing": (ERROR, "工作表“{sheet}”缺少“{title}”一行（{field}）；请在 parkaudit template 生成的模板中填写",
                          "the sheet '{sheet}' lacks the row '{title_en}' ({field}); fill in a template made by parkaudit template"),
    "audit-field-row-missing": (ERROR, "工作表“{sheet}”找不到审核组织与人员表的字段名行（隐藏行，含 title、roles）",
                                "the sheet '{sheet}' has no row of contributor field names (the hidden row with title, roles)"),
    "audit-not-date": (ERROR, "“{title}”的值“{cell}”不是日期；请填写如 2025-06-30 的日期",
                       "'{title_en}': the value '{cell}' is not a date; enter a date such as 2025-06-30"),
    "audit-not-time": (ERROR, "“{title}”的值“{cell}”不是日期或日期时间；请填写如 2025-11-20 的日期",
                       "'{title_en}': the value '{cell}' is not a date or date-time; enter a date such as 2025-11-20"),
    "audit-not-yes-no": (ERROR, "“{title}”的值“{cell}”不是“是”或“否”", "'{title_en}': the value '{cell}' is not 是 (yes) or 否 (no)"),
    "audit-period-half": (ERROR, "审核期的开始和结束须同时填写（或同时留空）", "the audit period needs both its start and its end (or neither)"),
    "audit-period-order": (ERROR, "审核期结束（{end}）早于开始（{start}）", "the audit period ends ({end}) before it starts ({start})"),
    "audit-cell-missing": (ERROR, "审核组织与人员第 {row} 行缺少“{title}”", "contributor row {row}: '{title_en}' is required"),
    "audit-role-unknown": (ERROR, "角色“{cell}”不是可选值；可选值：{allowed}", "the role '{cell}' is not one of the allowed values: {allowed}"),
}

_SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class SheetFinding:
    severity: str
    code: str
    message_zh: str
    message_en: str
    sheet: str | None = None  # as named in the workbook; None: the workbook as a whole
    row: int | None = None  # the Excel row
    column: str | None = None  # the Excel column letter
    field: str | None = None  # the field id(s), e.g. "quantity" or "enterprise_id, energy_type"
    header: str | None = None  # the Chinese column title(s)

    @property
    def cell(self) -> str:
        """Where, as Excel names it: 能源消费!D17, 能源消费!第17行, 能源消费!D列, 能源消费 or 工作簿."""
        if self.sheet is None:
            return "工作簿 / workbook"
        if self.column and self.row:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.row:
            return f"{self.sheet}!第{self.row}行"
        if self.column:
            return f"{self.sheet}!{self.column}列"
        return self.sheet

    def sort_key(self, sheet_order: dict[str, int] | None = None):
        """Errors first, then warnings; each in the order of the sheets, rows and columns."""
        position = (sheet_order or {}).get(self.sheet or "", -1 if self.sheet is None else len(sheet_order or {}))
        return (0 if self.severity == ERROR else 1, position, self.sheet or "", self.row or 0, len(self.column or ""), self.column or "", self.code)

    def to_dict(self) -> dict:
        return {**asdict(self), "cell": self.cell}


def import_finding(code: str, sheet: str | None = None, row: int | None = None, column: str | None = None,
                   field: str | None = None, header: str | None = None, **params) -> SheetFinding:
    severity, zh, en = IMPORT_CODES[code]
    params = {"sheet": sheet, "row": row, "field": field, **params}
    return SheetFinding(severity, code, zh.format(**params), en.format(**params), sheet, row, column, field, header)


@dataclass
class Placement:
    """Where a table's CSV came from: the sheet, the Excel row of each CSV data row, and the
    column letter of each field."""

    sheet: Sheet
    sheet_name: str
    excel_rows: list[int] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)

    def excel_row(self, csv_row: int | None) -> int | None:
        if csv_row is None:
            return None
        i = csv_row - 2  # CSV row 1 is the header
        return self.excel_rows[i] if 0 <= i < len(self.excel_rows) else None


def _table_of(file: str) -> str | None:
    m = re.search(r"([a-z_]+)\.csv$", file or "")
    return m.group(1) if m and m.group(1) in TABLES else None


def _sheet_words(text: str, places: dict[str, Placement], zh: bool) -> str:
    """'energy.csv' in a message becomes the sheet the clerk knows."""
    def name(m):
        place = places.get(m.group(1))
        if place is None:
            return m.group(0)
        return f"工作表“{place.sheet_name}”" if zh else f"the sheet '{place.sheet_name}'"
    return re.sub(r"(?:数据表 ?|the table )?\b([a-z_]+)\.csv\b", name, text)


def ordered(findings: list[SheetFinding], sheet_names: list[str]) -> list[SheetFinding]:
    order = {name: i for i, name in enumerate(sheet_names)}
    return sorted(findings, key=lambda f: f.sort_key(order))


def in_sheets(findings: list[Finding], places: dict[str, Placement]) -> list[SheetFinding]:
    """Validation findings about a staged package, in workbook terms."""
    return [_moved(f, places) for f in findings]


def _moved(f: Finding, places: dict[str, Placement]) -> SheetFinding:
    place = places.get(_table_of(f.file) or "")
    severity = CATALOGUE[f.code].severity
    zh, en = f.message_zh, f.message_en
    if place is None:
        return SheetFinding(severity, f.code, _sheet_words(zh, places, True), _sheet_words(en, places, False), field=f.field)
    names = [n.strip() for n in (f.field or "").split(",") if n.strip()]
    columns = [place.sheet.column(n) for n in names]
    columns = [c for c in columns if c is not None]
    header = "、".join(c.title for c in columns) or None
    letter = place.letters.get(columns[0].name) if columns else None
    row = place.excel_row(f.row)
    params = dict(f.params)
    if f.code == "constraint-error" and len(columns) == 1 and columns[0].choices and "enum" in str(params.get("constraint", "")):
        allowed = columns[0].readable_choices()
        zh = f"值“{params.get('cell')}”不是可选值；可选值：{allowed}"
        en = f"the value '{params.get('cell')}' is not one of the allowed values: {allowed}"
    elif f.code == "foreign-key" and columns:
        target = places.get(str(params.get("reference")))
        other = target.sheet_name if target else str(params.get("reference"))
        zh = f"{header}“{params.get('cells')}”不在工作表“{other}”中；请先在“{other}”中登记"
        en = f"the {columns[0].title_en.lower()} '{params.get('cells')}' is not on the sheet '{other}'; add it there first"
    elif f.code == "primary-key":
        first = place.excel_row(int(params["first_row"])) if str(params.get("first_row", "")).isdigit() else params.get("first_row")
        zh = CATALOGUE[f.code].zh.format_map({**params, "field": header or f.field, "first_row": first})
        en = CATALOGUE[f.code].en.format_map({**params, "first_row": first})
    zh, en = _sheet_words(zh, places, True), _sheet_words(en, places, False)
    return SheetFinding(severity, f.code, zh, en, place.sheet_name, row, letter, f.field, header)


def counts(findings: list[SheetFinding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors


def format_findings(findings: list[SheetFinding]) -> str:
    """For people: the errors, then the warnings, each group with its count (in the order given)."""
    lines = []
    for severity, head in ((ERROR, "错误 / errors"), (WARNING, "警告 / warnings")):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{head}：{len(group)}")
        for f in group:
            what = f"“{f.header}”（{f.field}）" if f.header else (f"（{f.field}）" if f.field else "")
            lines.append(f"  {_SEVERITY_ZH[severity]} {f.cell} {what} [{f.code}]".rstrip())
            lines.append(f"      {f.message_zh}")
            lines.append(f"      {f.message_en}")
    return "\n".join(lines)
