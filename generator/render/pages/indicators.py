"""Every indicator of the graded system: value, level, benchmarks, weight, formula, sources,
history over the cycles and the inputs it was computed from."""

from __future__ import annotations

import re

from generator.render.format import STATE_ZH, STATUS_ZH, fmt, plain, unit_zh
from generator.render.model import ParkInput, graded, schema_labels
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="indicators", label="指标", position=20, template="park_indicators.md.j2")


def context(park: ParkInput) -> dict:
    doc = park.doc
    g = graded(doc)
    labels = schema_labels(park.package_folder.parents[1])
    out = []
    for c in g["categories"]:
        for gi in c["indicators"]:
            ind = doc["indicators"][gi["indicator"]]
            src = gi.get("source") or {}
            inputs = []
            for inp in ind.get("inputs", []):
                srcs = inp.get("sources") or [{}]
                inputs.append({"variable": inp["variable"], "cycle": inp.get("cycle"), "value": fmt(inp.get("value"), 3), "unit": unit_zh(inp.get("unit")),
                               "file": "；".join(s.get("file", "") for s in srcs), "rows": "；".join(str(s.get("rows", "")) for s in srcs)})
            out.append({
                "id": gi["indicator"], "category": c["name"]["zh"], "name": ind["name"]["zh"], "name_en": ind["name"]["en"],
                "display": ind["display"] if ind["display"] is not None else STATE_ZH[ind["state"]], "unit": "" if ind["unit"] == "-" else ind["unit"],
                "state_label": STATE_ZH[ind["state"]] + (f"：{ind['reason']}" if ind.get("reason") else ""),
                "level": gi.get("level") if ind["state"] == "value" else None,
                "limiting": gi["limiting"], "weight": gi["weight"], "effective_weight": fmt(gi.get("effective_weight"), 3),
                "bench": {lv: _bench_text(gi["benchmarks"].get(lv)) for lv in ("I", "II", "III")},
                "formula": ind["formula"], "formula_words": ind["explanation"]["formula"]["zh"],
                "definition": ind["explanation"]["definition"]["zh"], "data_source": _public(ind["explanation"]["data_source"]["zh"], labels),
                "source_document": src.get("document", "—"), "source_status": STATUS_ZH.get(src.get("status"), src.get("status", "—")),
                "source_note": ("；" + src["note"]["zh"]) if (src.get("note") or {}).get("zh") else "", "history": _history(park, gi["indicator"]), "inputs": inputs,
            })
    return {"indicators": out, "system": {"name": g["name"]}}


def _public(text: str, labels: dict[str, str]) -> str:
    """Text for readers: a table or column name written in brackets in indicators.yaml
    ("企业名录（cp_audit_completed）") becomes its Chinese title from the schemas."""
    return re.sub(r"（([a-z][a-z0-9_]*)）", lambda m: f"（{labels.get(m[1], m[1])}）", text)


def _bench_text(b: dict | None) -> str:
    if not b:
        return "—"
    if "value" in b:
        # as written in indicators.yaml, as the methodology pages print it
        return plain(b["value"]) if isinstance(b["value"], float) else f"{b['value']}"
    if "condition" in b:
        return (b.get("description") or {}).get("zh") or b["condition"]
    if "expression" in b:
        return f"{b.get('evaluated', '')}（{b['expression']}）"
    return "—"


def _history(park: ParkInput, ind_id: str) -> str:
    parts = []
    for c, d in sorted(park.cycles.items()):
        i = d["indicators"].get(ind_id)
        if i:
            parts.append(f"{c}: {i['display'] if i['display'] is not None else STATE_ZH[i['state']]}")
    return "；".join(parts)
