"""The same enterprise in two parks in one cycle (generator/validate/rules/across_parks.py): the
same permit number is an error (one site, counted in two parks), the same USCC without permit
numbers to tell the rows apart a warning, the same USCC with different permit numbers nothing (one
legal entity, a site in each park). On today's main all of these pass silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import validate_paths

from ..builders import uscc
from ..csvedit import copy_data, read_rows, set_cell

A, B = "qujing-etdz", "yanglin-etdz"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path, parks=(A, B))


def ent(data: Path, park: str, cycle: str) -> Path:
    return data / park / cycle / "enterprises.csv"


def take(data: Path, cycle: str, *, permit: str | None) -> dict:
    """B's first enterprise of `cycle` takes the USCC of A's first enterprise, and the permit
    number `permit` ("same": A's; None: none)."""
    _, rows = read_rows(ent(data, A, cycle))
    theirs = rows[0]
    set_cell(ent(data, B, cycle), 0, "uscc", theirs["uscc"])
    set_cell(ent(data, B, cycle), 0, "permit_no", theirs["permit_no"] if permit == "same" else permit or "")
    return theirs


def across(report) -> set:
    return {(f.code, f.file, f.row, f.field) for f in report.findings if f.code in ("permit-in-two-parks", "uscc-in-two-parks")}


def test_the_same_permit_number_in_two_parks_is_an_error_in_both(data):
    theirs = take(data, "2025", permit="same")
    report = validate_paths([data])
    assert across(report) == {("permit-in-two-parks", f"data/{A}/2025/enterprises.csv", 2, "permit_no"),
                              ("permit-in-two-parks", f"data/{B}/2025/enterprises.csv", 2, "permit_no")}
    f = next(f for f in report.errors if f.file.startswith(f"data/{B}/"))
    assert theirs["permit_no"] in f.message_en and f"{A} (data/{A}/2025/enterprises.csv:2)" in f.message_en
    assert "重复计算" in f.message_zh and "counted twice" in f.message_en


def test_the_same_uscc_without_a_permit_number_is_a_warning(data):
    take(data, "2025", permit=None)
    report = validate_paths([data])
    assert across(report) == {("uscc-in-two-parks", f"data/{A}/2025/enterprises.csv", 2, "uscc"),
                              ("uscc-in-two-parks", f"data/{B}/2025/enterprises.csv", 2, "uscc")}
    assert not report.has_errors


def test_the_same_legal_entity_with_a_site_in_each_park_is_fine(data):
    theirs = take(data, "2025", permit="same")
    set_cell(ent(data, B, "2025"), 0, "permit_no", theirs["uscc"] + "999Q")  # its other site's permit
    assert across(validate_paths([data])) == set()


def test_only_the_same_cycle_is_compared(data):
    code = uscc(424242)  # in no package yet
    for park, cycle in ((A, "2025"), (B, "2024")):
        set_cell(ent(data, park, cycle), 0, "uscc", code)
        set_cell(ent(data, park, cycle), 0, "permit_no", code + "001P")
    assert across(validate_paths([data])) == set()
    set_cell(ent(data, B, "2025"), 0, "uscc", code)  # and now in the same cycle too
    set_cell(ent(data, B, "2025"), 0, "permit_no", code + "001P")
    assert len(across(validate_paths([data]))) == 2


def test_a_package_with_errors_is_not_compared(data):
    take(data, "2025", permit="same")
    set_cell(data / A / "2025" / "energy.csv", 0, "quantity", "abc")
    report = validate_paths([data])
    assert across(report) == set()  # A's own error comes first
    assert {f.code for f in report.errors} == {"type-error"}


def test_the_parks_named_are_the_parks_compared(data):
    take(data, "2025", permit="same")
    assert across(validate_paths([data / B])) == set()  # one park: nothing to compare it with
    assert len(across(validate_paths([data / A, data / B / "2025"]))) == 2
