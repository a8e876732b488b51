"""Score: indicator values, levels, composite indices, grade, compliance.

Plain functions over plain data. `evaluate_indicator` computes one indicator's value against an
environment (`Env`: this cycle's variables and earlier cycles' for `prev`), `score_graded` and
`score_compliance` apply an indicator system. The method is ../shared/domain/method.md §3–4:

Indicator value
- `applicable_if` false → state `not_applicable` (不适用); missing → state `missing` (we cannot tell).
- the formula's value, or `missing` with the reason (which variable, which cycle is absent, division
  by zero);
- the value is rounded ONCE to the indicator's `precision`: decimal ROUND_HALF_UP applied to the
  shortest repr of the float; every comparison uses that rounded value.

Graded method (`method: graded`)
- levels nest: a quantitative value meets level k when `rounded ≤ benchmark_k` (lower is better) or
  `rounded ≥ benchmark_k` (higher is better); its level is the strictest level met, else `below`;
- a qualitative indicator's level is found by checking its conditions from III upwards: a level is
  awarded only when its condition is true and every looser level's condition is true; a false
  condition stops the climb; an undetermined (missing) condition stops it too (conservative), and
  an undetermined level-III condition makes the indicator missing;
- expression benchmarks are evaluated against the cycle; an undetermined benchmark makes the
  indicator missing (its value is still shown); evaluated benchmarks out of order are a
  configuration error;
- membership Y_gk(x) = 100 if the level is k or stricter, else 0; missing scores 0 at every level;
- not-applicable indicators leave their category and the remaining indicator weights are divided
  by the sum of the applicable ones; category weights are not re-normalised;
- Y_k = Σ_i w_i Σ_j ω'_ij Y_gk(x_ij), computed exactly with fractions, then published with two
  decimals (ROUND_HALF_UP); the grade rules compare the published index, so that what the reader
  sees and what was graded agree (the same principle as for indicator values);
- grade rules are tried in order, the first whose every condition holds gives the grade:
  `min_index` (published Y_level ≥ value), `limiting_at_least` (every applicable limiting indicator
  at that level or stricter; a missing one fails), `non_limiting_at_least` (the same for the
  others). The result also says, for each rule tried, which conditions failed.

Compliance method (`method: compliance`)
- each indicator is met when its requirement holds on the rounded value (`op` + value or
  expression) or its `condition` is true; missing values or undetermined conditions are unmet;
  not-applicable indicators are left out of their group;
- a group with `rule: all` passes when every applicable indicator is met (a group whose indicators
  are all not applicable passes, with a note); `at_least_one` passes when at least one is met;
- overall pass = every group passes; `unmet` lists the indicators of failing groups that are not met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol

from generator.score import formula as fx
from generator.score.config import (
    LEVEL_RANK,
    LEVELS,
    ComplianceSystem,
    Config,
    ConfigError,
    GradedSystem,
    Indicator,
)

INDEX_PLACES = 2


class Env(Protocol):
    cycle: int

    def resolve(self, name: str, offset: int): ...

    def describe(self, name: str, offset: int) -> dict: ...


class DictEnv:
    """An environment from plain dicts: `values[offset][name]`; an absent offset is an absent cycle."""

    def __init__(self, values: dict[int, dict[str, float | None]], cycle: int = 2025, units: dict[str, str] | None = None):
        self.values = values
        self.cycle = cycle
        self.units = units or {}

    def resolve(self, name, offset):
        table = self.values.get(offset)
        if table is None:
            c = self.cycle - offset
            return fx.Missing(f"缺少 {c} 年审核周期的数据包 / audit cycle {c} absent")
        v = table.get(name)
        if v is None:
            return fx.Missing(f"无数据 / no data: {name}（{self.cycle - offset}）")
        return v

    def describe(self, name, offset):
        table = self.values.get(offset) or {}
        return {"variable": name, "cycle": self.cycle - offset, "value": table.get(name), "unit": self.units.get(name)}


class HistoryEnv:
    """An environment over generator.compute.variables.History (real packages, with provenance)."""

    def __init__(self, history):
        self.history = history
        self.cycle = history.current.cycle

    def resolve(self, name, offset):
        value, reason, _ = self.history.lookup(name, offset)
        return fx.Missing(reason) if value is None else value

    def describe(self, name, offset):
        value, reason, var = self.history.lookup(name, offset)
        d = {"variable": name, "cycle": self.history.cycle_of(offset), "value": value}
        if var is not None:
            d["unit"] = var.unit
            d["sources"] = [s.to_dict() for s in var.sources]
        if reason:
            d["reason"] = reason
        return d


# ---------------------------------------------------------------------------------------------
# Indicator values
# ---------------------------------------------------------------------------------------------


def round_half_up(value: float, places: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


@dataclass
class IndicatorValue:
    id: str
    state: str  # value | not_applicable | missing
    value: float | None = None
    rounded: Decimal | None = None
    reason: str | None = None
    used: list[tuple[str, int]] = field(default_factory=list)
    applicable_used: list[tuple[str, int]] = field(default_factory=list)


def _num(v):
    return float(v) if isinstance(v, bool) else v


def evaluate_indicator(ind: Indicator, env: Env) -> IndicatorValue:
    app_used: list = []
    if ind.applicable_if is not None:
        r = ind.applicable_if.evaluate(env.resolve)
        app_used = r.used
        if r.missing:
            return IndicatorValue(ind.id, "missing", reason=f"无法判断是否适用 / applicability undetermined: {r.reason}", applicable_used=app_used)
        if not r.value:
            return IndicatorValue(
                ind.id,
                "not_applicable",
                reason=f"不适用：{ind.applicable_if.source} 不成立 / not applicable: {ind.applicable_if.source} is false",
                applicable_used=app_used,
            )
    r = ind.formula.evaluate(env.resolve)
    if r.missing:
        return IndicatorValue(ind.id, "missing", reason=r.reason, used=r.used, applicable_used=app_used)
    value = _num(r.value)
    return IndicatorValue(ind.id, "value", value, round_half_up(value, ind.precision), None, r.used, app_used)


def evaluate_all(config: Config, env: Env) -> dict[str, IndicatorValue]:
    return {iid: evaluate_indicator(ind, env) for iid, ind in config.indicators.items()}


def inputs_of(iv: IndicatorValue, env: Env) -> list[dict]:
    seen = []
    for key in iv.applicable_used + iv.used:
        if key not in seen:
            seen.append(key)
    return [env.describe(name, off) for name, off in seen]


# ---------------------------------------------------------------------------------------------
# Graded method
# ---------------------------------------------------------------------------------------------


def _benchmark_value(bm, env: Env):
    """(Decimal or None, reason, used)"""
    if bm.number is not None:
        return bm.number, None, []
    r = bm.expression.evaluate(env.resolve)
    if r.missing:
        return None, r.reason, r.used
    return Decimal(repr(float(_num(r.value)))), None, r.used


def _meets(direction: str, rounded: Decimal, bench: Decimal) -> bool:
    return rounded <= bench if direction == "lower" else rounded >= bench


def level_of(ind: Indicator, gi, iv: IndicatorValue, env: Env) -> dict:
    """Level of one indicator in a graded system: {'level', 'benchmarks', 'reason', 'used'}."""
    out = {"level": None, "benchmarks": {}, "reason": None, "used": []}
    if ind.direction == "qualitative":
        conds = {}
        for lv in LEVELS:
            r = gi.benchmarks[lv].condition.evaluate(env.resolve)
            out["used"] += [u for u in r.used if u not in out["used"]]
            conds[lv] = None if r.missing else bool(r.value)
            out["benchmarks"][lv] = {
                "condition": gi.benchmarks[lv].condition.source,
                "description": gi.benchmarks[lv].description,
                "met": conds[lv],
            }
            if r.missing:
                out["benchmarks"][lv]["reason"] = r.reason
        if iv.state != "value":
            return out
        if conds["III"] is None:
            out["reason"] = "III 级条件无法判断 / the level III condition is undetermined: " + out["benchmarks"]["III"]["reason"]
            return out
        level = "below"
        for lv in ("III", "II", "I"):
            if conds[lv]:
                level = lv
            else:
                break
        out["level"] = level
        return out
    values = {}
    for lv in LEVELS:
        v, reason, used = _benchmark_value(gi.benchmarks[lv], env)
        out["used"] += [u for u in used if u not in out["used"]]
        values[lv] = v
        entry = {"value": float(v) if v is not None else None}
        if gi.benchmarks[lv].expression is not None:
            entry["expression"] = gi.benchmarks[lv].expression.source
        if reason:
            entry["reason"] = reason
        out["benchmarks"][lv] = entry
    if all(values[lv] is not None for lv in LEVELS):
        for a, b in (("I", "II"), ("II", "III")):
            if not (values[a] <= values[b] if ind.direction == "lower" else values[a] >= values[b]):
                raise ConfigError(
                    [
                        f"{gi.path}.benchmarks: 基准值计算后顺序错误：{a} 级 {values[a]}，{b} 级 {values[b]} / "
                        f"evaluated benchmarks out of order: level {a} {values[a]}, level {b} {values[b]} ({ind.direction} is better)"
                    ]
                )
    if iv.state != "value":
        return out
    missing = [lv for lv in LEVELS if values[lv] is None]
    if missing:
        out["reason"] = "基准值无法确定 / benchmark undetermined: " + "; ".join(
            f"{lv}: {out['benchmarks'][lv]['reason']}" for lv in missing
        )
        return out
    level = "below"
    for lv in LEVELS:
        if _meets(ind.direction, iv.rounded, values[lv]):
            level = lv
            break
    out["level"] = level
    return out


def _at_least(level: str | None, required: str) -> bool:
    return level in LEVEL_RANK and LEVEL_RANK[level] <= LEVEL_RANK[required]


def publish_index(y: Fraction) -> Decimal:
    d = Decimal(y.numerator) / Decimal(y.denominator)
    return d.quantize(Decimal(1).scaleb(-INDEX_PLACES), rounding=ROUND_HALF_UP)


def score_graded(system: GradedSystem, config: Config, values: dict[str, IndicatorValue], env: Env) -> dict:
    totals = {lv: Fraction(0) for lv in LEVELS}
    categories = []
    limiting = []
    levels_by_id: dict[str, tuple[bool, str | None, str]] = {}
    for cat in system.categories:
        applicable = [gi for gi in cat.indicators if values[gi.id].state != "not_applicable"]
        denom = sum((gi.weight for gi in applicable), Fraction(0))
        sub = {lv: Fraction(0) for lv in LEVELS}
        items = []
        for gi in cat.indicators:
            ind = config.indicators[gi.id]
            iv = values[gi.id]
            lev = level_of(ind, gi, iv, env)
            state = iv.state
            reason = iv.reason
            if state == "value" and lev["level"] is None:
                state, reason = "missing", lev["reason"]
            eff = gi.weight / denom if (state != "not_applicable" and denom) else Fraction(0)
            member = {lv: 100 if (state == "value" and _at_least(lev["level"], lv)) else 0 for lv in LEVELS}
            for lv in LEVELS:
                sub[lv] += eff * member[lv]
            levels_by_id[gi.id] = (gi.limiting, lev["level"] if state == "value" else None, state)
            item = {
                "indicator": gi.id,
                "name": ind.name,
                "unit": ind.unit,
                "direction": ind.direction,
                "state": state,
                "reason": reason,
                "value": iv.value,
                "value_rounded": float(iv.rounded) if iv.rounded is not None else None,
                "display": display(iv.rounded),
                "level": lev["level"] if state == "value" else None,
                "membership": member,
                "weight": float(gi.weight),
                "effective_weight": round(float(eff), 6),
                "limiting": gi.limiting,
                "benchmarks": lev["benchmarks"],
                "benchmark_inputs": [env.describe(n, o) for n, o in lev["used"]],
                "source": gi.source.to_dict(),
            }
            items.append(item)
            if gi.limiting:
                limiting.append({"indicator": gi.id, "category": cat.id, "state": state, "level": item["level"]})
        for lv in LEVELS:
            totals[lv] += cat.weight * sub[lv]
        categories.append(
            {
                "id": cat.id,
                "name": cat.name,
                "weight": float(cat.weight),
                "applicable_weight": float(denom),
                "n_not_applicable": len(cat.indicators) - len(applicable),
                "subtotals": {lv: float(publish_index(sub[lv])) for lv in LEVELS},
                "contribution": {lv: float(publish_index(cat.weight * sub[lv])) for lv in LEVELS},
                "indicators": items,
            }
        )
    published = {lv: publish_index(totals[lv]) for lv in LEVELS}
    grade, checks = _grade(system, published, levels_by_id)
    counts = {k: 0 for k in ("I", "II", "III", "below", "missing", "not_applicable")}
    for lim, lv, state in levels_by_id.values():
        counts[lv if state == "value" else state] += 1
    return {
        "id": system.id,
        "method": "graded",
        "name": system.name,
        "description": system.description,
        "categories": categories,
        "indices": {lv: float(published[lv]) for lv in LEVELS},
        "indices_display": {lv: display(published[lv]) for lv in LEVELS},
        "grade": grade,
        "grade_checks": checks,
        "grade_rules": [r.to_dict() for r in system.grade_rules],
        "limiting": limiting,
        "level_counts": counts,
    }


def _grade(system: GradedSystem, published: dict[str, Decimal], levels_by_id) -> tuple[dict, list[dict]]:
    checks = []
    for rule in system.grade_rules:
        failed = []
        if rule.min_index:
            lv, need = rule.min_index
            if published[lv] < need:
                failed.append(
                    {
                        "condition": "min_index",
                        "zh": f"Y_{lv} = {published[lv]} < {need}",
                        "en": f"Y_{lv} = {published[lv]} < {need}",
                    }
                )
        for attr, want_limiting, zh_word, en_word in (
            ("limiting_at_least", True, "限定性指标", "limiting indicators"),
            ("non_limiting_at_least", False, "非限定性指标", "non-limiting indicators"),
        ):
            need = getattr(rule, attr)
            if not need:
                continue
            short = sorted(
                iid
                for iid, (lim, lv, state) in levels_by_id.items()
                if lim == want_limiting and state != "not_applicable" and not _at_least(lv, need)
            )
            if short:
                failed.append(
                    {
                        "condition": attr,
                        "indicators": short,
                        "zh": f"{zh_word}未达到 {need} 级：{', '.join(short)}",
                        "en": f"{en_word} not at level {need} or better: {', '.join(short)}",
                    }
                )
        checks.append({"grade": rule.grade, "met": not failed, "failed": failed})
        if not failed:
            return {"grade": rule.grade, "label": rule.label}, checks
    raise ConfigError([f"systems.{system.id}.grade_rules: 没有规则适用 / no grade rule matched"])  # unreachable


# ---------------------------------------------------------------------------------------------
# Compliance method
# ---------------------------------------------------------------------------------------------

_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def score_compliance(system: ComplianceSystem, config: Config, values: dict[str, IndicatorValue], env: Env) -> dict:
    groups = []
    unmet = []
    for g in system.groups:
        items = []
        for ci in g.indicators:
            ind = config.indicators[ci.id]
            iv = values[ci.id]
            req = ci.requirement
            item = {
                "indicator": ci.id,
                "name": ind.name,
                "unit": ind.unit,
                "state": iv.state,
                "reason": iv.reason,
                "value": iv.value,
                "value_rounded": float(iv.rounded) if iv.rounded is not None else None,
                "display": display(iv.rounded),
                "requirement": req.to_dict(),
                "requirement_text": req.text(),
                "source": ci.source.to_dict(),
                "met": None,
            }
            used = []
            if iv.state == "not_applicable":
                item["status"] = "not_applicable"
            elif req.condition is not None:
                r = req.condition.evaluate(env.resolve)
                used = r.used
                if r.missing:
                    item["status"], item["met"] = "missing", False
                    item["reason"] = item["reason"] or r.reason
                else:
                    item["met"] = bool(r.value)
                    item["status"] = "met" if item["met"] else "not_met"
            elif iv.state == "missing":
                item["status"], item["met"] = "missing", False
            else:
                if req.value is not None:
                    target = req.value
                else:
                    r = req.expression.evaluate(env.resolve)
                    used = r.used
                    target = None if r.missing else Decimal(repr(float(_num(r.value))))
                    if target is None:
                        item["reason"] = f"要求值无法确定 / requirement undetermined: {r.reason}"
                    item["requirement"]["evaluated"] = float(target) if target is not None else None
                if target is None:
                    item["status"], item["met"] = "missing", False
                else:
                    item["met"] = _OPS[req.op](iv.rounded, target)
                    item["status"] = "met" if item["met"] else "not_met"
            item["requirement_inputs"] = [env.describe(n, o) for n, o in used]
            items.append(item)
        considered = [i for i in items if i["status"] != "not_applicable"]
        note = None
        if g.rule == "all":
            passed = all(i["met"] for i in considered)
            if not considered:
                note = {"zh": "本组指标均不适用", "en": "every indicator of the group is not applicable"}
        else:
            passed = any(i["met"] for i in considered)
        if not passed:
            unmet += [{"group": g.id, "indicator": i["indicator"], "status": i["status"]} for i in considered if not i["met"]]
        groups.append({"id": g.id, "name": g.name, "rule": g.rule, "passed": passed, "note": note, "indicators": items})
    return {
        "id": system.id,
        "method": "compliance",
        "name": system.name,
        "description": system.description,
        "passed": all(g["passed"] for g in groups),
        "groups": groups,
        "unmet": unmet,
    }


def score_systems(config: Config, env: Env) -> tuple[dict[str, IndicatorValue], dict[str, dict]]:
    values = evaluate_all(config, env)
    systems = {}
    for sid, system in config.systems.items():
        if isinstance(system, GradedSystem):
            systems[sid] = score_graded(system, config, values, env)
        else:
            systems[sid] = score_compliance(system, config, values, env)
    return values, systems
