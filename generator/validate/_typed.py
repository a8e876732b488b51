"""The typed tables of a package that the fast schema check found clean, built from the cells it
parsed: what core.load_package gives, without reading, splitting and parsing the files again.

The conversion is core's for plain CSV (core.typed_frame, which core's plain reader uses too). It
applies where core's plain reader would: no quotes and no lone carriage return in the text, unique
field names (the clean check has already matched the header to the fields, every row's length and
every number cell's format). Any other table is read by core.read_table itself.
tests/validate/test_typed_tables.py checks that the frames equal load_package's.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import TABLES, PackageRef, ParkPackage, read_table, typed_frame


def typed_package(ref: PackageRef, descriptor: dict, tables: dict, texts: dict[Path, str]) -> ParkPackage:
    """The package as core.load_package(ref.folder) gives it. `tables`: resource name → (header,
    rows, columns) from the clean check; `texts`: file → the text those cells were parsed from."""
    package = ParkPackage(ref, descriptor)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for table in TABLES:
        res = by_name[table]
        path = ref.folder / res["path"]
        parsed, text = tables.get(table), texts.get(path)
        frame = None
        if parsed is not None and text is not None and _plain(text, res["schema"]):
            frame = typed_frame(parsed[2], len(parsed[1]), res["schema"])
        package.tables[table] = frame if frame is not None else read_table(path, res["schema"])
    return package


def _plain(text: str, schema: dict) -> bool:
    """Would core read this text with its plain reader? (Then csv's cells are its split cells.)"""
    names = [f["name"] for f in schema["fields"]]
    return '"' not in text and "\r" not in text.replace("\r\n", "") and len(set(names)) == len(names)
