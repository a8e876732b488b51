"""fast_schema's column checkers answer exactly what _cell_ok answers for every cell."""

from __future__ import annotations

import random

import pytest

from generator.validate import table_schema_fast as fast_schema

CELLS = ["", "0", "1", "-1", "+2", "1.5", ".5", "5.", "1e3", "1E-2", "-0", "1e999", "-1e999", "nan", "NaN", "inf",
         "abc", " 1", "1 ", "１２", "1_000", "1\n", "\n1", "1\n2", "0x10", "100", "101", "99.9", "true", "false",
         "True", "是", "否", "TRUE", "0.0", "2024-01-31", "2024-02-30", "2024-1-1", "COD", "SO2", "CO", "A", "A1",
         "a1", "12345", "91530300MA6K0XXX0X", "企业", "园区", "产业链", "None", "1.0"]

FIELDS = [
    {"type": "number"},
    {"type": "number", "constraints": {"minimum": 0}},
    {"type": "number", "constraints": {"minimum": 0, "maximum": 100}},
    {"type": "number", "constraints": {"minimum": 0, "required": True}},
    {"type": "number", "constraints": {"minimum": -1.5, "maximum": 1e3}},
    {"type": "number", "constraints": {"enum": [1, 1.5, "2"]}},
    {"type": "integer", "constraints": {"minimum": 0}},
    {"type": "integer", "constraints": {"minimum": 0, "maximum": 100, "required": True}},
    {"type": "string"},
    {"type": "string", "constraints": {"required": True}},
    {"type": "string", "constraints": {"enum": ["COD", "SO2", 1, 1.0], "required": True}},
    {"type": "string", "constraints": {"enum": ["企业", "园区", "产业链"]}},
    {"type": "string", "constraints": {"pattern": "[A-Z][0-9]*"}},
    {"type": "string", "constraints": {"pattern": "[0-9A-Z]{18}", "required": True}},
    {"type": "string", "constraints": {"pattern": "[a-zA-Z0-9]+", "enum": ["A1", "a1", "A"]}},
    {"type": "boolean"},
    {"type": "boolean", "constraints": {"required": True}},
    {"type": "boolean", "trueValues": ["是", "true"], "falseValues": ["否", "false"]},
    {"type": "boolean", "trueValues": [["x"]], "falseValues": ["否"]},
    {"type": "date"},
    {"type": "date", "constraints": {"required": True, "enum": ["2024-01-31"]}},
]


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: repr(f))
def test_column_checker_equals_cell_ok(f):
    f = {"name": "x", **f}
    check = fast_schema._column_checker(f)
    rng = random.Random(7)
    columns = [(), ("",), tuple(CELLS)] + [(c,) for c in CELLS]
    columns += [tuple(rng.choice(CELLS) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for column in columns:
        assert check(column) == all(fast_schema._cell_ok(c, f) for c in column), column


def test_compiled_checkers_are_shared_between_equal_fields():
    a = fast_schema._checkers([{"name": "x", "type": "number", "constraints": {"minimum": 0}}])
    b = fast_schema._checkers([{"name": "x", "type": "number", "constraints": {"minimum": 0}}])
    c = fast_schema._checkers([{"name": "x", "type": "number", "constraints": {"minimum": 0.0}}])
    assert a[0] is b[0] and a[0] is not c[0]
