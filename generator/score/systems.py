"""Score: indicator values, levels, composite indices, grade, compliance.

Plain functions over plain data. `evaluate_indicator` computes one indicator's value against an
environment (`Env`: this cycle's variables and earlier cycles' for `prev`), `score_graded` and
`score_compliance` apply an indicator system. The method is ../shared/domain/method.md §3–4:

Indicator value
- `applicable_if` false → state `not_applicable` (不适用); missing → state `missing` (we cannot tell).
- the formula's value, or `missing` with the reason (which variable, which cycle is absent, division
  by zero);
- the formula is evaluated exactly (formula.py: rationals, never binary floats), and the value is
  rounded ONCE to the indicator's `precision`, half up (ties away from zero, as decimal
  ROUND_HALF_UP), straight from that exact value: an exact 2.95 at one decimal is 3.0 (binary
  floating point would have given 2.949999999999997 and 2.9). Every comparison (levels,
  requirements) uses that rounded value and compares it exactly with the benchmark: a number of
  indicators.yaml as written, or an expression benchmark's exact value.

Undecidable conditions: one rule for every level (`UNDECIDABLE_RULE`, published in score.json)
- a level is decided when its benchmark can be evaluated: a number always; an expression benchmark
  or a qualitative condition when the data it reads is there. Levels are checked from III upwards,
  and a level is awarded only when it is decided as met and every looser level is decided as met;
- a level decided as not met stops the climb (the level is the last one met, or `below`);
- a level that cannot be decided stops the climb too, at the last level decided as met
  (conservative: a level is never awarded on data that is not there); the item's `reason` says
  which level could not be decided;
- when level III itself cannot be decided, the indicator is *missing* (0 at every level, its value
  is still shown);
- this holds alike for quantitative indicators (number or expression benchmarks) and qualitative
  ones (conditions);
- evaluated benchmarks out of order (any two that could be evaluated) are a configuration error.

Graded method (`method: graded`)
- levels nest: a quantitative value meets level k when `rounded ≤ benchmark_k` (lower is better) or
  `rounded ≥ benchmark_k` (higher is better); its level is found by the climb above, which for
  ordered benchmarks is the strictest level met, else `below`;
- a qualitative indicator's level is found by the same climb over its conditions: a true level-I
  condition does not skip a false level-II one;
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
  expression, compared exactly) or its `condition` is true; a missing value, or a requirement or
  condition that cannot be decided, is unmet with status `missing` (the same rule: nothing is
  granted on data that is not there);
  not-applicable indicators are left out of their group;
- a group with `rule: all` passes when every applicable indicator is met (a group whose indicators
  are all not applicable passes, with a note); `at_least_one` passes when at least one is met;
- overall pass = every group passes; `unmet` lists the indicators of failing groups that are not met.

Publication (the results files; generator/score/stage.py documents it in score.json)
- `value` is a JSON number: the double nearest to the exact value (one correct conversion, no
  accumulated binary error), so an exact decimal of up to 15 significant digits prints as itself
  (2.95, never 2.949999999999997);
- `value_exact` is the exact value as a string: a decimal when it has one (`"2.95"`), else a
  fraction (`"1/3"`); null when the formula took an irrational fractional power (`Result.exact`
  False), whose value is then only the floating-point approximation;
- `value_rounded` (number) and `display` (string) are the rounded decimal, the value every
  comparison used; indices are published the same way with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
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
WEIGHT_PLACES = 6  # effective weights, for presentation

# The rule for levels that cannot be decided, in words, for the methodology page and score.json.
UNDECIDABLE_RULE = {
    "zh": (
        "等级自 III 级起逐级判定：某一级仅在其基准值或条件可以判断且已达到、并且所有较宽松的级别也都可以判断且已达到时才授予；"
        "某一级因数据空缺而无法判断时，等级止于已判断达到的最后一级；III 级本身无法判断时，该指标记为“未统计”，各级得分为 0。"
        "定量指标（数值或表达式基准）与定性指标（条件）适用同一规则；符合性评价中无法判断的要求记为未达到。"
    ),
    "en": (
        "Levels are decided from level III upwards: a level is awarded only when its benchmark or condition can be "
        "decided and is met, and every looser level can be decided and is met; a level that cannot be decided because "
        "data is missing stops the climb at the last level decided as met; when level III itself cannot be decided, the "
        "indicator is missing and scores 0 at every level. Quantitative indicators (number or expression benchmarks) and "
        "qualitative ones (conditions) follow the same rule; in the compliance method a requirement that cannot be "
        "decided counts as not met."
    ),
}


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
        return {"variable": name, "cycle": self.cycle - offset, "value": number(table.get(name)), "unit": self.units.get(name)}


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
        d = {"variable": name, "cycle": self.history.cycle_of(offset), "value": number(value)}
        if var is not None:
            d["unit"] = var.unit
            d["sources"] = [s.to_dict() for s in var.sources]
        if reason:
            d["reason"] = reason
        return d


# ---------------------------------------------------------------------------------------------
# Indicator values
# ---------------------------------------------------------------------------------------------


def _fraction(value) -> Fraction:
    """An exact number: Fraction, Decimal, int or bool as they are, a float as its shortest decimal."""
    v = fx.exact(value)
    if isinstance(v, fx.Missing):
        raise ValueError(f"not a finite number: {value!r}")
    return Fraction(int(v)) if isinstance(v, bool) else v


def round_half_up(value, places: int) -> Decimal:
    """`value` rounded to `places` decimals, half up (ties away from zero), from its exact value; a
    Decimal with exactly `places` decimals. No intermediate rounding: no decimal context is used."""
    f = _fraction(value)
    scaled = f * 10**places
    n = (2 * abs(scaled.numerator) + scaled.denominator) // (2 * scaled.denominator)  # ⌊|x| + ½⌋
    sign = 1 if (scaled < 0 and n) else 0
    return Decimal((sign, tuple(int(c) for c in str(n)), -places))


def exact_text(value) -> str | None:
    """The exact value as a string: a decimal when it has a finite one ("2.95", "100"), else a
    fraction ("1/3")."""
    if value is None:
        return None
    f = _fraction(value)
    den, twos, fives = f.denominator, 0, 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{f.numerator}/{f.denominator}"
    places = max(twos, fives)
    digits = str(abs(f.numerator) * 10**places // f.denominator).rjust(places + 1, "0")
    text = digits if not places else f"{digits[:-places]}.{digits[-places:]}"
    return ("-" if f < 0 else "") + text


def number(value):
    """A JSON number for an exact value: the nearest double (one correctly rounded conversion)."""
    if isinstance(value, (Fraction, Decimal)):
        return float(value)
    return value


def display(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


@dataclass
class IndicatorValue:
    id: str
    state: str  # value | not_applicable | missing
    value: Fraction | None = None  # exact
    rounded: Decimal | None = None
    reason: str | None = None
    used: list[tuple[str, int]] = field(default_factory=list)
    applicable_used: list[tuple[str, int]] = field(default_factory=list)
    exact: bool = True  # False: an irrational fractional power was taken in floating point

    @property
    def value_exact(self) -> str | None:
        """The exact value as published (None when missing or only approximate)."""
        return exact_text(self.value) if self.exact else None


def published_value(iv: IndicatorValue) -> dict:
    """An indicator value as the results files publish it: the nearest double to the exact value,
    the exact value as text, the value rounded once at its precision, and that as people read it."""
    return {"value": number(iv.value), "value_exact": iv.value_exact, "value_rounded": number(iv.rounded), "display": display(iv.rounded)}


def _num(v) -> Fraction:
    return Fraction(int(v)) if isinstance(v, bool) else v


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
    return IndicatorValue(ind.id, "value", value, round_half_up(value, ind.precision), None, r.used, app_used, r.exact)


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
    """(exact Fraction or None, reason, used, exact?)"""
    if bm.number is not None:
        return Fraction(bm.number), None, [], True
    r = bm.expression.evaluate(env.resolve)
    if r.missing:
        return None, r.reason, r.used, r.exact
    return _num(r.value), None, r.used, r.exact


def _meets(direction: str, rounded: Decimal, bench: Fraction) -> bool:
    value = Fraction(rounded)
    return value <= bench if direction == "lower" else value >= bench


def _climb(decided: dict[str, bool | None]) -> tuple[str | None, str | None]:
    """The level from III upwards under UNDECIDABLE_RULE: (level or None when level III cannot be
    decided, the first level that could not be decided on the way, if any)."""
    if decided["III"] is None:
        return None, "III"
    level = "below"
    for lv in ("III", "II", "I"):
        if decided[lv] is None:
            return level, lv
        if not decided[lv]:
            break
        level = lv
    return level, None


def _stopped(lv: str, level: str, why: str | None) -> str:
    return (
        f"{lv} 级无法判断，等级止于 {level} / level {lv} cannot be decided, the level stops at {level}"
        + (f": {why}" if why else "")
    )


def level_of(ind: Indicator, gi, iv: IndicatorValue, env: Env) -> dict:
    """Level of one indicator in a graded system: {'level', 'benchmarks', 'reason', 'note', 'used'}.

    `reason` says why the level is None (level III cannot be decided); `note` says which level
    stopped the climb when a stricter one could not be decided."""
    out = {"level": None, "benchmarks": {}, "reason": None, "note": None, "used": []}
    decided: dict[str, bool | None] = {}
    reasons: dict[str, str | None] = {}
    if ind.direction == "qualitative":
        for lv in LEVELS:
            r = gi.benchmarks[lv].condition.evaluate(env.resolve)
            out["used"] += [u for u in r.used if u not in out["used"]]
            decided[lv] = None if r.missing else bool(r.value)
            reasons[lv] = r.reason
            out["benchmarks"][lv] = {
                "condition": gi.benchmarks[lv].condition.source,
                "description": gi.benchmarks[lv].description,
                "met": decided[lv],
            }
            if r.missing:
                out["benchmarks"][lv]["reason"] = r.reason
        undecided_iii = "III 级条件无法判断 / the level III condition is undetermined: "
    else:
        values = {}
        for lv in LEVELS:
            v, reason, used, is_exact = _benchmark_value(gi.benchmarks[lv], env)
            out["used"] += [u for u in used if u not in out["used"]]
            values[lv] = v
            reasons[lv] = reason
            entry = {"value": number(v)}
            if gi.benchmarks[lv].expression is not None:
                entry["expression"] = gi.benchmarks[lv].expression.source
                entry["value_exact"] = exact_text(v) if is_exact else None
            if reason:
                entry["reason"] = reason
            out["benchmarks"][lv] = entry
        for a, b in (("I", "II"), ("I", "III"), ("II", "III")):
            if values[a] is None or values[b] is None:
                continue
            if not (values[a] <= values[b] if ind.direction == "lower" else values[a] >= values[b]):
                va, vb = exact_text(values[a]), exact_text(values[b])
                raise ConfigError(
                    [
                        f"{gi.path}.benchmarks: 基准值计算后顺序错误：{a} 级 {va}，{b} 级 {vb} / "
                        f"evaluated benchmarks out of order: level {a} {va}, level {b} {vb} ({ind.direction} is better)"
                    ]
                )
        if iv.state == "value":
            decided = {lv: None if values[lv] is None else _meets(ind.direction, iv.rounded, values[lv]) for lv in LEVELS}
        undecided_iii = "III 级基准值无法确定 / the level III benchmark is undetermined: "
    if iv.state != "value":
        return out
    level, stop = _climb(decided)
    if level is None:
        out["reason"] = undecided_iii + (reasons["III"] or "")
        return out
    out["level"] = level
    if stop is not None:
        out["note"] = _stopped(stop, level, reasons[stop])
    return out


def _at_least(level: str | None, required: str) -> bool:
    return level in LEVEL_RANK and LEVEL_RANK[level] <= LEVEL_RANK[required]


def publish_index(y: Fraction) -> Decimal:
    return round_half_up(y, INDEX_PLACES)


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
            elif state == "value":
                reason = lev["note"]  # why the climb stopped below a level that could not be decided
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
                **published_value(iv),
                "level": lev["level"] if state == "value" else None,
                "membership": member,
                "weight": float(gi.weight),
                "effective_weight": float(round_half_up(eff, WEIGHT_PLACES)),
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
        "undecidable_rule": dict(UNDECIDABLE_RULE),
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
                **published_value(iv),
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
                    target = Fraction(req.value)
                else:
                    r = req.expression.evaluate(env.resolve)
                    used = r.used
                    target = None if r.missing else _num(r.value)
                    if target is None:
                        item["reason"] = f"要求值无法确定 / requirement undetermined: {r.reason}"
                    item["requirement"]["evaluated"] = number(target)
                    item["requirement"]["evaluated_exact"] = exact_text(target) if r.exact else None
                if target is None:
                    item["status"], item["met"] = "missing", False
                else:
                    item["met"] = _OPS[req.op](Fraction(iv.rounded), target)
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
        "undecidable_rule": dict(UNDECIDABLE_RULE),
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
