"""The column map of the report import, read from data/reference/excel/: the layouts
(report_layouts.csv), which header means what (report_columns.csv), and names and units onto the
package's codes (pollutant_names.csv, energy_names.csv, report_units.csv). See permit_reports."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.authoring.labels import excel_folder, read_map
from generator.core import load_energy_coefficients


def norm(text) -> str:
    """Header and name text compared loosely: half-width, no spaces, brackets and their
    content removed ('许可排放量（t/a）' → '许可排放量')."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\([^)]*\)", "", text).lower()


def bracket_unit(text) -> str | None:
    m = re.search(r"\(([^)]*)\)", unicodedata.normalize("NFKC", str(text or "")))
    return m.group(1).strip() if m else None


@dataclass
class Layout:
    name: str
    table: str
    sheets: list[str]
    keys: list[str]
    skip: list[str]
    default_unit: str
    source: str
    roles: dict[str, tuple[list[str], str]]  # role → (headers in order of preference, combine)


@dataclass
class ReportMaps:
    layouts: dict[str, Layout]
    pollutants: dict[str, str]
    energy: dict[str, str]
    units: dict[str, tuple[str, Decimal]]
    carriers: set[tuple[str, str]]

    def pollutant(self, name) -> str | None:
        return self.pollutants.get(norm(name)) or self.pollutants.get(norm(str(name).split("(")[0].split("（")[0]))

    def carrier(self, name) -> str | None:
        key = norm(name)
        return self.energy.get(key) or next((t for t, _ in self.carriers if norm(t) == key), None)

    def unit(self, name) -> tuple[str, Decimal] | None:
        return self.units.get(norm(name))


def load_maps(data_root: Path) -> ReportMaps:
    folder = excel_folder(data_root)
    columns: dict[str, dict] = {}
    for row in read_map(folder / "report_columns.csv"):
        columns.setdefault(row["layout"], {})[row["role"]] = ([h for h in row["headers"].split("|") if h], row.get("combine") or "first")
    layouts = {}
    for row in read_map(folder / "report_layouts.csv"):
        layouts[row["layout"]] = Layout(row["layout"], row["table"], [s for s in row["sheets"].split("|") if s], row["key"].split("|"),
                                        [s for s in row["skip_rows"].split("|") if s], row["default_unit"], row["source"], columns.get(row["layout"], {}))
    coefs = load_energy_coefficients(data_root)
    return ReportMaps(
        layouts,
        {norm(r["name"]): r["code"] for r in read_map(folder / "pollutant_names.csv")},
        {norm(r["name"]): r["energy_type"] for r in read_map(folder / "energy_names.csv")},
        {norm(r["name"]): (r["unit"], Decimal(r["factor"])) for r in read_map(folder / "report_units.csv")},
        set(zip(coefs["energy_type"], coefs["unit"])),
    )
