"""The data every package of a data root shares (data/schemas/<table>.json, the energy coefficients
in data/reference/), read once per content instead of once or twice per package.

Validating 89 parks read the nine shared schemas and the coefficient table for each of their 267
packages: about 7 % of validation's CPU time, for the same few kB every time. The cache is keyed
by the files' bytes (read again on each call: a few small files, no parsing), never by names or
times, so an edited file is parsed afresh and validation sees exactly what the loaders in core
would give. A file that cannot be read as a plain regular file is not cached: the core loader
runs and raises (or not) exactly as it does without this module.

The values are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.core import DESCRIPTOR, MAX_JSON_BYTES, load_energy_coefficients, load_shared_schema, parse_json, reference_dir, schemas_dir

_CACHE: dict = {}
_MAX_ENTRIES = 256  # a process that validates many data roots (the tests) keeps memory bounded


def _content(path: Path) -> bytes | None:
    """The bytes of a regular file of at most MAX_JSON_BYTES, else None (the loader decides)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_JSON_BYTES:
            return None  # a FIFO would block; a large file is the loader's to refuse
        with open(path, "rb") as fh:
            data = fh.read(MAX_JSON_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_JSON_BYTES else None


def _remember(key, value):
    if len(_CACHE) >= _MAX_ENTRIES:
        _CACHE.clear()
    _CACHE[key] = value
    return value


def shared_schema(data_root: Path, table: str) -> dict:
    """core.load_shared_schema(data_root, table), parsed once per content."""
    path = schemas_dir(data_root) / f"{table}.json"
    data = _content(path)
    if data is None:
        return load_shared_schema(data_root, table)
    key = ("schema", data)
    if key in _CACHE:
        return _CACHE[key]
    return _remember(key, parse_json(data))  # what load_shared_schema does with these bytes (core.read_json)


def _coefficients_key(data_root: Path):
    """The bytes of the coefficients' descriptor and of the two files it names, or None."""
    folder = reference_dir(data_root)
    descriptor = _content(folder / DESCRIPTOR)
    if descriptor is None:
        return None
    try:
        res = parse_json(descriptor)["resources"][0]
        files = (_content(folder / res["schema"]), _content(folder / res["path"]))
    except Exception:  # noqa: BLE001 - anything odd: the loader itself says what is wrong
        return None
    return None if None in files else ("coefficients", str(folder), descriptor, *files)


def energy_coefficients(data_root: Path):
    """core.load_energy_coefficients(data_root), loaded once per content (same errors)."""
    key = _coefficients_key(data_root)
    if key is not None and key in _CACHE:
        return _CACHE[key]
    value = load_energy_coefficients(data_root)
    if key is not None and _coefficients_key(data_root) == key:  # unchanged while it was loaded
        _remember(key, value)
    return value
