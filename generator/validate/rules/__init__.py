"""Domain rules: the checks of our own that Table Schema cannot express (identity, cross-table
totals, check characters, balances, jumps against the previous cycle). One module per family of
rules; a rule is a function decorated with @rule, which declares the finding codes it emits with
their severity and messages (see _rule.py). The modules are found here with pkgutil, as the CLI
finds its commands, so adding a rule is one function in one file, and a new family one new module.

Loading the rules adds their codes to CATALOGUE in the order of the validation-rules page:
families in FAMILY_ORDER (a family not listed comes after them, by name), rules in the order they
are defined, codes in the order they are declared.
"""

from __future__ import annotations

import csv
import importlib
import pkgutil
from pathlib import Path

from generator.core import PackageRef, ParkPackage, load_package
from generator.validate._shared import SharedData
from generator.validate.findings import CATALOGUE, Code, Finding, declare
from generator.validate.rules._rule import REGISTERED, Context, DomainRule, EnterpriseIds

FAMILY_ORDER = ("identity", "totals", "enterprises", "energy", "waste", "emissions", "measures", "coverage", "history", "across_parks")


def _load() -> tuple[DomainRule, ...]:
    found = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
    families = [f for f in FAMILY_ORDER if f in found] + sorted(found - set(FAMILY_ORDER))
    for family in families:
        importlib.import_module(f"{__name__}.{family}")
    ours = [r for r in REGISTERED if r.check.__module__ == f"{__name__}.{r.family}"]
    rules = sorted(ours, key=lambda r: families.index(r.family))  # a stable sort: definition order within a family
    for r in rules:
        for code in r.codes:
            if isinstance(code, Code):
                declare(code)
            elif code not in CATALOGUE:
                raise ValueError(f"rule {r.family}.{r.name} names {code!r}, which neither findings.py nor an earlier rule declares")
    return tuple(rules)


RULES: tuple[DomainRule, ...] = _load()

# the codes of the rules across parks: a park's findings with these codes depend on other parks
ACROSS_PARKS: frozenset[str] = frozenset(code for r in RULES if r.across_parks for code in r.emits)


def check_before_schema(ref: PackageRef, shared: SharedData, display, descriptor: dict | None = None) -> list[Finding]:
    """The rules that read the files (and the descriptor) as they are, before the Table Schema checks."""
    return _run([r for r in RULES if r.before_schema], Context(ref, shared, display, descriptor=descriptor))


def check_package(ref: PackageRef, shared: SharedData, display, cache: dict | None = None, package: ParkPackage | None = None) -> list[Finding]:
    """The rules on a package that passed the Table Schema checks. `cache` (folder → ParkPackage)
    lets a caller validating a park's cycles in order load each package once: this cycle's
    package is the next cycle's previous one. `package`: its tables as validation has them
    already (core.load_package's when not given)."""
    cache = {} if cache is None else cache
    package = load_package(ref.folder) if package is None else package
    cache[ref.folder.resolve()] = package
    ctx = Context(ref, shared, display, package, lambda: _previous_package(ref, cache))
    return _run([r for r in RULES if not r.before_schema and not r.across_parks], ctx)


def check_across_parks(packages: list[EnterpriseIds]) -> list[Finding]:
    """The rules that compare parks, on the enterprise identifiers of the packages given (those
    that passed their own checks without an error; see enterprise_ids)."""
    return _run([r for r in RULES if r.across_parks], list(packages))


def enterprise_ids(ref: PackageRef, display) -> EnterpriseIds | None:
    """What the rules across parks compare of one package, read from its enterprises.csv (a small
    table, read again rather than carried as a DataFrame: a build keeps these for every package
    of the country). None when the file or its columns cannot be read: validation says why."""
    path = ref.folder / "enterprises.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            if "uscc" not in header or "permit_no" not in header:
                return None
            u, p = header.index("uscc"), header.index("permit_no")
            rows = tuple((n, row[u].strip(), row[p].strip()) for n, row in enumerate(reader, start=2) if len(row) > max(u, p))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return EnterpriseIds(ref.park_id, ref.cycle, display(path), rows)


def _run(rules: list[DomainRule], ctx) -> list[Finding]:
    findings: list[Finding] = []
    for r in rules:
        for finding in r.check(ctx) or ():
            if finding.code not in r.emits:
                raise RuntimeError(f"rule {r.family}.{r.name} emitted {finding.code!r}, which its @rule does not declare")
            findings.append(finding)
    return findings


def _previous_package(ref: PackageRef, cache: dict) -> ParkPackage | None:
    folder = ref.folder.parent / str(int(ref.cycle) - 1)
    if not (folder / "datapackage.json").exists():
        return None
    if folder.resolve() in cache:
        return cache[folder.resolve()]
    try:
        return load_package(folder)
    except Exception:  # noqa: BLE001 - an unreadable earlier cycle is reported when it is validated itself
        return None
