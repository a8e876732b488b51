"""The plain-CSV fast path of load.read_table gives exactly the frames of the pandas path."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from generator.core import TABLES, discover_packages
from generator.core import package as load

DATA = Path(__file__).resolve().parents[2] / "data"


def _slow(path: Path, schema: dict) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return load._typed(frame, schema)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert type(a.index) is type(b.index)
    assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str))
    # the same Python objects come out of the rows the later stages iterate
    for ra, rb in zip(a.to_dict("records"), b.to_dict("records")):
        assert ra.keys() == rb.keys()
        for k in ra:
            x, y = ra[k], rb[k]
            assert type(x) is type(y), (k, x, y)
            assert x is y or x == y or (x != x and y != y), (k, x, y)


def _resources():
    for ref in discover_packages(DATA):
        descriptor = json.loads(ref.descriptor.read_text(encoding="utf-8"))
        for res in descriptor["resources"]:
            if res["name"] in TABLES:
                yield ref.folder / res["path"], res["schema"]


def test_committed_tables_take_the_fast_path_and_match():
    n = 0
    for path, schema in _resources():
        fast = load._read_plain(path, schema)
        assert fast is not None, path
        _same(fast, _slow(path, schema))
        n += 1
    assert n > 0


SCHEMA = {"fields": [
    {"name": "id", "type": "string"},
    {"name": "x", "type": "number"},
    {"name": "n", "type": "integer"},
    {"name": "b", "type": "boolean"},
]}


@pytest.mark.parametrize("text, fast", [
    ("id,x,n,b\na,1.5,2,true\nb,,,\nc,-1e3,+7,否\nd,.5,0,是\ne,3.,1,FALSE\n", True),
    ("id,x,n,b\r\na,1.5,2,true\r\nb,,,x\r\n", True),
    ("id,x,n,b\n", True),
    ("id,x,n,b\na,1.5,2,true", True),
    ("id,x,n,b\na,1.5,2,1\nb,2,3,0\n", True),
    ("id,x,n,b\na,NaN,2,true\n", False),
    ("id,x,n,b\na,inf,2,true\n", False),
    ("id,x,n,b\na, 1,2,true\n", False),
    ("id,x,n,b\na,１,2,true\n", False),
    ("id,x,n,b\na,1_000,2,true\n", False),
    ("id,x,n,b\n\na,1,2,true\n", False),
    ('id,x,n,b\n"a,b",1,2,true\n', False),
    ("id,x,n,b\na,1,2,true,extra\n", False),
    ("id,x,b,n\na,1,true,2\n", False),
    ("\ufeffid,x,n,b\na,1,2,true\n", False),
    ("id,x,n,b\ra,1,2,true\r", False),
])
def test_fast_path_matches_pandas_or_steps_aside(tmp_path, text, fast):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    got = load._read_plain(path, SCHEMA)
    assert (got is not None) == fast
    if got is not None:
        _same(got, _slow(path, SCHEMA))
    _same(load.read_table(path, SCHEMA), _slow(path, SCHEMA))


def _same_records(a: list[dict], b: list[dict]) -> None:
    assert len(a) == len(b)
    for ra, rb in zip(a, b):
        assert list(ra) == list(rb)
        for k in ra:
            x, y = ra[k], rb[k]
            assert type(x) is type(y), (k, x, y)
            assert x is y or x == y or (x != x and y != y), (k, x, y)


def test_records_equal_to_dict_records():
    import numpy as np

    n = 0
    for path, schema in _resources():
        frame = load.read_table(path, schema)
        _same_records(load.records(frame), frame.to_dict("records"))
        if len(frame) > 2:
            part = frame.iloc[[2, 0]]
            _same_records(load.records(part), part.to_dict("records"))
            cols = list(frame.columns[:2])
            _same_records(load.records(frame[cols]), frame[cols].to_dict("records"))
        n += 1
    assert n
    odd = pd.DataFrame({"a": pd.Series([np.int64(1), "x"], dtype=object), "b": [1, 2], "c": ["p", None]})
    _same_records(load.records(odd), odd.to_dict("records"))
    _same_records(load.records(odd[["c"]]), odd[["c"]].to_dict("records"))
    empty = odd.iloc[:0]
    _same_records(load.records(empty), empty.to_dict("records"))
    _same_records(load.records(pd.DataFrame()), pd.DataFrame().to_dict("records"))


def test_records_of_missing_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,x,n,b\na,1.5,2,true\n,,,\nc,-1,3,否\n", encoding="utf-8")
    frame = load.read_table(path, SCHEMA)
    _same_records(load.records(frame), frame.to_dict("records"))
    row = load.records(frame)[1]
    assert row["id"] is None and row["b"] is None and row["x"] != row["x"]
