"""The Excel workbook and its importer, as a clerk uses them: a blank template filled in by hand
imports to the very package the figures came from (byte for byte, every table); typos are reported
by sheet!cell and Chinese column title, and a bad workbook writes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from generator.authoring import ImportError_, TemplateError, format_findings, import_workbook, make_template, template_bytes
from generator.core import TABLES

from ..csvedit import DATA, copy_data, snapshot
from .clerk import FIRST_DATA_ROW, audit_item_cell, contributor_cell, fill, set_by_title

PARK, CYCLE = "yanglin-etdz", "2025"
PARKS = ("yanglin-etdz", "anning-ip", "qujing-etdz", "kunming-hitech")
FILES = ("datapackage.json", *(f"{t}.csv" for t in TABLES))


def schema(table, root=DATA):
    return json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))


def sheet_name(table, root=DATA):
    return schema(table, root)["title"].split(" / ")[0]


def without_cycle(tmp_path, park=PARK, cycle=CYCLE):
    """A data root with the park's other cycles (the demo flag and the previous-cycle checks come
    from them) but not the cycle to import."""
    data = copy_data(tmp_path / "a", parks=(park,))
    shutil.rmtree(data / park / cycle)
    return data


def assert_same_package(got, want):
    """Every file byte for byte, the descriptor included: its audit metadata (who audited, when,
    the demo flag) comes from the sheet 审核信息, in the order the project writes it."""
    for name in FILES:
        assert (got / name).read_bytes() == (want / name).read_bytes(), name


# --- the template ---------------------------------------------------------------------------------
def test_sheets_headers_units_and_field_ids_come_from_the_schemas(tmp_path):
    book = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))
    assert book.sheetnames == ["说明", *(sheet_name(t) for t in TABLES), "审核信息", "可选值"]
    assert book.active.title == sheet_name("park")  # opens on the first table
    for table in TABLES:
        ws, fields = book[sheet_name(table)], schema(table)["fields"]
        titles = [c.value for c in ws[1]]
        assert titles == [f["title"] + (" *" if f.get("constraints", {}).get("required") else "") for f in fields], table
        assert [c.value for c in ws[3]] == [f["name"] for f in fields], table  # exact, for the import
        assert ws.row_dimensions[3].hidden and ws.freeze_panes == "B4" and ws.protection.sheet
        assert all(c.protection.locked for c in ws[1])  # the header locked, the data area open
        assert all(ws.column_dimensions[c.column_letter].protection.locked is False for c in ws[1])
    energy = book[sheet_name("energy")]
    assert [c.value for c in energy[2]] == [None, None, None, "见计量单位列", None]
    enterprises = book[sheet_name("enterprises")]
    assert enterprises["M2"].value == "万元" and enterprises["O2"].value == "人"  # not 10^4 CNY, person


def test_every_enum_boolean_number_and_date_column_has_excel_validation(tmp_path):
    book = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))
    choices = book["可选值"]
    lists = {choices.cell(1, j).value: [choices.cell(i, j).value for i in range(2, choices.max_row + 1) if choices.cell(i, j).value]
             for j in range(1, choices.max_column + 1)}
    for table in TABLES:
        ws = book[sheet_name(table)]
        rules = {str(r.sqref).split(":")[0]: r for r in ws.data_validations.dataValidation}
        for i, f in enumerate(schema(table)["fields"]):
            letter = ws.cell(3, i + 1).column_letter
            rule = rules.get(f"{letter}{FIRST_DATA_ROW}")
            cons = f.get("constraints", {})
            if "enum" in cons:
                assert rule.type == "list" and "可选值" in rule.formula1, (table, f["name"])
                assert len(lists[f"{sheet_name(table)}·{f['title']}"]) == len(cons["enum"])
            elif f["type"] == "boolean":
                assert rule.type == "list" and rule.formula1 == '"是,否"'
            elif f["type"] in ("number", "integer"):
                assert rule.type == ("whole" if f["type"] == "integer" else "decimal"), (table, f["name"])
                bounds = [b for b in (cons.get("minimum"), cons.get("maximum")) if b is not None]
                assert [float(x) for x in (rule.formula1, rule.formula2) if x is not None][: len(bounds)] == [float(b) for b in bounds] or not bounds
            elif f["type"] == "date":
                assert rule.type == "date"
            elif (table, f["name"]) == ("energy", "energy_type"):
                assert rule.type == "list"  # the carriers of the coefficient table
            else:
                assert rule is None, (table, f["name"])
    assert lists["清洁生产改进方案·针对的指标"][:2] == ["能源", "水资源"]  # Chinese, not energy/water
    assert lists["能源消费·计量单位"] == ["吨", "万立方米", "万千瓦时", "吉焦"]


def test_columns_are_wide_enough_for_their_chinese_titles(tmp_path):
    book = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))
    ws = book[sheet_name("park_facilities")]
    for cell in ws[1]:
        width = ws.column_dimensions[cell.column_letter].width
        chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in cell.value)
        assert width >= min(chars, 40) or ws.cell(1, cell.column).alignment.wrap_text, cell.value


def test_info_sheet_explains_every_table_and_field(tmp_path):
    ws = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))["说明"]
    text = "\n".join(" | ".join(str(c) for c in row if c is not None) for row in ws.iter_rows(values_only=True))
    for table in TABLES:
        assert f"工作表“{sheet_name(table)}”（{table}）" in text
        for f in schema(table)["fields"]:
            assert f"| {f['title']} | {f['name']} | {f['title_en']} |" in text, f["name"]
    assert "化学需氧量（COD）、氨氮（NH3-N）" in text  # readable allowed values, not a Python list
    assert "['" not in text


def test_the_template_follows_a_schema_change(tmp_path):
    data = copy_data(tmp_path / "a", parks=())
    s = schema("water", data)
    s["fields"].append({"name": "rain_water", "type": "number", "title": "雨水收集利用量", "title_en": "Rainwater used", "unit": "m3",
                        "constraints": {"minimum": 0}})
    (data / "schemas" / "water.json").write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")
    ws = load_workbook(make_template(data, tmp_path / "t.xlsx"))[sheet_name("water")]
    assert ws.cell(1, len(s["fields"])).value == "雨水收集利用量" and ws.cell(2, len(s["fields"])).value == "立方米"
    assert ws.cell(3, len(s["fields"])).value == "rain_water"


def test_same_inputs_give_the_same_bytes(tmp_path):
    first = template_bytes(DATA, fill=DATA / PARK / CYCLE)
    assert template_bytes(DATA, fill=DATA / PARK / CYCLE) == first
    path = tmp_path / "t.xlsx"
    path.write_bytes(first)
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_from_carries_over_into_the_next_cycle(tmp_path):
    book = load_workbook(make_template(DATA, tmp_path / "t.xlsx", carry=DATA / PARK / CYCLE))
    park = book[sheet_name("park")]
    values = {park.cell(3, c).value: park.cell(4, c).value for c in range(1, park.max_column + 1)}
    assert values["audit_year"] == 2026 and values["industrial_value_added"] is None and values["park_name"]
    assert book[sheet_name("enterprises")].cell(4, 1).value == "YL001"
    assert book[sheet_name("energy")].cell(4, 1).value is None  # a yearly table starts empty
    statuses = {c.value for c in book[sheet_name("measures")]["T"][3:] if c.value}
    assert statuses and not statuses & {"已完成", "已取消"}
    assert "parkaudit import-excel <文件.xlsx> data/yanglin-etdz/2026" in "\n".join(str(c.value) for c in book["说明"]["A"])


def test_from_a_draft_is_refused(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    from generator.authoring import new_cycle

    draft = new_cycle(data, PARK, "2026")
    with pytest.raises(TemplateError, match="--fill"):
        make_template(data, tmp_path / "t.xlsx", carry=draft)
    make_template(data, tmp_path / "t.xlsx", fill=draft)  # filling the draft itself is the way


# --- round trips ------------------------------------------------------------------------------------
@pytest.mark.parametrize("park", PARKS)
def test_a_blank_template_filled_by_a_clerk_imports_to_the_same_package(tmp_path, park):
    data = without_cycle(tmp_path, park)
    blank = make_template(DATA, tmp_path / "blank.xlsx")
    filled = fill(blank, DATA / park / CYCLE, DATA, tmp_path / "filled.xlsx")
    result = import_workbook(filled, data / park / CYCLE)
    assert not result.has_errors, format_findings(result.findings)
    assert result.written
    assert_same_package(data / park / CYCLE, DATA / park / CYCLE)


def test_a_new_park_imports_with_no_earlier_cycle(tmp_path):
    """No earlier cycle to borrow anything from: the workbook alone gives the whole package, the
    demo flag and the audit team included."""
    data = copy_data(tmp_path / "a", parks=())
    result = import_workbook(make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE), data / PARK / CYCLE)
    assert result.written, format_findings(result.findings)
    assert_same_package(data / PARK / CYCLE, DATA / PARK / CYCLE)


DEMO_PACKAGES = sorted((p.parent.name, p.name) for p in DATA.glob("*/[0-9]*") if (p / "datapackage.json").is_file())


@pytest.mark.parametrize(("park", "cycle"), DEMO_PACKAGES)
def test_a_prefilled_template_imports_unchanged(tmp_path, park, cycle):
    """Every demo package: template --fill → import → the same bytes, descriptor included."""
    data = without_cycle(tmp_path, park, cycle)
    result = import_workbook(make_template(DATA, tmp_path / "t.xlsx", fill=DATA / park / cycle), data / park / cycle)
    assert result.written, format_findings(result.findings)
    assert not [f for f in result.findings if f.code.startswith("audit-")]
    assert_same_package(data / park / cycle, DATA / park / cycle)


# one typo per table: (sheet's table, column title, Excel row, typo, the right value)
TYPOS = [
    ("park", "电网排放因子", 4, "0.57O3", 0.5703),
    ("enterprises", "排污许可管理类别", 4, "简化管里", "简化管理"),
    ("energy", "消费量", 17, "很多", None),
    ("water", "自来水取水量", 5, "5,947", 5947),  # YL002's tap water, written with a thousands separator
    ("emissions", "污染物", 5, "氨気", "氨氮"),
    ("solid_waste", "类别", 6, "一般固废", "一般工业固体废物"),
    ("carbon", "化石燃料燃烧排放", 4, -148.2, 148.2),  # YL001's, with a sign typo
    ("park_facilities", "环境风险防控体系建设完善度", 4, 1000, 100),
    ("measures", "开始日期", 5, "2023-13-14", None),
]
# and one per table of the sheet 审核信息: (item label or contributor column, contributor number or
# None for an item, typo, Chinese column title the finding names)
AUDIT_TYPOS = [
    ("审核期开始", None, "2025-04-31", "审核期开始"),
    ("角色", 3, "审核组员", "角色"),
]


def audit_typo_cell(ws, where, n):
    return audit_item_cell(ws, where) if n is None else contributor_cell(ws, where, n)


def test_one_typo_per_table_is_reported_by_sheet_cell_and_title_and_nothing_is_written(tmp_path):
    data = without_cycle(tmp_path)
    path = fill(make_template(DATA, tmp_path / "blank.xlsx"), DATA / PARK / CYCLE, DATA, tmp_path / "filled.xlsx")
    book = load_workbook(path)
    right = {}
    for table, title, row, typo, value in TYPOS:
        ws = book[sheet_name(table)]
        column = next(c for c in ws[1] if c.value.rstrip(" *") == title)
        cell = ws.cell(row, column.column)
        right[table] = (cell.coordinate, value if value is not None else cell.value, cell.number_format)
        cell.value = typo
    audit = book["审核信息"]
    for where, n, typo, _title in AUDIT_TYPOS:
        cell = audit_typo_cell(audit, where, n)
        right[(where, n)] = (cell.coordinate, cell.value, cell.number_format)
        cell.value = typo
    book.save(path)
    before = snapshot(data)

    result = import_workbook(path, data / PARK / CYCLE)
    assert snapshot(data) == before and not result.written
    errors = result.errors
    assert len(errors) == len(TYPOS) + len(AUDIT_TYPOS), format_findings(result.findings)
    for (table, title, _row, typo, _value), f in zip(TYPOS, errors):  # in the order of the sheets
        assert f.cell == f"{sheet_name(table)}!{right[table][0]}" and f.header == title, f
        assert str(typo) in f.message_zh and str(typo) in f.message_en
    for (where, n, typo, title), f in zip(AUDIT_TYPOS, errors[len(TYPOS):]):  # the sheet 审核信息 comes last
        assert f.cell == f"审核信息!{right[(where, n)][0]}" and f.header == title, f
        assert typo in f.message_zh and typo in f.message_en
    text = format_findings(result.findings)
    assert "可选值：化学需氧量（COD）、氨氮（NH3-N）" in text and "['" not in text

    book = load_workbook(path)
    for key, (coordinate, value, _fmt) in right.items():
        book["审核信息" if isinstance(key, tuple) else sheet_name(key)][coordinate] = value
    book.save(path)
    result = import_workbook(path, data / PARK / CYCLE)
    assert result.written, format_findings(result.findings)
    assert_same_package(data / PARK / CYCLE, DATA / PARK / CYCLE)


def test_sheets_may_be_named_by_their_table_id(tmp_path):
    data = without_cycle(tmp_path)
    path = make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)
    book = load_workbook(path)
    for table in TABLES:
        book[sheet_name(table)].title = table
    book["审核信息"].title = "audit_info"
    book.save(path)
    assert import_workbook(path, data / PARK / CYCLE).written
    assert_same_package(data / PARK / CYCLE, DATA / PARK / CYCLE)


def test_workbook_problems_name_the_sheet_and_write_nothing(tmp_path):
    data = without_cycle(tmp_path)
    path = make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)
    book = load_workbook(path)
    book[sheet_name("water")]["B3"] = "自来水"  # a changed field id
    book[sheet_name("energy")]["D5"] = "=D4*2"  # a formula openpyxl saves without a value
    del book[sheet_name("carbon")]
    book.create_sheet("备注")
    book.save(path)
    result = import_workbook(path, data / PARK / CYCLE)
    got = {(f.code, f.cell) for f in result.findings}
    assert ("column-unknown", f"{sheet_name('water')}!B3") in got
    assert ("column-missing", sheet_name("water")) in got
    assert ("formula-no-value", f"{sheet_name('energy')}!D5") in got
    assert ("sheet-missing", sheet_name("carbon")) in got
    assert ("sheet-unknown", "备注") in got
    assert [f.severity for f in result.findings] == sorted(f.severity for f in result.findings)  # errors first
    assert not (data / PARK / CYCLE).exists()


def test_import_into_a_draft_keeps_it_a_draft(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    from generator.authoring import new_cycle

    draft = new_cycle(data, PARK, "2026")
    path = make_template(data, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)
    book = load_workbook(path)
    ws = book[sheet_name("park")]
    # by its field id (row 3), not a fixed letter: a field added to the park schema moves the columns
    audit_year = next(c for c in ws[3] if c.value == "audit_year")
    ws.cell(FIRST_DATA_ROW, audit_year.column).value = 2026
    book.save(path)
    assert import_workbook(path, draft, replace=True).written
    descriptor = json.loads((draft / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["parkaudit:status"] == "draft" and descriptor["parkaudit:fictional"] is True


def test_cli_prints_errors_first_with_counts_and_exits_1(tmp_path):
    data = without_cycle(tmp_path)
    path = make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)
    set_by_title(path, sheet_name("energy"), "消费量", 17, "很多")
    book = load_workbook(path)
    book.create_sheet("备注")
    book.save(path)
    proc = subprocess.run([sys.executable, "-m", "generator", "import-excel", str(path), str(data / PARK / CYCLE)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr
    assert err.index("错误 / errors：1") < err.index("警告 / warnings：1")
    assert f"{sheet_name('energy')}!D17 “消费量”（quantity）" in err
    assert "1 个错误，1 个警告" in err and "nothing written" in err
    assert not (data / PARK / CYCLE).exists()


def test_cli_refuses_an_existing_package(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    path = make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)
    proc = subprocess.run([sys.executable, "-m", "generator", "import-excel", str(path), str(data / PARK / CYCLE)], capture_output=True, text=True)
    assert proc.returncode == 1 and "--replace" in proc.stderr


def test_cli_template_options(tmp_path):
    out = tmp_path / "t.xlsx"
    proc = subprocess.run([sys.executable, "-m", "generator", "template", "--data", str(DATA), "--from", str(DATA / PARK / CYCLE), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and out.is_file(), proc.stderr
    proc = subprocess.run([sys.executable, "-m", "generator", "template", "--from", str(tmp_path), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2 and "not a package folder" in proc.stderr


def test_unreadable_file_is_refused(tmp_path):
    data = without_cycle(tmp_path)
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(ImportError_, match="cannot read the workbook"):
        import_workbook(bad, data / PARK / CYCLE)

