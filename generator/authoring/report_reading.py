"""One report workbook read by the column map: the header band (a row and the rows its merged
cells reach down to), the columns of each role, the enterprise from the heading or a column, and
the rows added up per enterprise and pollutant (or energy carrier), with a note for every row that
cannot be mapped. See permit_reports."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.authoring.cells import decimal_of, number_text
from generator.authoring.report_maps import Layout, ReportMaps, bracket_unit, norm
from generator.validate import ERROR, WARNING

HEADER_SCAN = 40  # rows searched for the header


@dataclass
class Note:
    """Something the import could not map or decide: by file and, where known, sheet!cell."""

    severity: str
    file: str
    where: str | None
    zh: str
    en: str

    def line(self) -> str:
        head = "错误" if self.severity == ERROR else "未映射"
        place = f"{self.file}" + (f" {self.where}" if self.where else "")
        return f"  {head} {place}\n      {self.zh}\n      {self.en}"


@dataclass
class Grid:
    """A sheet's values with merged cells filled in, and the number formats."""

    name: str
    values: list[list]
    formats: list[list]

    def text(self, r: int, c: int) -> str:
        v = self.values[r][c] if r < len(self.values) and c < len(self.values[r]) else None
        return "" if v is None else str(v).strip()


def read_grid(ws) -> Grid:
    values = [[c.value for c in row] for row in ws.iter_rows()]
    formats = [[c.number_format for c in row] for row in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        top = values[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(values) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(values))):
            for c in range(rng.min_col - 1, min(rng.max_col, len(values[r]))):
                values[r][c] = top
    return Grid(ws.title, values, formats)


def _merged_depth(ws, row: int) -> int:
    """The last row (1-based) that merged cells starting on `row` reach."""
    return max([rng.max_row for rng in ws.merged_cells.ranges if rng.min_row == row] + [row])


def _matches(spec: str, label_parts: list[str]) -> bool:
    want = [norm(p) for p in spec.split("/") if norm(p)]
    return bool(want) and [norm(p) for p in label_parts][-len(want):] == want


@dataclass
class Found:
    """Where the layout's roles are on a sheet."""

    header_end: int  # 0-based index of the last header row
    columns: dict[str, list[int]]  # role → column indexes (several for combine=sum)
    labels: dict[int, list[str]]
    heading: dict[str, str]  # role → value found in the heading above the table


def locate(ws, grid: Grid, layout: Layout) -> Found | None:
    main = "pollutant" if layout.table == "emissions" else "energy"
    specs = layout.roles.get(main, ([], ""))[0]
    for r in range(min(HEADER_SCAN, len(grid.values))):
        if not any(_matches(s, [grid.text(r, c)]) for c in range(len(grid.values[r])) for s in specs):
            continue
        end = _merged_depth(ws, r + 1) - 1
        labels = {}
        for c in range(max(len(grid.values[i]) for i in range(r, end + 1))):
            parts = []
            for i in range(r, end + 1):
                t = grid.text(i, c)
                if t and (not parts or parts[-1] != t):
                    parts.append(t)
            if parts:
                labels[c] = parts
        columns = {}
        for role, (headers, combine) in layout.roles.items():
            hits = []
            for spec in headers:
                cols = [c for c, parts in labels.items() if _matches(spec, parts)]
                if cols and combine != "sum":
                    hits = cols[:1]
                    break
                hits += [c for c in cols if c not in hits]
            if hits:
                columns[role] = hits
        heading = {}
        for role, (headers, _) in layout.roles.items():
            if role in columns:
                continue
            value = _heading_value(grid, r, headers)
            if value:
                heading[role] = value
        return Found(end, columns, labels, heading)
    return None


def _heading_value(grid: Grid, before: int, headers: list[str]) -> str | None:
    """'许可证编号：915301…' in one cell, or the label and its value in the next filled cell."""
    for r in range(before):
        row = grid.values[r]
        for c in range(len(row)):
            text = unicodedata.normalize("NFKC", grid.text(r, c))
            for spec in headers:
                if norm(text).startswith(norm(spec)):
                    rest = re.split(r"[:：]", text, maxsplit=1)
                    if len(rest) == 2 and rest[1].strip():
                        return rest[1].strip()
                    if norm(text) == norm(spec):
                        after = next((grid.text(r, k) for k in range(c + 1, len(row)) if grid.text(r, k) and grid.text(r, k) != grid.text(r, c)), None)
                        if after:
                            return after
    return None


@dataclass
class Mapped:
    """One report file read: the rows for the package and what could not be mapped."""

    file: str
    layout: str | None = None
    enterprise: str | None = None
    rows: dict = field(default_factory=dict)  # key → {column: Decimal or text}
    notes: list[Note] = field(default_factory=list)
    skipped: int = 0


def _year(text: str | None) -> str | None:
    m = re.search(r"(20[0-9]{2})", text or "")
    return m.group(1) if m else None


def _enterprise(found: Found, grid: Grid, r: int, layout: Layout, enterprises: list[dict]) -> tuple[str | None, str]:
    for key in layout.keys:
        cols = found.columns.get(key)
        value = grid.text(r, cols[0]) if cols else found.heading.get(key, "")
        value = value.strip()
        if not value:
            continue
        column = "permit_no" if key == "permit_no" else "uscc"
        match = next((e["enterprise_id"] for e in enterprises if e.get(column) and e[column] == value), None)
        return match, value
    return None, ""


def _cell_decimal(grid: Grid, r: int, c: int) -> Decimal | None:
    v = grid.values[r][c] if c < len(grid.values[r]) else None
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return Decimal(number_text(v, grid.formats[r][c]))
    return decimal_of(unicodedata.normalize("NFKC", str(v)).replace(",", "").strip())


def read_report(path: Path, maps: ReportMaps, enterprises: list[dict], cycle: str, layout_name: str | None = None) -> Mapped:
    """One report file → rows keyed like the package table, and notes."""
    out = Mapped(Path(path).name)
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same message
        out.notes.append(Note(ERROR, out.file, None, f"无法读取：{exc}", f"cannot be read: {exc}"))
        return out
    layouts = [maps.layouts[layout_name]] if layout_name else list(maps.layouts.values())
    for layout in layouts:
        sheets = [ws for ws in book.worksheets if any(s in ws.title for s in layout.sheets)] or book.worksheets
        for ws in sheets:
            grid = read_grid(ws)
            found = locate(ws, grid, layout)
            value_role = "actual" if layout.table == "emissions" else "quantity"
            if found and value_role in found.columns:
                out.layout = layout.name
                _read_rows(out, ws, grid, found, layout, maps, enterprises, cycle)
                return out
    out.notes.append(Note(ERROR, out.file, None, "没有一个工作表符合 report_layouts.csv 中的版式（找不到污染物/能源名称列及排放量/消费量列）",
                          "no sheet matches a layout of report_layouts.csv (no pollutant or energy column with an amount column)"))
    return out


def _read_rows(out: Mapped, ws, grid: Grid, found: Found, layout: Layout, maps: ReportMaps, enterprises: list[dict], cycle: str) -> None:
    def where(r, c=None):
        return f"{ws.title}!{get_column_letter(c + 1)}{r + 1}" if c is not None else f"{ws.title}!第{r + 1}行"

    year = _year(found.heading.get("year"))
    if year and year != cycle:
        out.notes.append(Note(ERROR, out.file, None, f"报告年度 {year} 与导入的审核年度 {cycle} 不一致", f"the report year {year} differs from the cycle {cycle}"))
        return
    source = layout.source.format(year=year or cycle)
    main = "pollutant" if layout.table == "emissions" else "energy"
    main_col = found.columns[main][0]
    unit_col = found.columns.get("unit", [None])[0]
    value_cols = found.columns["actual" if layout.table == "emissions" else "quantity"]
    for r in range(found.header_end + 1, len(grid.values)):
        texts = [grid.text(r, c) for c in range(len(grid.values[r]))]
        if not any(texts):
            continue
        if any(any(norm(s) in norm(t) for s in layout.skip) for t in texts if t):
            out.skipped += 1  # a total row: the rows it adds up are read one by one
            continue
        name = grid.text(r, main_col)
        if not name:
            continue
        enterprise, key = _enterprise(found, grid, r, layout, enterprises)
        if enterprise is None:
            out.notes.append(Note(ERROR, out.file, where(r), f"许可证编号或统一社会信用代码“{key}”不在企业名录中；请先登记该企业",
                                  f"the permit number or USCC '{key}' is not in the enterprise list; add the enterprise first"))
            continue
        out.enterprise = enterprise
        raw_unit = (grid.text(r, unit_col) if unit_col is not None else "") or bracket_unit(" ".join(found.labels.get(value_cols[0], []))) or layout.default_unit
        unit = maps.unit(raw_unit) if raw_unit else None
        if unit is None:
            out.notes.append(Note(WARNING, out.file, where(r, unit_col if unit_col is not None else value_cols[0]),
                                  f"单位“{raw_unit}”不在 report_units.csv 中，未导入该行", f"the unit '{raw_unit}' is not in report_units.csv; row not imported"))
            continue
        unit_code, factor = unit
        amounts = [_cell_decimal(grid, r, c) for c in value_cols]
        if all(a is None for a in amounts):
            out.notes.append(Note(WARNING, out.file, where(r, value_cols[0]), f"“{name}”没有数量，未导入", f"'{name}' has no amount; not imported"))
            continue
        amount = _scaled(sum((a for a in amounts if a is not None), Decimal(0)), factor)
        if layout.table == "emissions":
            code = maps.pollutant(name)
            if code is None:
                out.notes.append(Note(WARNING, out.file, where(r, main_col), f"污染物“{name}”不是数据包的污染物（{'、'.join(sorted(set(maps.pollutants.values())))}），未导入",
                                      f"the pollutant '{name}' is not one of the package's pollutants; not imported"))
                continue
            if unit_code != "t":
                out.notes.append(Note(WARNING, out.file, where(r), f"单位“{raw_unit}”不能换算为吨，未导入", f"the unit '{raw_unit}' does not convert to tonnes; not imported"))
                continue
            permitted_cols = found.columns.get("permitted", [])
            permitted = [_cell_decimal(grid, r, c) for c in permitted_cols]
            row = out.rows.setdefault((enterprise, code), {"actual": Decimal(0), "permitted": None, "source": source, "unit": ""})
            row["actual"] += amount
            for p in permitted:
                if p is not None:
                    row["permitted"] = (row["permitted"] or Decimal(0)) + _scaled(p, factor)
        else:
            carrier = maps.carrier(name)
            if carrier is None:
                out.notes.append(Note(WARNING, out.file, where(r, main_col), f"能源“{name}”不在折标系数表或 energy_names.csv 中，未导入",
                                      f"the energy carrier '{name}' is not in the coefficient table or energy_names.csv; not imported"))
                continue
            if (carrier, unit_code) not in maps.carriers:
                out.notes.append(Note(WARNING, out.file, where(r, unit_col), f"{carrier} 的单位“{raw_unit}”与折标系数表不一致，未导入",
                                      f"the unit '{raw_unit}' of {carrier} differs from the coefficient table; not imported"))
                continue
            if amount == 0:
                out.skipped += 1  # the form lists every carrier; a zero is no consumption
                continue
            row = out.rows.setdefault((enterprise, carrier), {"quantity": Decimal(0), "source": source, "unit": unit_code})
            row["quantity"] += amount


def _scaled(d: Decimal, factor: Decimal) -> Decimal:
    """An amount in the package's unit: as written when no conversion is needed (0.050 stays
    0.050), without trailing zeros when converted (2477600 kWh → 247.76)."""
    return d if factor == 1 else (d * factor).normalize()
