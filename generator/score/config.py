"""Load and check indicators.yaml.

Three layers, each failing with a bilingual message that names the file and the key path
(`indicators.yaml: systems.park_cp.categories[2].indicators.energy_intensity.weight: 必须是数字 /
must be a number`):

1. YAML syntax (with line and column), and duplicate keys, which plain YAML would silently
   overwrite;
2. the JSON Schema generator/score/indicators.schema.json (shape and types);
3. checks of our own: every formula, applicability condition, benchmark expression, qualitative
   condition and compliance requirement parses in the safe formula language (formula.py) and uses
   only variables that generator/compute produces; indicators named by a system or as a headline
   exist, and appear once per system; qualitative indicators have condition benchmarks and
   quantitative ones numbers or expressions; numeric benchmarks are ordered for the direction
   (level I at least as strict as II, II at least as strict as III; equal is allowed, e.g. 100 % at
   every level); category weights and the indicator weights within each category sum to exactly 1
   (as decimals written in the file); the last grade rule has no condition (the fallback);
   key-enterprise metrics and chain totals are ones compute produces (ENTERPRISE_METRICS,
   CHAIN_COLUMNS); chain intensities and shares are over declared chain totals, and no two
   columns of chains.csv share a name.

Expression benchmarks (e.g. depending on `water_scarce_city`) can only be ordered once evaluated;
scoring checks them then and fails with the same kind of message.

Weights are kept as exact fractions (from the decimal text of the YAML number), so that an index
of exactly 85 or 100 is compared exactly.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import jsonschema
import yaml

from generator.compute import CHAIN_COLUMNS, ENTERPRISE_METRICS, VARIABLE_NAMES, ChainConfig, ChainIntensity, KeyEnterpriseConfig
from generator.score import formula as fx

SCHEMA_PATH = Path(__file__).parent / "indicators.schema.json"
LEVELS = ("I", "II", "III")
LEVEL_RANK = {"I": 1, "II": 2, "III": 3}


class ConfigError(ValueError):
    """One or more problems in indicators.yaml; `messages` holds one line each."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    def __reduce__(self):  # raised in a worker process, it must arrive with its messages intact
        return (type(self), (self.messages,))


# ---------------------------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    document: str
    status: str
    note: dict
    clause: str | None = None

    def to_dict(self) -> dict:
        d = {"document": self.document, "status": self.status, "note": self.note}
        if self.clause:
            d["clause"] = self.clause
        return d


@dataclass
class Indicator:
    id: str
    name: dict
    unit: str
    precision: int
    formula: fx.Formula
    direction: str
    explanation: dict
    applicable_if: fx.Formula | None = None


@dataclass
class Benchmark:
    """A level's benchmark: a number, an expression, or a qualitative condition + description."""

    number: Decimal | None = None
    expression: fx.Formula | None = None
    condition: fx.Formula | None = None
    description: dict | None = None

    def to_dict(self) -> dict:
        if self.condition is not None:
            return {"condition": self.condition.source, "description": self.description}
        if self.expression is not None:
            return {"expression": self.expression.source}
        return {"value": float(self.number)}


@dataclass
class GradedIndicator:
    id: str
    weight: Fraction
    weight_text: str
    limiting: bool
    benchmarks: dict[str, Benchmark]
    source: Source
    path: str  # key path in the YAML, for error messages at scoring time


@dataclass
class Category:
    id: str
    name: dict
    weight: Fraction
    weight_text: str
    indicators: list[GradedIndicator]


@dataclass
class GradeRule:
    grade: str
    label: dict
    min_index: tuple[str, Decimal] | None = None
    limiting_at_least: str | None = None
    non_limiting_at_least: str | None = None

    def to_dict(self) -> dict:
        d = {"grade": self.grade, "label": self.label}
        if self.min_index:
            d["min_index"] = {"level": self.min_index[0], "value": float(self.min_index[1])}
        if self.limiting_at_least:
            d["limiting_at_least"] = self.limiting_at_least
        if self.non_limiting_at_least:
            d["non_limiting_at_least"] = self.non_limiting_at_least
        return d


@dataclass
class GradedSystem:
    id: str
    name: dict
    description: dict
    categories: list[Category]
    grade_rules: list[GradeRule]
    method: str = "graded"


@dataclass
class Requirement:
    op: str | None = None
    value: Decimal | None = None
    expression: fx.Formula | None = None
    condition: fx.Formula | None = None
    description: dict | None = None

    def to_dict(self) -> dict:
        if self.condition is not None:
            d = {"condition": self.condition.source}
            if self.description:
                d["description"] = self.description
            return d
        return {"op": self.op, "value": float(self.value) if self.value is not None else self.expression.source}

    def text(self) -> str:
        if self.condition is not None:
            return self.condition.source
        value = format(self.value.normalize(), "f") if self.value is not None else self.expression.source
        return f"{self.op} {value}"


@dataclass
class ComplianceIndicator:
    id: str
    requirement: Requirement
    source: Source
    path: str


@dataclass
class Group:
    id: str
    name: dict
    rule: str
    indicators: list[ComplianceIndicator]


@dataclass
class ComplianceSystem:
    id: str
    name: dict
    description: dict
    groups: list[Group]
    method: str = "compliance"


@dataclass(frozen=True)
class MetricLabel:
    """How a key-enterprise metric is labelled in results and pages (indicators.yaml)."""

    unit: str
    name: dict  # {zh, en}


@dataclass
class Config:
    path: str
    sha256: str
    indicators: dict[str, Indicator]
    systems: dict[str, GradedSystem | ComplianceSystem]
    headline_indicators: tuple[str, ...]  # shown on each park's overview, in this order
    key_enterprises: KeyEnterpriseConfig  # handed to compute as it is
    key_metric_labels: dict[str, MetricLabel]  # metric → its unit and name, for key_enterprises.metrics
    chains: ChainConfig  # handed to compute as it is


# ---------------------------------------------------------------------------------------------
# YAML with duplicate-key detection
# ---------------------------------------------------------------------------------------------


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 8x faster, same marks
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(
                "while constructing a mapping",
                node.start_mark,
                f"重复的键 {key!r} / duplicate key {key!r}",
                key_node.start_mark,
            )
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


MAX_YAML_BYTES = 5_000_000  # indicators.yaml is ~60 kB; anything near this is not a configuration


MAX_YAML_NODES = 1_000_000  # nodes after expanding aliases: indicators.yaml has ~10,000


def _bound_aliases(text: str, label: str) -> None:
    """YAML aliases (*name) repeat an anchored node; nested, a few lines expand into gigabytes (a
    "billion laughs" bomb). indicators.yaml uses a few to share a source note, so instead of
    refusing them, the size of the document with every alias expanded is counted from the event
    stream, before anything is built, and a document over MAX_YAML_NODES is refused."""
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # [anchor of the open collection, nodes in it so far]
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
        else:
            continue
        stack[-1][1] += size
        if stack[-1][1] > MAX_YAML_NODES or sum(frame[1] for frame in stack) > MAX_YAML_NODES:
            mark = event.start_mark
            raise ConfigError([f"{label}:{mark.line + 1}:{mark.column + 1}: YAML 别名展开后超过 {MAX_YAML_NODES:,} 个节点，拒绝读取 / "
                               f"with its aliases expanded the YAML exceeds {MAX_YAML_NODES:,} nodes; refused"])


def _read_yaml(text: str, label: str):
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise ConfigError([f"{label}: 文件过大（超过 {MAX_YAML_BYTES:,} 字节）/ file too large (over {MAX_YAML_BYTES:,} bytes)"])
    try:
        _bound_aliases(text, label)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except _DuplicateKey as exc:
        mark = exc.problem_mark
        raise ConfigError([f"{label}:{mark.line + 1}:{mark.column + 1}: {exc.problem}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark else label
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([f"{where}: YAML 语法错误 / YAML syntax error: {problem}"]) from None


# ---------------------------------------------------------------------------------------------
# JSON Schema messages, bilingual
# ---------------------------------------------------------------------------------------------

_TYPE_NAMES = {
    "number": ("数字", "a number"),
    "integer": ("整数", "an integer"),
    "string": ("字符串", "a string"),
    "object": ("映射（键: 值）", "a mapping (key: value)"),
    "array": ("列表", "a list"),
    "boolean": ("true 或 false", "true or false"),
}


def key_path(parts) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(根 / root)"


def _schema_message(err: jsonschema.ValidationError) -> str:
    v, val = err.validator, err.validator_value
    if v == "type":
        types = val if isinstance(val, list) else [val]
        zh = "或".join(_TYPE_NAMES.get(t, (t, t))[0] for t in types)
        en = " or ".join(_TYPE_NAMES.get(t, (t, t))[1] for t in types)
        return f"必须是{zh} / must be {en}"
    if v == "required":
        missing = [k for k in val if not isinstance(err.instance, dict) or k not in err.instance]
        names = ", ".join(missing)
        return f"缺少必填的键 {names} / missing required key {names}"
    if v == "additionalProperties":
        extra = sorted(k for k in err.instance if k not in (err.schema.get("properties") or {}))
        names = ", ".join(map(str, extra))
        return f"未知的键 {names} / unknown key {names}"
    if v in ("enum", "const"):
        choices = val if v == "enum" else [val]
        shown = ", ".join(json.dumps(c, ensure_ascii=False) for c in choices)
        return f"必须是以下之一：{shown} / must be one of: {shown}"
    if v == "pattern":
        return f"格式不符（小写字母开头，仅含小写字母、数字、_）/ does not match the pattern {val}"
    if v == "minimum":
        return f"必须 ≥ {val} / must be ≥ {val}"
    if v == "maximum":
        return f"必须 ≤ {val} / must be ≤ {val}"
    if v == "exclusiveMinimum":
        return f"必须 > {val} / must be > {val}"
    if v == "minItems":
        return f"至少需要 {val} 项 / needs at least {val} item(s)"
    if v == "minProperties":
        return f"至少需要 {val} 个键 / needs at least {val} key(s)"
    if v == "minLength":
        return "不能为空 / must not be empty"
    if v == "maxLength":
        return f"过长（最多 {val} 字符）/ too long (at most {val} characters)"
    if v == "uniqueItems":
        return "列表中有重复项 / the list has duplicates"
    if v == "anyOf" and "qualitative_level" in json.dumps(val):
        return (
            "必须是数字、表达式字符串，或 {condition, description}（定性指标）/ must be a number, an "
            "expression string, or {condition, description} (qualitative)"
        )
    if v in ("anyOf", "oneOf"):
        return (
            "形式不符：应为 {op, value} 或 {condition, description} / does not match: expected "
            "{op, value} or {condition, description}"
            if "op" in json.dumps(val)
            else "形式不符 / does not match any allowed form"
        )
    return f"不符合结构要求 / schema violation: {err.message}"


def _schema_errors(data, label: str) -> list[str]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    seen = set()
    for err in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        if err.validator in ("if", "then", "else"):
            continue
        path = key_path(err.absolute_path)
        if err.validator == "propertyNames" or (err.validator == "pattern" and "propertyNames" in err.schema_path):
            msg = f"{label}: {path}: 键 {err.instance!r} 不合格（小写字母开头，仅含小写字母、数字、_）/ key {err.instance!r} is not a valid id"
        else:
            msg = f"{label}: {path}: {_schema_message(err)}"
        if msg not in seen:
            seen.add(msg)
            out.append(msg)
    return out


# ---------------------------------------------------------------------------------------------
# Building the config
# ---------------------------------------------------------------------------------------------


def _fraction(x) -> Fraction:
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def _dec(x) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


class _Checker:
    def __init__(self, label: str, known: frozenset[str]):
        self.label = label
        self.known = known
        self.errors: list[str] = []

    def err(self, path: str, msg: str):
        self.errors.append(f"{self.label}: {path}: {msg}")

    def formula(self, text, path: str) -> fx.Formula | None:
        try:
            f = fx.parse(text)
            f.check(self.known)
            return f
        except fx.FormulaError as exc:
            self.err(path, str(exc))
            return None

    def source(self, d: dict) -> Source:
        return Source(d["document"], d["status"], d["note"], d.get("clause"))


def load_config(path: Path | str, known_variables=VARIABLE_NAMES, label: str | None = None) -> Config:
    """Read, validate and build indicators.yaml; raise ConfigError listing every problem."""
    path = Path(path)
    label = label or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError([f"{label}: 无法读取 / cannot read: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError([f"{label}: 不是 UTF-8 编码 / not UTF-8 encoded"]) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    key = (sha256, frozenset(known_variables), label)
    if key not in _PARSED:  # a build reads the same file in several stages; Config is never mutated
        _PARSED[key] = parse_config(text, known_variables, label, sha256)
    return _PARSED[key]


_PARSED: dict[tuple, Config] = {}


def parse_config(text: str, known_variables=VARIABLE_NAMES, label: str = "indicators.yaml", sha256: str | None = None) -> Config:
    data = _read_yaml(text, label)
    errors = _schema_errors(data, label)
    if errors:
        raise ConfigError(errors)
    ck = _Checker(label, frozenset(known_variables))
    indicators = _build_indicators(data["indicators"], ck)
    systems = {}
    for sid, sd in data["systems"].items():
        base = f"systems.{sid}"
        if sd["method"] == "graded":
            systems[sid] = _build_graded(sid, sd, indicators, ck, base)
        else:
            systems[sid] = _build_compliance(sid, sd, indicators, ck, base)
    headlines = _build_headlines(data["headline_indicators"], indicators, ck)
    key, labels = _build_key_enterprises(data["key_enterprises"], ck)
    chains = _build_chains(data["chains"], ck)
    if ck.errors:
        raise ConfigError(ck.errors)
    sha = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Config(label, sha, indicators, systems, headlines, key, labels, chains)


def _build_indicators(data: dict, ck: _Checker) -> dict[str, Indicator]:
    out = {}
    for iid, d in data.items():
        base = f"indicators.{iid}"
        f = ck.formula(d["formula"], f"{base}.formula")
        app = ck.formula(d["applicable_if"], f"{base}.applicable_if") if "applicable_if" in d else None
        out[iid] = Indicator(iid, d["name"], d["unit"], d["precision"], f, d["direction"], d["explanation"], app)
    return out


def _build_headlines(ids: list[str], indicators: dict[str, Indicator], ck: _Checker) -> tuple[str, ...]:
    for i, iid in enumerate(ids):
        if iid not in indicators:
            ck.err(f"headline_indicators[{i}]", f"indicators 中没有定义 {iid} / indicator {iid!r} is not defined under indicators")
    return tuple(ids)


def _build_key_enterprises(kd: dict, ck: _Checker) -> tuple[KeyEnterpriseConfig, dict[str, MetricLabel]]:
    labels = {}
    for m, md in kd["metrics"].items():
        if m not in ENTERPRISE_METRICS:
            ck.err(
                f"key_enterprises.metrics.{m}",
                f"未知的企业指标 {m} / unknown enterprise metric {m!r} (known: {', '.join(ENTERPRISE_METRICS)})",
            )
        labels[m] = MetricLabel(md["unit"], {"zh": md["name"]["zh"], "en": md["name"]["en"]})
    key = KeyEnterpriseConfig(tuple(kd["metrics"]), _dec(kd["share"]), bool(kd.get("include_mandatory_audit", True)))
    return key, labels


def _build_chains(cd: dict, ck: _Checker) -> ChainConfig:
    totals = cd["totals"]
    for i, col in enumerate(totals):
        if col not in CHAIN_COLUMNS:
            ck.err(f"chains.totals[{i}]", f"未知的企业列 {col} / unknown enterprise column {col!r} (known: {', '.join(CHAIN_COLUMNS)})")

    def total(col: str, path: str) -> None:
        if col not in totals:
            ck.err(path, f"{col} 不在 chains.totals 中 / {col!r} is not declared under chains.totals")

    for i, col in enumerate(cd["shares"]):
        total(col, f"chains.shares[{i}]")
    # chains.csv has one column per total, intensity and share: an intensity must not take a name
    # already used there
    taken = {"chain", "n_enterprises", *totals, *(f"{col}_share" for col in cd["shares"])}
    intensities = []
    for iid, idd in cd["intensities"].items():
        path = f"chains.intensities.{iid}"
        total(idd["numerator"], f"{path}.numerator")
        total(idd["denominator"], f"{path}.denominator")
        if iid in taken:
            ck.err(path, f"与 chains.csv 的另一列同名 / has the same name as another column of chains.csv ({iid})")
        intensities.append(ChainIntensity(iid, idd["numerator"], idd["denominator"], _dec(idd.get("factor", 1))))
    return ChainConfig(tuple(totals), tuple(intensities), tuple(cd["shares"]))


def _ordered(direction: str, stricter: Decimal, looser: Decimal) -> bool:
    return stricter <= looser if direction == "lower" else stricter >= looser


def _build_graded(sid, sd, indicators, ck: _Checker, base) -> GradedSystem:
    cats = []
    seen_in_system: dict[str, str] = {}
    cat_ids = set()
    for ci, cd in enumerate(sd["categories"]):
        cpath = f"{base}.categories[{ci}]"
        if cd["id"] in cat_ids:
            ck.err(f"{cpath}.id", f"重复的类别 {cd['id']} / duplicate category id {cd['id']!r}")
        cat_ids.add(cd["id"])
        items = []
        for iid, gd in cd["indicators"].items():
            ipath = f"{cpath}.indicators.{iid}"
            ind = indicators.get(iid)
            if ind is None:
                ck.err(ipath, f"indicators 中没有定义 {iid} / indicator {iid!r} is not defined under indicators")
                continue
            if iid in seen_in_system:
                ck.err(ipath, f"指标在本体系中重复出现（另见 {seen_in_system[iid]}）/ indicator appears twice in this system (also {seen_in_system[iid]})")
            seen_in_system[iid] = ipath
            bms = {}
            for lv in LEVELS:
                bpath = f"{ipath}.benchmarks.{lv}"
                b = gd["benchmarks"][lv]
                if ind.direction == "qualitative":
                    if not isinstance(b, dict):
                        ck.err(bpath, "定性指标的基准须为 {condition, description} / a qualitative indicator's benchmark must be {condition, description}")
                        continue
                    bms[lv] = Benchmark(condition=ck.formula(b["condition"], f"{bpath}.condition"), description=b["description"])
                else:
                    if isinstance(b, dict):
                        ck.err(bpath, "定量指标的基准须为数字或表达式 / a quantitative indicator's benchmark must be a number or an expression")
                        continue
                    if isinstance(b, bool):
                        ck.err(bpath, "必须是数字或表达式 / must be a number or an expression")
                    elif isinstance(b, (int, float)):
                        if not math.isfinite(b):
                            ck.err(bpath, "必须是有限数字 / must be a finite number")
                        else:
                            bms[lv] = Benchmark(number=_dec(b))
                    else:
                        bms[lv] = Benchmark(expression=ck.formula(b, bpath))
            if ind.direction != "qualitative" and all(lv in bms and bms[lv].number is not None for lv in LEVELS):
                for a, b in (("I", "II"), ("II", "III")):
                    if not _ordered(ind.direction, bms[a].number, bms[b].number):
                        word = ("≤", "lower is better") if ind.direction == "lower" else ("≥", "higher is better")
                        ck.err(
                            f"{ipath}.benchmarks",
                            f"基准顺序错误：{a} 级 ({bms[a].number}) 应{word[0]} {b} 级 ({bms[b].number}) / benchmarks out of order: "
                            f"level {a} ({bms[a].number}) must be {word[0]} level {b} ({bms[b].number}) ({word[1]})",
                        )
            items.append(
                GradedIndicator(iid, _fraction(gd["weight"]), repr(gd["weight"]), gd["limiting"], bms, ck.source(gd["source"]), ipath)
            )
        total = sum((_fraction(g["weight"]) for g in cd["indicators"].values()), Fraction(0))
        if total != 1:
            ck.err(
                f"{cpath}.indicators",
                f"类别内指标权重之和须为 1，现为 {float(total):g} / indicator weights within a category must sum to 1 (they sum to {float(total):g})",
            )
        cats.append(Category(cd["id"], cd["name"], _fraction(cd["weight"]), repr(cd["weight"]), items))
    total = sum((_fraction(c["weight"]) for c in sd["categories"]), Fraction(0))
    if total != 1:
        ck.err(f"{base}.categories", f"类别权重之和须为 1，现为 {float(total):g} / category weights must sum to 1 (they sum to {float(total):g})")
    rules = []
    for ri, rd in enumerate(sd["grade_rules"]):
        mi = rd.get("min_index")
        rules.append(
            GradeRule(
                rd["grade"],
                rd["label"],
                (mi["level"], _dec(mi["value"])) if mi else None,
                rd.get("limiting_at_least"),
                rd.get("non_limiting_at_least"),
            )
        )
    last = rules[-1]
    if last.min_index or last.limiting_at_least or last.non_limiting_at_least:
        ck.err(
            f"{base}.grade_rules[{len(rules) - 1}]",
            "最后一条等级规则须无条件（兜底，例如“不达标”）/ the last grade rule must have no condition (the fallback, e.g. below level III)",
        )
    return GradedSystem(sid, sd["name"], sd["description"], cats, rules)


def _build_compliance(sid, sd, indicators, ck: _Checker, base) -> ComplianceSystem:
    groups = []
    seen: dict[str, str] = {}
    for gi, gd in enumerate(sd["groups"]):
        gpath = f"{base}.groups[{gi}]"
        items = []
        for iid, cd in gd["indicators"].items():
            ipath = f"{gpath}.indicators.{iid}"
            if iid not in indicators:
                ck.err(ipath, f"indicators 中没有定义 {iid} / indicator {iid!r} is not defined under indicators")
                continue
            if iid in seen:
                ck.err(ipath, f"指标在本体系中重复出现（另见 {seen[iid]}）/ indicator appears twice in this system (also {seen[iid]})")
            seen[iid] = ipath
            rd = cd["requirement"]
            rpath = f"{ipath}.requirement"
            if "condition" in rd:
                req = Requirement(condition=ck.formula(rd["condition"], f"{rpath}.condition"), description=rd.get("description"))
            else:
                v = rd["value"]
                if isinstance(v, bool):
                    ck.err(f"{rpath}.value", "必须是数字或表达式 / must be a number or an expression")
                    req = Requirement(op=rd["op"])
                elif isinstance(v, (int, float)):
                    req = Requirement(op=rd["op"], value=_dec(v))
                else:
                    req = Requirement(op=rd["op"], expression=ck.formula(v, f"{rpath}.value"))
            items.append(ComplianceIndicator(iid, req, ck.source(cd["source"]), ipath))
        groups.append(Group(gd["id"], gd["name"], gd["rule"], items))
    return ComplianceSystem(sid, sd["name"], sd["description"], groups)
