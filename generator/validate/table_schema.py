"""The Table Schema step: types, constraints, keys and labels, as frictionless finds them, plus
numbers that every later stage can read.

frictionless is the reference; table_schema_fast.py is its fast path, which only answers whether a
package is clean (tests/validate/test_fast_schema.py checks that both agree). A package the fast
path calls clean skips frictionless; any other gets frictionless's findings, in our codes.

A table with a million bad rows is not reported a million times: frictionless stops reading a table
at MAX_PER_FILE errors, the number check stops there too, and the file's findings end with
`findings-truncated`, which says where counting stopped (findings.cap_per_file).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import frictionless

from generator.core import TABLES, read_json
from generator.validate import table_schema_fast as fast_schema
from generator.validate.findings import CATALOGUE, MAX_PER_FILE, Finding, cap_per_file

_TYPE_ZH = {"number": "数字", "integer": "整数", "boolean": "布尔值（true/false 或 是/否）", "date": "日期（YYYY-MM-DD）", "string": "文本", "year": "年份"}


def check(descriptor_path: Path, folder: Path, display, descriptor: dict | None = None) -> list[Finding]:
    """The package's Table Schema findings: none when the fast path finds it clean. `descriptor`:
    the descriptor as validation read it already (read again when not given)."""
    if descriptor is None:
        descriptor = read_json(descriptor_path)
    return check_parsed(descriptor_path, folder, display, descriptor)[0]


def check_parsed(descriptor_path: Path, folder: Path, display, descriptor: dict, texts: dict[Path, str] | None = None):
    """(check's findings, the tables as the fast path parsed them, or None when it did not find the
    package clean: fast_schema.clean_tables). `texts`: file → its text, for files already read."""
    tables = fast_schema.clean_tables(descriptor, folder, texts)
    if tables is not None:
        return [], tables  # nothing frictionless or the number check could find (see fast_schema)
    return _reference(descriptor, descriptor_path, folder, display), None


def reference_check(descriptor_path: Path, folder: Path, display) -> list[Finding]:
    """frictionless and the number check on every table, whatever the fast path would say."""
    return _reference(read_json(descriptor_path), descriptor_path, folder, display)


def _reference(descriptor: dict, descriptor_path: Path, folder: Path, display) -> list[Finding]:
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"] if isinstance(r.get("schema"), dict)}
    report = frictionless.validate(str(descriptor_path), limit_errors=MAX_PER_FILE)
    findings: list[Finding] = []
    stopped: dict[str, int] = {}  # file → the last row read, where a check stopped counting
    for task in report.tasks:
        file = display(folder / task.place) if task.place else display(descriptor_path)
        if len(task.errors) >= MAX_PER_FILE:  # frictionless stopped reading the table here
            stopped[file] = max((e.row_number for e in task.errors if getattr(e, "row_number", None)), default=1)
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        for error in task.errors:
            if error.type == "primary-key" and getattr(error, "row_number", None) in blank:
                continue  # a blank row is reported once, as a blank row
            findings.append(_from_frictionless(error, file, schemas.get(task.name, {})))
    for error in report.errors:
        findings.append(Finding("frictionless", display(descriptor_path), params={"detail": error.message}))
    numbers = []
    for name, schema in sorted(schemas.items()):
        if name in TABLES:
            file = display(folder / f"{name}.csv")
            found = check_number_cells(folder / f"{name}.csv", schema, file, limit=MAX_PER_FILE)
            if len(found) > MAX_PER_FILE:  # the check stopped in this row: later cells were not read
                stopped[file] = min(stopped.get(file, found[-1].row), found[-1].row - 1)
            numbers += found
    # one finding per cell: frictionless's type error where it saw one; ours instead of a
    # constraint error on a value that is no number at all (frictionless reads 'NaN' as a number)
    typed = {(f.file, f.row, f.field) for f in findings if f.code == "type-error"}
    numbers = [f for f in numbers if (f.file, f.row, f.field) not in typed]
    bad = {(f.file, f.row, f.field) for f in numbers}
    findings = [f for f in findings if not (f.code == "constraint-error" and (f.file, f.row, f.field) in bad)]
    return cap_per_file(findings + numbers, stopped)


def check_number_cells(path: Path, schema: dict, display: str, limit: int | None = None) -> list[Finding]:
    """Numbers as every later stage reads them: ASCII, finite. frictionless also accepts
    full-width digits, '1_000' and 'inf', which pandas then reads as missing or infinite.
    With `limit`, stops after limit + 1 findings (so the caller sees that there were more)."""
    kinds = {f["name"]: f["type"] for f in schema.get("fields", []) if f["type"] in ("number", "integer")}
    if not kinds or not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row_number, row in enumerate(csv.DictReader(fh), start=2):
            for name, kind in kinds.items():
                cell = (row.get(name) or "").strip()
                if cell and (not (fast_schema.INTEGER if kind == "integer" else fast_schema.NUMBER).match(cell) or not math.isfinite(float(cell))):
                    out.append(Finding("number-format", display, row_number, name, {"cell": cell}))
                    if limit is not None and len(out) > limit:
                        return out
    return out


def _from_frictionless(error, file: str, schema: dict) -> Finding:
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    cells = getattr(error, "cells", None) or []
    note = getattr(error, "note", "") or ""
    code = error.type
    params = {"cell": cell, "cells": ", ".join(str(c) for c in cells), "detail": error.message, "field": field_name}
    if code == "type-error":
        kind = note.split('"')[1].split("/")[0] if '"' in note else "value"
        params.update(type=kind, type_zh=_TYPE_ZH.get(kind, kind))
    elif code == "constraint-error":
        if 'constraint "required"' in note:
            code = "required-missing"
        else:
            params.update(constraint=note, constraint_zh=_constraint_zh(note))
    elif code == "primary-key":
        key = schema.get("primaryKey") or []
        names = [f["name"] for f in schema.get("fields", [])]
        values = [str(cells[names.index(k)]) if k in names and names.index(k) < len(cells) else "" for k in key]
        field_name = ", ".join(key) or None
        first = re.search(r"position (\d+)", note)
        params.update(field=field_name, cells=", ".join(values), first_row=first.group(1) if first else "?")
        if not any(values):
            code = "primary-key-empty"
    elif code == "foreign-key":
        field_name = ", ".join(getattr(error, "field_names", []) or []) or None
        params.update(field=field_name, cells=", ".join(str(c) for c in getattr(error, "field_cells", []) or []),
                      reference=getattr(error, "reference_name", "") or "")
    elif code in ("extra-label", "incorrect-label", "duplicate-label", "missing-label"):
        params["cell"] = getattr(error, "label", None)
        params["position"] = getattr(error, "field_number", None)
        if code == "extra-label":
            field_name = getattr(error, "label", None)
    if code not in CATALOGUE:
        code = "frictionless"
    return Finding(code, file, row=row, field=field_name, params=params)


def _constraint_zh(note: str) -> str:
    # note looks like: constraint "minimum" is "0"
    parts = note.split('"')
    if len(parts) >= 4:
        name, value = parts[1], parts[3]
        names = {"minimum": "最小值", "maximum": "最大值", "enum": "可选值", "pattern": "格式", "minLength": "最短长度", "maxLength": "最大长度", "unique": "唯一"}
        return f"{names.get(name, name)}为 {value}"
    return note
