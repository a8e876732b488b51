"""parkaudit new-cycle: scaffold data/<park>/<cycle>/ from the latest cycle."""

from __future__ import annotations

import json

import pytest

from generator.authoring import scaffold
from generator.cli import main
from generator.core import TABLES, load_shared_schema
from generator.validate import validate_paths

from ..csvedit import read_rows, set_cell, snapshot

PARK = "anning-ip"
LATEST = "2025"
NEW = "2026"


@pytest.fixture()
def data(tmp_path):
    from ..csvedit import copy_data

    return copy_data(tmp_path, parks=(PARK,))


@pytest.fixture()
def scaffolded(data, capsys):
    assert main(["new-cycle", PARK, NEW, "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "parkaudit validate" in out
    return data


def rows(data, cycle, table):
    return read_rows(data / PARK / cycle / f"{table}.csv")


def test_every_table_has_the_schema_header(scaffolded):
    folder = scaffolded / PARK / NEW
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{t}.csv" for t in TABLES] + ["datapackage.json"])
    for table in TABLES:
        header, body = rows(scaffolded, NEW, table)
        assert header == [f["name"] for f in load_shared_schema(scaffolded, table)["fields"]], table
        if table in ("energy", "water", "emissions", "solid_waste", "carbon"):
            assert body == [], table
            assert (folder / f"{table}.csv").read_bytes() == (",".join(header) + "\n").encode()


def test_park_rows_carry_over_with_the_yearly_figures_blank(scaffolded):
    for table, yearly in (("park", scaffold.PARK_YEARLY), ("park_facilities", scaffold.FACILITIES_YEARLY)):
        _, (old,) = rows(scaffolded, LATEST, table)
        _, (new,) = rows(scaffolded, NEW, table)
        for k, v in new.items():
            if k == "audit_year":
                assert v == NEW
            elif k in yearly:
                assert v == "", (table, k)
            else:
                assert v == old[k], (table, k)
    _, (park,) = rows(scaffolded, NEW, "park")
    assert park["industrial_value_added"] == "" and park["employees"] == "" and park["grid_emission_factor"] == ""
    assert park["park_name"] == "云南安宁工业园区" and park["base_year"] == "2023" and park["heat_emission_factor"] == "0.11"


def test_enterprises_carry_over_and_open_measures_only(scaffolded):
    _, old = rows(scaffolded, LATEST, "enterprises")
    _, new = rows(scaffolded, NEW, "enterprises")
    assert [r["enterprise_id"] for r in new] == [r["enterprise_id"] for r in old] and len(new) == 56
    for a, b in zip(old, new):
        for k in b:
            assert b[k] == ("" if k in ("value_added", "output_value", "employees", "cp_audit_completed", "env_info_disclosed") else a[k]), k

    _, old_m = rows(scaffolded, LATEST, "measures")
    _, new_m = rows(scaffolded, NEW, "measures")
    open_ = [r for r in old_m if r["status"] not in ("已完成", "已取消")]
    assert new_m == open_
    assert {r["status"] for r in new_m} <= {"计划", "实施中"}
    assert len(new_m) == 8 and len(old_m) == 20


def test_descriptor(scaffolded):
    d = json.loads((scaffolded / PARK / NEW / "datapackage.json").read_text(encoding="utf-8"))
    assert d["name"] == f"{PARK}-{NEW}" and d["parkaudit:cycle"] == NEW and d["parkaudit:park"] == PARK
    assert d["title"] == "云南安宁工业园区 2026 年度清洁生产审核数据"
    assert d["parkaudit:fictional"] is True
    assert [r["name"] for r in d["resources"]] == list(TABLES)


def test_validation_asks_only_for_the_required_values(scaffolded):
    report = validate_paths([scaffolded / PARK / NEW])
    found = {(f.code, f.file, f.row, f.field) for f in report.errors}
    shown = f"data/{PARK}/{NEW}/park.csv"
    assert found == {
        ("required-missing", shown, 2, "industrial_value_added"),
        ("required-missing", shown, 2, "grid_emission_factor"),
    }
    # once the clerk fills them in, the scaffold is structurally sound: what is left is the data
    # the clerk has yet to enter (energy, water and emission tables), nothing structural
    park = scaffolded / PARK / NEW / "park.csv"
    set_cell(park, 0, "industrial_value_added", "700000.0")
    set_cell(park, 0, "grid_emission_factor", "0.5703")
    report = validate_paths([scaffolded / PARK / NEW])
    assert {(f.code, f.file) for f in report.errors} == {("table-empty", f"data/{PARK}/{NEW}/{t}.csv") for t in ("energy", "water", "emissions")}
    assert {f.code for f in report.warnings} == {"enterprise-without-energy"}


def test_fictional_flag_is_carried_over(data):
    path = data / PARK / LATEST / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["parkaudit:fictional"] = False
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    folder = scaffold.new_cycle(data, PARK, NEW)
    new = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert new["parkaudit:fictional"] is False and "虚构" not in new["description"]


@pytest.mark.parametrize(
    "park, cycle, words",
    [
        (PARK, "2025", ("已存在", "already exists")),
        (PARK, "2022", ("晚于最近周期 2025", "after the latest cycle 2025")),
        (PARK, "2101", ("四位年份", "4-digit year")),
        (PARK, "26", ("四位年份", "4-digit year")),
        (PARK, "02026", ("四位年份", "4-digit year")),
        (PARK, "２０２６", ("四位年份", "4-digit year")),  # full-width digits
        (PARK, "abcd", ("四位年份", "4-digit year")),
        ("no-such-park", NEW, ("未知园区", "unknown park")),
        ("schemas", NEW, ("未知园区", "unknown park")),
    ],
)
def test_refusals(data, capsys, park, cycle, words):
    before = snapshot(data)
    assert main(["new-cycle", park, cycle, "--data", str(data)]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err
    assert snapshot(data) == before


def test_refuses_an_existing_folder(scaffolded, capsys):
    (scaffolded / PARK / NEW / "park.csv").write_text("edited by the clerk\n", encoding="utf-8")
    before = snapshot(scaffolded)
    assert main(["new-cycle", PARK, NEW, "--data", str(scaffolded)]) == 2
    err = capsys.readouterr().err
    assert "已存在" in err and "already exists" in err
    assert snapshot(scaffolded) == before


def test_a_failed_write_leaves_nothing(data, monkeypatch):
    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(scaffold, "write_descriptor", boom)
    before = snapshot(data)
    with pytest.raises(OSError):
        scaffold.new_cycle(data, PARK, NEW)
    assert snapshot(data) == before
    assert sorted(p.name for p in (data / PARK).iterdir()) == ["2023", "2024", "2025"]
