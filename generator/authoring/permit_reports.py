"""Import from what enterprises already file: the actual-emissions table of a discharge-permit
execution report (排污许可证执行报告) and the energy form 205-1 (能源购进、消费与库存), read from
spreadsheets, onto the package's emissions and energy tables.

Real exports were not available when this was written; the layouts are described as data in
data/reference/excel/ so that an agency can adapt them without code (docs/guide/excel.md):
report_layouts.csv (which sheet, which table, what to skip), report_columns.csv (which header
means what; `combine=sum` adds several columns, e.g. quarters), pollutant_names.csv and
energy_names.csv (names → codes) and report_units.csv (units → the package's units, with a factor).

How a sheet is read: the header is the first row holding the pollutant (or energy) header,
together with the rows its merged cells reach down to; a column's label joins its header cells
('实际排放量（t）/全年'); a map header matches the last parts of a label, brackets ignored. The
enterprise comes from the permit number (or the USCC), in a column or in the heading above the
table ('许可证编号：…'). Rows of the same enterprise and pollutant (outlets) are added up. Every row
that cannot be mapped is reported by file and sheet!cell; nothing is written while there is an
error, and the package is validated before it is replaced.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.authoring.importer import ImportError_, move_into_place, stage_root
from generator.authoring.report_maps import load_maps
from generator.authoring.report_reading import Mapped, Note, read_report
from generator.validate import ERROR

KEYS = {"emissions": ("enterprise_id", "pollutant"), "energy": ("enterprise_id", "energy_type")}


def _text(d: Decimal | None) -> str:
    return "" if d is None else format(d, "f")


@dataclass
class ReportImport:
    target: Path
    reports: list[Mapped]
    changes: dict[str, tuple[int, int]] = field(default_factory=dict)  # table → (updated, added)
    findings: list = field(default_factory=list)  # validation findings of the staged package
    written: bool = False

    @property
    def notes(self) -> list[Note]:
        return [n for m in self.reports for n in m.notes]

    @property
    def has_errors(self) -> bool:
        return any(n.severity == ERROR for n in self.notes) or any(f.severity == ERROR for f in self.findings)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def merge_rows(table: str, header: list[str], rows: list[list[str]], new: dict) -> tuple[list[list[str]], int, int]:
    """The table with the reported rows: a row of the same key is updated in place, others are added."""
    key_at = [header.index(k) for k in KEYS[table]]
    index = {tuple(row[i] for i in key_at): n for n, row in enumerate(rows)}
    updated = added = 0
    out = [list(r) for r in rows]
    for key, values in new.items():
        record = dict(zip(KEYS[table], key))
        if table == "emissions":
            record.update(actual=_text(values["actual"]), permitted=_text(values["permitted"]), source=values["source"])
        else:
            record.update(unit=values["unit"], quantity=_text(values["quantity"]), source=values["source"])
        line = [record.get(h, "") for h in header]
        if key in index:
            out[index[key]] = line
            updated += 1
        else:
            out.append(line)
            added += 1
    return out, updated, added


def import_reports(files: list[Path], target: Path, *, layout: str | None = None, dry_run: bool = False) -> ReportImport:
    """Map the report files onto the package at `target` (data/<park>/<cycle>); write it unless
    something is an error or `dry_run`."""
    from generator.validate import validate_paths

    target = Path(target)
    if not (target / "datapackage.json").is_file():
        raise ImportError_(f"不是数据包文件夹 / not a package folder: {target}；请先运行 parkaudit new-cycle / run parkaudit new-cycle first")
    data_root = target.parent.parent
    maps = load_maps(data_root)
    if layout and layout not in maps.layouts:
        raise ImportError_(f"未知版式 / unknown layout '{layout}'; report_layouts.csv: {', '.join(maps.layouts)}")
    with (target / "enterprises.csv").open(encoding="utf-8", newline="") as fh:
        enterprises = list(csv.DictReader(fh))
    result = ReportImport(target, [read_report(Path(f), maps, enterprises, target.name, layout) for f in files])
    by_table: dict[str, dict] = {}
    for mapped in result.reports:
        if mapped.layout:
            by_table.setdefault(maps.layouts[mapped.layout].table, {}).update(mapped.rows)
    with tempfile.TemporaryDirectory(prefix="parkaudit-reports-") as tmp:
        stage = stage_root(data_root, target, Path(tmp))
        stage.rmdir()
        shutil.copytree(target, stage)
        for table, new in by_table.items():
            header, rows = _read_csv(stage / f"{table}.csv")
            rows, updated, added = merge_rows(table, header, rows, new)
            (stage / f"{table}.csv").write_bytes(_csv(header, rows))
            result.changes[table] = (updated, added)
        result.findings = validate_paths([stage]).findings
        if not result.has_errors and not dry_run and by_table:
            move_into_place(stage, target)
            result.written = True
    return result


def format_report_import(result: ReportImport) -> str:
    lines = []
    for m in result.reports:
        rows = len(m.rows)
        lines.append(f"{m.file}: 版式 / layout {m.layout or '—'}，企业 / enterprise {m.enterprise or '—'}，"
                     f"{rows} 行可导入 / rows mapped，{m.skipped} 行合计或零值已跳过 / total or zero rows skipped")
    notes = result.notes
    errors = [n for n in notes if n.severity == ERROR]
    unmapped = [n for n in notes if n.severity != ERROR]
    if errors:
        lines.append(f"错误 / errors：{len(errors)}")
        lines += [n.line() for n in errors]
    if unmapped:
        lines.append(f"未能映射 / not mapped：{len(unmapped)}")
        lines += [n.line() for n in unmapped]
    for table, (updated, added) in result.changes.items():
        lines.append(f"{table}.csv: 更新 {updated} 行，新增 {added} 行 / {updated} rows updated, {added} added")
    bad = [f for f in result.findings if f.severity == ERROR]
    if bad:
        lines.append(f"校验错误 / validation errors：{len(bad)}")
        for f in bad:
            lines.append(f"  {f.file} 第{f.row}行/row {f.row} {f.field or ''} [{f.code}]\n      {f.message_zh}\n      {f.message_en}")
    return "\n".join(lines)
