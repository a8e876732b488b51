"""Faster compute helpers give exactly the results of the straightforward versions."""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np

from generator.compute.variables import D, _Acc, _Unknown, compress_rows


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


class _AccReference:
    """The per-row accumulator that _Acc's column loop replaced: one add() per cell."""

    def __init__(self):
        self.per_ent, self.rows, self.unknown = {}, [], None

    def add(self, eid, row, value):
        self.rows.append(row)
        if isinstance(value, _Unknown):
            self.unknown = self.unknown or value
            self.per_ent[eid] = value
            return
        cur = self.per_ent.get(eid, Decimal(0))
        if not isinstance(cur, _Unknown):
            self.per_ent[eid] = cur + value


def test_column_sums_equal_row_by_row_sums():
    """Same totals, per-enterprise values (also their exponents), rows and first unconvertible
    reason as adding cell by cell, with empty cells, unconvertible rows and enterprises whose rows
    are scattered."""
    rng = random.Random(7)
    unknowns = [_Unknown(f"reason {i}") for i in range(3)]
    cells = [None, Decimal("0"), Decimal("-0.0"), Decimal("1.50"), Decimal("2.25"), Decimal("1E+16"), Decimal("-3.1"), Decimal("0.001")]
    for case in range(1500):
        n = rng.randint(0, 25)
        eids = [f"E{rng.randint(1, 6)}" for _ in range(n)]
        rows = list(range(2, n + 2))
        values = [rng.choice(unknowns) if case % 3 == 0 and rng.random() < 0.1 else rng.choice(cells) for _ in range(n)]
        got, ref = _Acc(), _AccReference()
        got.add_column(eids, rows, values)
        for e, r, v in zip(eids, rows, values):
            if v is not None:
                ref.add(e, r, v)
        assert got.rows == ref.rows
        assert got.unknown is ref.unknown
        assert list(got.per_ent) == list(ref.per_ent)
        for eid, value in ref.per_ent.items():
            assert got.per_ent[eid] is value if isinstance(value, _Unknown) else str(got.per_ent[eid]) == str(value)
        expected_total = ref.unknown or (sum(ref.per_ent.values(), Decimal(0)) if ref.per_ent else None)
        assert got.total is expected_total if ref.unknown or not ref.per_ent else str(got.total) == str(expected_total)
