"""The shared data (data/schemas, data/reference) that validation loads once per run
(validate/_shared.py): once for all the packages of a run and once for a single package, what
core's loaders give, and an edit between two validations in one process is seen by the second."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core import TABLES, load_energy_coefficients, load_shared_schema, package_ref
from generator.validate import SharedData, validate_package, validate_paths
from generator.validate import _shared

from ..csvedit import copy_data, read_rows, write_rows

PARK = "anning-ip"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path, parks=(PARK,))


def _codes(data: Path) -> set[tuple[str, str]]:
    return {(f.code, f.file) for f in validate_paths([data]).findings if f.severity == "error"}


def test_the_shared_values_are_the_loaders(data):
    shared = SharedData.load(data)
    assert shared.schema("water") == load_shared_schema(data, "water")
    assert shared.energy_coefficients().equals(load_energy_coefficients(data))


def test_an_unreadable_file_raises_for_every_package_that_asks(data):
    (data / "schemas" / "water.json").write_text('{"fields": [', encoding="utf-8")
    shared = SharedData.load(data)
    for _ in range(2):
        with pytest.raises(ValueError):
            shared.schema("water")
    assert shared.schema("energy") == load_shared_schema(data, "energy")


@pytest.fixture()
def loads(monkeypatch) -> list[str]:
    """The shared files that validation loads, one entry per load, in one process."""
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    seen: list[str] = []

    def schema(data_root, table):
        seen.append(table)
        return load_shared_schema(data_root, table)

    def coefficients(data_root):
        seen.append("coefficients")
        return load_energy_coefficients(data_root)

    monkeypatch.setattr(_shared, "load_shared_schema", schema)
    monkeypatch.setattr(_shared, "load_energy_coefficients", coefficients)
    return seen


def test_a_run_loads_the_shared_data_once(data, loads):
    report = validate_paths([data])
    assert len(report.packages) > 1  # several packages, one load
    assert sorted(loads) == sorted([*TABLES, "coefficients"])


def test_a_single_package_loads_the_shared_data_once(data, loads):
    validate_package(package_ref(data / PARK / "2024"))
    assert sorted(loads) == sorted([*TABLES, "coefficients"])


def test_an_edited_shared_schema_is_read_again(data):
    assert _codes(data) == set()  # validated once: the shared data is in the cache now
    schema = data / "schemas" / "water.json"
    good = schema.read_bytes()
    schema.write_text('{"fields": [', encoding="utf-8")
    assert {code for code, _ in _codes(data)} == {"shared-data-unreadable"}
    schema.write_bytes(good)
    assert _codes(data) == set()


def test_an_edited_coefficient_table_is_read_again(data):
    assert _codes(data) == set()
    table = data / "reference" / "energy_coefficients.csv"
    header, rows = read_rows(table)
    used = {r["energy_type"] for r in read_rows(data / PARK / "2024" / "energy.csv")[1]}
    write_rows(table, header, [r for r in rows if r["energy_type"] not in used])  # a carrier the park uses is gone
    found = _codes(data)
    assert "unknown-energy-carrier" in {code for code, _ in found}
    assert not set(SharedData.load(data).energy_coefficients()["energy_type"]) & used
