"""What park staff hold is Excel: a template workbook generated from the shared schemas, and an
importer from it to a data package.

Each table is a sheet named after it. Row 1 has the Chinese title and unit of each column for
people, row 2 the field names the importer reads, data starts on row 3. Enum and boolean columns
get drop-down lists. The importer writes the package to a staging folder, validates it, and
moves it into place only when it is valid: a bad workbook changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.core import TABLES, build_descriptor, load_shared_schema, replace_dir, write_descriptor

FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file: same inputs, same workbook
HEADER_FILL = PatternFill("solid", fgColor="DDEEEE")


class ImportError_(Exception):
    """The workbook cannot become a package (exit status 1)."""


def _label(f: dict) -> str:
    unit = f.get("unit", "-")
    req = "（必填）" if f.get("constraints", {}).get("required") else ""
    return f"{f.get('title', f['name'])}{'' if unit in ('-', '', None) else f' [{unit}]'}{req}"


def make_template(data_root: Path, out: Path, prefill: Path | None = None) -> Path:
    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for line in (
        "ParkAudit 数据填报模板 / data collection template",
        "每个工作表对应数据包中的一个数据表；第 1 行为中文说明，第 2 行为字段名（请勿修改），从第 3 行开始填写数据。",
        "Each sheet is one table; row 1 describes the columns, row 2 holds the field names (do not edit), data starts on row 3.",
        "空单元格表示未统计，不是 0。布尔值填 是/否。日期格式 YYYY-MM-DD。",
        "填写后运行 / then run: parkaudit import-excel <文件.xlsx> data/<园区代码>/<年度>",
    ):
        info.append([line])
    for table in TABLES:
        schema = load_shared_schema(data_root, table)
        ws = wb.create_sheet(table)
        fields = schema["fields"]
        ws.append([_label(f) for f in fields])
        ws.append([f["name"] for f in fields])
        for cell in ws[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        for cell in ws[2]:
            cell.font = Font(italic=True, color="666666")
        ws.freeze_panes = "A3"
        for i, f in enumerate(fields, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(12, min(40, len(_label(f)) * 2))
            options = f.get("constraints", {}).get("enum") or (["是", "否"] if f["type"] == "boolean" else None)
            if options and sum(len(str(o)) + 1 for o in options) < 250:
                dv = DataValidation(type="list", formula1='"' + ",".join(map(str, options)) + '"', allow_blank=True)
                dv.add(f"{letter}3:{letter}5000")
                ws.add_data_validation(dv)
        if prefill is not None:
            path = Path(prefill) / f"{table}.csv"
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    ws.append([_excel_value(row.get(f["name"], ""), f) for f in fields])
    wb.properties.created = wb.properties.modified = FIXED_TIME
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _excel_value(text: str, f: dict):
    if text == "":
        return None
    if f["type"] in ("number", "integer"):
        return int(text) if f["type"] == "integer" else float(text)
    if f["type"] == "boolean":
        return "是" if text in ("true", "是", "1") else "否"
    return text


def _csv_value(value, f: dict) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if f["type"] == "integer" and value.is_integer():
            return str(int(value))
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    if f["type"] == "boolean":
        return {"是": "true", "否": "false"}.get(text, text)
    return text


def _in_workbook_terms(report, book: str):
    """Findings about the staged CSVs, pointed at the workbook: the sheet of the same name, and the
    Excel row (one more than the CSV row, for the extra header row of field names)."""
    from generator.validate import Finding

    moved = []
    for f in report.findings:
        name = f.file.rsplit("/", 1)[-1]
        table = name[:-4] if name.endswith(".csv") else None
        moved.append(Finding(f.code, f"{book}[{table}]" if table else f"{book}", f.row + 1 if (table and f.row) else f.row, f.field, f.params))
    report.findings = moved
    return report


def import_workbook(workbook: Path, target: Path, *, replace: bool = False):
    """Write data/<park>/<cycle>/ from the workbook; returns the validation report."""
    from generator.validate import validate_paths

    target = Path(target)
    data_root = target.parent.parent
    if target.exists() and not replace:
        raise ImportError_(f"{target} 已存在；要覆盖请加 --replace / already exists; add --replace to overwrite it")
    try:
        wb = load_workbook(workbook, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same clear message
        raise ImportError_(f"无法读取 Excel 文件 / cannot read the workbook {workbook}: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="parkaudit-import-") as tmp:
        stage_root = Path(tmp) / "data"
        shutil.copytree(data_root / "schemas", stage_root / "schemas")
        shutil.copytree(data_root / "reference", stage_root / "reference")
        stage = stage_root / target.parent.name / target.name
        stage.mkdir(parents=True)
        park_name = target.parent.name
        for table in TABLES:
            fields = load_shared_schema(data_root, table)["fields"]
            names = [f["name"] for f in fields]
            if table not in wb.sheetnames:
                raise ImportError_(f"工作簿缺少工作表“{table}” / the workbook lacks the sheet '{table}'")
            rows = list(wb[table].iter_rows(values_only=True))
            header = [str(c).strip() if c is not None else "" for c in (rows[1] if len(rows) > 1 else [])]
            header = header[: len(names)] if header[len(names):] == [""] * len(header[len(names):]) else header
            if header != names:
                raise ImportError_(f"工作表“{table}”第 2 行的字段名与表结构不一致 / row 2 of sheet '{table}' must hold the field names: "
                                   f"expected {names}, found {header}")
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(names)
            for values in rows[2:]:
                values = list(values[: len(names)]) + [None] * (len(names) - len(values[: len(names)]))
                if all(v is None or str(v).strip() == "" for v in values):
                    continue  # Excel keeps formatted empty rows; they are not data
                writer.writerow([_csv_value(v, f) for v, f in zip(values, fields)])
                if table == "park" and values[names.index("park_name")]:
                    park_name = str(values[names.index("park_name")]).strip()
            (stage / f"{table}.csv").write_text(buf.getvalue(), encoding="utf-8")
        write_descriptor(stage, build_descriptor(stage_root, target.parent.name, target.name, park_name))
        report = validate_paths([stage])
        if report.has_errors:
            return _in_workbook_terms(report, Path(workbook).name)
        target.parent.mkdir(parents=True, exist_ok=True)
        incoming = target.with_name(f".{target.name}.incoming-{os.getpid()}")
        shutil.copytree(stage, incoming)  # the staging folder may be on another filesystem
        replace_dir(incoming, target)
        return report
