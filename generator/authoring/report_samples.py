"""Sample report workbooks made from a package's own data, in the layouts report_layouts.csv
describes: the actual-emissions table of a permit execution report and the energy form 205-1.

No real export was available (docs/guide/excel.md): these samples show the layout the column map
expects and let the import be tested end to end. Each enterprise's rows whose source names the
document become one workbook. Air pollutants are split over two outlets and every outlet's year
over four quarters (the import adds outlets and reads the year column); water pollutants go to
the main wastewater outlet; a total row per pollutant and a pollutant outside the schema (硫化氢)
show what the import skips and reports. The splits keep the decimals of the package, so the
import gives back its text exactly.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from generator.authoring.labels import sheet_plan
from generator.authoring.sheet_style import for_print
from generator.core import workbook_bytes

WATER = ("COD", "NH3-N", "TN", "TP")
PERMIT_SOURCE, ENERGY_SOURCE = "排污许可证执行报告", "205-1"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(total: str, shares: list[str]) -> list[Decimal]:
    """`total` in parts by shares, at the decimals of `total`; the last part takes the rest."""
    value = Decimal(total)
    step = Decimal(1).scaleb(value.as_tuple().exponent)
    parts = [(value * Decimal(s)).quantize(step, rounding=ROUND_HALF_UP) for s in shares[:-1]]
    return parts + [value - sum(parts, Decimal(0))]


def _put(ws, row: int, col: int, value, decimals: int | None = None):
    cell = ws.cell(row, col, float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent) if decimals is None else decimals
        cell.number_format = "0" + ("." + "0" * places if places else "")
    cell.border = BOX
    return cell


def _head(ws, cells: list[tuple[str, str]]):
    for ref, text in cells:
        first = ref.split(":")[0]
        ws[first] = text
        if ":" in ref:
            ws.merge_cells(ref)
        ws[first].font, ws[first].alignment = Font(bold=True), CENTER


def permit_report(enterprise: dict, rows: list[dict], cycle: str, labels: dict[str, str]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "实际排放量报表"
    ws["A1"] = "排污许可证执行报告（年报） 实际排放量报表"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:L1")
    ws["A2"], ws["F2"] = f"单位名称：{enterprise['enterprise_name']}", f"许可证编号：{enterprise['permit_no']}"
    ws["A3"], ws["F3"] = f"报告年度：{cycle}年", f"统一社会信用代码：{enterprise['uscc']}"
    _head(ws, [("A5:A6", "序号"), ("B5:B6", "排放口类型"), ("C5:C6", "排放口编码"), ("D5:D6", "排放口名称"), ("E5:E6", "污染物种类"),
               ("F5:F6", "许可排放量（t/a）"), ("G5:K5", "实际排放量（t）"), ("G6", "第一季度"), ("H6", "第二季度"), ("I6", "第三季度"),
               ("J6", "第四季度"), ("K6", "全年"), ("L5:L6", "是否超过许可排放量")])
    r, n = 7, 0
    for row in rows:
        water = row["pollutant"] in WATER
        outlets = [("主要排放口", "DW001", "废水总排放口")] if water else [("主要排放口", "DA001", "1#排气筒"), ("一般排放口", "DA002", "2#排气筒")]
        amounts = [Decimal(row["actual"])] if water else _split(row["actual"], ["0.6", "0.4"])
        for i, ((kind, code, name), amount) in enumerate(zip(outlets, amounts)):
            n += 1
            quarters = _split(format(amount, "f"), ["0.25", "0.25", "0.25", "0.25"])
            values = [n, kind, code, name, labels.get(row["pollutant"], row["pollutant"])]
            for c, v in enumerate(values, start=1):
                _put(ws, r, c, v)
            _put(ws, r, 6, Decimal(row["permitted"]) if (i == 0 and row["permitted"]) else None)
            for c, q in enumerate(quarters, start=7):
                _put(ws, r, c, q)
            _put(ws, r, 11, amount)
            over = bool(row["permitted"]) and Decimal(row["actual"]) > Decimal(row["permitted"])
            _put(ws, r, 12, ("是" if over else "否") if i == 0 else None)  # judged for the enterprise, on its main outlet
            r += 1
    n += 1
    for c, v in enumerate([n, "一般排放口", "DA002", "2#排气筒", "硫化氢"], start=1):
        _put(ws, r, c, v)
    _put(ws, r, 11, Decimal("0.012"))
    r += 1
    for row in rows:  # the whole plant, as the report adds it up: skipped by the import
        _put(ws, r, 1, "全厂合计")
        _put(ws, r, 5, labels.get(row["pollutant"], row["pollutant"]))
        _put(ws, r, 11, Decimal(row["actual"]))
        r += 1
    for col, width in zip("ABCDEFGHIJKL", (9, 12, 11, 14, 14, 14, 10, 10, 10, 10, 10, 12)):
        ws.column_dimensions[col].width = width
    for_print(ws, landscape=True)
    return workbook_bytes(book)


def energy_form(enterprise: dict, rows: list[dict], cycle: str, units: dict[str, str]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "能源购进、消费与库存"
    ws["A1"] = "工业企业能源购进、消费与库存（205-1表）"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:K1")
    ws["A2"], ws["F2"] = f"统一社会信用代码：{enterprise['uscc']}", f"单位详细名称：{enterprise['enterprise_name']}"
    ws["A3"] = f"报告期：{cycle}年"
    _head(ws, [("A4:A5", "能源名称"), ("B4:B5", "计量单位"), ("C4:C5", "年初库存量"), ("D4:E4", "购进量"), ("D5", "实物量"),
               ("E5", "金额（千元）"), ("F4:I4", "消费量"), ("F5", "工业生产消费"), ("G5", "其中：用作原材料"), ("H5", "非工业生产消费"),
               ("I5", "合计"), ("J4:J5", "年末库存量"), ("K4:K5", "备注")])
    r = 6
    for row in rows:
        industrial, other = _split(row["quantity"], ["0.9", "0.1"])
        total = Decimal(row["quantity"])
        _put(ws, r, 1, row["energy_type"])
        _put(ws, r, 2, units.get(row["unit"], row["unit"]))
        _put(ws, r, 3, None)
        _put(ws, r, 4, total)
        _put(ws, r, 5, None)
        _put(ws, r, 6, industrial)
        _put(ws, r, 7, None)
        _put(ws, r, 8, other)
        _put(ws, r, 9, total)
        _put(ws, r, 10, None)
        _put(ws, r, 11, None)
        r += 1
    _put(ws, r, 1, "能源合计（吨标准煤）")
    for col, width in zip("ABCDEFGHIJK", (22, 10, 10, 10, 10, 12, 14, 14, 10, 10, 8)):
        ws.column_dimensions[col].width = width
    for_print(ws, landscape=True)
    return workbook_bytes(book)


def write_samples(package: Path, out: Path, enterprise_ids: list[str] | None = None) -> list[Path]:
    """Both sample layouts for the given enterprises (default: all) whose rows came from the
    documents; returns the files written."""
    package, out = Path(package), Path(out)
    plan = sheet_plan(package.parent.parent)
    emissions, energy = _rows(package / "emissions.csv"), _rows(package / "energy.csv")
    cycle = package.name
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for e in _rows(package / "enterprises.csv"):
        if enterprise_ids is not None and e["enterprise_id"] not in enterprise_ids:
            continue
        mine = [r for r in emissions if r["enterprise_id"] == e["enterprise_id"] and PERMIT_SOURCE in r["source"]]
        if mine and e["permit_no"]:
            path = out / f"{e['enterprise_id']}-permit-report-{cycle}.xlsx"
            path.write_bytes(permit_report(e, mine, cycle, plan.codes))
            written.append(path)
        used = [r for r in energy if r["enterprise_id"] == e["enterprise_id"] and ENERGY_SOURCE in r["source"]]
        if used:
            path = out / f"{e['enterprise_id']}-energy-205-1-{cycle}.xlsx"
            path.write_bytes(energy_form(e, used, cycle, plan.codes))
            written.append(path)
    return written
