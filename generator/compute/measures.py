"""Improvement measures (清洁生产方案) of one park-cycle, summed: counts by level, status and cost
class, investment, and expected and achieved savings."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from generator.compute.variables import D, _isnum
from generator.core import ParkPackage


def summarise_measures(pkg: ParkPackage) -> dict:
    """Counts of improvement measures by level, status and cost class, and savings totals."""
    df = pkg.tables["measures"]
    levels = ["园区", "产业链", "企业"]
    statuses = ["计划", "实施中", "已完成", "已取消"]
    # counted from plain lists: a boolean Series per (level, status) pair cost more than the table
    level, status = df["level"].tolist(), df["status"].tolist()
    pairs = Counter(zip(level, status))
    by_level = {lv: {st: pairs[(lv, st)] for st in statuses} for lv in levels}
    by_status = {st: status.count(st) for st in statuses}
    by_cost = {c: df["cost_class"].tolist().count(c) for c in ("无低费", "中高费")}
    quantities = {
        "energy_saving": "tce/a",
        "water_saving": "m3/a",
        "pollutant_reduction": "t/a",
        "co2_reduction": "tCO2/a",
        "economic_benefit": "10^4 CNY/a",
    }
    active = [st != "已取消" for st in status]
    done = [st == "已完成" for st in status]
    everything = [True] * len(status)

    def total(rows, col):
        vals = [D(v) for v, keep in zip(df[col].tolist(), rows) if keep and _isnum(v)]
        return float(sum(vals, Decimal(0))) if vals else None

    savings = {}
    for q, unit in quantities.items():
        savings[q] = {
            "unit": unit,
            "expected": total(active, f"expected_{q}"),
            "expected_completed": total(done, f"expected_{q}"),
            "achieved": total(everything, f"achieved_{q}"),
        }
    return {
        "n_measures": int(len(df)),
        "by_level": by_level,
        "by_status": by_status,
        "by_cost_class": by_cost,
        "investment": {"unit": "10^4 CNY", "total": total(active, "investment"), "completed": total(done, "investment")},
        "savings": savings,
        "notes": {
            "zh": "expected 为未取消方案的预期量之和，expected_completed 为已完成方案的预期量之和，achieved 为已填写的实际量之和；空单元格不计入。",
            "en": "expected: sum over measures not cancelled; expected_completed: sum over completed measures; achieved: sum of the achieved cells filled in; empty cells are left out.",
        },
    }
