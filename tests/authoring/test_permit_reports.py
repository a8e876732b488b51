"""Import from the reports enterprises already file: samples made from the demo data import back
to the same emissions and energy rows; what cannot be mapped is listed by file and sheet!cell; an
unknown permit number or a report of another year writes nothing; an agency adapts the layout by
editing the column map, not code."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from generator.authoring import MapError, format_report_import, import_reports, write_samples

from ..csvedit import DATA, REPO, copy_data, snapshot

PARK, CYCLE = "yanglin-etdz", "2025"
MARKERS = {"emissions": "排污许可证执行报告", "energy": "205-1"}


def without_reported_rows(data):
    """The package with the rows the reports hold removed, as before an import."""
    package = data / PARK / CYCLE
    for table, marker in MARKERS.items():
        lines = (package / f"{table}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (package / f"{table}.csv").write_text("".join([lines[0]] + [ln for ln in lines[1:] if marker not in ln]), encoding="utf-8")
    return package


def rows(path):
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture()
def samples(tmp_path):
    return write_samples(DATA / PARK / CYCLE, tmp_path / "samples")


def test_samples_of_every_enterprise_import_to_the_rows_they_were_made_from(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    package = without_reported_rows(data)
    result = import_reports(samples, package)
    assert result.written, format_report_import(result)
    for table in MARKERS:
        assert rows(package / f"{table}.csv") == rows(DATA / PARK / CYCLE / f"{table}.csv"), table
    # the one row outside the schema's pollutants, in every permit report, is reported, by cell
    unmapped = result.notes
    permit_files = [p for p in samples if "permit-report" in p.name]
    assert len(unmapped) == len(permit_files) and all("硫化氢" in n.zh and n.where.startswith("实际排放量报表!E") for n in unmapped)
    assert "未能映射 / not mapped：" in format_report_import(result)


def test_importing_into_a_package_that_has_the_rows_updates_them_in_place(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    result = import_reports(samples, data / PARK / CYCLE)
    assert result.written and result.changes["emissions"][1] == 0 and result.changes["energy"][1] == 0
    for table in MARKERS:  # same values, same places: the same bytes
        assert (data / PARK / CYCLE / f"{table}.csv").read_bytes() == (DATA / PARK / CYCLE / f"{table}.csv").read_bytes()


def test_an_unknown_permit_number_writes_nothing(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    path = next(p for p in samples if p.name.startswith("YL006-permit"))
    book = load_workbook(path)
    book.active["F2"] = "许可证编号：91530127MA6ATJQM2C009X"
    book.save(path)
    before = snapshot(data)
    result = import_reports([path], data / PARK / CYCLE)
    assert result.has_errors and not result.written and snapshot(data) == before
    assert "91530127MA6ATJQM2C009X" in format_report_import(result)


def test_a_report_of_another_year_writes_nothing(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    path = next(p for p in samples if p.name.startswith("YL006-energy"))
    book = load_workbook(path)
    book.active["A3"] = "报告期：2024年"
    book.save(path)
    result = import_reports([path], data / PARK / CYCLE)
    assert result.has_errors and not result.written
    assert "2024" in format_report_import(result)


def test_a_workbook_of_no_known_layout_is_an_error(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["名称", "数量"])
    book.save(path)
    result = import_reports([path], data / PARK / CYCLE)
    assert result.has_errors and "report_layouts.csv" in format_report_import(result)


def test_an_agency_adapts_the_layout_in_the_column_map(tmp_path, samples):
    """Another export: the quarters without a year column, amounts in kg, other header words. Only
    data/reference/excel/ changes."""
    data = copy_data(tmp_path / "a", parks=(PARK,))
    package = without_reported_rows(data)
    path = next(p for p in samples if p.name.startswith("YL006-permit"))
    book = load_workbook(path)
    ws = book.active
    ws["E5"] = "污染物项目"
    ws.delete_cols(11)  # no 全年 column: the quarters must be added
    for r in range(7, ws.max_row + 1):  # kilograms
        for c in range(6, 11):
            if isinstance(ws.cell(r, c).value, float):
                ws.cell(r, c).value = round(ws.cell(r, c).value * 1000, 6)
                ws.cell(r, c).number_format = "0"
    ws["F5"], ws["G5"] = "许可排放量（kg/a）", "实际排放量（kg）"
    book.save(path)
    columns = data / "reference" / "excel" / "report_columns.csv"
    with columns.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    for row in table:
        if (row["layout"], row["role"]) == ("permit-annual", "actual"):
            row.update(headers="第一季度|第二季度|第三季度|第四季度", combine="sum")
        if (row["layout"], row["role"]) == ("permit-annual", "pollutant"):
            row["headers"] += "|污染物项目"
    with columns.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    with (data / "reference" / "excel" / "report_units.csv").open("a", encoding="utf-8") as fh:
        fh.write("kg/a,t,0.001\n")
    result = import_reports([path], package)
    assert result.written, format_report_import(result)
    want = [ln for ln in rows(DATA / PARK / CYCLE / "emissions.csv") if ln.startswith("YL006,")]
    got = [ln for ln in rows(package / "emissions.csv") if ln.startswith("YL006,")]
    # converted from kg: the same amounts, written without trailing zeros
    assert [ln.split(",")[:2] for ln in got] == [ln.split(",")[:2] for ln in want]
    assert [[float(x) if x else None for x in ln.split(",")[2:4]] for ln in got] == [[float(x) if x else None for x in ln.split(",")[2:4]] for ln in want]


def test_dry_run_reports_and_writes_nothing(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    package = without_reported_rows(data)
    before = snapshot(data)
    result = import_reports(samples, package, dry_run=True)
    assert not result.has_errors and not result.written and snapshot(data) == before


def test_a_broken_map_file_names_its_row(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    with (data / "reference" / "excel" / "pollutant_names.csv").open("a", encoding="utf-8") as fh:
        fh.write("烟尘,颗粒物,PM\n")
    with pytest.raises(MapError, match="pollutant_names.csv"):
        import_reports(samples, data / PARK / CYCLE)


def test_the_committed_samples_are_what_the_generator_makes(tmp_path):
    """docs/guide/samples/ is linked from the guide; it must follow the layouts and the code."""
    made = write_samples(DATA / PARK / CYCLE, tmp_path, ["YL006"])
    committed = sorted((REPO / "docs" / "guide" / "samples").glob("*.xlsx"))
    assert [p.name for p in committed] == sorted(p.name for p in made)
    for path in made:
        assert path.read_bytes() == (REPO / "docs" / "guide" / "samples" / path.name).read_bytes(), (
            f"run: parkaudit report-samples data/{PARK}/{CYCLE} --out docs/guide/samples --enterprise YL006")


def test_cli(tmp_path, samples):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    package = without_reported_rows(data)
    permit = [str(p) for p in samples if "YL006" in p.name]
    proc = subprocess.run([sys.executable, "-m", "generator", "import-permit-report", *permit, str(package)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "硫化氢" in proc.stdout and "已导入 / imported" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "generator", "import-permit-report", str(tmp_path / "none.xlsx"), str(package)], capture_output=True, text=True)
    assert proc.returncode == 2
    out = tmp_path / "s"
    proc = subprocess.run([sys.executable, "-m", "generator", "report-samples", str(DATA / PARK / CYCLE), "--out", str(out), "--enterprise", "YL001"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and (out / "YL001-permit-report-2025.xlsx").is_file(), proc.stderr
