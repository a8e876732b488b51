"""parkaudit validate: one test per rule, each asserting the code, file, row and field."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.validate import CATALOGUE, ERROR, WARNING, validate_paths

from ..csvedit import REPO, append_row, copy_data, read_rows, set_cell, snapshot

PARK = "anning-ip"
CYCLE = "2024"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path, parks=(PARK,))


def pkg(data: Path, cycle: str = CYCLE) -> Path:
    return data / PARK / cycle


def table(data: Path, name: str, cycle: str = CYCLE) -> Path:
    return pkg(data, cycle) / f"{name}.csv"


def shown(data: Path, name: str, cycle: str = CYCLE) -> str:
    return f"data/{PARK}/{cycle}/{name}.csv"


def only(report, code):
    found = [f for f in report.findings if f.code == code]
    assert found, f"no {code} in {[(f.code, f.file, f.row, f.field) for f in report.findings]}"
    return found


def assert_finding(report, code, file, row, field):
    matches = [f for f in only(report, code) if (f.file, f.row, f.field) == (file, row, field)]
    assert matches, f"{code} not at {(file, row, field)}: {[(f.file, f.row, f.field) for f in only(report, code)]}"
    f = matches[0]
    assert f.message_zh and f.message_en and f.message_zh != f.message_en
    assert not re.search(r"\{[a-z_]+\}", f.message_zh + f.message_en), "a template placeholder was left unfilled"
    return f


def test_shipped_demo_data_is_valid():
    report = validate_paths([REPO / "data"])
    assert len(report.packages) >= 6
    assert not report.errors, [(f.code, f.file, f.row, f.field, f.message_en) for f in report.errors]


def test_every_rule_has_both_languages():
    for code, rule in CATALOGUE.items():
        assert rule.severity in (ERROR, WARNING)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.zh), code
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in rule.en), code


# --- Table Schema rules ------------------------------------------------------------------------
def test_type_error(data):
    row = set_cell(table(data, "energy"), 3, "quantity", "十二吨")
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "type-error", shown(data, "energy"), row, "quantity")
    assert "数字" in f.message_zh and "number" in f.message_en


def test_minimum_constraint(data):
    row = set_cell(table(data, "water"), 0, "tap_water", "-5")
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "constraint-error", shown(data, "water"), row, "tap_water")
    assert "最小值" in f.message_zh


def test_enum_constraint(data):
    row = set_cell(table(data, "emissions"), 1, "pollutant", "CO")
    report = validate_paths([pkg(data)])
    assert_finding(report, "constraint-error", shown(data, "emissions"), row, "pollutant")


def test_pattern_constraint(data):
    row = set_cell(table(data, "enterprises"), 2, "industry_code", "2614")
    report = validate_paths([pkg(data)])
    assert_finding(report, "constraint-error", shown(data, "enterprises"), row, "industry_code")


def test_required_field(data):
    row = set_cell(table(data, "enterprises"), 4, "enterprise_name", "")
    report = validate_paths([pkg(data)])
    assert_finding(report, "required-missing", shown(data, "enterprises"), row, "enterprise_name")


def test_duplicate_primary_key(data):
    _, rows = read_rows(table(data, "water"))
    row = append_row(table(data, "water"), dict(rows[0]))
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "primary-key", shown(data, "water"), row, "enterprise_id")
    assert rows[0]["enterprise_id"] in f.message_en and "row 2" in f.message_en  # the key and where it first appears
    assert rows[0]["tap_water"] not in f.message_en  # not the whole row


def test_foreign_key(data):
    _, rows = read_rows(table(data, "carbon"))
    row = set_cell(table(data, "carbon"), len(rows) - 1, "enterprise_id", "NOPE99")
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "foreign-key", shown(data, "carbon"), row, "enterprise_id")
    assert "NOPE99" in f.message_en and "enterprises.csv" in f.message_zh


def test_missing_column(data):
    path = table(data, "water")
    header, rows = read_rows(path)
    header = [h for h in header if h != "reused_water"]
    from ..csvedit import write_rows

    write_rows(path, header, [{k: r[k] for k in header} for r in rows])
    report = validate_paths([pkg(data)])
    assert any(f.code in ("missing-label", "incorrect-label") and f.file == shown(data, "water") for f in report.errors)


# --- paths and bytes ---------------------------------------------------------------------------
def _set_path(data: Path, name: str, new_path: str) -> None:
    desc_path = pkg(data) / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if res["name"] == name:
            res["path"] = new_path
    desc_path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "new_path, code",
    [
        ("https://example.org/energy.csv", "remote-path"),
        ("/etc/passwd", "absolute-path"),
        ("../2023/energy.csv", "parent-path"),
        ("~/energy.csv", "parent-path"),
        ("nothere.csv", "file-missing"),
    ],
)
def test_unsafe_or_missing_resource_path(data, new_path, code):
    _set_path(data, "energy", new_path)
    report = validate_paths([pkg(data)])
    found = only(report, code)
    assert (found[0].file, found[0].field) == (f"data/{PARK}/{CYCLE}/datapackage.json", "resources.energy.path")
    assert found[0].severity == ERROR
    assert new_path in found[0].message_en


def test_symlink_leaving_the_package(data, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes(table(data, "energy").read_bytes())
    table(data, "energy").unlink()
    os.symlink(outside, table(data, "energy"))
    report = validate_paths([pkg(data)])
    f = only(report, "symlink-escape")[0]
    assert (f.file, f.field) == (f"data/{PARK}/{CYCLE}/datapackage.json", "resources.energy.path")


def test_byte_order_mark(data):
    path = table(data, "water")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    report = validate_paths([pkg(data)])
    assert_finding(report, "byte-order-mark", shown(data, "water"), 1, None)


def test_gbk_encoding_from_excel(data):
    path = table(data, "enterprises")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    report = validate_paths([pkg(data)])
    f = only(report, "encoding-gbk")[0]
    assert f.file == shown(data, "enterprises") and f.row == 2  # the first row with Chinese names
    assert "GBK" in f.message_zh and "UTF-8" in f.message_en


def test_schema_drift(data):
    desc_path = pkg(data) / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    desc["resources"][2]["schema"]["fields"][3]["constraints"]["minimum"] = -100
    desc_path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    report = validate_paths([pkg(data)])
    assert only(report, "schema-drift")[0].field == desc["resources"][2]["name"]


# --- our own domain rules -----------------------------------------------------------------------
def test_value_added_zero(data):
    set_cell(table(data, "park"), 0, "industrial_value_added", "0")
    report = validate_paths([pkg(data)])
    assert_finding(report, "value-added-zero", shown(data, "park"), 2, "industrial_value_added")


def test_enterprise_totals_exceed_park(data):
    set_cell(table(data, "park"), 0, "industrial_output_value", "10")
    report = validate_paths([pkg(data)])
    assert_finding(report, "enterprise-total-exceeds-park", shown(data, "park"), 2, "industrial_output_value")


def test_uscc_check_character(data):
    _, rows = read_rows(table(data, "enterprises"))
    code = rows[5]["uscc"]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    row = set_cell(table(data, "enterprises"), 5, "uscc", wrong)
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "uscc-check-digit", shown(data, "enterprises"), row, "uscc")
    assert code in f.message_en  # it says what would be right


def test_unknown_energy_carrier(data):
    row = set_cell(table(data, "energy"), 0, "energy_type", "核能")
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "unknown-energy-carrier", shown(data, "energy"), row, "energy_type")
    assert "原煤" in f.message_zh  # lists what is allowed


def test_park_identity_follows_the_folder(data):
    set_cell(table(data, "park"), 0, "audit_year", "2019")
    report = validate_paths([pkg(data)])
    assert_finding(report, "cycle-mismatch", shown(data, "park"), 2, "audit_year")


def test_tenfold_jump_is_a_warning(data):
    _, rows = read_rows(table(data, "emissions"))
    value = float(rows[0]["actual"])
    row = set_cell(table(data, "emissions"), 0, "actual", f"{value * 30:.3f}")
    report = validate_paths([pkg(data)])
    f = assert_finding(report, "tenfold-jump", shown(data, "emissions"), row, "actual")
    assert f.severity == WARNING
    assert not any(e.code == "tenfold-jump" for e in report.errors)


def test_enterprise_measure_without_enterprise(data):
    header, rows = read_rows(table(data, "measures"))
    index = next(i for i, r in enumerate(rows) if r["level"] == "企业")
    row = set_cell(table(data, "measures"), index, "enterprise_id", "")
    report = validate_paths([pkg(data)])
    assert_finding(report, "measure-enterprise-required", shown(data, "measures"), row, "enterprise_id")


# --- the command ----------------------------------------------------------------------------
def _cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "generator", "validate", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_exit_status_and_json(data):
    ok = _cli(str(pkg(data)))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    row = set_cell(table(data, "energy"), 1, "quantity", "abc")
    bad = _cli("--json", str(pkg(data)))
    assert bad.returncode == 1
    result = json.loads(bad.stdout)
    assert result["valid"] is False
    finding = next(f for f in result["findings"] if f["code"] == "type-error")
    assert (finding["file"], finding["row"], finding["field"]) == (shown(data, "energy"), row, "quantity")
    human = _cli(str(pkg(data)))
    assert "type-error" in human.stdout and "第" in human.stdout
    missing = _cli("/no/such/place")
    assert missing.returncode == 2 and "no such path" in missing.stderr


def test_validation_never_writes(data):
    before = snapshot(data.parent)
    validate_paths([data])
    set_cell(table(data, "energy"), 0, "quantity", "x")
    before = snapshot(data.parent)
    validate_paths([data])
    _cli(str(data))
    assert snapshot(data.parent) == before


@pytest.mark.parametrize("cell", ["１３２.19", "1_000", "inf", "NaN", "1e999", "٣"])
def test_numbers_every_stage_can_read(data, cell):
    row = set_cell(table(data, "energy"), 2, "quantity", cell)
    report = validate_paths([pkg(data)])
    assert report.has_errors
    assert any((f.file, f.row, f.field) == (shown(data, "energy"), row, "quantity") and f.code in ("number-format", "type-error") for f in report.errors)


def test_extra_and_misnamed_columns_are_named(data):
    path = table(data, "water")
    header, rows = read_rows(path)
    from ..csvedit import write_rows

    write_rows(path, header + ["remark"], [{**r, "remark": "x"} for r in rows])
    f = only(validate_paths([pkg(data)]), "extra-label")[0]
    assert "remark" in f.message_zh and f.field == "remark"


def test_park_identity_comes_first(data):
    set_cell(table(data, "park"), 0, "park_id", "anning")
    report = validate_paths([pkg(data)])
    assert [(f.code, f.row, f.field) for f in report.errors] == [("park-id-mismatch", 2, "park_id")]


def test_two_park_rows(data):
    _, rows = read_rows(table(data, "park"))
    append_row(table(data, "park"), dict(rows[0]))
    report = validate_paths([pkg(data)])
    assert [f.code for f in report.errors] == ["park-rows"]


def test_trailing_blank_lines_are_one_finding_each(data):
    path = table(data, "water")
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,,\n", encoding="utf-8")
    report = validate_paths([pkg(data)])
    assert [f.code for f in report.errors] == ["blank-row"]


def test_empty_energy_table_is_an_error(data):
    path = table(data, "energy")
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = validate_paths([pkg(data)])
    assert ("table-empty", shown(data, "energy")) in {(f.code, f.file) for f in report.errors}
