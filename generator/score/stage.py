"""Score one park-cycle: Load → Process, returning the content of score.json as a plain dict.

`score_package(folder, config)` loads data/<park>/<cycle>/, computes the variables
(generator/compute), scores every indicator system (systems.py), selects key enterprises and builds
chain aggregates and rankings (generator/compute), and returns one plain dict; save.py turns it
into the results files. `score_all` does that for many parks over all cores.

Numbers are not rounded except where the method says so (indicator values by their precision,
indices to two decimals, shares/aggregates to six decimals for presentation).
Nothing here imports MkDocs or Altair: scoring runs without the site engine.

Numbers in score.json (`NUMBERS`, also written into the file under parkaudit.numbers): compute
hands exact decimals to scoring and formulas are evaluated exactly (formula.py), so a value carries
no binary-float artefact. JSON numbers (`value`, `value_rounded`, indices, weights) are the double
nearest to the exact value, converted once: a decimal of up to 15 significant digits prints as
itself. Beside each computed value, `value_exact` is the exact value as a string — a decimal
("2.95") or, when it has no finite decimal, a fraction ("1/3") — and null for the one approximate
case, an irrational fractional power (a three-year average growth rate). `display` is the rounded
decimal as a string; it is the value every level and requirement compared.
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import pandas as pd

from generator import __version__
from generator.compute import History, chain_aggregates, compute_cycle, industry_rankings, round_decimal, summarise_measures
from generator.core import by_park, data_root_of, load_energy_coefficients, load_package, map_parks
from generator.score.config import Config
from generator.score.systems import HistoryEnv, inputs_of, published_value, score_systems

FORMAT_VERSION = 1

NUMBERS = {
    "zh": (
        "数值按精确十进制（或分数）计算，不使用二进制浮点累积误差：指标值按其精度四舍五入（half up）一次，等级与要求均以该舍入值判断。"
        "value 为最接近精确值的 JSON 数字；value_exact 为精确值字符串（十进制，或无有限小数时为分数，如 1/3；分数次幂结果为无理数时为 null，"
        "value 为其近似值）；value_rounded 与 display 为舍入后的数值。"
    ),
    "en": (
        "Numbers are computed exactly, on decimals and fractions, never accumulating binary floating-point error: an "
        "indicator value is rounded once, half up, at its precision, and levels and requirements compare that rounded "
        "value. value is the JSON number nearest to the exact value; value_exact is the exact value as a string (a "
        "decimal, or a fraction such as 1/3 when it has no finite decimal; null when a fractional power has an "
        "irrational result, value then being its approximation); value_rounded and display are the rounded value."
    ),
}


def _plain(v):
    """JSON-safe scalar: numpy/pandas scalars to Python, NaN/NA to None."""
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _input_files(pkg, data_root: Path) -> list[dict]:
    files = [pkg.ref.descriptor] + [pkg.ref.folder / r["path"] for r in pkg.descriptor["resources"]]
    ref = data_root / "reference"
    files += sorted(ref.glob("*")) if ref.is_dir() else []
    out = []
    for f in files:
        if f.is_file():
            # not resolved: a park folder may be a link into another data set (as in the benchmark)
            rel = os.path.relpath(os.path.abspath(f), os.path.abspath(data_root))
            out.append({"file": Path(rel).as_posix(), "sha256": _sha256(f)})
    return out


def score_package(folder: Path, config: Config, data_root: Path | None = None, coefficients=None, cache: dict | None = None,
                  packages: dict | None = None) -> dict:
    """The content of score.json for one package. `cache` (optional, shared between calls with the
    same config and data) avoids recomputing a cycle that another cycle's prev(...) already read;
    `packages` (folder → ParkPackage, as validation leaves it) avoids reading a package again."""
    folder = Path(folder)
    data_root = Path(data_root) if data_root else data_root_of(folder)
    if coefficients is None:
        coefficients = load_energy_coefficients(data_root)
    key = folder.resolve()
    cached = (cache or {}).get(key)
    pkg = (packages or {}).get(key) or load_package(folder)
    current = cached if cached is not None else compute_cycle(pkg, coefficients, config.key_enterprises)
    history = History(current, data_root, coefficients, config.key_enterprises, shared=cache, packages=packages)
    env = HistoryEnv(history)
    values, systems = score_systems(config, env)

    indicators = {}
    for iid, ind in config.indicators.items():
        iv = values[iid]
        indicators[iid] = {
            "name": ind.name,
            "unit": ind.unit,
            "precision": ind.precision,
            "direction": ind.direction,
            "formula": ind.formula.source,
            "applicable_if": ind.applicable_if.source if ind.applicable_if else None,
            "explanation": ind.explanation,
            "state": iv.state,
            "reason": iv.reason,
            **published_value(iv),
            "inputs": inputs_of(iv, env),
            "systems": sorted(
                sid
                for sid, s in config.systems.items()
                if any(iid in [g.id for g in c.indicators] for c in (s.categories if s.method == "graded" else s.groups))
            ),
        }

    # chain shares compare with the sum over enterprises, so that shares of a complete list add up to 1
    ent_sums = {}
    for col in config.chains.shares:
        vals = [r[col] for r in current.enterprises if r.get(col) is not None]
        ent_sums[col] = sum(vals) if vals else None

    return {
        "parkaudit": {"format_version": FORMAT_VERSION, "generator": f"parkaudit {__version__} score", "numbers": dict(NUMBERS)},
        "park": {
            "id": pkg.ref.park_id,
            "cycle": pkg.ref.cycle,
            "fictional": bool(pkg.descriptor.get("parkaudit:fictional", False)),
            "profile": {k: _plain(v) for k, v in sorted(current.park.items())},
        },
        "inputs": {
            "indicators": {"file": config.path, "sha256": config.sha256},
            "files": _input_files(pkg, data_root),
            "cycles_read": history.cycles_read(),
        },
        "variables": {k: v.to_dict() for k, v in current.variables.items()},
        "indicators": indicators,
        "systems": systems,
        "key_enterprises": _key_doc(current, config),
        "chains": chain_aggregates(current.enterprises, ent_sums, config.chains),
        "rankings": industry_rankings(current.enterprises),
        "measures": summarise_measures(pkg),
    }


def _key_doc(current, config: Config) -> dict:
    key = current.key_enterprises
    names = {r["enterprise_id"]: r for r in current.enterprises}
    by_metric = []
    for sel in key.by_metric:
        label = config.key_metric_labels[sel.metric]
        by_metric.append(
            {
                "metric": sel.metric,
                "name": dict(label.name),
                "unit": label.unit,
                "total": round_decimal(sel.total, 6),
                "selected": sel.selected,
                "cutoff_value": round_decimal(sel.cutoff_value, 6),
                "cumulative_share": round_decimal(sel.cumulative_share, 6),
                "reason": sel.reason,
            }
        )
    members = []
    for eid, m in key.members.items():
        e = names.get(eid, {})
        members.append(
            {
                "enterprise_id": eid,
                "enterprise_name": e.get("enterprise_name"),
                "industry_code": e.get("industry_code"),
                "chain": e.get("chain"),
                "reasons": m["reasons"],
                "mandatory_audit_addition": "mandatory_audit" in m["reasons"],
                "metrics": [
                    {"metric": k, "value": round_decimal(v, 6), "share": round_decimal(s, 6)}
                    for k, (v, s) in m["metrics"].items()
                ],
                "cp_audit_completed": e.get("cp_audit_completed"),
                "env_info_disclosed": e.get("env_info_disclosed"),
            }
        )
    return {
        "rule": {
            "share": float(key.config.share),
            "metrics": list(key.config.metrics),
            "include_mandatory_audit": key.config.include_mandatory_audit,
            "zh": "对每项指标按企业数值降序排列，取累计占比首次达到阈值的最短前缀（并列者全部纳入，合计为零或缺失则不选）；重点企业为各指标所选企业的并集，另加强制性清洁生产审核名单企业（如配置）。",
            "en": "For each metric, enterprises sorted by value, descending; the shortest prefix whose cumulative share reaches the threshold (ties at the cut-off all included; a zero or missing total selects nobody); key enterprises are the union over metrics, plus enterprises on the mandatory audit list when configured.",
        },
        "by_metric": by_metric,
        "enterprises": members,
        "count": len(members),
        # every enterprise's value of every metric, so that a reader can redo each 80 % cut (and
        # the site can draw its Pareto charts) from score.json alone
        "values": [
            {
                "enterprise_id": r["enterprise_id"],
                "enterprise_name": r.get("enterprise_name"),
                "values": {m: round_decimal(r.get(m), 6) for m in key.config.metrics},
            }
            for r in sorted(current.enterprises, key=lambda r: r["enterprise_id"])
        ],
    }


def score_all(data_root: Path, config, refs) -> list[dict]:
    """score_package for every package of `refs`, parks over all cores, in the order of `refs`."""
    coefficients = load_energy_coefficients(data_root)
    return [doc for docs in map_parks(_score_park, by_park(refs), config, data_root, coefficients) for doc in docs]


def _score_park(refs, config, data_root: Path, coefficients) -> list[dict]:
    cache: dict = {}  # prev(...) reads only the same park: one park's cycles in memory at a time
    return [score_package(ref.folder, config, data_root, coefficients, cache) for ref in refs]
