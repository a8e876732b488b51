"""Every finding code in CATALOGUE is triggered here: one case per code, each breaking a small valid
package in one place and asserting the finding with that code at its file, row and field. A code
without a case fails test_every_code_has_a_case, so a new rule comes with the test that shows it."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.validate import CATALOGUE, validate_paths

from ..builders import enterprise, make_data_root, uscc, write_package
from ..csvedit import append_row, read_rows, set_cell, write_rows

PARK, CYCLE, PREVIOUS = "demo-park", "2024", "2023"


def tables() -> dict[str, list[dict]]:
    """Two enterprises with every table filled in so that no rule has anything to say."""
    return {
        "enterprises": [
            enterprise("E1", 1, permit_no=uscc(1) + "001P", output_value=800, value_added=200),
            enterprise("E2", 2, output_value=400, value_added=100),
        ],
        "energy": [
            {"enterprise_id": "E1", "energy_type": "原煤", "unit": "t", "quantity": 100},
            {"enterprise_id": "E1", "energy_type": "电力", "unit": "10^4 kWh", "quantity": 50},
            {"enterprise_id": "E2", "energy_type": "电力", "unit": "10^4 kWh", "quantity": 20},
        ],
        "water": [{"enterprise_id": "E1", "tap_water": 1000, "wastewater_discharge": 600},
                  {"enterprise_id": "E2", "tap_water": 500, "wastewater_discharge": 300}],
        "emissions": [{"enterprise_id": "E1", "pollutant": "COD", "actual": 1.0, "permitted": 2.0},
                      {"enterprise_id": "E2", "pollutant": "SO2", "actual": 0.5, "permitted": 1.0}],
        "solid_waste": [{"enterprise_id": "E1", "waste_class": "一般工业固体废物", "generated": 10, "utilised": 8, "disposed": 2, "stored": 0}],
        "carbon": [{"enterprise_id": "E1", "combustion_co2": 200, "purchased_electricity": 400},  # 50 × 10^4 kWh = 500 MWh used
                   {"enterprise_id": "E2", "combustion_co2": 0, "purchased_electricity": 150}],
        "measures": [
            _measure("M1", "企业", enterprise_id="E1", status="已完成", achieved_energy_saving=3, start_date="2024-01-01", end_date="2024-06-30"),
            _measure("M2", "产业链", chain="化工", status="计划"),
            _measure("M3", "园区", status="实施中"),
        ],
    }


def _measure(mid: str, level: str, **over) -> dict:
    row = {"measure_id": mid, "level": level, "title": f"方案{mid}", "measure_type": "加强管理", "cost_class": "无低费",
           "target": "energy", "expected_energy_saving": 5}
    return {**row, **over}


PARK_ROW = {"industrial_value_added": 1000, "industrial_output_value": 5000}


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    """data/ with the package (PARK, CYCLE) and the same data as its previous cycle."""
    root = make_data_root(tmp_path)
    for cycle in (PREVIOUS, CYCLE):
        write_package(root, PARK, cycle, tables(), park=PARK_ROW)
    return root


# --- the cases ----------------------------------------------------------------------------------
# Each case breaks the package in `folder` and returns where the finding must be: the file's path
# relative to the package folder, the row and the field.
Where = tuple[str, int | None, str | None]
CASES: dict[str, Callable[[Path], Where]] = {}


def case(code: str):
    def register(fn):
        assert code not in CASES, f"two cases for {code}"
        CASES[code] = fn
        return fn

    return register


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _edit_descriptor(folder: Path, edit) -> None:
    d = _descriptor(folder)
    edit(d)
    (folder / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")


def _resource(d: dict, name: str) -> dict:
    return next(r for r in d["resources"] if r["name"] == name)


def _set_energy_path(folder: Path, path) -> Where:
    _edit_descriptor(folder, lambda d: _resource(d, "energy").update(path=path))
    return "datapackage.json", None, "resources.energy.path"


def _rewrite_header(path: Path, header: list[str]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([",".join(header)] + lines[1:]) + "\n", encoding="utf-8")


# the package itself
@case("descriptor-unreadable")
def _(folder):
    (folder / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    return "datapackage.json", None, None


@case("resource-missing")
def _(folder):
    _edit_descriptor(folder, lambda d: d["resources"].remove(_resource(d, "measures")))
    return "datapackage.json", None, None


@case("resource-unknown")
def _(folder):
    (folder / "notes.csv").write_text("note\nhello\n", encoding="utf-8")
    _edit_descriptor(folder, lambda d: d["resources"].append({"name": "notes", "path": "notes.csv"}))
    return "datapackage.json", None, None


@case("remote-path")
def _(folder):
    return _set_energy_path(folder, "https://example.org/energy.csv")


@case("absolute-path")
def _(folder):
    return _set_energy_path(folder, "/etc/passwd")


@case("parent-path")
def _(folder):
    return _set_energy_path(folder, f"../{PREVIOUS}/energy.csv")


@case("symlink-escape")
def _(folder):
    outside = folder.parent.parent.parent / "outside.csv"
    shutil.move(folder / "energy.csv", outside)
    os.symlink(outside, folder / "energy.csv")
    return "datapackage.json", None, "resources.energy.path"


@case("file-missing")
def _(folder):
    return _set_energy_path(folder, "nothere.csv")


@case("path-not-file")
def _(folder):
    (folder / "energy.csv").unlink()
    (folder / "energy.csv").mkdir()  # was an IsADirectoryError traceback
    return "datapackage.json", None, "resources.energy.path"


@case("descriptor-too-large")
def _(folder):
    _edit_descriptor(folder, lambda d: d.update(description="说明" * (1 << 19)))  # 3 MB of UTF-8
    return "datapackage.json", None, None


@case("descriptor-too-deep")
def _(folder):
    nested: list = []
    for _ in range(40):
        nested = [nested]
    _edit_descriptor(folder, lambda d: d.update(notes=nested))
    return "datapackage.json", None, None


@case("shared-data-unreadable")
def _(folder):
    (folder.parent.parent / "schemas" / "water.json").write_text('{"fields": [', encoding="utf-8")
    return "datapackage.json", None, "water"


@case("schema-drift")
def _(folder):
    _edit_descriptor(folder, lambda d: _resource(d, "water")["schema"]["fields"][1]["constraints"].update(minimum=-100))
    return "datapackage.json", None, "water"


@case("number-format")
def _(folder):
    return "energy.csv", set_cell(folder / "energy.csv", 0, "quantity", "1_000"), "quantity"


@case("table-empty")
def _(folder):
    header, _ = read_rows(folder / "water.csv")
    write_rows(folder / "water.csv", header, [])
    return "water.csv", None, None


@case("folder-name")
def _(folder):
    folder.rename(folder.parent / "24")
    return "../24", None, None  # the folder itself


# bytes and text
@case("byte-order-mark")
def _(folder):
    path = folder / "water.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "water.csv", 1, None


@case("encoding-gbk")
def _(folder):
    path = folder / "enterprises.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return "enterprises.csv", 2, None  # the first line with Chinese text


@case("encoding-invalid")
def _(folder):
    path = folder / "water.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"\xff" + lines[2]  # neither UTF-8 nor GB18030
    path.write_bytes(b"\n".join(lines))
    return "water.csv", 3, None


# Table Schema
@case("type-error")
def _(folder):
    return "energy.csv", set_cell(folder / "energy.csv", 0, "quantity", "abc"), "quantity"


@case("constraint-error")
def _(folder):
    return "water.csv", set_cell(folder / "water.csv", 0, "tap_water", "-5"), "tap_water"


@case("required-missing")
def _(folder):
    return "enterprises.csv", set_cell(folder / "enterprises.csv", 0, "enterprise_name", ""), "enterprise_name"


@case("primary-key")
def _(folder):
    _, rows = read_rows(folder / "water.csv")
    return "water.csv", append_row(folder / "water.csv", dict(rows[0])), "enterprise_id"


@case("primary-key-empty")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 2, "measure_id", ""), "measure_id"


@case("unique-error")
def _(folder):
    _, rows = read_rows(folder / "enterprises.csv")
    return "enterprises.csv", set_cell(folder / "enterprises.csv", 1, "uscc", rows[0]["uscc"]), "uscc"


@case("foreign-key")
def _(folder):
    return "carbon.csv", set_cell(folder / "carbon.csv", 1, "enterprise_id", "NOPE"), "enterprise_id"


@case("missing-label")
def _(folder):
    header, rows = read_rows(folder / "water.csv")
    write_rows(folder / "water.csv", header[:-1], [{k: r[k] for k in header[:-1]} for r in rows])
    return "water.csv", None, header[-1]


@case("extra-label")
def _(folder):
    header, rows = read_rows(folder / "water.csv")
    write_rows(folder / "water.csv", header + ["remark"], [{**r, "remark": "x"} for r in rows])
    return "water.csv", None, "remark"


@case("incorrect-label")
def _(folder):
    header, _ = read_rows(folder / "water.csv")
    _rewrite_header(folder / "water.csv", [header[0], header[2], header[1], *header[3:]])
    return "water.csv", None, header[1]  # the field the schema expects in that column


@case("duplicate-label")
def _(folder):
    header, _ = read_rows(folder / "water.csv")
    _rewrite_header(folder / "water.csv", [header[0], header[1], header[1], *header[3:]])
    return "water.csv", None, header[2]


@case("missing-cell")
def _(folder):
    path = folder / "carbon.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "E2,0"  # the other cells of the row left out
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    header, _ = read_rows(path)
    return "carbon.csv", 3, header[-1]


@case("extra-cell")
def _(folder):
    path = folder / "carbon.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",9"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "carbon.csv", 2, ""  # frictionless names no field for a cell beyond the header


@case("findings-truncated")
def _(folder):
    path = folder / "water.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,,\n" * 1500, encoding="utf-8")
    # frictionless stops reading at 1000 errors: a blank row is two to it (blank, and an empty primary
    # key, which is reported once, as blank), so at the 500th blank row, row 503 (two data rows before)
    return "water.csv", 503, None


@case("blank-row")
def _(folder):
    path = folder / "water.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,,\n", encoding="utf-8")
    return "water.csv", 4, None


@case("frictionless")
def _(folder):
    return _set_energy_path(folder, ["energy.csv", "energy2.csv"])  # a path frictionless reads, but not as one file


# checks of our own
@case("park-rows")
def _(folder):
    _, rows = read_rows(folder / "park.csv")
    append_row(folder / "park.csv", dict(rows[0]))
    return "park.csv", None, None


@case("park-id-mismatch")
def _(folder):
    return "park.csv", set_cell(folder / "park.csv", 0, "park_id", "other-park"), "park_id"


@case("cycle-mismatch")
def _(folder):
    return "park.csv", set_cell(folder / "park.csv", 0, "audit_year", "2019"), "audit_year"


@case("descriptor-park-mismatch")
def _(folder):
    _edit_descriptor(folder, lambda d: d.update({"parkaudit:park": "other-park"}))
    return "datapackage.json", None, "parkaudit:park"


@case("descriptor-cycle-mismatch")
def _(folder):
    _edit_descriptor(folder, lambda d: d.update({"parkaudit:cycle": "2019"}))  # was accepted and published
    return "datapackage.json", None, "parkaudit:cycle"


@case("value-added-zero")
def _(folder):
    return "park.csv", set_cell(folder / "park.csv", 0, "industrial_value_added", "0"), "industrial_value_added"


@case("enterprise-total-exceeds-park")
def _(folder):
    return "park.csv", set_cell(folder / "park.csv", 0, "industrial_output_value", "10"), "industrial_output_value"


@case("uscc-check-digit")
def _(folder):
    code = uscc(1)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    return "enterprises.csv", set_cell(folder / "enterprises.csv", 0, "uscc", wrong), "uscc"


@case("permit-uscc-mismatch")
def _(folder):
    return "enterprises.csv", set_cell(folder / "enterprises.csv", 0, "permit_no", uscc(9) + "001P"), "permit_no"


@case("unknown-energy-carrier")
def _(folder):
    return "energy.csv", set_cell(folder / "energy.csv", 0, "energy_type", "核能"), "energy_type"


@case("electricity-inconsistent")
def _(folder):
    return "carbon.csv", set_cell(folder / "carbon.csv", 0, "purchased_electricity", "900"), "purchased_electricity"


@case("waste-balance")
def _(folder):
    set_cell(folder / "solid_waste.csv", 0, "utilised", "80")
    return "solid_waste.csv", 2, "generated"


@case("emission-over-permit")
def _(folder):
    return "emissions.csv", set_cell(folder / "emissions.csv", 0, "actual", "2.5"), "actual"


@case("measure-enterprise-required")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 0, "enterprise_id", ""), "enterprise_id"


@case("measure-enterprise-unexpected")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 2, "enterprise_id", "E1"), "enterprise_id"


@case("measure-chain-required")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 1, "chain", ""), "chain"


@case("measure-chain-unknown")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 1, "chain", "纺织"), "chain"


@case("measure-dates")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 0, "end_date", "2023-12-31"), "end_date"


@case("measure-achieved-early")
def _(folder):
    return "measures.csv", set_cell(folder / "measures.csv", 1, "achieved_water_saving", "2"), "achieved_water_saving"


@case("enterprise-without-energy")
def _(folder):
    header, rows = read_rows(folder / "energy.csv")
    write_rows(folder / "energy.csv", header, [r for r in rows if r["enterprise_id"] != "E2"])
    return "enterprises.csv", 3, "enterprise_id"


@case("tenfold-jump")
def _(folder):
    return "energy.csv", set_cell(folder / "energy.csv", 0, "quantity", "3000"), "quantity"


# across parks: another park of the data root, in the same cycle
@case("permit-in-two-parks")
def _(folder):
    write_package(folder.parent.parent, "other-park", CYCLE, tables(), park=PARK_ROW)  # E1 with the same permit number
    return "enterprises.csv", 2, "permit_no"


@case("uscc-in-two-parks")
def _(folder):
    other = tables()
    other["enterprises"][0]["permit_no"] = uscc(1) + "002P"  # E1: the same legal entity's other site, which is fine
    write_package(folder.parent.parent, "other-park", CYCLE, other, park=PARK_ROW)  # E2: the same USCC, no permit number
    return "enterprises.csv", 3, "uscc"


# --- the tests ------------------------------------------------------------------------------------
def test_every_code_has_a_case():
    assert set(CASES) == set(CATALOGUE), {"codes without a case": sorted(set(CATALOGUE) - set(CASES)),
                                          "cases for no code": sorted(set(CASES) - set(CATALOGUE))}


def test_the_package_the_cases_break_has_no_findings(root):
    report = validate_paths([root])
    assert len(report.packages) == 2
    assert report.findings == [], [(f.code, f.file, f.row, f.field) for f in report.findings]


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_the_case_triggers_its_code(root, code):
    assert code in CASES, f"no case in this file triggers {code}"
    file, row, field = CASES[code](root / PARK / CYCLE)
    report = validate_paths([root])
    shown = posixpath.normpath(f"data/{PARK}/{CYCLE}/{file}")
    found = [f for f in report.findings if f.code == code]
    assert found, f"no {code} in {[(f.code, f.file, f.row, f.field) for f in report.findings]}"
    assert (shown, row, field) in {(f.file, f.row, f.field) for f in found}, [(f.file, f.row, f.field) for f in found]
    f = next(f for f in found if (f.file, f.row, f.field) == (shown, row, field))
    assert f.severity == CATALOGUE[code].severity
    assert f.message_zh != f.message_en
    assert not re.search(r"\{[a-z_]+\}", f.message_zh + f.message_en), "a template placeholder was left unfilled"
