"""A filled-in workbook → data/<park>/<cycle>/, validated first; a bad workbook writes nothing.

Sheets are found by their Chinese name or their table id (审核信息 or audit_info for the audit
metadata, see audit_sheet); columns by the field ids of the hidden field row (row 3 of the
template, row 2 of the older one), in any order. Each data row remembers
its Excel row, so every finding, the importer's own and validation's, names the sheet and cell
the clerk sees (sheet_findings). The package is written to a staging data root beside copies of
the park's other cycles (so the checks against the previous cycle run), validated there, and
moved into place only when it has no errors.

A re-imported package keeps of the one it replaces only its draft status, which only `parkaudit
finalise` changes. A workbook without the sheet 审核信息 (made before it existed) also keeps the
audit metadata and the demo flag of that package, or takes them from the park's last cycle for a
new one, and says so in a warning.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.authoring.audit_sheet import AUDIT_SHEET, AUDIT_SHEET_ID, FICTIONAL_KEY, METADATA_KEYS, AuditInfo, read_audit_sheet
from generator.authoring.cells import csv_text
from generator.authoring.labels import Sheet, SheetPlan, sheet_plan
from generator.authoring.sheet_findings import Placement, SheetFinding, counts, import_finding, in_sheets, ordered
from generator.authoring.workbook import CHOICES_SHEET, INFO_SHEET
from generator.core import DESCRIPTOR, SHARED_FOLDERS, STATUS_KEY, build_descriptor, park_cycles, replace_dir, write_descriptor
from generator.validate import ERROR

FIELD_ROW_SCAN = 10  # the field row is looked for in this many rows at the top of a sheet


class ImportError_(Exception):
    """The workbook cannot be read at all, or the target is refused (exit status 1)."""


@dataclass
class ImportResult:
    target: Path
    findings: list[SheetFinding] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[SheetFinding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[SheetFinding]:
        return [f for f in self.findings if f.severity != ERROR]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def counts(self) -> tuple[int, int]:
        return counts(self.findings)


def _is_audit_sheet(name: str) -> bool:
    return name.strip() == AUDIT_SHEET or name.strip().lower() == AUDIT_SHEET_ID


def _match_sheets(names: list[str], plan: SheetPlan, findings: list[SheetFinding]) -> dict[str, str]:
    """table → the workbook's sheet for it (by Chinese name or table id); the sheet 审核信息 is
    found under the key AUDIT_SHEET_ID."""
    found: dict[str, str] = {}
    by_name = {}
    for sheet in plan.sheets:
        by_name[sheet.name] = sheet.table
        by_name[sheet.table.lower()] = sheet.table
    for name in names:
        key = name.strip()
        table = AUDIT_SHEET_ID if _is_audit_sheet(name) else by_name.get(key) or by_name.get(key.lower())
        if table is None:
            if key not in (INFO_SHEET, CHOICES_SHEET):
                known = "、".join(f"{s.name}/{s.table}" for s in plan.sheets)
                findings.append(import_finding("sheet-unknown", sheet=name, known=known))
            continue
        if table in found:
            findings.append(import_finding("sheet-twice", sheet=found[table], other=name, table=table))
            continue
        found[table] = name
    for sheet in plan.sheets:
        if sheet.table not in found:
            findings.append(import_finding("sheet-missing", sheet=sheet.name, table=sheet.table))
    return found


def _field_row(rows: list[tuple], sheet: Sheet) -> int | None:
    """The index of the row of field ids: the top row where most filled cells are field ids."""
    names = {c.name for c in sheet.columns}
    best, best_hits = None, 0
    for i, row in enumerate(rows[:FIELD_ROW_SCAN]):
        texts = [str(c.value).strip() for c in row if c.value is not None and str(c.value).strip()]
        hits = sum(1 for t in texts if t in names)
        if hits > best_hits and hits * 2 >= len(texts):
            best, best_hits = i, hits
    return best


def _read_sheet(ws, formulas_ws, sheet: Sheet, sheet_name: str, findings: list[SheetFinding]) -> tuple[Placement, list[list[str]]]:
    place = Placement(sheet, sheet_name)
    rows = list(ws.iter_rows())
    at = _field_row(rows, sheet)
    if at is None:
        findings.append(import_finding("field-row-missing", sheet=sheet_name))
        return place, []
    positions: dict[str, int] = {}
    for j, cell in enumerate(rows[at]):
        text = str(cell.value).strip() if cell.value is not None else ""
        if not text:
            continue
        letter = get_column_letter(j + 1)
        if sheet.column(text) is None:
            findings.append(import_finding("column-unknown", sheet=sheet_name, row=at + 1, column=letter, cell=text))
        elif text in positions:
            findings.append(import_finding("column-twice", sheet=sheet_name, row=at + 1, column=letter, field=text,
                                           other=get_column_letter(positions[text] + 1)))
        else:
            positions[text] = j
    for col in sheet.columns:
        if col.name not in positions:
            findings.append(import_finding("column-missing", sheet=sheet_name, field=col.name, header=col.title, title=col.title, title_en=col.title_en))
        else:
            place.letters[col.name] = get_column_letter(positions[col.name] + 1)
    formula_rows = list(formulas_ws.iter_rows(min_row=at + 2, values_only=True)) if formulas_ws is not None else []
    records = []
    for k, row in enumerate(rows[at + 1:]):
        excel_row = at + 2 + k
        cells = {}
        for col in sheet.columns:
            j = positions.get(col.name)
            cell = row[j] if j is not None and j < len(row) else None
            value = cell.value if cell is not None else None
            if cell is not None and getattr(cell, "data_type", None) == "e":
                findings.append(import_finding("cell-error", sheet=sheet_name, row=excel_row, column=place.letters[col.name],
                                               field=col.name, header=col.title, cell=value))
                value = None
            elif value is None and j is not None and k < len(formula_rows) and j < len(formula_rows[k]):
                formula = formula_rows[k][j]
                if isinstance(formula, str) and formula.startswith("="):
                    findings.append(import_finding("formula-no-value", sheet=sheet_name, row=excel_row, column=place.letters[col.name],
                                                   field=col.name, header=col.title, formula=formula))
            cells[col.name] = csv_text(value, col, getattr(cell, "number_format", None))
        if not any(cells.values()):
            continue  # Excel keeps formatted empty rows; they are not data
        place.excel_rows.append(excel_row)
        records.append([cells[c.name] for c in sheet.columns])
    return place, records


@dataclass
class WorkbookContent:
    places: dict[str, Placement]  # table → where its rows came from
    tables: dict[str, list[list[str]]]  # table → its rows as CSV text
    findings: list[SheetFinding]  # about the tables: errors here stop the import before validation
    audit_sheet: str | None = None  # the name of the sheet 审核信息, if the workbook has one
    audit: AuditInfo | None = None  # what it says (None if it is missing or wrong)
    # about the sheet 审核信息: its errors stop the writing, not the validation of the tables, so
    # that the clerk sees every typo at once
    audit_findings: list[SheetFinding] = field(default_factory=list)

    def sheet_order(self, plan: SheetPlan) -> list[str]:
        return [self.places[s.table].sheet_name for s in plan.sheets if s.table in self.places] + [self.audit_sheet or ""]


def read_workbook(path: Path, plan: SheetPlan) -> WorkbookContent:
    """Each table's rows as CSV text, where they came from, the audit metadata, and what is wrong
    with the workbook."""
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same clear message
        raise ImportError_(f"无法读取 Excel 文件 / cannot read the workbook {path}: {exc}") from exc
    content = WorkbookContent({}, {}, [])
    try:
        for table, name in _match_sheets(values.sheetnames, plan, content.findings).items():
            if table == AUDIT_SHEET_ID:
                content.audit_sheet = name
                content.audit = read_audit_sheet(values[name], name, content.audit_findings)
                continue
            place, records = _read_sheet(values[name], formulas[name], plan.sheet(table), name, content.findings)
            content.places[table], content.tables[table] = place, records
    finally:
        values.close()
        formulas.close()
    return content


def _csv_bytes(sheet: Sheet, records: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in sheet.columns])
    writer.writerows(records)
    return buf.getvalue().encode("utf-8")


def _earlier_descriptor(target: Path) -> tuple[Path | None, dict]:
    """The package the import replaces or, for a new cycle, the park's latest cycle (None, {} if
    there is neither): what an import without the sheet 审核信息 borrows from."""
    sources = [target] if (target / DESCRIPTOR).is_file() else [target.parent / c for c in reversed(park_cycles(target.parent))]
    for folder in sources:
        try:
            return folder, json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None, {}


def _descriptor_keys(target: Path, content: WorkbookContent) -> tuple[bool, dict]:
    """(demo flag, the audit metadata and draft status in the order the project writes them):
    from the sheet 审核信息, or, in a workbook without it, from the earlier descriptor (a new
    cycle starts with the last audit team), which a warning then names."""
    folder, earlier = _earlier_descriptor(target)
    if content.audit is not None:
        fictional, metadata = content.audit.fictional, content.audit.metadata
    else:
        fictional, metadata = bool(earlier.get(FICTIONAL_KEY, False)), earlier
        if folder is None:
            zh, en = "均未填写（没有可沿用的周期）", "are left out (there is no cycle to take them from)"
        elif folder == target:
            zh, en = f"沿用被覆盖的数据包 {folder.as_posix()}", f"are kept from the package it replaces, {folder.as_posix()}"
        else:
            zh, en = f"沿用该园区最近的周期 {folder.as_posix()}", f"are taken from the park's latest cycle, {folder.as_posix()}"
        content.audit_findings.append(import_finding("audit-sheet-missing", source_zh=zh, source_en=en))
    keys = {k: metadata[k] for k in METADATA_KEYS if k in metadata}
    if folder == target and STATUS_KEY in earlier:
        keys[STATUS_KEY] = earlier[STATUS_KEY]
    return fictional, keys


def stage_root(data_root: Path, target: Path, tmp: Path) -> Path:
    """A staging data root: the shared folders and the park's other cycles, beside the package."""
    root = Path(tmp) / "data"
    for name in SHARED_FOLDERS:
        shutil.copytree(data_root / name, root / name)
    park = target.parent
    for cycle in park_cycles(park) if park.is_dir() else []:
        if cycle != target.name:
            shutil.copytree(park / cycle, root / park.name / cycle)
    stage = root / park.name / target.name
    stage.mkdir(parents=True)
    return stage


def move_into_place(stage: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.incoming-{os.getpid()}")
    shutil.copytree(stage, incoming)  # the staging folder may be on another filesystem
    replace_dir(incoming, target)


def import_workbook(workbook: Path, target: Path, *, replace: bool = False) -> ImportResult:
    """Write data/<park>/<cycle>/ from the workbook unless it has errors."""
    from generator.validate import validate_paths

    target = Path(target)
    data_root = target.parent.parent
    if target.exists() and not replace:
        raise ImportError_(f"{target} 已存在；要覆盖请加 --replace / already exists; add --replace to overwrite it")
    plan = sheet_plan(data_root)
    content = read_workbook(Path(workbook), plan)
    places, tables = content.places, content.tables
    wrong_audit_sheet = content.audit_sheet is not None and content.audit is None  # errors: validated, not written
    fictional, keys = _descriptor_keys(target, content) if not wrong_audit_sheet else (False, {})
    sheet_order = content.sheet_order(plan)
    result = ImportResult(target, ordered(content.findings + content.audit_findings, sheet_order))
    if any(f.severity == ERROR for f in content.findings):
        return result
    findings = content.findings + content.audit_findings
    with tempfile.TemporaryDirectory(prefix="parkaudit-import-") as tmp:
        stage = stage_root(data_root, target, Path(tmp))
        park_name = target.parent.name
        for sheet in plan.sheets:
            records = tables[sheet.table]
            (stage / f"{sheet.table}.csv").write_bytes(_csv_bytes(sheet, records))
            if sheet.table == "park" and records and records[0][[c.name for c in sheet.columns].index("park_name")]:
                park_name = records[0][[c.name for c in sheet.columns].index("park_name")]
        descriptor = build_descriptor(stage.parent.parent, target.parent.name, target.name, park_name, fictional=fictional)
        resources = descriptor.pop("resources")
        descriptor = {**descriptor, **keys, "resources": resources}  # before the resources, as the project writes them
        write_descriptor(stage, descriptor)
        report = validate_paths([stage])
        result.findings = ordered(findings + in_sheets(report.findings, places), sheet_order)
        if not result.has_errors:
            move_into_place(stage, target)
            result.written = True
    return result
