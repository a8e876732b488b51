"""JSON that comes with the data is read with limits (core.read_json): a file too large is refused
before it is read, one nested too deep before anything walks it, and a FIFO is never opened for a
read that would block. Every refusal is a ValueError with a Chinese and English message."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from generator.core import MAX_JSON_BYTES, MAX_JSON_DEPTH, JSONLimitError, discover_packages, load_package, parse_json, read_json

DATA = Path(__file__).resolve().parents[2] / "data"


def nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_every_shipped_descriptor_and_schema_is_well_within_the_limits():
    files = [ref.descriptor for ref in discover_packages(DATA)] + sorted((DATA / "schemas").glob("*.json"))
    files += sorted((DATA / "reference").glob("*.json"))
    for path in files:
        assert read_json(path) == json.loads(path.read_text(encoding="utf-8")), path
        assert path.stat().st_size < MAX_JSON_BYTES / 10, path


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"description": "x" * MAX_JSON_BYTES}), encoding="utf-8")
    with pytest.raises(JSONLimitError) as refused:
        read_json(path)
    assert (refused.value.kind, refused.value.limit) == ("size", MAX_JSON_BYTES)
    assert refused.value.actual == path.stat().st_size
    assert "字节" in str(refused.value) and "bytes" in str(refused.value)


def test_nesting_is_bounded_at_the_limit():
    assert parse_json(nested(MAX_JSON_DEPTH)) is not None
    with pytest.raises(JSONLimitError) as refused:
        parse_json(nested(MAX_JSON_DEPTH + 1))
    assert (refused.value.kind, refused.value.actual) == ("depth", MAX_JSON_DEPTH + 1)
    assert parse_json(b'{"a": "' + b"[" * 500 + b'"}') == {"a": "[" * 500}  # brackets in a string are text


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_nesting_that_would_exhaust_the_parser_is_a_limit_not_a_recursion_error(opener):
    # on today's main: RecursionError from json, a traceback
    with pytest.raises(JSONLimitError, match="nests more than"):
        parse_json(opener * 100_000)


def test_not_json_is_a_value_error(tmp_path):
    path = tmp_path / "x.json"
    for raw in (b'{"resources": [', b"\xff\xfe{}"):
        path.write_bytes(raw)
        with pytest.raises(ValueError):
            read_json(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "datapackage.json"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            read_json(fifo)
        except ValueError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)  # if it blocks, the test says so, and does not hang
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        with open(fifo, "wb"):  # let the blocked reader go
            pass
        pytest.fail("read_json opened a FIFO and waited for a writer")
    assert outcome and "not a regular file" in outcome[0]


def test_a_folder_is_refused_and_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(ValueError, match="not a regular file"):
        read_json(tmp_path)
    with pytest.raises(OSError):
        read_json(tmp_path / "nothere.json")


def test_loading_a_package_reads_its_descriptor_with_the_limits(tmp_path):
    folder = tmp_path / "demo" / "2024"
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_bytes(nested(100))
    with pytest.raises(JSONLimitError):
        load_package(folder)
