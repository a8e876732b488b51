"""The methodology pages (docs/reports/methodology/), generated from indicators.yaml, the shared
schemas and the catalogue of validation rules, so that what the site says about the method is
what the code does."""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from generator.render.format import DIRECTION_ZH, STATUS_ZH, comparison_zh, plain, unit_text, unit_zh
from generator.render.model import SiteInput, catalogue_rows, schema_tables
from generator.render.reasons import variable_name
from generator.score import VARIABLE_MEANINGS
from generator.render.pages import SitePage

PAGE = SitePage(templates=("method_index.html.j2", "method_system.html.j2", "method_data_dictionary.html.j2", "method_validation_rules.html.j2"))
FOLDER = "methodology"

METHOD_ZH = {"graded": "分级综合评价", "compliance": "符合性判定"}
RULE_ZH = {"all": "必选：全部达到", "at_least_one": "至少一项达到"}


def _bench(b) -> str:
    if b is None:
        return "—"
    d = b.to_dict()
    if "value" in d:
        return plain(b.number) if getattr(b, "number", None) is not None else str(d["value"])
    if "condition" in d:
        return (d.get("description") or {}).get("zh") or d["condition"]
    return expression_words(b.expression) or d.get("expression", "—")


# a variable's Chinese name, as the indicator pages name it (its meaning up to the explanation)
VARIABLE_ZH = {n: name for n, (_unit, zh, _en) in VARIABLE_MEANINGS.items() if (name := variable_name(zh))}


def expression_words(formula) -> str | None:
    """A benchmark expression in readers' words, for the form indicators.yaml uses: a choice by a
    yes/no variable, `if(water_scarce_city, 40, 20)` → "缺水城市 40；其他 20". None for any other
    form, which the page then shows as written (the indicators' pages show each park the number
    it evaluates to)."""
    choice = formula.choice() if formula is not None else None
    if choice is None or choice[0] not in VARIABLE_ZH:
        return None
    flag, yes, no = choice
    name = VARIABLE_ZH[flag]
    if name.startswith("是否"):
        return f"{name[2:]} {plain(yes)}；其他 {plain(no)}"
    return f"{name}为“是”时 {plain(yes)}；否则 {plain(no)}"


def _grade_text(rule) -> str:
    parts = []
    if rule.min_index:
        lv, value = rule.min_index
        parts.append(f"Y<sub>{lv}</sub> ≥ {plain(value)}")
    if rule.limiting_at_least:
        parts.append(f"全部限定性指标达到 {rule.limiting_at_least} 级或以上")
    if rule.non_limiting_at_least:
        parts.append(f"其余指标达到 {rule.non_limiting_at_least} 级或以上")
    return "，且".join(parts) if parts else "以上条件均不满足时"


def files(site: SiteInput, render) -> dict[str, str]:
    config = site.config
    files = {}
    systems = []
    for sid, s in config.systems.items():
        n = sum(len(c.indicators) for c in s.categories) if s.method == "graded" else sum(len(g.indicators) for g in s.groups)
        systems.append({"id": sid, "name": s.name["zh"], "method": METHOD_ZH[s.method], "n": n, "description": s.description["zh"]})
        files[f"{sid}.md"] = _system_page(render, config, s)
    graded = next(s for s in config.systems.values() if s.method == "graded")
    # grade text carries <sub>: it is produced here from config values, not from park data
    grade_rules = [{"label": r.label["zh"], "text": Markup(_grade_text(r))} for r in graded.grade_rules]
    files["index.md"] = render("method_index.html.j2", systems=systems, grade_rules=grade_rules, config_sha=config.sha256)
    files["data-dictionary.md"] = render("method_data_dictionary.html.j2", tables=_dictionary(site.data_root))
    files["validation-rules.md"] = render("method_validation_rules.html.j2", rules=catalogue_rows())
    return {f"{FOLDER}/{name}": text for name, text in files.items()}


def _unit(unit: str | None) -> str:
    """A unit in the method's tables: as printed ("m³/万元"), and "无量纲" for indicators.yaml's "-"."""
    return unit_text(unit) or "无量纲"


def variable_words(variable: str, offset: int) -> str | None:
    """A variable in a condition, as readers read it: "园区工业增加值", "上一周期园区工业增加值"."""
    name = VARIABLE_ZH.get(variable)
    if name is None:
        return None
    return name if offset == 0 else ("上一周期" if offset == 1 else f"{offset} 个周期前的") + name


def _explained(config, ids) -> list[dict]:
    """The indicators' explanations: the public part in words (definition, formula, data source,
    when it applies), the code forms for the technical note that reviewers open."""
    out = []
    for iid in ids:
        ind = config.indicators[iid]
        e = ind.explanation
        condition = ind.applicable_if
        out.append({"id": iid, "name": ind.name["zh"], "name_en": ind.name["en"], "unit": _unit(ind.unit), "precision": ind.precision,
                    "definition": e["definition"]["zh"], "formula": ind.formula.source, "formula_words": e["formula"]["zh"],
                    "data_source": e["data_source"]["zh"], "applicable_if": condition.source if condition else None,
                    "applicable_words": condition.written(variable_words) if condition else None, "source_note": ""})
    return out


def _system_page(render, config, s) -> str:
    ids = []
    if s.method == "graded":
        categories = []
        for c in s.categories:
            rows = []
            for gi in c.indicators:
                ind = config.indicators[gi.id]
                ids.append(gi.id)
                rows.append({"id": gi.id, "name": ind.name["zh"], "unit": _unit(ind.unit), "direction": DIRECTION_ZH[ind.direction], "weight": gi.weight_text,
                             "limiting": gi.limiting, "bench": {lv: _bench(gi.benchmarks.get(lv)) for lv in ("I", "II", "III")},
                             "source_document": gi.source.document, "source_status": STATUS_ZH.get(gi.source.status, gi.source.status)})
            categories.append({"name": c.name["zh"], "weight": c.weight_text, "indicators": rows})
        model = {"name": s.name["zh"], "description": s.description["zh"], "method": "graded", "categories": categories}
    else:
        groups = []
        for g in s.groups:
            rows = []
            for ci in g.indicators:
                ind = config.indicators[ci.id]
                ids.append(ci.id)
                req = ci.requirement
                text = (req.description or {}).get("zh") if req.condition is not None and req.description else comparison_zh(req.text())
                rows.append({"id": ci.id, "name": ind.name["zh"], "unit": _unit(ind.unit), "requirement": text,
                             "source_document": ci.source.document, "source_status": STATUS_ZH.get(ci.source.status, ci.source.status)})
            groups.append({"name": g.name["zh"], "rule": RULE_ZH[g.rule], "indicators": rows})
        model = {"name": s.name["zh"], "description": s.description["zh"], "method": "compliance", "groups": groups}
    return render("method_system.html.j2", system=model, explained=_explained(config, list(dict.fromkeys(ids))))


def _constraints(f: dict) -> str:
    c = dict(f.get("constraints", {}))
    parts = []
    if c.pop("required", False):
        parts.append("必填")
    for k, label in (("minimum", "≥"), ("maximum", "≤")):
        if k in c:
            parts.append(f"{label} {c.pop(k)}")
    if "enum" in c:
        parts.append("可选值：" + "、".join(map(str, c.pop("enum"))))
    if "pattern" in c:
        parts.append("格式：" + c.pop("pattern"))
    parts += [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in c.items()]
    return "；".join(parts)


def _dictionary(data_root: Path) -> list[dict]:
    tables = []
    for name, schema in schema_tables(data_root):
        fks = "；".join(f"{', '.join(fk['fields'])} → {fk['reference']['resource']}.{', '.join(fk['reference']['fields'])}" for fk in schema.get("foreignKeys", []))
        tables.append({"name": name, "title": schema.get("title", name), "description": schema.get("description", ""),
                       "primary_key": ", ".join(schema.get("primaryKey", [])), "foreign_keys": fks,
                       "fields": [{"name": f["name"], "title": f.get("title", ""), "title_en": f.get("title_en", ""), "type": f["type"], "unit": unit_zh(f.get("unit", "")),
                                   "constraints": _constraints(f), "description": f.get("description", "")} for f in schema["fields"]]})
    return tables
