"""Validation of hostile or broken input ends in findings of a bounded size: messages quote at most
QUOTE_LIMIT characters of a value, a file's findings stop at about MAX_PER_FILE and say so, and a
resource path that is a folder or a descriptor too large or too deep is a finding, not a traceback."""

from __future__ import annotations

import csv
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.validate import format_human
from generator.validate import CATALOGUE, Finding, validate_paths
from generator.validate.findings import MAX_PER_FILE, QUOTE_LIMIT, cap_per_file
from generator.validate.table_schema import check_number_cells

from ..csvedit import REPO, copy_data, read_rows, write_rows

PARK, CYCLE = "anning-ip", "2024"
MB = 1_000_000


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path, parks=(PARK,))


def pkg(data: Path) -> Path:
    return data / PARK / CYCLE


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", "validate", *args], capture_output=True, text=True, cwd=REPO, timeout=300)


# --- quoted values ------------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_message_quotes_at_most_the_limit_of_a_huge_value(code):
    rule = CATALOGUE[code]
    names = {n for t in (rule.zh, rule.en) for _, n, _, _ in string.Formatter().parse(t) if n}
    f = Finding(code, "data/p/2024/x.csv", 2, "field", {n: "万" * MB for n in names})
    for message, template, more in ((f.message_zh, rule.zh, "（共 1,000,000 个字符）"), (f.message_en, rule.en, " (1,000,000 characters)")):
        quoted = sum(1 for _, n, _, _ in string.Formatter().parse(template) if n)
        assert len(message) <= len(template) + quoted * (QUOTE_LIMIT + 40), (code, len(message))
        if names:
            assert "万" * QUOTE_LIMIT + "…" + more in message, code  # the start, an ellipsis and the length, in the message's language


def test_a_short_value_is_quoted_whole_and_a_long_field_name_is_cut():
    f = Finding("extra-label", "x.csv", None, "列" * MB, {"cell": "短"})
    assert "“短”" in f.message_zh
    assert len(f.field) < QUOTE_LIMIT + 40 and f.field.endswith("… (1,000,000 characters)")
    assert Finding("extra-label", "x.csv", None, f.field).field == f.field  # cut once, not again


def test_a_megabyte_cell_makes_a_short_report(data):
    path = pkg(data) / "energy.csv"
    header, rows = read_rows(path)
    rows[0]["quantity"] = "9" * MB + "x"
    csv.field_size_limit(sys.maxsize)
    write_rows(path, header, rows)
    report = validate_paths([pkg(data)])
    assert [f.code for f in report.errors] == ["type-error"]
    text = format_human(report)
    assert len(text) < 2000, len(text)
    assert "9" * QUOTE_LIMIT + "…（共 1,000,001 个字符）" in text and "9" * QUOTE_LIMIT + "… (1,000,001 characters)" in text
    assert len(json.dumps(report.to_dict(), ensure_ascii=False)) < 3000


# --- counting stops -----------------------------------------------------------------------------
def _bad_water_rows(data: Path, n: int) -> None:
    path = pkg(data) / "water.csv"
    header, rows = read_rows(path)
    extra = [{**rows[0], "enterprise_id": f"X{i}", "tap_water": "abc"} for i in range(n)]
    write_rows(path, header, rows + extra)


def test_a_table_with_many_bad_rows_says_that_counting_stopped(data):
    _bad_water_rows(data, 20_000)
    report = validate_paths([pkg(data)])
    water = f"data/{PARK}/{CYCLE}/water.csv"
    stop = [f for f in report.findings if f.code == "findings-truncated"]
    assert [(f.file, f.field) for f in stop] == [(water, None)]
    listed = [f for f in report.findings if f.file == water and f.code != "findings-truncated"]
    assert MAX_PER_FILE - 10 <= len(listed) <= MAX_PER_FILE + 10
    assert max(f.row for f in listed) == stop[0].row < 20_000
    assert f"{len(listed)} " in stop[0].message_en and f"row {stop[0].row}" in stop[0].message_en
    summary = format_human(report).splitlines()[-1]
    # on today's main: "未通过 / INVALID: 1 个数据包 packages, 1000 个错误 errors, 0 个警告 warnings", and no more
    assert "计数提前停止" in summary and "counting stopped early in 1 file" in summary


def test_the_number_check_stops_too(tmp_path):
    schema = {"fields": [{"name": "q", "type": "number"}]}
    path = tmp_path / "numbers.csv"
    path.write_text("q\n" + "1_000\n" * 5000, encoding="utf-8")  # frictionless reads these as numbers: only our check sees them
    assert len(check_number_cells(path, schema, "x.csv")) == 5000
    assert len(check_number_cells(path, schema, "x.csv", limit=MAX_PER_FILE)) == MAX_PER_FILE + 1


def test_capping_keeps_the_first_rows_whole_and_is_idempotent():
    many = [Finding("number-format", "a.csv", 2 + i // 3, f"f{i % 3}", {"cell": "x"}) for i in range(3000)]
    other = [Finding("number-format", "b.csv", 2, "f", {"cell": "x"})]
    capped = cap_per_file(many + other)
    a = [f for f in capped if f.file == "a.csv"]
    assert a[-1].code == "findings-truncated" and a[-1].row == 2 + (MAX_PER_FILE - 1) // 3
    assert len(a) - 1 == (a[-1].row - 1) * 3  # every finding of the rows up to the last, none after
    assert [f for f in capped if f.file == "b.csv"] == other
    assert cap_per_file(capped) == capped
    # a check that stopped reading (frictionless at its error limit) cuts the file there, however few
    stopped = cap_per_file(other, {"b.csv": 1})
    assert [f.code for f in stopped] == ["findings-truncated"]


# --- no tracebacks ------------------------------------------------------------------------------
def test_a_folder_as_a_table_is_a_finding_not_a_traceback(data):
    (pkg(data) / "energy.csv").unlink()
    (pkg(data) / "energy.csv").mkdir()
    r = _cli(str(pkg(data)))
    # on today's main: IsADirectoryError traceback, exit status 1
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "[path-not-file]" in r.stdout and "不是普通文件" in r.stdout and "not a regular file but a folder" in r.stdout


@pytest.mark.parametrize("kind, code", [("large", "descriptor-too-large"), ("deep", "descriptor-too-deep")])
def test_a_hostile_descriptor_is_a_finding(data, kind, code):
    path = pkg(data) / "datapackage.json"
    text = path.read_text(encoding="utf-8").rstrip()[:-1]  # without the closing brace
    tail = '"x' + "x" * (2 * MB) + '"' if kind == "large" else "[" * 50_000 + "]" * 50_000  # on main: a RecursionError traceback
    path.write_text(text + ', "notes": ' + tail + "}", encoding="utf-8")
    r = _cli("--json", str(pkg(data)))
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    findings = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["file"]) for f in findings] == [(code, f"data/{PARK}/{CYCLE}/datapackage.json")]
    assert re.search(r"\d", findings[0]["message_en"]) and findings[0]["message_zh"] != findings[0]["message_en"]


def test_hostile_shared_data_is_a_finding_in_every_package(data):
    reference = data / "reference" / "datapackage.json"
    reference.write_text('{"resources": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")  # on main: a traceback
    report = validate_paths([data])
    assert {(f.code, f.file) for f in report.findings} == {
        ("shared-data-unreadable", f"data/{PARK}/{cycle}/datapackage.json") for cycle in ("2023", "2024", "2025")}
    f = report.findings[0]
    assert "data/reference/" in f.message_en and "nests more than" in f.message_en and "共享数据" in f.message_zh
