"""Save: one score document (generator/score/stage.py) as the files of results/<park>/<cycle>/.

`result_files(doc, config)` gives score.json, indicators.csv, key_enterprises.csv and chains.csv as text;
writing them (atomically) is the caller's (generator/build, `parkaudit score`).

Determinism: the same inputs give the same bytes. JSON is written with sorted keys (every place
where order matters is a list with a defined order), `ensure_ascii=False`, two-space indent and
"\n" line endings; CSV with "\n" line endings. Paths are relative to the data root; there is no
timestamp.

Numbers (see generator/score/stage.py, `NUMBERS`): a float cell is written as its shortest repr,
which, since values are computed exactly and converted to a double once, is the exact decimal for
any value of up to 15 significant digits. indicators.csv gives `value` (that number), `display` (the
rounded decimal every comparison used) and, in its last column, `value_exact` (the exact value as
a decimal or a fraction such as 1/3; empty when missing or an irrational approximation).
"""

from __future__ import annotations

import csv
import io

from generator.compute import ChainConfig
from generator.core import dump_json
from generator.score.config import LEVELS, Config


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
        "effective_weight", "limiting", "source_status", "source_document", "reason", "value_exact",
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
                         i["limiting"], i["source"]["status"], i["source"]["document"], i["reason"], i.get("value_exact")]
                    )
        else:
            for g in s["groups"]:
                for i in g["indicators"]:
                    req_text = i["requirement_text"]
                    rows.append(
                        [sid, "compliance", g["id"], i["indicator"], i["name"]["zh"], i["name"]["en"], i["unit"], i["state"],
                         i["value"], i["display"], i["status"], None, None, None, req_text, None, None, None,
                         i["source"]["status"], i["source"]["document"], i["reason"], i.get("value_exact")]
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


def chains_csv(doc: dict, chains_config: ChainConfig) -> str:
    chains = doc["chains"]
    if not chains:
        return _csv(["chain", "n_enterprises"], [])
    # the columns in the order indicators.yaml declares them, whether `doc` is fresh or read back
    # from score.json (whose keys are sorted)
    tkeys, ikeys, skeys = list(chains_config.totals), [i.id for i in chains_config.intensities], list(chains_config.share_names)
    header = ["chain", "n_enterprises"] + tkeys + ikeys + skeys
    rows = [[c["chain"], c["n_enterprises"]] + [c["totals"][k] for k in tkeys] + [c["intensities"][k] for k in ikeys] + [c["shares"][k] for k in skeys] for c in chains]
    return _csv(header, rows)


def result_files(doc: dict, config: Config, score_json: str | None = None) -> dict[str, str]:
    """The results files of `doc`, scored with `config` (which orders the columns of chains.csv);
    `score_json`: dump_json(doc), when the caller has it already."""
    return {
        "score.json": dump_json(doc) if score_json is None else score_json,
        "indicators.csv": indicators_csv(doc),
        "key_enterprises.csv": key_enterprises_csv(doc),
        "chains.csv": chains_csv(doc, config.chains),
    }
