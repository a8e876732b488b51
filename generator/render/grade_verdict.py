"""The grade explained to a reader (issue 13, item 1): which rule decided it, in words; which
indicators keep the park from the next level and how far each is from that level's benchmark.

Everything is read from score.json: the grade rules and checks of the graded system, and each
indicator's published (rounded) value, level and benchmarks. Distances are computed in decimals
from the published value and the benchmark as written, so a reader can check them by hand and no
float artefact (0.6199999) reaches the page."""

from __future__ import annotations

from decimal import Decimal

from generator.render.format import plain, unit_text

ORDER = {"I": 3, "II": 2, "III": 1, "below": 0}


def rule_text(rule: dict) -> str:
    """What a grade rule asks, in words: "III 级综合评价指数不低于 100（即全部适用指标都达到 III 级）"."""
    parts = []
    if rule.get("min_index"):
        lv, value = rule["min_index"]["level"], rule["min_index"]["value"]
        part = f"{lv} 级综合评价指数不低于 {plain(value)}"
        if Decimal(plain(value)) == 100:
            part += f"（即全部适用指标都达到 {lv} 级）"
        parts.append(part)
    if rule.get("limiting_at_least"):
        parts.append(f"限定性指标全部达到 {rule['limiting_at_least']} 级")
    return "，".join(parts) if parts else "其余情形"


def checks(g: dict, names: dict[str, str]) -> list[dict]:
    """One line per level (I, II, III): met or not, and why not, in words. The catch-all rule
    ("below") is the grade when none is met, not a condition: it gets no line."""
    rules = {r["grade"]: r for r in g["grade_rules"]}
    out = []
    for chk in g["grade_checks"]:
        rule = rules.get(chk["grade"], {})
        if not (rule.get("min_index") or rule.get("limiting_at_least")):
            continue
        reasons = []
        for f in chk.get("failed", []):
            if f.get("condition") == "min_index":
                lv = rule["min_index"]["level"]
                reasons.append(f"{lv} 级综合评价指数为 {g['indices_display'][lv]}，低于 {plain(rule['min_index']['value'])}")
            elif f.get("indicators"):
                reasons.append(f"限定性指标{'、'.join(names.get(i, i) for i in f['indicators'])}未达到 {rule['limiting_at_least']} 级")
            else:
                reasons.append(f["zh"])
        out.append({"label": rule["label"]["zh"], "rule": rule_text(rule), "met": chk["met"], "reasons": "；".join(reasons)})
    return out


def lower_levels_note(g: dict) -> str:
    """Why a lower level's index below its own requirement does not matter, when it is so: the
    rules are tried from I down and the first met is the grade, so a II-level park's III-level
    index may well be under III's 100 (杨林: II, Y_III 86), which reads as a contradiction
    unless said. Empty when no index of a level below the grade falls short of its rule."""
    rules = g["grade_rules"]
    reached = next((k for k, r in enumerate(rules) if r["grade"] == g["grade"]["grade"]), None)
    if reached is None:
        return ""
    short = []
    for rule in rules[reached + 1:]:
        req = rule.get("min_index")
        if not req:
            continue
        value = g["indices_display"].get(req["level"])
        if value is not None and Decimal(plain(value)) < Decimal(plain(req["value"])):
            short.append(f"{req['level']} 级综合评价指数为 {value}，虽低于 {rule['label']['zh']}要求的 {plain(req['value'])}")
    if not short:
        return ""
    order = "、".join(r["label"]["zh"].split("（")[0] for r in rules if r.get("min_index") or r.get("limiting_at_least"))
    return (f"等级按 {order}的顺序判定，满足的第一级即为本周期等级，其下各级不再判定。"
            f"因此本园区 {'；'.join(short)}，并不影响本周期的等级。")


def shown_value(display: str | None, direction: str | None, unit: str | None) -> str | None:
    """An indicator's published value (`display`) as a reader reads it: a yes/no indicator
    (qualitative, dimensionless, 1 or 0: "具备设施") says 是/否, not "1"; anything else its display."""
    if direction == "qualitative" and unit in ("-", None, "") and display in ("0", "1"):
        return "是" if display == "1" else "否"
    return display


def next_rule(g: dict) -> dict | None:
    """The rule of the level just above the park's grade (None at the top)."""
    rules = g["grade_rules"]
    reached = next(i for i, r in enumerate(rules) if r["grade"] == g["grade"]["grade"])
    return rules[reached - 1] if reached > 0 else None


def blocking(g: dict, rule: dict) -> list[dict]:
    """The indicators below the level `rule` asks for, those that raise its index most first:
    each with its distance to that level's benchmark and the points it would add to the index."""
    level = (rule.get("min_index") or {}).get("level") or rule.get("limiting_at_least")
    limiting_level = rule.get("limiting_at_least")
    rows = []
    for c in g["categories"]:
        for i in c["indicators"]:
            if i["state"] == "not_applicable":
                continue
            reached = ORDER.get(i.get("level") or "below", 0)
            if reached >= ORDER[level] and not (i.get("limiting") and limiting_level and reached < ORDER[limiting_level]):
                continue
            membership = Decimal(plain((i.get("membership") or {}).get(level, 0)))
            gain = Decimal(plain(c["weight"])) * Decimal(plain(i["effective_weight"])) * (100 - membership)
            rows.append({
                "id": i["indicator"], "name": i["name"]["zh"], "display": shown_value(i["display"], i["direction"], i["unit"]) + _unit_suffix(i["unit"]) if i["state"] == "value" else "未统计",
                "level": i.get("level"), "limiting": i.get("limiting", False),
                "need": need_text(i, level), "gap": gap_text(i, level), "gain": gain, "gain_text": plain(gain.quantize(Decimal("0.01"))),
            })
    return sorted(rows, key=lambda r: (-r["gain"], r["name"]))


def need_text(i: dict, level: str) -> str:
    """What the benchmark of `level` asks of indicator `i`: "需降至 0.5 tce/万元"."""
    bench = i["benchmarks"].get(level, {})
    if bench.get("value") is None and bench.get("evaluated") is None and "condition" not in bench and "description" not in bench:
        return f"需达到 {level} 级基准（本期基准值无法计算）"  # an expression benchmark whose inputs are missing
    if bench.get("value") is None and bench.get("evaluated") is not None:
        bench = {**bench, "value": bench["evaluated"]}
    if "value" not in bench or bench["value"] is None:
        desc = (bench.get("description") or {}).get("zh")
        return f"需满足：{desc}" if desc else f"需达到 {level} 级条件"
    target = plain(bench["value"]) + _unit_suffix(i["unit"])
    if i["direction"] == "lower":
        return f"需降至 {target}"
    if i["direction"] == "higher":
        return f"需升至 {target}"
    return f"需达到 {target}"


def gap_text(i: dict, level: str) -> str:
    """The distance from the published value to the benchmark, exact: "差 0.62"."""
    bench = i["benchmarks"].get(level, {})
    if i["state"] != "value":
        return "需补齐数据"
    if bench.get("value") is None and bench.get("evaluated") is not None:
        bench = {**bench, "value": bench["evaluated"]}
    if bench.get("value") is None or i["direction"] not in ("lower", "higher") or i.get("display") is None:
        return "—"
    gap = abs(Decimal(i["display"]) - Decimal(plain(bench["value"])))
    # the distance between two rates is in percentage points: 21.6 % to 30 % is "差 8.4 个百分点",
    # not 8.4 % (which would read as 8.4 % of 21.6)
    unit = " 个百分点" if _unit(i["unit"]) == "%" else _unit_suffix(i["unit"])
    return f"差 {plain(gap)}{unit}"


_unit = unit_text


def _unit_suffix(unit: str | None) -> str:
    u = _unit(unit)
    return "" if not u else (u if u == "%" else f" {u}")
