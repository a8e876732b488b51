"""core.dump_json (orjson, falling back to a Python writer) writes exactly the bytes of json.dumps(..., indent=2, sort_keys=True)."""

from __future__ import annotations

import json
import math
import random
from decimal import Decimal
from pathlib import Path

import pytest

from generator.core import dump_json

RESULTS = Path(__file__).resolve().parents[2] / "results"


def _reference(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"


def test_committed_score_files_round_trip_byte_for_byte():
    files = sorted(RESULTS.glob("*/*/score.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dump_json(json.loads(text)) == text, path


STRINGS = ["", "a", "园区", "\"quoted\"", "back\\slash", "tab\tnew\nline", "\x00\x1f\x7f", "\u2028\u2029", "😀",
           "\ud800", "null", "1", "z", "Z", "_", "é"]
FLOATS = [0.0, -0.0, 1.0, 0.1, 1e16, 1e-7, 123456789.123, -2.5, 1e308, 5e-324, 1 / 3]


def _value(rng: random.Random, depth: int):
    roll = rng.random()
    if depth > 4 or roll < 0.5:
        return rng.choice([None, True, False, 0, -1, 10**20, rng.randint(-1000, 1000), rng.choice(FLOATS),
                           rng.random() * 10 ** rng.randint(-10, 20), rng.choice(STRINGS)])
    if roll < 0.75:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.8:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {rng.choice(STRINGS) + str(rng.randint(0, 30)): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def test_random_documents():
    rng = random.Random(11)
    for _ in range(3000):
        doc = {"root": _value(rng, 0), "more": [_value(rng, 1) for _ in range(3)]}
        assert dump_json(doc) == _reference(doc)


class Name(str):
    pass


class Count(int):
    pass


@pytest.mark.parametrize("doc", [
    {"a": {1: "int key", 2: "b"}},
    {"a": {None: 1}, "b": {True: 2, False: 3}},
    {"a": {Name("x"): 1}},
    {"a": Name("x"), "b": Count(3), "c": 1.5},
    {"a": [{"z": 1, "a": 2}, [], {}, ()]},
])
def test_unusual_values_take_json_dumps(doc):
    assert dump_json(doc) == _reference(doc)


@pytest.mark.parametrize("doc", [
    {"a": math.nan}, {"a": [math.inf]}, {"a": -math.inf}, {"a": Decimal("1")}, {"a": {1: 1, "b": 2}}, {"a": {1, 2}},
    # deep among strings, where the walk looks last
    {"z": "x", "a": ["s", {"b": "t", "c": [None, True, 1, 1.5, "u", {"d": math.nan}]}]},
])
def test_errors_are_json_dumps_errors(doc):
    with pytest.raises(Exception) as expected:
        _reference(doc)
    with pytest.raises(type(expected.value)) as got:
        dump_json(doc)
    assert str(got.value) == str(expected.value)


def test_committed_score_files_take_the_orjson_path(monkeypatch):
    """The fast path must be the one that writes results: the Python writer is only a fallback."""
    import generator.core.json_text as json_text

    def refuse(doc):
        raise AssertionError("fell back to the Python writer")

    monkeypatch.setattr(json_text, "dump_json_python", refuse)
    for path in sorted(RESULTS.glob("*/*/score.json")):
        text = path.read_text(encoding="utf-8")
        assert json_text.dump_json(json.loads(text)) == text, path


@pytest.mark.parametrize("value", [1e-05, 9.99e-05, 1.234e-07, -3e-300, 5e-324, 0.0001, 1e16, 1.5e300, 10**19, 2**63, -(2**63) - 1,
                                   9.999999999999999e-05, -9.999999999999999e-05, 0.00010000000000000002, -0.0001, 0.0, -0.0])
def test_numbers_orjson_writes_differently_are_still_jsons(value):
    doc = {"v": value, "nested": [{"w": value}]}
    assert dump_json(doc) == _reference(doc)


def test_strings_that_look_like_small_numbers_are_still_exact():
    doc = {"note": "0.00001 and 1e-5", "v": 1.0}
    assert dump_json(doc) == _reference(doc)


def test_floats_of_every_magnitude_and_keys_that_look_like_them():
    rng = random.Random(5)
    doc = {}
    for i in range(3000):
        value = rng.random() * 10.0 ** rng.randint(-320, 300) * rng.choice([1, -1])
        key = rng.choice(["v", "0.00001", '"1e-7": ', "a\\\"b", "x\ny"]) + str(i)
        doc[key] = rng.choice([value, [value, {"k": value}], "0.00001", "1e-07"])
    assert dump_json(doc) == _reference(doc)


def test_small_floats_take_the_orjson_path(monkeypatch):
    import generator.core.json_text as json_text

    monkeypatch.setattr(json_text, "dump_json_python", lambda doc: (_ for _ in ()).throw(AssertionError("fell back")))
    doc = {"share": 3.2e-05, "list": [1e-07, 0.5, 5e-324], "k": {"z": -9.99e-05}}
    assert json_text.dump_json(doc) == _reference(doc)


def test_the_text_is_scanned_for_small_floats_only_when_the_document_has_one(monkeypatch):
    """Scanning orjson's text for the floats it writes differently is skipped when the walk met
    none (it was a fifth of the writer's time on score documents), and done when it met one."""
    import generator.core.json_text as json_text

    scanned = []
    real = json_text._python_floats
    monkeypatch.setattr(json_text, "_python_floats", lambda text: scanned.append(text) or real(text))
    plain = {"a": [0.5, 0.0001, -0.0, 12.0, "1e-05"], "b": {"c": 1e16}}
    assert json_text.dump_json(plain) == _reference(plain)
    assert scanned == []
    small = {"a": [0.5, {"deep": [-2e-05]}], "b": "x"}
    assert json_text.dump_json(small) == _reference(small)
    assert len(scanned) == 1


def _ordered(value):
    """value with every object as a list of its items and every leaf with its type, so that ==
    compares key order and int/float too."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return (type(value).__name__, value)


def test_read_back_is_what_json_loads_reads_from_the_text():
    """dump_json_read_back reads by orjson what orjson wrote: the same values, types and key order
    as json.loads of the text, at the edges too (ints at and beyond 64 bits, small floats, -0.0)."""
    from generator.core import dump_json_read_back

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESULTS.glob("*/*/score.json"))]
    assert docs
    edges = [2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1, 10**30, -0.0, 1e-7, 9.999999999999999e-05, 1e308, 5e-324]
    docs += [{"z": value, "a": [value, {"k": value}]} for value in edges]
    rng = random.Random(13)
    docs += [{"root": _value(rng, 0), "more": [_value(rng, 1) for _ in range(3)]} for _ in range(2000)]
    for doc in docs:
        text, read = dump_json_read_back(doc)
        assert text == dump_json(doc)
        assert _ordered(read) == _ordered(json.loads(text)), text[:200]
