"""What a domain rule is: a function of one package (a Context) that yields Findings, registered by
the @rule decorator together with the finding codes it emits, the way a frictionless-py check
declares its errors and each error carries its message templates:

    @rule(Code("waste-balance", WARNING,
               zh="固废平衡不闭合：…（差 {gap}%）",
               en="the waste balance does not close: … ({gap}% apart)"))
    def waste_balance_closes(ctx: Context):
        for i, row in ...:
            yield Finding("waste-balance", ctx.file("solid_waste"), row_number(i), "generated", {"gap": ...})

A code declared elsewhere (by the steps before the rules in findings.py, or by an earlier rule) is
named by its string: @rule("unique-error"). A rule may emit only the codes it declares.

Rules run on packages that passed the Table Schema checks, so every column has its declared type.
A rule with before_schema=True runs before those checks instead, on the files as they are
(ctx.path, ctx.descriptor), for mistakes that would otherwise first show up as a puzzling schema
error elsewhere.

A rule with across_parks=True compares parks instead of looking into one package: it is given the
enterprise identifiers (EnterpriseIds) of every package that passed the other checks without an
error, from every park being validated, and runs once they all have been (rules.check_across_parks).

Row numbers follow frictionless: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from generator.core import PackageRef, ParkPackage, records
from generator.validate._shared import SharedData
from generator.validate.findings import Code, Finding


class Context:
    """One package as the rules see it: its files, its typed tables (after the schema checks) and
    the package of the cycle before, if there is one."""

    def __init__(self, ref: PackageRef, shared: SharedData, display: Callable[[Path], str],
                 package: ParkPackage | None = None, previous: Callable[[], ParkPackage | None] = lambda: None,
                 descriptor: dict | None = None):
        self.ref = ref
        self.shared = shared  # the data root's shared schemas and energy coefficients
        self._display = display
        self._package = package
        self._previous = previous
        self.descriptor = descriptor if descriptor is not None else (package.descriptor if package is not None else {})
        self._rows: dict[str, list[tuple[int, dict]]] = {}

    def path(self, table: str) -> Path:
        return self.ref.folder / f"{table}.csv"

    def file(self, table: str) -> str:
        """The table's file as findings name it (data/<park>/<cycle>/<table>.csv)."""
        return self._display(self.path(table))

    def file_of(self, path: Path) -> str:
        """Any file of the package as findings name it (data/<park>/<cycle>/<name>)."""
        return self._display(path)

    @property
    def package(self) -> ParkPackage:
        if self._package is None:
            raise RuntimeError("a rule that runs before the schema checks reads files (ctx.path), not tables")
        return self._package

    def table(self, name: str) -> pd.DataFrame:
        return self.package.tables[name]

    def rows(self, name: str) -> list[tuple[int, dict]]:
        """(row number, row as a dict) of every data row of a table, converted once per package
        (core.records): several rules read the same table row by row, and the conversion costs
        more than their checks. Rules read the rows; they never change them."""
        cached = self._rows.get(name)
        if cached is None:
            frame = self.table(name)
            cached = self._rows[name] = list(zip(map(row_number, frame.index), records(frame)))
        return cached

    @cached_property
    def previous(self) -> ParkPackage | None:
        """The package of the cycle before, loaded only when a rule asks for it."""
        return self._previous()


@dataclass(frozen=True)
class EnterpriseIds:
    """The identifiers of a package's enterprises, what a rule across parks compares: the file
    they are in (as findings name it) and, per data row, (row number, USCC, permit number), both
    stripped, "" when empty. Small and plain, so that a build's park worker can return it."""

    park_id: str
    cycle: str
    file: str
    rows: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class DomainRule:
    name: str  # the function's name
    family: str  # its module under rules/
    codes: tuple[Code | str, ...]  # as declared: new codes, or the names of codes declared before
    before_schema: bool
    check: Callable[[Context], Iterable[Finding] | None]  # across parks: Callable[[list[EnterpriseIds]], ...]
    across_parks: bool = False

    @property
    def emits(self) -> frozenset[str]:
        return frozenset(c.code if isinstance(c, Code) else c for c in self.codes)


# every rule in the order its module was imported and, within a module, defined
REGISTERED: list[DomainRule] = []


def rule(*codes: Code | str, before_schema: bool = False, across_parks: bool = False):
    """Register the decorated function as a domain rule that emits `codes`."""
    if not codes or not all(isinstance(c, (Code, str)) for c in codes):
        raise TypeError("a rule declares the finding codes it emits: Code(...) for a new code, or a declared code's name")
    if before_schema and across_parks:
        raise TypeError("a rule across parks runs after every package's own checks, not before the schema")

    def register(check):
        REGISTERED.append(DomainRule(check.__name__, check.__module__.rsplit(".", 1)[-1], codes, before_schema, check, across_parks))
        return check

    return register


def row_number(index) -> int:
    """The finding row of a table's 0-based data row index (the header is row 1)."""
    return int(index) + 2


def show_number(value) -> str:
    """A figure as messages print it."""
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
