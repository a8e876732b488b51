"""The rules that test whole columns first (waste balance, purchased electricity, tenfold jumps)
hand the exact row-by-row test every row it would flag: on random tables with figures right at
the thresholds and missing ones, no flagged row is left out by the first test."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd

from generator.validate.rules.energy import ELECTRICITY_TOLERANCE, _may_exceed
from generator.validate.rules.history import TENFOLD, _pairs_by_column
from generator.validate.rules.waste import WASTE_BALANCE_TOLERANCE, _may_not_close, unbalanced

RNG = random.Random(16)
N = 4000


def _near(value: float) -> float:
    """A figure at `value`, a hair above or below it, or far from it."""
    return RNG.choice([value, value * (1 + 1e-12), value * (1 - 1e-12), value * RNG.uniform(0, 3), 0.0])


def _maybe_missing(value: float) -> float:
    return math.nan if RNG.random() < 0.1 else value


def test_waste_balance_rows_that_do_not_close_are_all_checked():
    rows = []
    for _ in range(N):
        generated = RNG.uniform(1, 1000)
        out = _near(generated * (1 + RNG.choice([-1, 1]) * WASTE_BALANCE_TOLERANCE))
        rows.append({"generated": _maybe_missing(generated), "utilised_from_storage": _maybe_missing(RNG.choice([0.0, 1.0])),
                     "utilised": _maybe_missing(out / 3), "disposed": _maybe_missing(out / 3), "stored": _maybe_missing(out / 3)})
    waste = pd.DataFrame(rows)
    checked = _may_not_close(waste)
    flagged = 0
    for i, row in enumerate(rows):
        if unbalanced(row) is not None:  # the rule's exact test
            flagged += 1
            assert checked[i], row
    assert 0 < flagged < N and checked.sum() < N  # both kinds of row were there, and some were left out


def test_electricity_rows_that_buy_more_than_they_use_are_all_checked():
    energy_rows, carbon_rows = [], []
    for e in range(N):
        eid = f"E{e}"
        used = 0.0
        for kind in ("电力", "可再生电力", "原煤"):
            q = _maybe_missing(RNG.uniform(0, 50))
            energy_rows.append({"enterprise_id": eid, "energy_type": kind, "quantity": q})
            used += q * 10 if kind != "原煤" and not math.isnan(q) else 0
        carbon_rows.append({"enterprise_id": eid, "purchased_electricity": _maybe_missing(_near(used * ELECTRICITY_TOLERANCE)),
                            "exported_electricity": _maybe_missing(RNG.choice([0.0, 1e-9]))})
    energy, carbon = pd.DataFrame(energy_rows), pd.DataFrame(carbon_rows)
    checked = _may_exceed(energy, carbon)
    consumed = energy[energy["energy_type"].isin(["电力", "可再生电力"])].groupby("enterprise_id")["quantity"].sum() * 10
    flagged = 0
    for i, row in enumerate(carbon_rows):  # the rule's exact test (energy.py)
        net = (row["purchased_electricity"] if pd.notna(row["purchased_electricity"]) else 0) - (
            row["exported_electricity"] if pd.notna(row["exported_electricity"]) else 0)
        used = consumed.get(row["enterprise_id"], 0.0)
        if net > used * ELECTRICITY_TOLERANCE and net > 0:
            flagged += 1
            assert checked[i], row
    assert 0 < flagged < N and checked.sum() < N


def test_tenfold_jumps_are_all_in_the_pairs_with_their_values():
    key, cols = ["enterprise_id", "pollutant"], ["actual", "permitted"]
    prev = pd.DataFrame([{"enterprise_id": f"E{i % 500}", "pollutant": RNG.choice("ab"), "actual": _maybe_missing(RNG.uniform(0, 10)),
                          "permitted": _maybe_missing(RNG.uniform(0, 10))} for i in range(N)])  # keys repeat: the first row wins
    now = prev.sample(frac=1, random_state=1).reset_index(drop=True)
    now["actual"] = [_maybe_missing(_near(v * TENFOLD)) if v == v else 1.0 for v in now["actual"]]
    now["pollutant"] = [p if RNG.random() < 0.9 else None for p in now["pollutant"]]  # some keys not in the earlier cycle
    pairs = {row: (new, old) for row, new, old in _pairs_by_column(now, prev, key, cols)}
    before: dict = {}
    for k, values in zip(zip(*(prev[c] for c in key)), zip(*(prev[c] for c in cols))):
        before.setdefault(k, values)
    flagged = 0
    for i, k, values in zip(now.index, zip(*(now[c] for c in key)), zip(*(now[c] for c in cols))):  # the exact join and test
        if k not in before:
            continue
        for j in range(len(cols)):
            n, o = values[j], before[k][j]
            if n > 0 and o > 0 and (n / o > TENFOLD or n / o < 1 / TENFOLD):
                flagged += 1
                assert pairs[i + 2][0][j] == n and pairs[i + 2][1][j] == o
    assert 0 < flagged and len(pairs) < len(now)
    assert all(isinstance(v, float) for new, old in pairs.values() for v in (*new, *old))
    assert not np.isnan([v for new, _ in pairs.values() for v in new if v == v]).any()
