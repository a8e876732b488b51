"""Faster compute helpers give exactly the results of the straightforward versions."""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np

from generator.compute.variables import D, compress_rows


def _compress_rows_reference(rows) -> str:
    nums = sorted(set(rows))
    parts = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ",".join(parts)


def test_compress_rows():
    rng = random.Random(5)
    cases = [[], [2], [2, 3], [3, 2, 2], [2, 4], [2, 3, 4, 6, 8, 9]]
    cases += [[rng.randint(2, 40) for _ in range(rng.randint(0, 30))] for _ in range(2000)]
    for rows in cases:
        assert compress_rows(rows) == _compress_rows_reference(rows)
        assert compress_rows(iter(rows)) == _compress_rows_reference(rows)


def test_decimal_of_a_cell():
    for x in [0.0, -0.0, 0.1, 1e16, 1e-7, 123.456, 1 / 3, 5e-324, 2.0**60, 7, True, np.float64(0.1), np.int64(3), "2.5"]:
        expected = Decimal(repr(float(x)))
        got = D(x)
        assert got == expected and str(got) == str(expected)
    d = Decimal("1.50")
    assert D(d) is d
