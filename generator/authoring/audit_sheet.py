"""The sheet 审核信息: the package's audit metadata, which the report's cover and the site read, in
the workbook beside the tables, so that a workbook imports to the whole package.

What it holds (the descriptor keys, in Frictionless terms where there are some):
- `parkaudit:audit_period` {"start", "end"}: two rows of Excel dates;
- `created`: the report's date, an Excel date-time read as UTC (a date alone is midnight UTC);
- `parkaudit:fictional`: the demo-data flag (是/否), which the site and the report print;
- `contributors`: a small table below the items, one row per organisation or person: 名称
  (`title`), 角色 (`roles`, Chinese labels from a drop-down, stored as the role codes; several
  separated by 、) and 所在单位 (`organization`).

Layout: row 1 heads the items (项目 / 值 / 说明), one item a row below it, its key in the hidden
column E; the contributors' table has its own title row, a hidden row of field ids and the data
below. The importer finds the rows by those ids, as it finds the table columns, so every finding
names the cell the clerk sees. The draft status is not here: only `parkaudit finalise` sets it.

The role labels repeat generator/report/metadata.py's (authoring may not import report);
tests/authoring/test_audit_sheet.py fails when the two differ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from generator.authoring.cells import DATE_FORMAT, TEXT_FORMAT
from generator.authoring.sheet_findings import SheetFinding, import_finding
from generator.authoring.sheet_style import BOX, HEADER_ALIGN, HEADER_FILL, REQUIRED_FILL, UNLOCKED, fit_height, for_print
from generator.core import AUDIT_ROLES, GENERIC_ROLES

AUDIT_SHEET, AUDIT_SHEET_ID = "审核信息", "audit_info"
PERIOD_KEY, FICTIONAL_KEY = "parkaudit:audit_period", "parkaudit:fictional"
# the audit metadata in the order the project writes it into a descriptor (after the demo flag,
# before the resources; see data/*/*/datapackage.json)
METADATA_KEYS = ("created", "contributors", PERIOD_KEY)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
KEY_COLUMN = 5  # E, hidden: the item ids
LAST_CONTRIBUTOR_ROW = 500  # drop-downs reach this row
# role code → label: ParkAudit's roles first, then Frictionless' generic ones (as the report)
ROLES = {**AUDIT_ROLES, **GENERIC_ROLES}
ROLE_SEPARATORS = ("、", "，", ",", "；", ";")


@dataclass(frozen=True)
class Item:
    key: str  # the descriptor key; a period end is "parkaudit:audit_period.end"
    label: str
    label_en: str
    kind: str  # date, datetime, boolean
    note: str


ITEMS = (
    Item(f"{PERIOD_KEY}.start", "审核期开始", "Audit period start", "date", "审核工作开始的日期，如 2025-03-01；开始和结束同时填写或同时留空"),
    Item(f"{PERIOD_KEY}.end", "审核期结束", "Audit period end", "date", "审核工作结束的日期，不得早于开始日期"),
    Item("created", "报告日期", "Report date", "datetime", "审核报告封面上的日期（数据包的 created），按协调世界时（UTC）；只填日期即可，如 2025-11-20"),
    Item(FICTIONAL_KEY, "演示数据", "Demo data", "boolean", "“是”：数据为虚构的演示数据，网站和报告会注明；真实园区填“否”或留空"),
)


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    title_en: str
    required: bool
    note: str


CONTRIBUTOR_FIELDS = (
    Field("title", "名称", "Name", True, "单位全称或人员姓名"),
    Field("roles", "角色", "Roles", True, "从下拉列表选择；一人有多个角色时用“、”分隔"),
    Field("organization", "所在单位", "Organization", False, "人员所在的单位（单位本身不填）"),
)
ITEM_HEAD = ("项目", "值", "说明")
MIDDLE = Alignment(wrap_text=True, vertical="center")
WIDTHS = (34, 24, 50)
CONTRIBUTOR_TITLE = "审核组织与人员（contributors）：审核机构、园区管理机构、审核组长、审核组成员、评审专家，每行一个"


def role_label(code: str) -> str:
    return ROLES.get(code, code)


def readable_roles() -> str:
    return "、".join(ROLES.values())


# --- writing ----------------------------------------------------------------------------------------
def sheet_values(descriptor: dict | None, carry: bool) -> tuple[dict[str, object], list[dict]]:
    """(item key → Excel value, contributors) to pre-fill: all of a package as it is, or, for the
    next cycle (`carry`), only who audits and the demo flag (the period and date are the new
    cycle's own)."""
    if not descriptor:
        return {}, []
    values: dict[str, object] = {}
    period = descriptor.get(PERIOD_KEY)
    if not carry and isinstance(period, dict):
        for end in ("start", "end"):
            values[f"{PERIOD_KEY}.{end}"] = _excel_date(period.get(end))
    if not carry and descriptor.get("created") is not None:
        values["created"] = _excel_time(descriptor["created"])
    if FICTIONAL_KEY in descriptor:
        values[FICTIONAL_KEY] = "是" if descriptor[FICTIONAL_KEY] is True else "否"
    people = descriptor.get("contributors")
    return values, [p for p in people if isinstance(p, dict)] if isinstance(people, list) else []


def _excel_date(text):
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else text
    except ValueError:
        return text  # shown as it is; the import names it


def _excel_time(text):
    when = _parse_time(text)
    return when if when is not None else text


def write_audit_sheet(book, choices_ws, descriptor: dict | None, carry: bool):
    """The sheet 审核信息 (pre-filled from `descriptor` unless it is None) and its role list,
    appended to the sheet of drop-down lists."""
    ws = book.create_sheet(AUDIT_SHEET)
    values, people = sheet_values(descriptor, carry)
    for j, head in enumerate(ITEM_HEAD, start=1):
        c = ws.cell(1, j, head)
        c.font, c.fill, c.alignment, c.border = Font(bold=True), HEADER_FILL, HEADER_ALIGN, BOX
    ws.cell(1, KEY_COLUMN, "key")
    for r, item in enumerate(ITEMS, start=2):
        label = ws.cell(r, 1, item.label)
        label.font, label.border, label.alignment = Font(bold=True), BOX, MIDDLE
        value = ws.cell(r, 2, values.get(item.key))
        value.protection, value.border, value.alignment = UNLOCKED, BOX, Alignment(vertical="center", horizontal="left")
        value.number_format = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(item.kind, TEXT_FORMAT)
        note = ws.cell(r, 3, item.note)
        note.border, note.alignment = BOX, MIDDLE
        ws.cell(r, KEY_COLUMN, item.key)
        ws.add_data_validation(_item_rule(item, f"B{r}"))
        fit_height(ws, r, [(item.note, WIDTHS[2])])
    head_row = len(ITEMS) + 3
    field_row, first = head_row + 2, head_row + 3
    title = ws.cell(head_row, 1, CONTRIBUTOR_TITLE)
    title.font, title.alignment = Font(bold=True, size=12), Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(start_row=head_row, start_column=1, end_row=head_row, end_column=len(WIDTHS))
    fit_height(ws, head_row, [(CONTRIBUTOR_TITLE, sum(WIDTHS) * 0.9)])
    for j, f in enumerate(CONTRIBUTOR_FIELDS, start=1):
        c = ws.cell(head_row + 1, j, f.title + (" *" if f.required else ""))
        c.font, c.fill, c.alignment, c.border = Font(bold=True), REQUIRED_FILL if f.required else HEADER_FILL, HEADER_ALIGN, BOX
        ws.cell(field_row, j, f.name).font = Font(color="808080", size=8, italic=True)
    ws.row_dimensions[field_row].hidden = True
    for r, person in enumerate(people, start=first):
        roles = person.get("roles", [person["role"]] if "role" in person else [])  # Frictionless v1 has one `role`
        shown = {"title": person.get("title"), "organization": person.get("organization"),
                 "roles": "、".join(role_label(str(x)) for x in roles) if isinstance(roles, list) else roles}
        for j, f in enumerate(CONTRIBUTOR_FIELDS, start=1):
            cell = ws.cell(r, j, shown[f.name])
            cell.number_format, cell.border = TEXT_FORMAT, BOX
    for j, width in enumerate(WIDTHS, start=1):
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = width
        dim.protection = UNLOCKED  # the contributors' rows; the header and item cells keep their lock
    for r in range(first, first + len(people)):
        for j in range(1, len(CONTRIBUTOR_FIELDS) + 1):
            ws.cell(r, j).protection = UNLOCKED
    ws.column_dimensions[get_column_letter(KEY_COLUMN)].hidden = True
    ws.add_data_validation(_role_rule(_role_list(choices_ws), f"B{first}:B{LAST_CONTRIBUTOR_ROW}"))
    for_print(ws, landscape=False)
    ws.print_options.gridLines = True  # printed, the contributors' table is a form to write on
    ws.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows"):
        setattr(ws.protection, option, False)  # False: allowed while the sheet is protected
    return ws


def _role_list(choices_ws) -> str:
    j = choices_ws.max_column + 1
    letter = get_column_letter(j)
    head = choices_ws.cell(1, j, f"{AUDIT_SHEET}·角色")
    head.font, head.fill, head.alignment, head.border = Font(bold=True), HEADER_FILL, HEADER_ALIGN, BOX
    for i, label in enumerate(ROLES.values(), start=2):
        choices_ws.cell(i, j, label)
    choices_ws.column_dimensions[letter].width = 16
    return f"{quote_sheetname(choices_ws.title)}!${letter}$2:${letter}${len(ROLES) + 1}"


def _finish(dv: DataValidation, title: str, prompt: str, cell: str) -> DataValidation:
    dv.allow_blank, dv.showErrorMessage, dv.showInputMessage = True, True, True
    dv.errorTitle, dv.promptTitle, dv.prompt = "输入无效 / invalid entry", title, prompt
    dv.add(cell)
    return dv


def _item_rule(item: Item, cell: str) -> DataValidation:
    if item.kind == "boolean":
        dv = DataValidation(type="list", formula1='"是,否"')
        dv.error = "请选择 是 或 否 / choose 是 (yes) or 否 (no)"
    elif item.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="32874", formula2="73415")  # 1990-01-01 – 2100-12-31
        dv.error = "请填写日期，如 2025-06-30 / enter a date, e.g. 2025-06-30"
    else:
        # a date-time is a day serial with a fraction; Excel's date rule is meant for whole days
        dv = DataValidation(type="decimal", operator="between", formula1="32874", formula2="73416")
        dv.error = "请填写日期或日期时间，如 2025-11-20 / enter a date or date-time, e.g. 2025-11-20"
    return _finish(dv, item.label, item.note[:250], cell)


def _role_rule(formula: str, cells: str) -> DataValidation:
    dv = DataValidation(type="list", formula1=formula)
    # a warning, not a stop: a person with two roles is typed as 审核组长、评审专家
    dv.errorStyle = "warning"
    dv.error = "请从下拉列表中选择角色；多个角色用“、”分隔 / choose a role from the list; separate several with 、"
    return _finish(dv, "角色", "从列表选择；一人多个角色时用“、”分隔", cells)


def audit_explanation() -> tuple[str, list[list[str]]]:
    """The sheet's section on the sheet 说明: its title and one row per item and column (the
    columns of the other sections: where, 中文名称, id, English, unit, required, values, note)."""
    allowed = {"date": "日期，YYYY-MM-DD", "datetime": "日期或日期时间（UTC），YYYY-MM-DD [hh:mm:ss]", "boolean": "是/否"}
    rows = [[f"B{r}", item.label, item.key, item.label_en, "—", "", allowed[item.kind], item.note] for r, item in enumerate(ITEMS, start=2)]
    for j, f in enumerate(CONTRIBUTOR_FIELDS, start=1):
        values = f"从列表选择：{readable_roles()}" if f.name == "roles" else "文本"
        rows.append([get_column_letter(j), f.title, f"contributors.{f.name}", f.title_en, "—", "是" if f.required else "", values, f.note])
    text = (f"工作表“{AUDIT_SHEET}”（{AUDIT_SHEET_ID}）：审核信息，即数据包的审核元数据：上方每行一项（B 列填写），下方的审核组织与人员表每行一个单位或个人 / "
            "Audit information, the package's audit metadata: one item a row at the top (fill in column B), below it the contributors, one organisation or person a row")
    return text, rows


# --- reading ----------------------------------------------------------------------------------------
@dataclass
class AuditInfo:
    """What the sheet says: the descriptor keys it sets, in the project's order."""

    metadata: dict
    fictional: bool


def _parse_time(value) -> dt.datetime | None:
    """A UTC time (naive) from an Excel date-time, a date, or ISO text (a zone is converted)."""
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    # a date-time stored as a day fraction comes back a few microseconds off
    return (when + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _shown(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_audit_sheet(ws, sheet_name: str, findings: list[SheetFinding]) -> AuditInfo | None:
    """The sheet's metadata; None (with findings) when any of it is wrong."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    before = len(findings)
    by_key = {item.key: item for item in ITEMS}
    found: dict[str, tuple[int, object]] = {}  # item key → (Excel row, value of column B)
    for i, row in enumerate(rows, start=1):
        for value in row[:1] + row[2:]:  # not the value column: a clerk's text is no key
            if isinstance(value, str) and value.strip() in by_key and value.strip() not in found:
                found[value.strip()] = (i, row[1] if len(row) > 1 else None)
    for item in ITEMS:
        if item.key not in found:
            findings.append(import_finding("audit-row-missing", sheet=sheet_name, field=item.key, header=item.label, title=item.label, title_en=item.label_en))
    values: dict[str, object] = {}
    for key, (r, raw) in found.items():
        item = by_key[key]
        where = dict(sheet=sheet_name, row=r, column="B", field=item.key, header=item.label, title=item.label, title_en=item.label_en, cell=_shown(raw))
        if _blank(raw):
            values[key] = None
        elif item.kind == "date":
            values[key] = _parse_date(raw)
            if values[key] is None:
                findings.append(import_finding("audit-not-date", **where))
        elif item.kind == "datetime":
            values[key] = _parse_time(raw)
            if values[key] is None:
                findings.append(import_finding("audit-not-time", **where))
        else:
            text = str(raw).strip().lower() if not isinstance(raw, bool) else ("是" if raw else "否")
            values[key] = {"是": True, "否": False, "true": True, "false": False}.get(text)
            if values[key] is None:
                findings.append(import_finding("audit-not-yes-no", **where))
    metadata: dict = {}
    start_key, end_key = f"{PERIOD_KEY}.start", f"{PERIOD_KEY}.end"
    start, end = values.get(start_key), values.get(end_key)
    if len(findings) == before and found.get(start_key) and found.get(end_key):
        if (start is None) != (end is None):
            missing = start_key if start is None else end_key
            findings.append(import_finding("audit-period-half", sheet=sheet_name, row=found[missing][0], column="B", field=missing,
                                           header=by_key[missing].label))
        elif start is not None and end < start:
            findings.append(import_finding("audit-period-order", sheet=sheet_name, row=found[end_key][0], column="B", field=end_key,
                                           header=by_key[end_key].label, start=start.isoformat(), end=end.isoformat()))
    people = _read_contributors(rows, sheet_name, findings)
    if len(findings) > before:
        return None
    if values.get("created") is not None:
        metadata["created"] = values["created"].strftime("%Y-%m-%dT%H:%M:%SZ")
    if people:
        metadata["contributors"] = people
    if start is not None:
        metadata[PERIOD_KEY] = {"start": start.isoformat(), "end": end.isoformat()}
    return AuditInfo(metadata, bool(values.get(FICTIONAL_KEY)))


def _read_contributors(rows: list[list], sheet_name: str, findings: list[SheetFinding]) -> list[dict]:
    names = {f.name for f in CONTRIBUTOR_FIELDS}
    at = next((i for i, row in enumerate(rows) if {"title", "roles"} <= {str(v).strip() for v in row if v is not None}), None)
    if at is None:
        findings.append(import_finding("audit-field-row-missing", sheet=sheet_name))
        return []
    positions = {str(v).strip(): j for j, v in enumerate(rows[at]) if v is not None and str(v).strip() in names}
    code_of = {label: code for code, label in ROLES.items()}
    people = []
    for k, row in enumerate(rows[at + 1:]):
        excel_row = at + 2 + k
        cells = {}
        for f in CONTRIBUTOR_FIELDS:
            j = positions.get(f.name)
            value = row[j] if j is not None and j < len(row) else None
            cells[f.name] = "" if _blank(value) else str(value).strip()
        if not any(cells.values()):
            continue
        person: dict = {}
        for f in CONTRIBUTOR_FIELDS:
            letter = get_column_letter(positions.get(f.name, 0) + 1)
            where = dict(sheet=sheet_name, row=excel_row, column=letter, field=f"contributors.{f.name}", header=f.title)
            text = cells[f.name]
            if not text:
                if f.required:
                    findings.append(import_finding("audit-cell-missing", **where, title=f.title, title_en=f.title_en))
                continue
            if f.name == "roles":
                parts = [text]
                for sep in ROLE_SEPARATORS:
                    parts = [q.strip() for p in parts for q in p.split(sep) if q.strip()]
                codes = [code_of.get(p, p) for p in parts]
                unknown = [p for p, c in zip(parts, codes) if c not in ROLES]
                if unknown:
                    findings.append(import_finding("audit-role-unknown", **where, cell="、".join(unknown), allowed=readable_roles()))
                person["roles"] = codes
            else:
                person[f.name] = text
        # the order the project writes a contributor in: title, roles, organization
        people.append({k: person[k] for k in ("title", "roles", "organization") if k in person})
    return people
