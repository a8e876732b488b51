"""The schemas as a clerk reads them: Chinese sheet names, column titles, units and labels for the
codes that are English (pollutants, measure targets, energy units).

Titles come from data/schemas/*.json. Units and code labels are data in data/reference/excel/
(units_zh.csv, codes_zh.csv), not schema keys: the descriptors carry inline schema copies that the
fast validation path reads, and an agency can change a label without touching code or schemas.
tests/authoring/test_labels.py fails for a schema unit or English code that has no label, so a
schema change that brings a new one is noticed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.core import TABLES, load_energy_coefficients, load_shared_schema, reference_dir

EXCEL_FOLDER = "excel"  # data/reference/excel/: what the workbook and the report import read
ASCII_LETTER = re.compile(r"[A-Za-z]")
BOOLEAN_CHOICES = ("是", "否")
TYPE_ZH = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "是/否", "date": "日期"}


def excel_folder(data_root: Path) -> Path:
    # a subfolder on purpose: score.json lists the files directly in data/reference as scoring
    # inputs, and these tables do not change a score (tests/authoring/test_labels.py checks)
    return reference_dir(Path(data_root)) / EXCEL_FOLDER


class MapError(Exception):
    """A table of data/reference/excel/ cannot be read; the message names the file and row."""


def read_map(path: Path) -> list[dict]:
    """A small CSV of the excel folder as rows of stripped text. These files are meant to be
    edited by hand, so a row with more cells than the header (an unquoted comma) is refused
    with its row number rather than read wrongly."""
    out = []
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=2):
                if None in row:
                    raise MapError(f"{path} 第 {number} 行的单元格多于表头（含逗号的文字请加英文双引号）/ "
                                   f"row {number} of {path} has more cells than the header (quote text that holds a comma)")
                out.append({k: (v or "").strip() for k, v in row.items()})
    except (OSError, UnicodeDecodeError) as exc:
        raise MapError(f"无法读取 / cannot read {path}: {exc}") from exc
    return out


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is about two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in str(text))


def zh_part(text: str) -> str:
    """The Chinese half of a 'zh / en' text of the schemas."""
    return text.split(" / ", 1)[0].strip()


def en_part(text: str) -> str:
    return text.split(" / ", 1)[1].strip() if " / " in text else ""


@dataclass(frozen=True)
class Column:
    """One field of a table as the workbook shows it."""

    table: str
    field: dict
    unit_zh: str
    choices: tuple[tuple[str, str], ...]  # (code, label) of an enum, a boolean or the energy carriers

    @property
    def name(self) -> str:
        return self.field["name"]

    @property
    def title(self) -> str:
        return self.field.get("title", self.name)

    @property
    def title_en(self) -> str:
        return self.field.get("title_en", self.name)

    @property
    def kind(self) -> str:
        return self.field["type"]

    @property
    def required(self) -> bool:
        return bool(self.field.get("constraints", {}).get("required"))

    @property
    def minimum(self):
        return self.field.get("constraints", {}).get("minimum")

    @property
    def maximum(self):
        return self.field.get("constraints", {}).get("maximum")

    @property
    def is_enum(self) -> bool:
        return "enum" in self.field.get("constraints", {})

    def label_of(self, code: str) -> str:
        return dict(self.choices).get(code, code)

    def code_of(self, text: str) -> str:
        """The code a cell means: a label of the drop-down, or the code itself."""
        for code, label in self.choices:
            if text == label:
                return code
        return text

    def readable_choices(self) -> str:
        """Allowed values for people: labels, with the code where it differs."""
        return "、".join(label if label == code else f"{label}（{code}）" for code, label in self.choices)


@dataclass(frozen=True)
class Sheet:
    """One table as a worksheet."""

    table: str
    schema: dict
    columns: tuple[Column, ...]

    @property
    def name(self) -> str:
        """The sheet's Chinese name: the Chinese half of the schema title (at most 31 characters, as Excel allows)."""
        name = zh_part(self.schema.get("title", self.table))
        return re.sub(r"[\[\]:*?/\\]", "、", name)[:31] or self.table

    @property
    def title_en(self) -> str:
        return en_part(self.schema.get("title", "")) or self.table

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


class SheetPlan:
    """Every table of the shared schemas as sheets and columns, with the Chinese labels."""

    def __init__(self, data_root: Path):
        self.data_root = Path(data_root)
        folder = excel_folder(self.data_root)
        self.units = {r["unit"]: r["label_zh"] for r in read_map(folder / "units_zh.csv")}
        self.codes = {r["code"]: r["label_zh"] for r in read_map(folder / "codes_zh.csv")}

    @cached_property
    def carriers(self) -> tuple[str, ...]:
        """Energy carriers of the coefficient table, in its order (the energy_type drop-down)."""
        names = load_energy_coefficients(self.data_root)["energy_type"]
        return tuple(dict.fromkeys(str(n) for n in names))

    def unit_zh(self, unit: str | None) -> str:
        if unit in (None, "", "-"):
            return ""
        return self.units.get(unit, unit)

    def code_zh(self, code: str) -> str:
        return self.codes.get(code, code) if ASCII_LETTER.search(code) else code

    def column(self, table: str, field: dict) -> Column:
        enum = field.get("constraints", {}).get("enum")
        if enum:
            choices = tuple((str(v), self.code_zh(str(v))) for v in enum)
        elif field["type"] == "boolean":
            choices = (("true", "是"), ("false", "否"))
        elif (table, field["name"]) == ("energy", "energy_type"):
            choices = tuple((c, c) for c in self.carriers)
        else:
            choices = ()
        return Column(table, field, self.unit_zh(field.get("unit")), choices)

    @cached_property
    def sheets(self) -> tuple[Sheet, ...]:
        out = []
        for table in TABLES:
            schema = load_shared_schema(self.data_root, table)
            out.append(Sheet(table, schema, tuple(self.column(table, f) for f in schema["fields"])))
        return tuple(out)

    def sheet(self, table: str) -> Sheet:
        return next(s for s in self.sheets if s.table == table)


def sheet_plan(data_root: Path) -> SheetPlan:
    return SheetPlan(data_root)
