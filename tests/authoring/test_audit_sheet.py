"""The sheet 审核信息: the package's audit metadata (audit period, report date, demo flag, who
audited) in the workbook, written from a package and read back exactly; bad values are findings by
sheet!cell that write nothing; a workbook made before the sheet existed still imports, borrowing
the metadata as before and saying so."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from openpyxl import load_workbook

from generator.authoring import format_findings, import_workbook, make_template

from ..csvedit import DATA, copy_data, snapshot
from .clerk import AUDIT_ITEMS, audit_item_cell, contributor_cell

PARK, CYCLE = "yanglin-etdz", "2025"
SHEET = "审核信息"


def descriptor(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def without_cycle(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    shutil.rmtree(data / PARK / CYCLE)
    return data


def filled(tmp_path):
    return make_template(DATA, tmp_path / "t.xlsx", fill=DATA / PARK / CYCLE)


def edit(path, changes):
    """Type values into the sheet: {(item label | (column title, contributor number)): value}."""
    book = load_workbook(path)
    ws = book[SHEET]
    coordinates = {}
    for where, value in changes.items():
        cell = audit_item_cell(ws, where) if isinstance(where, str) else contributor_cell(ws, *where)
        cell.value = value
        coordinates[where] = cell.coordinate
    book.save(path)
    return coordinates


def test_the_role_labels_are_the_reports():
    """authoring may not import report, so the sheet keeps its own copy of the role labels."""
    from generator.authoring.audit_sheet import ROLES
    from generator.report.metadata import GENERIC_ROLES
    from generator.report.metadata import ROLES as REPORT_ROLES

    assert list(ROLES.items()) == list({**REPORT_ROLES, **GENERIC_ROLES}.items())


def test_the_sheet_shows_the_package_in_the_clerks_terms(tmp_path):
    book = load_workbook(filled(tmp_path))
    ws, want = book[SHEET], descriptor(DATA / PARK / CYCLE)
    assert audit_item_cell(ws, "审核期开始").value == dt.datetime.fromisoformat(want["parkaudit:audit_period"]["start"])
    assert audit_item_cell(ws, "审核期开始").number_format == "yyyy-mm-dd"
    assert audit_item_cell(ws, "报告日期").value == dt.datetime.fromisoformat(want["created"].rstrip("Z"))
    assert audit_item_cell(ws, "演示数据").value == "是"
    people = want["contributors"]
    assert [contributor_cell(ws, "名称", n).value for n in range(1, len(people) + 1)] == [p["title"] for p in people]
    roles = [contributor_cell(ws, "角色", n).value for n in range(1, len(people) + 1)]
    assert roles[:3] == ["审核机构", "园区管理机构", "审核组长"]  # Chinese labels, not the role codes
    assert contributor_cell(ws, "名称", len(people) + 1).value is None


def test_the_sheet_has_validation_locked_headers_and_hidden_ids(tmp_path):
    ws = load_workbook(filled(tmp_path))[SHEET]
    rules = {str(r.sqref).split(":")[0]: r for r in ws.data_validations.dataValidation}
    for label in ("审核期开始", "审核期结束"):
        assert rules[audit_item_cell(ws, label).coordinate].type == "date"
    assert rules[audit_item_cell(ws, "报告日期").coordinate].type == "decimal"  # a date-time
    assert rules[audit_item_cell(ws, "演示数据").coordinate].formula1 == '"是,否"'
    role = rules[contributor_cell(ws, "角色", 1).coordinate]
    assert role.type == "list" and "可选值" in role.formula1
    choices = load_workbook(filled(tmp_path))["可选值"]
    column = next(c for c in choices[1] if c.value == "审核信息·角色").column
    assert [choices.cell(i, column).value for i in range(2, 7)] == ["审核机构", "园区管理机构", "审核组长", "审核组成员", "评审专家"]
    assert ws.protection.sheet and ws.column_dimensions["E"].hidden
    assert ws["A1"].protection.locked and ws["A2"].protection.locked  # the head and the item labels
    assert not audit_item_cell(ws, "审核期开始").protection.locked and not contributor_cell(ws, "名称", 1).protection.locked
    ids = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "title")
    assert ws.row_dimensions[ids].hidden and [ws.cell(ids, c).value for c in (1, 2, 3)] == ["title", "roles", "organization"]


def test_the_info_sheet_explains_it(tmp_path):
    ws = load_workbook(make_template(DATA, tmp_path / "t.xlsx"))["说明"]
    text = "\n".join(" | ".join(str(c) for c in row if c is not None) for row in ws.iter_rows(values_only=True))
    assert "工作表“审核信息”（audit_info）" in text
    for label, (key, part) in AUDIT_ITEMS.items():
        assert f"| {label} | {key + '.' + part if part else key} |" in text, label
    for title, name in (("名称", "title"), ("角色", "roles"), ("所在单位", "organization")):
        assert f"| {title} | contributors.{name} |" in text
    assert "审核机构、园区管理机构、审核组长" in text


def test_a_blank_template_leaves_it_empty_and_from_carries_only_the_team(tmp_path):
    blank = load_workbook(make_template(DATA, tmp_path / "b.xlsx"))[SHEET]
    assert all(audit_item_cell(blank, label).value is None for label in AUDIT_ITEMS)
    assert contributor_cell(blank, "名称", 1).value is None
    carried = load_workbook(make_template(DATA, tmp_path / "c.xlsx", carry=DATA / PARK / CYCLE))[SHEET]
    # next year's audit has its own period and date; the team and the demo flag carry over
    assert [audit_item_cell(carried, label).value for label in ("审核期开始", "审核期结束", "报告日期")] == [None, None, None]
    assert audit_item_cell(carried, "演示数据").value == "是"
    assert contributor_cell(carried, "名称", 1).value == descriptor(DATA / PARK / CYCLE)["contributors"][0]["title"]


def test_a_blank_sheet_imports_with_no_metadata(tmp_path):
    data = without_cycle(tmp_path)
    path = filled(tmp_path)
    book = load_workbook(path)
    ws = book[SHEET]
    for label in AUDIT_ITEMS:
        audit_item_cell(ws, label).value = None
    for n in range(1, 8):
        for title in ("名称", "角色", "所在单位"):
            contributor_cell(ws, title, n).value = None
    book.save(path)
    result = import_workbook(path, data / PARK / CYCLE)
    assert result.written, format_findings(result.findings)
    got = descriptor(data / PARK / CYCLE)
    assert not {"created", "contributors", "parkaudit:audit_period"} & set(got) and got["parkaudit:fictional"] is False


@pytest.mark.parametrize(("changes", "code", "where", "shown"), [
    ({"审核期开始": "2025年4月"}, "audit-not-date", "审核期开始", "2025年4月"),
    ({"审核期结束": dt.datetime(2025, 3, 1)}, "audit-period-order", "审核期结束", "2025-03-01"),
    ({"审核期结束": None}, "audit-period-half", "审核期结束", "审核期"),
    ({"报告日期": "下个月"}, "audit-not-time", "报告日期", "下个月"),
    ({"演示数据": "也许"}, "audit-not-yes-no", "演示数据", "也许"),
    ({("角色", 2): "园区管委会"}, "audit-role-unknown", ("角色", 2), "园区管委会"),
    ({("名称", 3): None}, "audit-cell-missing", ("名称", 3), "名称"),
])
def test_a_bad_value_is_a_finding_by_cell_and_nothing_is_written(tmp_path, changes, code, where, shown):
    data = without_cycle(tmp_path)
    path = filled(tmp_path)
    coordinates = edit(path, changes)
    before = snapshot(data)
    result = import_workbook(path, data / PARK / CYCLE)
    assert not result.written and snapshot(data) == before
    assert [(f.code, f.cell) for f in result.errors] == [(code, f"{SHEET}!{coordinates[where]}")], format_findings(result.findings)
    f = result.errors[0]
    assert f.header == (where if isinstance(where, str) else where[0])
    assert shown in f.message_zh and f.message_en and f.message_en != f.message_zh


def test_a_person_with_two_roles_and_a_zoned_date_round_trip(tmp_path):
    data = copy_data(tmp_path / "a", parks=(PARK,))
    package = data / PARK / CYCLE
    d = descriptor(package)
    d["contributors"][2]["roles"] = ["audit-lead", "reviewing-expert"]
    d["created"] = "2026-10-28T09:30:15Z"
    (package / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    want = (package / "datapackage.json").read_bytes()
    path = make_template(data, tmp_path / "t.xlsx", fill=package)
    assert contributor_cell(load_workbook(path)[SHEET], "角色", 3).value == "审核组长、评审专家"
    result = import_workbook(path, package, replace=True)
    assert result.written, format_findings(result.findings)
    assert (package / "datapackage.json").read_bytes() == want


def test_a_date_typed_as_text_is_read_as_the_date(tmp_path):
    data = without_cycle(tmp_path)
    path = filled(tmp_path)
    want = descriptor(DATA / PARK / CYCLE)
    edit(path, {"审核期开始": want["parkaudit:audit_period"]["start"], "报告日期": want["created"][:10]})
    result = import_workbook(path, data / PARK / CYCLE)
    assert result.written, format_findings(result.findings)
    assert (data / PARK / CYCLE / "datapackage.json").read_bytes() == (DATA / PARK / CYCLE / "datapackage.json").read_bytes()


@pytest.mark.parametrize("replace", [False, True])
def test_an_older_workbook_borrows_the_metadata_and_says_so(tmp_path, replace):
    """Without the sheet: from the package it replaces, or from the park's latest cycle."""
    data = copy_data(tmp_path / "a", parks=(PARK,)) if replace else without_cycle(tmp_path)
    path = filled(tmp_path)
    book = load_workbook(path)
    del book[SHEET]
    book.save(path)
    result = import_workbook(path, data / PARK / CYCLE, replace=replace)
    assert result.written, format_findings(result.findings)
    warning = next(f for f in result.warnings if f.code == "audit-sheet-missing")
    source = f"{PARK}/{CYCLE}" if replace else f"{PARK}/2024"
    assert source in warning.message_zh and source in warning.message_en and "审核信息" in warning.message_zh
    got, earlier = descriptor(data / PARK / CYCLE), descriptor(DATA / PARK / (CYCLE if replace else "2024"))
    for key in ("created", "contributors", "parkaudit:audit_period", "parkaudit:fictional"):
        assert got[key] == earlier[key], key
