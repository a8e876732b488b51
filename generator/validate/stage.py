"""The validate stage: is a park package fit to be scored and published?

Order (validate_package): the folder name; the descriptor; each resource's path and bytes
(files.py); the rules that read park.csv as it is (rules/identity.py); Table Schema semantics:
types, constraints, keys (table_schema.py); then our own domain rules (rules/). A package with
errors in one step is not passed to the next, so every finding is a first cause.
Validation reads; it never writes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import CYCLE_RE, DESCRIPTOR, PARK_ID_RE, TABLES, PackageRef, load_shared_schema, map_parks, package_folders, package_ref
from generator.core import PackagePathError as UsageError  # noqa: F401 - re-exported under its old name: the arguments name nothing to validate
from generator.validate import rules, table_schema
from generator.validate.files import check_encoding, check_resource_path
from generator.validate.findings import ERROR, WARNING, Finding


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
    findings += rules.check_before_schema(ref, data_root, _display)
    if any(f.severity == ERROR for f in findings):
        return findings
    findings += table_schema.check(ref.descriptor, folder, _display)
    if any(f.severity == ERROR for f in findings):
        return findings
    return findings + rules.check_package(ref, data_root, _display, cache)


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
