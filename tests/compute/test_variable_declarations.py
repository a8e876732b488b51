"""generator/compute/variables.yaml declares every compute variable (meaning, unit, input tables and
columns, derivation); these tests hold it to what compute_cycle actually produces and to the table
schemas, so that the file a reviewer reads cannot drift from the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.compute import VARIABLE_NAMES, compute_cycle
from generator.compute.variables import DECLARATIONS, DECLARATIONS_FILE, ELECTRICITY_UNIT, VARIABLES, load_declarations
from generator.core import discover_packages, load_energy_coefficients, load_package
from generator.score import load_config

from ..builders import INDICATORS_YAML, REPO_DATA, make_data_root, write_package
from .test_compute import KEY, tables

DECLARED = DECLARATIONS["variables"]


def _schema_units() -> dict[str, dict[str, str]]:
    units = {}
    for path in sorted((REPO_DATA / "schemas").glob("*.json")):
        units[path.stem] = {f["name"]: f.get("unit") for f in json.loads(path.read_text(encoding="utf-8"))["fields"]}
    coef = json.loads((REPO_DATA / "reference" / "energy_coefficients.schema.json").read_text(encoding="utf-8"))
    units["energy_coefficients"] = {f["name"]: f.get("unit") for f in coef["fields"]}
    return units


def _produced(tmp_path) -> list:
    """compute_cycle over every demo package and a small package that exercises the missing paths."""
    cfg = load_config(INDICATORS_YAML)
    out = [compute_cycle(load_package(ref.folder), load_energy_coefficients(REPO_DATA), cfg.key_enterprises) for ref in discover_packages(REPO_DATA)]
    root = make_data_root(tmp_path)
    small = write_package(root, "demo-park", "2024", tables(), park={"industrial_value_added": 1000, "electricity_equivalent_coef": None})
    empty = write_package(root, "empty-park", "2024", {})
    out += [compute_cycle(load_package(f), load_energy_coefficients(root), KEY) for f in (small, empty)]
    return out


def test_compute_produces_exactly_the_declared_variables(tmp_path):
    produced = _produced(tmp_path)
    assert len(produced) > 3
    for data in produced:
        assert set(data.variables) == set(DECLARED) == VARIABLE_NAMES


def test_every_source_compute_cites_is_declared(tmp_path):
    for data in _produced(tmp_path):
        for name, var in data.variables.items():
            assert var.sources, name
            inputs = DECLARED[name]["inputs"]
            for src in var.sources:
                assert src.table in inputs, (name, src.table)
                undeclared = set(src.columns) - set(inputs[src.table])
                assert not undeclared, (name, src.table, undeclared)


def test_units_and_meanings_come_from_the_declarations(tmp_path):
    data = _produced(tmp_path)[0]
    for name, var in data.variables.items():
        assert var.unit == DECLARED[name]["unit"]
        assert var.description == DECLARED[name]["meaning"]
    assert VARIABLES == {n: (d["unit"], d["meaning"]["zh"], d["meaning"]["en"]) for n, d in DECLARED.items()}


def test_declared_column_units_are_the_schema_units():
    # e.g. carbon.purchased_electricity is MWh and park.grid_emission_factor tCO2/MWh: the units that
    # co2_electricity multiplies, declared and checked instead of assumed in code
    schema = _schema_units()
    for name, d in DECLARED.items():
        for table, columns in d["inputs"].items():
            assert table in schema, (name, table)
            for column, unit in columns.items():
                assert column in schema[table], (name, table, column)
                assert unit == schema[table][column], (name, table, column, unit, schema[table][column])
    assert DECLARED["co2_electricity"]["inputs"]["carbon"] == {"purchased_electricity": "MWh", "exported_electricity": "MWh"}
    assert DECLARED["co2_heat"]["inputs"]["carbon"] == {"purchased_heat": "GJ", "exported_heat": "GJ"}


def test_code_only_variables_of_the_past_are_declared():
    for name in ("permit_limits", "permit_exceedances", "enterprises_exceeding_permit", "n_key_enterprises"):
        d = DECLARED[name]
        assert d["derivation"]["zh"] and d["derivation"]["en"] and d["inputs"]


def test_electricity_unit_is_one_the_energy_table_allows():
    energy = json.loads((REPO_DATA / "schemas" / "energy.json").read_text(encoding="utf-8"))
    units = next(f for f in energy["fields"] if f["name"] == "unit")["constraints"]["enum"]
    assert ELECTRICITY_UNIT in units


@pytest.mark.parametrize("drop", ["unit", "meaning", "inputs", "derivation"])
def test_an_incomplete_declaration_is_refused(tmp_path, drop):
    data = load_declarations(DECLARATIONS_FILE)
    del data["variables"]["cod"][drop]
    bad = Path(tmp_path) / "variables.yaml"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="incomplete declarations: cod"):
        load_declarations(bad)
    assert load_declarations(DECLARATIONS_FILE) == DECLARATIONS  # the real file loads
