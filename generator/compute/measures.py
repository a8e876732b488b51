"""Improvement measures (清洁生产方案) of one park-cycle: counts by level, status and cost class; the
effect of each measure per substance, each in its own unit; totals only within one substance; the
investment, annual economic benefit and simple payback of each measure and of each level and cost
class.

Why per substance: measures.csv has one `expected_pollutant_reduction` column in t/a, and the
measure's `target` says which pollutant it is. Tonnes of phosphogypsum and tonnes of ammonia
nitrogen are both tonnes, but their sum means nothing, so the pollutant column is split by target
and never added across targets (an earlier version published such a sum as 污染物削减量).

Exact arithmetic: sums are Decimal (the cells as they print), ratios (payback, achievement) are
Fractions, rounded once, half up, when they are stored."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from generator.compute.variables import D, _isnum
from generator.core import ParkPackage, records

LEVELS = ("园区", "产业链", "企业")
STATUSES = ("计划", "实施中", "已完成", "已取消")
COST_CLASSES = ("无低费", "中高费")
OPEN = ("计划", "实施中")
OVERDUE = "逾期"  # a status shown, not one of the data: an open measure whose planned end has passed
# the statuses a reader sees, in the order of the status chart: done, under way, planned, late, dropped
SHOWN_STATUSES = ("已完成", "实施中", "计划", OVERDUE, "已取消")

# Targets whose effect is the `*_pollutant_reduction` column (t/a): that column means this substance.
POLLUTANTS = ("COD", "NH3-N", "TN", "TP", "SO2", "NOx", "PM", "VOCs", "solid_waste", "hazardous_waste")
# A pollutant reduction entered for a measure whose target is not a pollutant (energy, water, CO2,
# management): the data do not say which substance it is, so it stays on a line of its own.
UNSPECIFIED = "pollutant_unspecified"

# substance → (the measures.csv column stem, unit); the order is the order of the tables
_SUBSTANCE_COLUMNS = {"energy": ("energy_saving", "tce/a"), "water": ("water_saving", "m3/a"),
                      **{p: ("pollutant_reduction", "t/a") for p in (*POLLUTANTS, UNSPECIFIED)}, "CO2": ("co2_reduction", "tCO2/a")}
SUBSTANCES = tuple(_SUBSTANCE_COLUMNS)
RATE_PLACES = 3  # achievement rates are stored to 0.1 %
PAYBACK_PLACES = 1  # payback years are stored to 0.1 year

# why a payback cannot be computed, for readers (zh) and reviewers (en)
PAYBACK_REASONS = {
    "investment_missing": {"zh": "未填报投资", "en": "no investment entered"},
    "benefit_missing": {"zh": "未填报经济效益", "en": "no economic benefit entered"},
    "benefit_zero": {"zh": "无经济效益", "en": "no economic benefit"},
}


def round_fraction(value: Fraction, places: int) -> float:
    """`value` rounded half up (ties away from zero) to `places` decimals: the one rounding of an
    exact ratio, done on the Fraction itself so that no binary or decimal intermediate rounds first."""
    scaled = value * 10**places
    n = (2 * abs(scaled.numerator) + scaled.denominator) // (2 * scaled.denominator)
    return float(Decimal(-n if scaled < 0 else n).scaleb(-places))


def _num(v) -> Decimal | None:
    return D(v) if _isnum(v) else None


def _sum(values) -> Decimal | None:
    vals = [v for v in values if v is not None]
    return sum(vals, Decimal(0)) if vals else None


def _float(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def payback(investment: Decimal | None, benefit: Decimal | None) -> dict:
    """Simple payback in years = investment (万元) ÷ annual economic benefit (万元/年), or why there
    is none."""
    if investment is None:
        return {"years": None, "reason": "investment_missing"}
    if benefit is None:
        return {"years": None, "reason": "benefit_missing"}
    if benefit == 0:
        return {"years": None, "reason": "benefit_zero"}
    return {"years": round_fraction(Fraction(investment) / Fraction(benefit), PAYBACK_PLACES), "reason": None}


def achievement(achieved: Decimal | None, expected: Decimal | None) -> float | None:
    """达成率 = achieved ÷ expected, or None when either is missing or nothing was expected."""
    if achieved is None or not expected:
        return None
    return round_fraction(Fraction(achieved) / Fraction(expected), RATE_PLACES)


def substance_of(stem: str, target: str | None) -> str | None:
    """The substance that a measure's `expected_<stem>` / `achieved_<stem>` cells measure."""
    if stem == "pollutant_reduction":
        return target if target in POLLUTANTS else UNSPECIFIED
    return {"energy_saving": "energy", "water_saving": "water", "co2_reduction": "CO2"}.get(stem)


def as_of(cycle: str) -> str | None:
    """The date the statuses of a cycle's measures describe: the last day of the audited year."""
    return f"{cycle}-12-31" if len(cycle) == 4 and cycle.isdigit() else None


def shown_status(row: dict, date: str | None) -> str:
    """The status a reader sees: the data's, except that a planned or running measure whose planned
    completion date lies on or before `date` is 逾期 (overdue)."""
    end = row.get("end_date")
    if row["status"] in OPEN and date and isinstance(end, str) and end <= date:
        return OVERDUE
    return row["status"]


def _measure(row: dict, date: str | None) -> dict:
    done = row["status"] == "已完成"
    effects = []
    for stem in ("energy_saving", "water_saving", "pollutant_reduction", "co2_reduction"):
        expected, achieved = _num(row.get(f"expected_{stem}")), _num(row.get(f"achieved_{stem}"))
        if expected is None and achieved is None:
            continue
        substance = substance_of(stem, row.get("target"))
        effects.append({"substance": substance, "unit": _SUBSTANCE_COLUMNS[substance][1], "expected": _float(expected), "achieved": _float(achieved),
                        "achievement": achievement(achieved, expected) if done else None})
    investment = _num(row.get("investment"))
    benefit_expected, benefit_achieved = _num(row.get("expected_economic_benefit")), _num(row.get("achieved_economic_benefit"))
    return {
        "measure_id": row["measure_id"],
        "level": row["level"],
        "cost_class": row.get("cost_class"),
        "status": row["status"],
        "status_shown": shown_status(row, date),
        "effects": effects,
        "investment": _float(investment),
        "benefit_expected": _float(benefit_expected),
        "benefit_achieved": _float(benefit_achieved),
        "payback_expected": payback(investment, benefit_expected),
        # the achieved benefit of a measure still under way is a part-year figure: no payback from it
        "payback_achieved": payback(investment, benefit_achieved) if done else None,
    }


def _effect_totals(rows: list[dict]) -> list[dict]:
    """Per substance, over the measures that name it: never across substances."""
    out = []
    for substance, (stem, unit) in _SUBSTANCE_COLUMNS.items():
        mine = [r for r in rows if r["status"] != "已取消" and substance_of(stem, r.get("target")) == substance
                and (_isnum(r.get(f"expected_{stem}")) or _isnum(r.get(f"achieved_{stem}")))]
        if not mine:
            continue
        done = [r for r in mine if r["status"] == "已完成"]
        rated = [r for r in done if _isnum(r.get(f"expected_{stem}")) and _isnum(r.get(f"achieved_{stem}"))]
        out.append({
            "substance": substance,
            "unit": unit,
            "n_measures": len(mine),
            "expected": _float(_sum(_num(r.get(f"expected_{stem}")) for r in mine)),
            "n_completed": len(done),
            "expected_completed": _float(_sum(_num(r.get(f"expected_{stem}")) for r in done)),
            "achieved_completed": _float(_sum(_num(r.get(f"achieved_{stem}")) for r in done)),
            "n_rated": len(rated),
            "achievement": achievement(_sum(_num(r.get(f"achieved_{stem}")) for r in rated), _sum(_num(r.get(f"expected_{stem}")) for r in rated)),
        })
    return out


def _money(rows: list[dict]) -> dict:
    """Investment, annual benefit and payback of a group of measures: expected over those not
    cancelled, achieved over those completed. A group's payback is its investment total over its
    benefit total (measures without a benefit, such as training, add their cost and no benefit)."""
    active = [r for r in rows if r["status"] != "已取消"]
    done = [r for r in rows if r["status"] == "已完成"]
    invest, benefit = _sum(_num(r.get("investment")) for r in active), _sum(_num(r.get("expected_economic_benefit")) for r in active)
    invest_done, benefit_done = _sum(_num(r.get("investment")) for r in done), _sum(_num(r.get("achieved_economic_benefit")) for r in done)
    return {
        "n_measures": len(active),
        "investment": _float(invest),
        "benefit_expected": _float(benefit),
        "payback_expected": payback(invest, benefit) if active else None,
        "n_completed": len(done),
        "investment_completed": _float(invest_done),
        "benefit_achieved": _float(benefit_done),
        "payback_achieved": payback(invest_done, benefit_done) if done else None,
    }


def summarise_measures(pkg: ParkPackage) -> dict:
    """The measures of one package: counts, effects per substance, money and payback."""
    df = pkg.tables["measures"]
    rows = records(df)
    date = as_of(pkg.ref.cycle)
    level, status = [r["level"] for r in rows], [r["status"] for r in rows]
    pairs = Counter(zip(level, status))
    shown = Counter((r["level"], shown_status(r, date)) for r in rows)
    cost = [r.get("cost_class") for r in rows]
    active = [r for r in rows if r["status"] != "已取消"]
    done = [r for r in rows if r["status"] == "已完成"]
    return {
        "n_measures": len(rows),
        "as_of": date,
        "by_level": {lv: {st: pairs[(lv, st)] for st in STATUSES} for lv in LEVELS},
        "by_status": {st: status.count(st) for st in STATUSES},
        "by_level_shown": {lv: {st: shown[(lv, st)] for st in SHOWN_STATUSES} for lv in LEVELS},
        "by_cost_class": {c: cost.count(c) for c in COST_CLASSES},
        "investment": {"unit": "10^4 CNY", "total": _float(_sum(_num(r.get("investment")) for r in active)),
                       "completed": _float(_sum(_num(r.get("investment")) for r in done))},
        "effects": _effect_totals(rows),
        "economic_benefit": {"unit": "10^4 CNY/a", "expected": _float(_sum(_num(r.get("expected_economic_benefit")) for r in active)),
                             "expected_completed": _float(_sum(_num(r.get("expected_economic_benefit")) for r in done)),
                             "achieved_completed": _float(_sum(_num(r.get("achieved_economic_benefit")) for r in done))},
        "money": {
            "total": _money(rows),
            "by_level": {lv: _money([r for r in rows if r["level"] == lv]) for lv in LEVELS},
            "by_cost_class": {c: _money([r for r in rows if r.get("cost_class") == c]) for c in COST_CLASSES},
        },
        "measures": [_measure(r, date) for r in rows],
        "notes": {
            "zh": "效果按物质分列，各用其单位，不跨物质相加；污染物的削减量按方案针对的污染物分列。预期为未取消方案之和，已完成方案的预期与实际为已完成方案之和；"
                  "达成率 = 实际 ÷ 预期，只计预期与实际都已填写的已完成方案；静态回收期 = 投资 ÷ 年经济效益；空单元格不计入。"
                  "状态“逾期”：计划或实施中、计划完成日期不晚于审核年度末的方案。",
            "en": "Effects are per substance, each in its unit, never added across substances; pollutant reductions are classed by the measure's target. "
                  "Expected: sum over measures not cancelled; completed: sums over completed measures; achievement = achieved / expected over completed "
                  "measures with both filled in; simple payback = investment / annual economic benefit; empty cells are left out. "
                  "Overdue: planned or running, with a planned end on or before the end of the audited year.",
        },
    }
