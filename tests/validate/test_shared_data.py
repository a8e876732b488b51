"""The shared data (data/schemas, data/reference) that validation reads once per content
(validate/_shared.py): an edit between two validations in one process is seen by the second, and
the cached values are what core's loaders give."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core import load_energy_coefficients, load_shared_schema
from generator.validate import validate_paths
from generator.validate._shared import energy_coefficients, shared_schema

from ..csvedit import copy_data, read_rows, write_rows

PARK = "anning-ip"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path, parks=(PARK,))


def _codes(data: Path) -> set[tuple[str, str]]:
    return {(f.code, f.file) for f in validate_paths([data]).findings if f.severity == "error"}


def test_the_cached_values_are_the_loaders(data):
    assert shared_schema(data, "water") == load_shared_schema(data, "water")
    assert shared_schema(data, "water") is shared_schema(data, "water")  # parsed once
    assert energy_coefficients(data).equals(load_energy_coefficients(data))
    assert energy_coefficients(data) is energy_coefficients(data)


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
    assert energy_coefficients(data).equals(load_energy_coefficients(data))
    assert not set(energy_coefficients(data)["energy_type"]) & used
