"""A fast, conservative Table Schema check: is every table of a package clean?

frictionless checks rows one by one in Python, about 30 k rows a second with its per-package
overhead; a province of parks would take hours. This module answers only "clean or not" for the
subset of Table Schema that the shared schemas use, reading each CSV once with the csv module.
It is stricter than frictionless, never looser: when it says "not clean" (or meets a feature it
does not know), validate runs frictionless on that package for the authoritative findings and
their messages. So the error format stays frictionless's, and clean packages skip the slow loop.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from pathlib import Path

# Numbers as every later stage reads them; [0-9], not \d, which also matches full-width digits.
NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
INTEGER = re.compile(r"^[+-]?[0-9]+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
KNOWN_TYPES = {"string", "number", "integer", "boolean", "date"}
KNOWN_CONSTRAINTS = {"required", "minimum", "maximum", "enum", "pattern"}
KNOWN_FIELD_KEYS = {"name", "type", "title", "title_en", "description", "unit", "constraints", "trueValues", "falseValues", "format"}
KNOWN_RESOURCE_KEYS = {"name", "path", "title", "description", "format", "encoding", "mediatype", "schema", "parkaudit:schema"}
DEFAULT_TRUE, DEFAULT_FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def supported(resource: dict) -> bool:
    if set(resource) - KNOWN_RESOURCE_KEYS or resource.get("format", "csv") != "csv" or resource.get("encoding", "utf-8") != "utf-8":
        return False
    schema = resource.get("schema")
    if not isinstance(schema, dict) or set(schema) - {"fields", "primaryKey", "foreignKeys", "uniqueKeys", "title", "description", "missingValues"}:
        return False
    if schema.get("missingValues", [""]) != [""]:
        return False
    for f in schema.get("fields", []):
        if set(f) - KNOWN_FIELD_KEYS or f.get("type") not in KNOWN_TYPES or f.get("format", "default") != "default":
            return False
        if set(f.get("constraints", {})) - KNOWN_CONSTRAINTS:
            return False
    return True


def _read(path: Path, text: str | None = None) -> tuple[list[str], list[list[str]]] | None:
    """The header and rows of the CSV file at `path`, or of its `text` when validation has read it
    already (decoded as UTF-8; parsed as the file would be: newline="" keeps line ends as they are)."""
    try:
        if text is None:
            with path.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
        else:
            rows = list(csv.reader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows:
        return None
    return rows[0], rows[1:]


def _cell_ok(cell: str, f: dict) -> bool:
    kind, cons = f["type"], f.get("constraints", {})
    if cell == "":
        return not cons.get("required", False)
    if kind == "string":
        value = cell
    elif kind in ("number", "integer"):
        if not (INTEGER if kind == "integer" else NUMBER).match(cell):
            return False
        value = float(cell)
        if not math.isfinite(value):
            return False
        if "minimum" in cons and value < float(cons["minimum"]):
            return False
        if "maximum" in cons and value > float(cons["maximum"]):
            return False
    elif kind == "boolean":
        return cell in f.get("trueValues", DEFAULT_TRUE) or cell in f.get("falseValues", DEFAULT_FALSE)
    elif kind == "date":
        if not DATE.match(cell):
            return False
        try:
            value = dt.date.fromisoformat(cell)
        except ValueError:
            return False
        if "minimum" in cons or "maximum" in cons:
            return False  # not needed by our schemas: leave it to frictionless
    else:
        return False
    if "enum" in cons and value not in cons["enum"] and cell not in map(str, cons["enum"]):
        return False
    if "pattern" in cons and kind == "string" and not re.fullmatch(cons["pattern"], cell):
        return False
    return True


# Column checkers: _cell_ok over a whole column, with the per-field work (constraint look-ups,
# regex compilation) done once per field and the per-cell work in C where the answer is the same.
# Each one answers exactly all(_cell_ok(cell, f) for cell in column).
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_INTEGER = r"[+-]?[0-9]+"
_NUMBER_COLUMN = re.compile(rf"(?:{_PLAIN_NUMBER})?(?:\n(?:{_PLAIN_NUMBER})?)*")
_INTEGER_COLUMN = re.compile(rf"(?:{_PLAIN_INTEGER})?(?:\n(?:{_PLAIN_INTEGER})?)*")


def _column_checker(f: dict):
    kind, cons = f["type"], f.get("constraints", {})
    required = cons.get("required", False)
    if kind in ("number", "integer") and "enum" not in cons:
        return _number_checker(kind, required, cons)
    if kind == "string" or kind == "boolean":
        try:
            return _set_checker(f, kind, required, cons)
        except TypeError:  # an unhashable enum or true/false value: compare cell by cell
            pass
    return lambda column: all(_cell_ok(cell, f) for cell in set(column))


def _number_checker(kind: str, required: bool, cons: dict):
    whole = _INTEGER_COLUMN if kind == "integer" else _NUMBER_COLUMN
    lo = float(cons["minimum"]) if "minimum" in cons else None
    hi = float(cons["maximum"]) if "maximum" in cons else None

    def check(column) -> bool:
        if required and "" in column:
            return False
        joined = "\n".join(column)
        if joined.count("\n") != max(len(column) - 1, 0):
            # a cell with a line break: NUMBER's "$" also matches before a final "\n"
            return all(_cell_ok(cell, {"type": kind, "constraints": cons}) for cell in column)
        if not whole.fullmatch(joined):
            return False
        values = [float(cell) for cell in column if cell]
        if not all(map(math.isfinite, values)):
            return False
        if values and lo is not None and min(values) < lo:
            return False
        if values and hi is not None and max(values) > hi:
            return False
        return True

    return check


def _set_checker(f: dict, kind: str, required: bool, cons: dict):
    if kind == "boolean":
        allowed = set(f.get("trueValues", DEFAULT_TRUE)) | set(f.get("falseValues", DEFAULT_FALSE))
        pattern = None
    else:
        # a str cell is in the enum list only if equal to a str item, which map(str) also gives
        allowed = {str(v) for v in cons["enum"]} if "enum" in cons else None
        pattern = re.compile(cons["pattern"]) if "pattern" in cons else None

    def check(column) -> bool:
        values = set(column)
        if "" in values:
            if required:
                return False
            values.discard("")
        if allowed is not None and not values <= allowed:
            return False
        if pattern is not None and not all(pattern.fullmatch(v) for v in values):
            return False
        return True

    return check


def _checkers(fields: list[dict]) -> list:
    # descriptors repeat the same shared schemas, so compile each distinct field once; the JSON
    # text tells 1, 1.0, true and "1" apart, as the checks do
    out = []
    for f in fields:
        key = json.dumps(f, sort_keys=True)
        if key not in _CHECKERS:
            _CHECKERS[key] = _column_checker(f)
        out.append(_CHECKERS[key])
    return out


_CHECKERS: dict = {}


def package_is_clean(descriptor: dict, folder: Path, texts: dict[Path, str] | None = None) -> bool:
    return clean_tables(descriptor, folder, texts) is not None


def clean_tables(descriptor: dict, folder: Path, texts: dict[Path, str] | None = None) -> dict[str, tuple[list[str], list[list[str]], list[tuple]]] | None:
    """(header, rows, columns) of every table by resource name (a later resource of the same name wins, as
    in core.load_package) when the package is clean, else None. `texts`: file → its text, for the
    files validation has read already (the others are read here)."""
    texts = texts or {}
    resources = descriptor.get("resources", [])
    if not all(isinstance(r, dict) and supported(r) for r in resources):
        return None
    tables: dict[str, tuple[list[str], list[list[str]], list[tuple]]] = {}
    for res in resources:
        path = Path(folder) / res["path"]
        read = _read(path, texts.get(path))
        if read is None:
            return None
        header, rows = read
        fields = res["schema"]["fields"]
        if header != [f["name"] for f in fields]:
            return None
        n = len(fields)
        if not set(map(len, rows)) <= {n} or not all(map(any, rows)):  # every row as long as the header, none blank
            return None
        columns = list(zip(*rows)) if rows else [()] * n
        if not all(check(column) for check, column in zip(_checkers(fields), columns)):
            return None
        tables[res["name"]] = (header, rows, columns)
    # keys on whole columns: a row's key is the tuple of its cells in the key's columns
    for res in resources:
        header, rows, columns = tables[res["name"]]
        schema = res["schema"]
        keys = [schema.get("primaryKey", [])] + list(schema.get("uniqueKeys", []))
        for key in (k if isinstance(k, list) else [k] for k in keys if k):
            idx = [header.index(k) for k in key]
            if any("" in columns[i] for i in idx):  # an empty cell in a key
                return None
            values = list(zip(*(columns[i] for i in idx)))
            if len(set(values)) != len(values):
                return None
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            target = tables.get(ref.get("resource") or res["name"])
            if target is None:
                return None
            t_header, _, t_columns = target
            allowed = set(zip(*(t_columns[t_header.index(k)] for k in ref["fields"])))
            values = set(zip(*(columns[header.index(k)] for k in fk["fields"])))
            values.discard(("",) * len(fk["fields"]))  # a reference left empty in every field refers to nothing
            if not values <= allowed:
                return None
    return tables
