"""The validate stage: is a park package fit to be scored and published?

Order: the descriptor, each resource's path and bytes (safety.py), then frictionless for Table
Schema semantics (types, constraints, keys), then our own domain checks (domain_checks.py).
A package with errors in one step is not passed to the next, so every finding is a first cause.
Validation reads; it never writes.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from generator.core import CYCLE_RE, DESCRIPTOR, PARK_ID_RE, TABLES, PackageRef, load_shared_schema, map_parks, package_folders, package_ref
from generator.core import PackagePathError as UsageError  # kept under its old name: the arguments name nothing to validate
from generator.validate import domain_checks
from generator.validate import table_schema_fast as fast_schema
from generator.validate.files import check_encoding, check_resource_path
from generator.validate.findings import CATALOGUE, ERROR, WARNING, Finding


@dataclass
class Report:
    packages: list[PackageRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def for_package(self, ref: PackageRef) -> list[Finding]:
        folder = display_path(ref.folder, ref.folder)
        return [f for f in self.findings if f.file == folder or f.file.startswith(folder + "/")]

    def to_dict(self) -> dict:
        return {
            "valid": not self.has_errors,
            "summary": {"packages": len(self.packages), "errors": len(self.errors), "warnings": len(self.warnings)},
            "packages": [{"park": r.park_id, "cycle": r.cycle, "folder": display_path(r.folder, r.folder)} for r in self.packages],
            "findings": [f.to_dict() for f in self.findings],
        }


# ----------------------------------------------------------------------------------------------
def display_path(path: Path, package_folder: Path) -> str:
    """A path as people see it in the repository: data/<park>/<cycle>/<file>, i.e. relative to the
    folder that holds the data root. Not resolved, so a symlink is named as the link."""
    base = Path(os.path.abspath(package_folder)).parent.parent.parent
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def resolve_targets(paths: list[str | Path]) -> list[Path]:
    """Package folders named by the arguments: a datapackage.json, a package folder, a park folder
    (all its cycles) or a data root (all parks). The rule is generator.core's package_folders, the
    one way to find packages; UsageError when a path names none."""
    return package_folders(paths)


def validate_paths(paths: list[str | Path]) -> Report:
    report = Report()
    parks: dict[Path, list[Path]] = {}
    for folder in resolve_targets(paths):
        parks.setdefault(folder.resolve().parent, []).append(folder)
    for results in map_parks(_validate_park, list(parks.values())):
        for ref, findings in results:
            report.packages.append(ref)
            report.findings.extend(findings)
    report.findings.sort(key=Finding.sort_key)
    return report


def _validate_park(folders: list[Path]) -> list[tuple[PackageRef, list[Finding]]]:
    """One park's packages, sharing one cache (the tenfold-jump check reads the earlier cycle)."""
    cache: dict = {}
    out = []
    for folder in folders:
        ref = package_ref(folder)
        out.append((ref, validate_package(ref, cache)))
    return out


def validate_package(ref: PackageRef, cache: dict | None = None) -> list[Finding]:
    folder = ref.folder
    data_root = Path(os.path.abspath(folder)).parent.parent

    def _display(path: Path) -> str:
        return display_path(path, folder)

    display_folder = _display(folder)
    if not (PARK_ID_RE.match(ref.park_id) and CYCLE_RE.match(ref.cycle)):
        return [Finding("folder-name", display_folder, params={"folder": display_folder})]

    descriptor_display = _display(ref.descriptor)
    try:
        descriptor = json.loads(ref.descriptor.read_text(encoding="utf-8"))
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise ValueError("no 'resources' list / 缺少 resources 列表")
    except (OSError, ValueError) as exc:
        return [Finding("descriptor-unreadable", descriptor_display, params={"detail": str(exc)})]

    findings = _check_descriptor(descriptor, folder, data_root, _display)
    if any(f.severity == ERROR for f in findings):
        return findings
    findings += _check_park_identity(ref, folder, _display)
    if any(f.severity == ERROR for f in findings):
        return findings
    findings += _check_schema_semantics(ref.descriptor, folder, _display)
    if any(f.severity == ERROR for f in findings):
        return findings
    return findings + domain_checks.run(ref, data_root, _display, cache)


def _check_descriptor(descriptor: dict, folder: Path, data_root: Path, _display) -> list[Finding]:
    findings: list[Finding] = []
    display = _display(folder / DESCRIPTOR)
    resources = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    for name in sorted(set(resources) - set(TABLES), key=str):
        findings.append(Finding("resource-unknown", display, params={"table": name}))
    for table in TABLES:
        res = resources.get(table)
        if res is None:
            findings.append(Finding("resource-missing", display, params={"table": table}))
            continue
        path = res.get("path")
        # a bad path is a mistake in datapackage.json, so that is the file named
        path_findings = [Finding(f.code, display, None, f"resources.{table}.path", f.params) for f in check_resource_path(folder, path, display)]
        if path_findings:
            findings.extend(path_findings)
            continue
        findings.extend(check_encoding(folder / path, _display(folder / path)))
        if res.get("schema") != load_shared_schema(data_root, table):
            findings.append(Finding("schema-drift", display, field=table, params={"table": table}))
    return findings


def _check_park_identity(ref: PackageRef, folder: Path, _display) -> list[Finding]:
    """park.csv is one row naming this folder's park and cycle. Checked before the schema, because
    a wrong park id otherwise shows up first as a puzzling foreign-key error in another table."""
    path = folder / "park.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if any((v or "").strip() for v in r.values())]
    file = _display(path)
    if len(rows) != 1:
        return [Finding("park-rows", file, params={"count": len(rows)})]
    out = []
    if (rows[0].get("park_id") or "") != ref.park_id:
        out.append(Finding("park-id-mismatch", file, 2, "park_id", {"cell": rows[0].get("park_id"), "expected": ref.park_id}))
    if (rows[0].get("audit_year") or "").strip() != ref.cycle:
        out.append(Finding("cycle-mismatch", file, 2, "audit_year", {"cell": rows[0].get("audit_year"), "expected": ref.cycle}))
    return out


_TYPE_ZH = {"number": "数字", "integer": "整数", "boolean": "布尔值（true/false 或 是/否）", "date": "日期（YYYY-MM-DD）", "string": "文本", "year": "年份"}


def _check_schema_semantics(descriptor_path: Path, folder: Path, _display) -> list[Finding]:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    if fast_schema.package_is_clean(descriptor, folder):
        return []  # nothing frictionless or the number check could find (see fast_schema)
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"] if isinstance(r.get("schema"), dict)}
    report = frictionless.validate(str(descriptor_path))
    findings: list[Finding] = []
    for task in report.tasks:
        file = _display(folder / task.place) if task.place else _display(descriptor_path)
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        for error in task.errors:
            if error.type == "primary-key" and getattr(error, "row_number", None) in blank:
                continue  # a blank row is reported once, as a blank row
            findings.append(_from_frictionless(error, file, schemas.get(task.name, {})))
    for error in report.errors:
        findings.append(Finding("frictionless", _display(descriptor_path), params={"detail": error.message}))
    numbers = []
    for name, schema in sorted(schemas.items()):
        if name in TABLES:
            numbers += check_number_cells(folder / f"{name}.csv", schema, _display(folder / f"{name}.csv"))
    # one finding per cell: frictionless's type error where it saw one; ours instead of a
    # constraint error on a value that is no number at all (frictionless reads 'NaN' as a number)
    typed = {(f.file, f.row, f.field) for f in findings if f.code == "type-error"}
    numbers = [f for f in numbers if (f.file, f.row, f.field) not in typed]
    bad = {(f.file, f.row, f.field) for f in numbers}
    findings = [f for f in findings if not (f.code == "constraint-error" and (f.file, f.row, f.field) in bad)]
    return findings + numbers




def check_number_cells(path: Path, schema: dict, display: str) -> list[Finding]:
    """Numbers as every later stage reads them: ASCII, finite. frictionless also accepts
    full-width digits, '1_000' and 'inf', which pandas then reads as missing or infinite."""
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
