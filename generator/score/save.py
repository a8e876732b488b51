"""Score one park-cycle end to end and write its machine-readable results.

Load → Process → Save:
- `score_package(folder, config)` loads data/<park>/<cycle>/, computes the variables
  (generator/compute.py), scores every indicator system (generator/score.py), selects key
  enterprises and builds chain aggregates and rankings (generator/key_enterprises.py), and returns
  one plain dict, the content of score.json;
- `write_results(doc, out_root)` writes results/<park>/<cycle>/score.json, indicators.csv,
  key_enterprises.csv and chains.csv, atomically (a temporary folder beside the target, then a
  rename; the previous results stay in place if anything fails).

Determinism: the same inputs give the same bytes. JSON is written with sorted keys (every place
where order matters is a list with a defined order), `ensure_ascii=False`, two-space indent and
"\n" line endings; CSV with "\n" line endings. Paths are relative to the data root; there is no
timestamp. Numbers are not rounded except where the method says so (indicator values by their
precision, indices to two decimals, shares/aggregates to six decimals for presentation).

Nothing here imports MkDocs or Altair: scoring runs without the site engine.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from generator import __version__
from generator.compute.variables import History, compute_cycle, summarise_measures
from generator.core.files import replace_dir
from generator.score.config import LEVELS, Config
from generator.compute.enterprises import CHAIN_INTENSITIES, CHAIN_SHARES, CHAIN_TOTALS, ENTERPRISE_METRICS, chain_aggregates, industry_rankings, round_decimal
from generator.core.paths import data_root_of
from generator.core.package import load_energy_coefficients, load_package
from generator.score.systems import HistoryEnv, display, inputs_of, score_systems

FORMAT_VERSION = 1


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
            "value": iv.value,
            "value_rounded": float(iv.rounded) if iv.rounded is not None else None,
            "display": display(iv.rounded),
            "inputs": inputs_of(iv, env),
            "systems": sorted(
                sid
                for sid, s in config.systems.items()
                if any(iid in [g.id for g in c.indicators] for c in (s.categories if s.method == "graded" else s.groups))
            ),
        }

    park_totals = {
        "value_added": _dec_var(current, "value_added"),
        "energy_tce": _dec_var(current, "energy_tce"),
        "fresh_water": _dec_var(current, "fresh_water"),
        "co2": _dec_var(current, "co2"),
        "cod": _dec_var(current, "cod"),
        "so2": _dec_var(current, "so2"),
        "nox": _dec_var(current, "nox"),
    }
    # chain shares compare with the sum over enterprises, so that shares of a complete list add up to 1
    ent_sums = {}
    for col in park_totals:
        vals = [r[col] for r in current.enterprises if r.get(col) is not None]
        ent_sums[col] = sum(vals) if vals else None

    return {
        "parkaudit": {"format_version": FORMAT_VERSION, "generator": f"parkaudit {__version__} score"},
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
        "chains": chain_aggregates(current.enterprises, ent_sums),
        "rankings": industry_rankings(current.enterprises),
        "measures": summarise_measures(pkg),
    }


def _dec_var(cycle, name):
    v = cycle.variables[name].value
    return None if v is None else Decimal(repr(v))


def _key_doc(current, config: Config) -> dict:
    key = current.key_enterprises
    names = {r["enterprise_id"]: r for r in current.enterprises}
    by_metric = []
    for sel in key.by_metric:
        unit, zh, en = ENTERPRISE_METRICS[sel.metric]
        by_metric.append(
            {
                "metric": sel.metric,
                "name": {"zh": zh, "en": en},
                "unit": unit,
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


# ---------------------------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------------------------


def dump_json(doc: dict) -> str:
    """json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n".

    With an indent, json.dumps uses its pure-Python encoder, a generator per container and a
    yield per token; _write below emits the same text in one recursive pass for the types that
    scores are made of. Anything else (another type, a key that is not a str, a float that is not
    finite) goes to json.dumps itself, so its output or its error is exactly json's."""
    parts: list[str] = []
    try:
        _write(doc, parts, "\n")
    except _NotPlain:
        return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
    parts.append("\n")
    return "".join(parts)


class _NotPlain(Exception):
    pass


_encode_str = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_INFINITY = float("inf")


def _write(value, out: list, newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        if value != value or value == _INFINITY or value == -_INFINITY:
            raise _NotPlain
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        try:
            keys = sorted(value)
        except TypeError:
            raise _NotPlain from None
        for key in keys:  # all str (checked here), so this is json's order
            if type(key) is not str:
                raise _NotPlain
            out.append(separator + _encode_str(key) + ": ")
            _write(value[key], out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _NotPlain


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else _cell(v) for v in r])
    return buf.getvalue()


def _cell(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return v


def indicators_csv(doc: dict) -> str:
    header = [
        "system", "method", "group", "indicator", "name_zh", "name_en", "unit", "state", "value", "display",
        "level_or_status", "benchmark_I", "benchmark_II", "benchmark_III", "requirement", "weight",
        "effective_weight", "limiting", "source_status", "source_document", "reason",
    ]
    rows = []
    for sid in sorted(doc["systems"]):
        s = doc["systems"][sid]
        if s["method"] == "graded":
            for c in s["categories"]:
                for i in c["indicators"]:
                    b = i["benchmarks"]
                    bench = [
                        (b[lv].get("value") if "value" in b[lv] else b[lv].get("condition")) for lv in LEVELS
                    ]
                    rows.append(
                        [sid, "graded", c["id"], i["indicator"], i["name"]["zh"], i["name"]["en"], i["unit"], i["state"],
                         i["value"], i["display"], i["level"], *bench, None, i["weight"], i["effective_weight"],
                         i["limiting"], i["source"]["status"], i["source"]["document"], i["reason"]]
                    )
        else:
            for g in s["groups"]:
                for i in g["indicators"]:
                    req_text = i["requirement_text"]
                    rows.append(
                        [sid, "compliance", g["id"], i["indicator"], i["name"]["zh"], i["name"]["en"], i["unit"], i["state"],
                         i["value"], i["display"], i["status"], None, None, None, req_text, None, None, None,
                         i["source"]["status"], i["source"]["document"], i["reason"]]
                    )
    return _csv(header, rows)


def key_enterprises_csv(doc: dict) -> str:
    ke = doc["key_enterprises"]
    metrics = ke["rule"]["metrics"]
    header = ["enterprise_id", "enterprise_name", "industry_code", "chain", "reasons", "mandatory_audit_addition"]
    for m in metrics:
        header += [f"{m}_value", f"{m}_share"]
    rows = []
    for e in ke["enterprises"]:
        by = {x["metric"]: x for x in e["metrics"]}
        r = [e["enterprise_id"], e["enterprise_name"], e["industry_code"], e["chain"], ";".join(e["reasons"]), e["mandatory_audit_addition"]]
        for m in metrics:
            r += [by[m]["value"], by[m]["share"]] if m in by else [None, None]
        rows.append(r)
    return _csv(header, rows)


def chains_csv(doc: dict) -> str:
    chains = doc["chains"]
    if not chains:
        return _csv(["chain", "n_enterprises"], [])
    # the columns in the order chain_aggregates names them, whether `doc` is fresh or read back
    # from score.json (whose keys are sorted)
    tkeys, ikeys, skeys = list(CHAIN_TOTALS), list(CHAIN_INTENSITIES), list(CHAIN_SHARES)
    header = ["chain", "n_enterprises"] + tkeys + ikeys + skeys
    rows = [[c["chain"], c["n_enterprises"]] + [c["totals"][k] for k in tkeys] + [c["intensities"][k] for k in ikeys] + [c["shares"][k] for k in skeys] for c in chains]
    return _csv(header, rows)


def render_files(doc: dict) -> dict[str, str]:
    return {
        "score.json": dump_json(doc),
        "indicators.csv": indicators_csv(doc),
        "key_enterprises.csv": key_enterprises_csv(doc),
        "chains.csv": chains_csv(doc),
    }


def write_results(doc: dict, out_root: Path) -> Path:
    """Write results/<park>/<cycle>/ atomically; return the folder."""
    return write_result_files(render_files(doc), Path(out_root) / doc["park"]["id"] / doc["park"]["cycle"])


def write_result_files(files: dict[str, str], target: Path) -> Path:
    """Make `target` hold exactly `files` (render_files' output), atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        os.chmod(tmp, 0o755)
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
