"""The validate stage: is a park package fit to be scored and published?

Order (validate_package): the folder name; the descriptor (read with limits: core.read_json);
each resource's path and bytes (files.py); the rules that read park.csv and the descriptor as they
are (rules/identity.py); Table Schema semantics: types, constraints, keys (table_schema.py); then
our own domain rules (rules/). A package with errors in one step is not passed to the next, so
every finding is a first cause. A file's findings stop at about MAX_PER_FILE
(findings.cap_per_file). Then, over several parks (validate_paths), the rules across parks compare
the packages that have no error (rules/across_parks.py).
Validation reads; it never writes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import (
    CYCLE_RE,
    DESCRIPTOR,
    PARK_ID_RE,
    TABLES,
    JSONLimitError,
    PackageRef,
    map_parks,
    package_folders,
    package_ref,
    read_json,
    reference_dir,
    schemas_dir,
)
from generator.core import PackagePathError as UsageError  # noqa: F401 - re-exported under its old name: the arguments name nothing to validate
from generator.validate import rules, table_schema
from generator.validate._shared import SharedData
from generator.validate._typed import typed_package
from generator.validate.files import check_resource_path, read_text
from generator.validate.findings import ERROR, WARNING, Finding, cap_per_file
from generator.validate.rules import EnterpriseIds, check_across_parks, enterprise_ids


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
    # loaded here, once per data root, before the parks' workers are forked
    shared = {root: SharedData.load(root) for root in dict.fromkeys(_data_root(f) for folders in parks.values() for f in folders)}
    ids: list[EnterpriseIds] = []
    for results in map_parks(_validate_park, list(parks.values()), shared):
        for ref, findings, package_ids in results:
            report.packages.append(ref)
            report.findings.extend(findings)
            if package_ids is not None:
                ids.append(package_ids)
    report.findings.extend(check_across_parks(ids))
    report.findings.sort(key=Finding.sort_key)
    return report


def _data_root(folder: Path) -> Path:
    """The data root of the package in `folder` (data/<park>/<cycle> → data), as findings see it."""
    return Path(os.path.abspath(folder)).parent.parent


def _validate_park(folders: list[Path], shared: dict[Path, SharedData]) -> list[tuple[PackageRef, list[Finding], EnterpriseIds | None]]:
    """One park's packages, sharing one cache (the tenfold-jump check reads the earlier cycle),
    each with the enterprise identifiers that the rules across parks compare (when it has no error)."""
    cache: dict = {}
    out = []
    for folder in folders:
        ref = package_ref(folder)
        findings = validate_package(ref, cache, shared[_data_root(folder)])
        out.append((ref, findings, package_enterprise_ids(ref, findings)))
    return out


def package_enterprise_ids(ref: PackageRef, findings: list[Finding]) -> EnterpriseIds | None:
    """What the rules across parks compare of a validated package: its enterprise identifiers,
    or None when its `findings` hold an error (its own findings say what to fix first)."""
    if any(f.severity == ERROR for f in findings):
        return None
    return enterprise_ids(ref, lambda path: display_path(path, ref.folder))


def validate_package(ref: PackageRef, cache: dict | None = None, shared: SharedData | None = None) -> list[Finding]:
    """The findings of one package (not those across parks), at most about MAX_PER_FILE per file.
    `shared`: its data root's shared data (SharedData.load), loaded here when not given."""
    return cap_per_file(_validate_package(ref, cache, shared))


def _validate_package(ref: PackageRef, cache: dict | None, shared: SharedData | None) -> list[Finding]:
    folder = ref.folder
    data_root = _data_root(folder)

    def _display(path: Path) -> str:
        return display_path(path, folder)

    display_folder = _display(folder)
    if not (PARK_ID_RE.match(ref.park_id) and CYCLE_RE.match(ref.cycle)):
        return [Finding("folder-name", display_folder, params={"folder": display_folder})]

    descriptor_display = _display(ref.descriptor)
    try:
        descriptor = read_json(ref.descriptor)
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise ValueError("no 'resources' list / 缺少 resources 列表")
    except JSONLimitError as exc:
        code = "descriptor-too-large" if exc.kind == "size" else "descriptor-too-deep"
        return [Finding(code, descriptor_display, params={"size": exc.actual, "limit": exc.limit})]
    except (OSError, ValueError) as exc:
        return [Finding("descriptor-unreadable", descriptor_display, params={"detail": str(exc)})]

    if shared is None:
        shared = SharedData.load(data_root)
    texts: dict[Path, str] = {}  # each table's text, read once, for the schema check and the rules
    findings = _check_descriptor(descriptor, folder, data_root, shared, _display, texts)
    if any(f.severity == ERROR for f in findings):
        return findings
    findings += rules.check_before_schema(ref, shared, _display, descriptor)
    if any(f.severity == ERROR for f in findings):
        return findings
    found, tables = table_schema.check_parsed(ref.descriptor, folder, _display, descriptor, texts)
    findings += found
    if any(f.severity == ERROR for f in findings):
        return findings
    # a clean package's tables from the cells just parsed; any other is loaded by core
    package = typed_package(ref, descriptor, tables, texts) if tables is not None else None
    return findings + rules.check_package(ref, shared, _display, cache, package)


def _shared_schema(shared: SharedData, data_root: Path, table: str, display: str) -> tuple[dict | None, list[Finding]]:
    """data/schemas/<table>.json, or the finding that says why it cannot be read (reported on the
    package's descriptor, whose copy of it cannot then be checked)."""
    try:
        schema = shared.schema(table)
        if not isinstance(schema, dict):
            raise ValueError("不是 JSON 对象 / not a JSON object")
        return schema, []
    except (OSError, ValueError) as exc:
        shown = _shown(schemas_dir(data_root) / f"{table}.json", data_root)
        return None, [Finding("shared-data-unreadable", display, field=table, params={"file": shown, "detail": str(exc)})]


def _shared_reference(shared: SharedData, data_root: Path, display: str) -> list[Finding]:
    """The finding that says why data/reference (the energy coefficients the energy rules and the
    scores read) cannot be read; none when it can."""
    try:
        shared.energy_coefficients()
    except (OSError, ValueError, LookupError, TypeError) as exc:  # read_json's refusals, a descriptor without its keys
        return [Finding("shared-data-unreadable", display, params={"file": _shown(reference_dir(data_root), data_root) + "/",
                                                                   "detail": f"{type(exc).__name__}: {exc}"})]
    return []


def _shown(path: Path, data_root: Path) -> str:
    """A shared file as findings name it (data/schemas/…, data/reference/…)."""
    return os.path.relpath(path, data_root.parent).replace(os.sep, "/")


def _check_descriptor(descriptor: dict, folder: Path, data_root: Path, shared: SharedData, _display, texts: dict[Path, str]) -> list[Finding]:
    """The descriptor's findings; `texts` gets each readable table's text (files.read_text)."""
    findings: list[Finding] = []
    display = _display(folder / DESCRIPTOR)
    resources: dict = {}
    for r in (r for r in descriptor["resources"] if isinstance(r, dict)):
        name = r.get("name")
        resources[name if name is None or isinstance(name, str) else repr(name)] = r  # a list as a name: an unknown table, not a TypeError
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
        text, unreadable = read_text(folder / path, _display(folder / path))
        findings.extend(unreadable)
        if text is not None:
            texts[folder / path] = text
        schema, unreadable = _shared_schema(shared, data_root, table, display)
        findings.extend(unreadable)
        if schema is not None and res.get("schema") != schema:
            findings.append(Finding("schema-drift", display, field=table, params={"table": table}))
    return findings + _shared_reference(shared, data_root, display)
