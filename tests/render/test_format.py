"""The number formats of the pages: `plain` (a number as written, the form of the indicators'
published values) and chart table cells (rounded half up as the indicators are)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from generator.render.format import plain, table_cell
from generator.score import display
from generator.render.pages import indicators


@pytest.mark.parametrize("number,text", [
    (0.35, "0.35"), (100.0, "100"), (0.0, "0"), (1200.0, "1200"), (0.0005, "0.0005"), (7, "7"),
    (Decimal("0.350"), "0.35"), (Decimal("1.2E+3"), "1200"),
])
def test_plain_numbers_read_as_written(number, text):
    assert plain(number) == text


def test_benchmarks_read_the_same_on_park_and_methodology_pages():
    # were fmt(v, 3) with the zeros stripped: 1200 came out as "1,2" and 0.0005 as "0.001"
    # (the park page adds the direction's sign: "≤ 0.35" for lower is better)
    def text(value, direction="lower"):
        return indicators.bench_text({"direction": direction, "benchmarks": {"I": {"value": value}}}, "I")

    assert text(1200.0) == "≤ 1200"
    assert text(0.0005) == "≤ 0.0005"
    assert text(0.35, "higher") == "≥ 0.35"


@pytest.mark.parametrize("value,text", [(0.0625, "0.063"), (2.0, "2"), (1234.56789, "1234.568"), (float("nan"), "—"), (None, ""), ("甲", "甲"),
                                        (-0.0, "0"), (0.0, "0"), (-0.0005, "-0.001"), (True, True)])
def test_chart_table_cells_round_half_up_as_the_indicators_do(value, text):
    # 0.0625 is exact in binary: Python's own formatting would round it to even (0.062)
    assert table_cell(value) == text


def test_chart_table_cells_are_the_same_the_second_time():
    # table_cell keeps its results (the tables repeat their numbers): a kept one must not leak to another value
    for value, text in [(0.0625, "0.063"), (-0.0, "0"), (0.0, "0"), (1e-4, "0"), (-0.0625, "-0.063"), (0.0625, "0.063")]:
        assert table_cell(value) == text


def test_plain_numbers_are_the_same_the_second_time():
    # plain keeps its results for floats: a kept one must not leak to an equal number of another
    # kind or sign (1 and 1.0 and True, 0.0 and -0.0 are equal as keys)
    def uncached(number):
        return display((number if isinstance(number, Decimal) else Decimal(number) if isinstance(number, int) else Decimal(repr(float(number)))).normalize())

    for number in [-0.0, 0.0, -0.0, 1, 1.0, True, 0.1 + 0.2, 0.3, 2.5e-7, 1e16, Decimal("-0"), np.float64(0.35), 0.35]:
        assert plain(number) == uncached(number), number
