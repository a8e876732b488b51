"""Cell values between the package's CSV text and Excel, as the clerk sees them.

Import writes a number as Excel shows it: with the decimals of the cell's number format ('0.000'
shows 0.05 as 0.050), or, in the General format, with Excel's 15 significant digits (a formula's
0.30000000000000004 is the 0.3 on screen). The template writes the package's text back the same
way, so a pre-filled workbook imports to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from generator.authoring.labels import Column

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
# the first section of a number format that shows fixed decimals: 0, 0.00, #,##0.000, 0.0%
_FIXED = re.compile(r"(?=[#0])[#,0]*(?:\.(0+))?(%)?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _fixed_decimals(number_format: str | None) -> tuple[int, bool] | None:
    """(decimals, percent) of a fixed-decimal format; None for General, text and anything else."""
    if not number_format:
        return None
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|_.|\\.|\*.|\s', "", section)
    m = _FIXED.fullmatch(section)
    if not m:
        return None
    return len(m.group(1) or ""), bool(m.group(2))


def general_text(value: float | int) -> str:
    """A number as Excel's General format shows it: 15 significant digits, no exponent, no
    trailing zeros."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return repr(value)  # validation names it: not a usable number
    d = Decimal(f"{value:.15g}")
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number_text(value: float | int, number_format: str | None, column: Column | None = None) -> str:
    fixed = _fixed_decimals(number_format)
    if fixed is None:
        return general_text(value)
    decimals, percent = fixed
    d = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if percent:
        if column is None or column.field.get("unit") != "%":
            return general_text(value)  # a share typed as 90% means 90 only where the unit is %
        d *= 100
    return format(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), "f")


def csv_text(value, column: Column, number_format: str | None = None) -> str:
    """What a cell means in the package's CSV."""
    if value is None:
        return ""
    kind = column.kind
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date)):
        if kind == "string" and column.field.get("unit") == "YYYY.MM":
            return value.strftime("%Y.%m")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        if kind == "boolean" and value in (0, 1):
            return "true" if value == 1 else "false"
        return number_text(value, number_format, column)
    text = str(value).strip()
    if kind == "boolean":
        lowered = text.lower()
        return lowered if lowered in ("true", "false") else column.code_of(text)
    if column.choices:
        return column.code_of(text)
    return text


def excel_value(text: str, column: Column) -> tuple[object, str | None]:
    """(value, number format) that shows `text` in Excel and imports back to the same text."""
    if text == "":
        return None, None
    kind = column.kind
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text), None
    if kind == "number" and _NUMBER.fullmatch(text):
        number = float(text)
        if _INTEGER.fullmatch(text) and general_text(number) == text.lstrip("+"):
            return int(text), None
        if general_text(number) == text:
            return number, None
        decimals = len(text.split(".", 1)[1]) if "." in text else 0
        number_format = "0" + ("." + "0" * decimals if decimals else "")
        if number_text(number, number_format) == text:
            return number, number_format
        return text, TEXT_FORMAT  # cannot be shown as a number and read back: keep the text
    if kind == "date":
        try:
            return dt.date.fromisoformat(text), DATE_FORMAT
        except ValueError:
            return text, TEXT_FORMAT
    if kind == "boolean":
        return column.label_of(text.lower()) if text.lower() in ("true", "false") else text, TEXT_FORMAT
    return column.label_of(text), TEXT_FORMAT


def decimal_of(text: str) -> Decimal | None:
    """A CSV number as an exact decimal (None for anything else)."""
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None
