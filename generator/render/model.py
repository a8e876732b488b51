"""What the page modules share: a park's scored cycles (ParkResults), one park as its pages see it
(ParkInput), the whole site as its own pages see it (SiteInput), readings of score.json that
several pages make, the files of a chart and the tables that the methodology pages print."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from generator.core import DESCRIPTOR, TABLES, dump_json, load_shared_schema, read_table, script_json
from generator.core import package_files as read_package_files
from generator.render import charts
from generator.score import Config, result_files
from generator.validate import CATALOGUE


@dataclass
class ParkResults:
    park_id: str
    cycles: dict[str, dict]  # cycle → score.json content, only cycles ≤ the site's cycle
    current: str

    @property
    def doc(self) -> dict:
        return self.cycles[self.current]

    @property
    def previous(self) -> str | None:
        """The latest cycle before the current one, if any."""
        earlier = [c for c in self.cycles if c < self.current]
        return max(earlier) if earlier else None


@dataclass
class ParkInput(ParkResults):
    """One park as its pages see it: its scored cycles, the folder of its current data package
    and that package's validation warnings. The caller validates (generator/build); render does
    not. `config`: indicators.yaml as loaded. `given_results_files`: the current cycle's results files, when the caller made them."""

    package_folder: Path
    warnings: list[dict]
    config: Config  # the loaded indicators.yaml
    given_results_files: dict[str, str] | None = None
    # files a page module made for this park that another page module also needs (the downloads'
    # .xlsx: the 数据下载 page shows their sizes and also hands them over), made once
    made: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def package_files(self) -> dict[str, bytes]:
        """The current data package's files as on disk, by their path in the package."""
        return read_package_files(self.package_folder)

    @cached_property
    def descriptor(self) -> dict:
        return json.loads(self.package_files[DESCRIPTOR])

    def table(self, name: str) -> pd.DataFrame:
        """A table of the current data package, typed by its schema as every stage reads it."""
        res = next(r for r in self.descriptor["resources"] if r["name"] == name)
        return read_table(self.package_folder / res["path"], res["schema"])

    @cached_property
    def results_files(self) -> dict[str, str]:
        return self.given_results_files if self.given_results_files is not None else result_files(self.doc, self.config)


@dataclass
class SiteInput:
    """The whole site as its own pages (portal, methodology) see it."""

    rows: list[dict]  # each park's row on the portal, by park
    cycle: str | None
    config: object  # generator.score.Config
    data_root: Path


# --- readings of score.json --------------------------------------------------------------------
def graded(doc: dict) -> dict:
    return next(s for s in doc["systems"].values() if s["method"] == "graded")


def compliance(doc: dict) -> dict | None:
    return next((s for s in doc["systems"].values() if s["method"] == "compliance"), None)


def profile(doc: dict) -> dict:
    p = doc["park"]["profile"]
    return {
        "id": doc["park"]["id"], "name": p.get("park_name") or doc["park"]["id"], "code": p.get("catalog_code") or "—",
        "zone_type": p.get("zone_type") or "—", "industries": p.get("leading_industries") or "—",
        "fictional": doc["park"].get("fictional", False),
    }


def levels_by_indicator(g: dict) -> dict[str, str | None]:
    return {i["indicator"]: i.get("level") for c in g["categories"] for i in c["indicators"]}


# --- comparing two cycles (the overview's headlines, the 变化 page, the indicators' summaries) ----
LEVEL_RANK = {"I": 3, "II": 2, "III": 1, "below": 0}


def level_tone(before: str | None, after: str | None) -> str:
    """better | worse | same for a grade or an indicator level that went from `before` to `after`;
    same when either is not a level (not applicable, missing)."""
    if before not in LEVEL_RANK or after not in LEVEL_RANK or LEVEL_RANK[before] == LEVEL_RANK[after]:
        return "same"
    return "better" if LEVEL_RANK[after] > LEVEL_RANK[before] else "worse"


def value_tone(direction: str, before, after) -> str:
    """better | worse | same for a value that went from `before` to `after`, in the indicator's own
    direction (lower or higher is better); compare published values (Decimal), not floats."""
    if after == before:
        return "same"
    return "better" if (after < before if direction == "lower" else after > before) else "worse"


def key_enterprise_changes(old: dict, new: dict) -> tuple[list[str], list[str]]:
    """Names of the key enterprises that joined and that left the list between two cycles."""
    ko = {e["enterprise_id"]: e["enterprise_name"] for e in old["key_enterprises"]["enterprises"]}
    kn = {e["enterprise_id"]: e["enterprise_name"] for e in new["key_enterprises"]["enterprises"]}
    return sorted(kn[i] for i in kn.keys() - ko.keys()), sorted(ko[i] for i in ko.keys() - kn.keys())


def enterprise_names(doc: dict) -> dict[str, str]:
    names = {}
    for group in doc.get("rankings", []):
        for e in group["enterprises"]:
            names[e["enterprise_id"]] = e["enterprise_name"]
    for e in doc["key_enterprises"]["enterprises"]:
        names[e["enterprise_id"]] = e["enterprise_name"]
    return names


# --- files -------------------------------------------------------------------------------------
def chart_data_file(page: str, folder: str = "charts") -> str:
    """The script with the specs of every chart on the page `page` (its slug), which each chart's
    figure names and charts.js loads when the chart comes into view (see page_charts). Pages pass
    it to the chart macro as `chart_data` (stage._page)."""
    return f"{folder}/{page}.data.js"


def page_charts(context: dict, page: str, folder: str = "charts") -> dict[str, str]:
    """The chart files of a page whose context is `context`: each chart's CSV and Vega-Lite file,
    and one script with every chart's spec, chart_data_file(page). The specs are not in the page:
    they were half of the pages' bytes. A script, not JSON, because a site opened from file:// may
    not fetch a file, but may run one: it registers each spec with
    window.ParkAuditCharts.add(id, spec), JSON that cannot end the script or run anything (core's
    script_json)."""
    found = list({id(c): c for c in charts_in(context)}.values())  # a context may hold a chart twice (indicators: by category and in order)
    if not found:
        return {}
    files, lines = {}, []
    for chart in found:
        files.update(chart_files(chart, folder))
        lines.append(f"window.ParkAuditCharts.add({_js_literal(chart.chart_id)}, {_js_literal(chart.spec)});\n")
    files[chart_data_file(page, folder)] = "".join(lines)
    return files


def _js_literal(value) -> str:
    """JSON as a JavaScript literal in a script file: core's script_json (no < > &), and the line
    separators U+2028 and U+2029 escaped, which end a string literal in JavaScript before ES2019."""
    return script_json(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_files(chart: charts.Chart, folder: str) -> dict[str, str]:
    return {
        f"{folder}/{chart.chart_id}.vl.json": spec_json(chart.spec),
        f"{folder}/{chart.chart_id}.csv": chart.csv(),
    }


def spec_json(spec: dict) -> str:
    """`json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"`, the Vega-Lite file
    offered beside a chart. With an indent, json.dumps is pure Python (a tenth of the render stage);
    core's dump_json writes the same text with an indent of two, fast, and a JSON string holds no
    raw line break, so each line's leading spaces are its indentation alone and halve exactly. A
    spec with NaN or an infinity (refused by dump_json, written by json.dumps) is json's."""
    try:
        text = dump_json(spec)
    except ValueError:
        return json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return _halve_indents(text)


def _halve_indents(text: str) -> str:
    """Every line's indentation of 2n spaces made n, by one str.replace per depth (in C; a Python
    step per line cost as much as writing the JSON): deepest first, each line's indentation marked
    with NUL, which JSON text never holds raw (a control character is written \\u0000), so that a
    shallower depth cannot match it again; then the marks become spaces."""
    if "\0" in text:  # not JSON text: no mark is safe, a line at a time
        return "\n".join(line[(len(line) - len(line.lstrip(" "))) // 2:] for line in text.split("\n"))
    depth = 0
    while "\n" + "  " * (depth + 1) in text:
        depth += 1
    for n in range(depth, 0, -1):
        text = text.replace("\n" + "  " * n, "\n" + "\0" * n)
    return text.replace("\0", " ")


def charts_in(value) -> list[charts.Chart]:
    """Every chart in a page's context, at any depth, in order. One walk with a stack, not a call
    per value: a park's contexts hold ~9,000 values, nearly all of them text."""
    found, stack = [], [value]
    pop, push = stack.pop, stack.extend
    while stack:
        v = pop()
        kind = type(v)
        if kind is str or kind is int or kind is float or v is None:
            continue
        if isinstance(v, charts.Chart):
            found.append(v)
        elif isinstance(v, dict):
            push(reversed(v.values()))  # reversed: popped in order
        elif isinstance(v, (list, tuple)):
            push(reversed(v))
    return found


def schema_tables(data_root: Path) -> list[tuple[str, dict]]:
    return [(t, load_shared_schema(data_root, t)) for t in TABLES]


def schema_labels(data_root: Path) -> dict[str, str]:
    """Chinese labels of the schemas' table and field names, from their titles ("park_facilities" →
    "园区基础设施与环境管理", "cp_audit_completed" → the field's title)."""
    labels = {}
    for table, schema in schema_tables(data_root):
        labels[table] = schema.get("title", table).split(" / ")[0]
        for f in schema.get("fields", []):
            if f.get("title"):
                labels[f["name"]] = f["title"]
    return labels


def catalogue_rows() -> list[dict]:
    return [{"code": code, "severity": "错误" if r.severity == "error" else "警告", "zh": r.zh, "en": r.en} for code, r in CATALOGUE.items()]
