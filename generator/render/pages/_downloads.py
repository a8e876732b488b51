"""The downloads for people on a park's 数据下载 page: an .xlsx with Chinese headers and units beside
each machine-readable CSV (the data package's tables and the results), named like the CSV.

The CSV is for programs and keeps its codes; the .xlsx is for people and says them in words, as the
pages do: true/false as 是/否, an indicator's system, category, state, level or outcome, its
requirement and condition benchmarks in words, the reasons a key enterprise was chosen by the
quantities' names, a measure's target by what it is aimed at. A share, which the CSV holds as a
fraction (0.124651), is written as the percentage its header says (12.4651), multiplied exactly.
Codes that name things (an indicator's, an enterprise's, an industry's) stay: people look them up."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from generator.render.format import LEVEL_ZH, STATE_ZH, STATUS_ZH, requirement_zh, target_zh, unit_text, unit_zh
from generator.render.model import ParkInput
from generator.render.spreadsheet import xlsx_columns

NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
INDICATOR_COLUMNS = {
    "system": "指标体系", "method": "评价方法", "group": "指标类别", "indicator": "指标代码", "name_zh": "指标名称",
    "name_en": "指标名称（英文）", "unit": "单位", "state": "状态", "value": "数值", "display": "显示值（修约后）",
    "level_or_status": "等级或符合情况", "benchmark_I": "I 级基准值", "benchmark_II": "II 级基准值", "benchmark_III": "III 级基准值",
    "requirement": "要求", "weight": "权重", "effective_weight": "有效权重", "limiting": "限定性指标",
    "source_status": "数据来源状态", "source_document": "来源文件", "reason": "说明", "value_exact": "精确值",
}
KEY_ENTERPRISE_COLUMNS = {
    "enterprise_id": "企业代码", "enterprise_name": "企业名称", "industry_code": "行业代码", "chain": "产业链/集群",
    "reasons": "入选依据", "mandatory_audit_addition": "强制性清洁生产审核增补",
}
CHAIN_COLUMNS = {"chain": "产业链/集群", "n_enterprises": "企业数（家）", "value_added": "工业增加值（万元）", "output_value": "工业总产值（万元）"}
# text columns whose digits are codes or rounded displays, not numbers to compute with
TEXT_COLUMNS = {"industry_code", "enterprise_id", "indicator", "display", "value_exact", "park_id", "catalog_code", "uscc", "permit_no"}
YES_NO = {"true": "是", "false": "否"}
METHOD_ZH = {"graded": "分级评价", "compliance": "符合性判定"}
# an indicator's level (graded) or outcome (compliance), or why it has neither
OUTCOME_ZH = {**LEVEL_ZH, **STATE_ZH, "met": "达到", "not_met": "未达到", "undecidable": "无法判断"}
MANDATORY_AUDIT_ZH = "强制性清洁生产审核名单"  # a reason for choosing a key enterprise, as its page says it


def _with_unit(name: str, unit: str | None) -> str:
    u = unit_text(unit)
    return f"{name}（{u}）" if u else name


def _cell(column: str, text: str, numeric: bool):
    if numeric and column not in TEXT_COLUMNS:
        return _number(text)
    return None if text == "" else text


def _number(text: str):
    """A number column's text as the number it writes (an int when written without a point or an
    exponent), nothing for "", anything else as text."""
    if text == "":
        return None
    if NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return text


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def _columns(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The table's columns, one per header: a row's fields beyond the header are dropped (as
    zip(header, row) drops them), its missing ones are empty."""
    width = len(header)
    rows = [r if len(r) == width else (r[:width] + [""] * (width - len(r))) for r in rows]
    return [list(col) for col in zip(*rows)] if rows else [[] for _ in header]


def _converted(values: list[str], convert) -> list:
    """convert(text) of each value, worked out once per distinct text (columns repeat theirs:
    years, codes, units, 是/否)."""
    done = {text: convert(text) for text in dict.fromkeys(values)}
    return list(map(done.__getitem__, values))


def table_xlsx(res: dict, data: bytes) -> bytes:
    """A data package table: headers from the schema's field titles and units, numbers typed by the schema."""
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    header, rows = _rows(data.decode("utf-8-sig"))
    headers = [_with_unit(fields[c].get("title", c), fields[c].get("unit")) if c in fields else c for c in header]
    columns = []
    for c, values in zip(header, _columns(header, rows)):
        kind = fields.get(c, {}).get("type")
        numeric = kind in ("number", "integer")
        if kind == "boolean":
            columns.append([YES_NO.get(v, v) for v in values])
        elif c == "target":
            columns.append(_converted(values, lambda v, numeric=numeric: _cell("target", target_zh(v) if v else v, numeric)))
        elif numeric and c not in TEXT_COLUMNS:
            columns.append(_converted(values, _number))
        else:
            columns.append(values)  # text as it is ("" is an empty cell, as None is)
    return xlsx_columns(res.get("title", res["name"]).split(" / ")[0], headers, columns)


def _result_labels(doc: dict, intensities=()) -> dict[str, str]:
    labels = dict(INDICATOR_COLUMNS) | KEY_ENTERPRISE_COLUMNS | CHAIN_COLUMNS
    metrics = {m["metric"]: m for m in doc["key_enterprises"]["by_metric"]}
    for m in doc["key_enterprises"]["by_metric"]:
        name = m["name"]["zh"]
        labels[f"{m['metric']}_value"] = _with_unit(name, m.get("unit"))
        labels[f"{m['metric']}_share"] = f"{name}占比 %"
        labels.setdefault(m["metric"], _with_unit(name, m.get("unit")))
        labels.setdefault(f"{m['metric']}_share", f"{name}占比 %")
    for s in doc["systems"].values():
        for group in s.get("categories", s.get("groups", [])):
            for i in group["indicators"]:
                labels.setdefault(i["indicator"], _with_unit(i["name"]["zh"], i.get("unit")))
    labels.setdefault("value_added_share", "工业增加值占比 %")
    for i in intensities:  # a chain intensity that no indicator names (pm_intensity): by its quantity
        m = metrics.get(i.numerator)
        if m is not None and i.denominator == "value_added":
            unit = "kg" if m.get("unit") == "t" and i.factor == 1000 else unit_zh(m.get("unit"))
            labels.setdefault(i.id, f"单位工业增加值{m['name']['zh']}（{unit}/万元）")
    return labels


def result_xlsx(name: str, text: str, doc: dict, intensities=()) -> bytes:
    """A results CSV (indicators, key enterprises, chains) with Chinese headers and its codes in
    words; `intensities`: the chains' intensities as indicators.yaml declares them."""
    labels = _result_labels(doc, intensities)
    header, rows = _rows(text)
    words = _ResultWords(doc)
    columns = _columns(header, rows)
    by_name = dict(zip(header, columns))  # the last of a repeated name, as a row's dict(zip(header, values))
    empty = [None] * len(rows)
    systems, indicators = by_name.get("system", empty), by_name.get("indicator", empty)
    cells = []
    for c, values in zip(header, columns):
        if c in _BY_INDICATOR or c.startswith("benchmark_"):  # the word depends on the row's system and indicator
            keys = list(zip(values, systems, indicators))
            cells.append(_converted(keys, lambda k, c=c: _cell(c, words.word(c, *k), True)))
        else:
            cells.append(_converted(values, lambda v, c=c: _cell(c, words.word(c, v, None, None), True)))
    titles = {"indicators.csv": "指标值与等级", "key_enterprises.csv": "重点企业", "chains.csv": "产业链汇总"}
    return xlsx_columns(titles.get(name, name), [labels.get(c, c) for c in header], cells)


_BY_INDICATOR = {"group", "requirement"}  # columns whose words _ResultWords.word finds by system (and indicator)


class _ResultWords:
    """The codes of a results CSV row in words, from the score document the row was written from
    (generator/score/save.py writes the CSVs from it)."""

    def __init__(self, doc: dict):
        self.systems = {sid: s["name"]["zh"] for sid, s in doc["systems"].items()}
        self.groups, self.requirements, self.benchmarks = {}, {}, {}
        for sid, s in doc["systems"].items():
            for g in s.get("categories", s.get("groups", [])):
                self.groups[sid, g["id"]] = g["name"]["zh"]
                for i in g["indicators"]:
                    self.requirements[sid, i["indicator"]] = requirement_zh(i)
                    for level, b in (i.get("benchmarks") or {}).items():
                        if "condition" in b:
                            self.benchmarks[sid, i["indicator"], level] = (b.get("description") or {}).get("zh") or b["condition"]
        self.metrics = {m["metric"]: m["name"]["zh"] for m in doc["key_enterprises"]["by_metric"]} | {"mandatory_audit": MANDATORY_AUDIT_ZH}

    def word(self, column: str, value: str, system: str | None, indicator: str | None) -> str:
        if value == "":
            return value
        if column.endswith("_share"):
            return _percent(value)
        if column in ("limiting", "mandatory_audit_addition"):
            return YES_NO.get(value, value)
        if column == "reasons":
            return "；".join(self.metrics.get(r, r) for r in value.split(";"))
        if column == "system":
            return self.systems.get(value, value)
        if column == "method":
            return METHOD_ZH.get(value, value)
        if column == "group":
            return self.groups.get((system, value), value)
        if column == "state":
            return STATE_ZH.get(value, value)
        if column == "level_or_status":
            return OUTCOME_ZH.get(value, value)
        if column == "source_status":
            return STATUS_ZH.get(value, value)
        if column == "requirement":
            return self.requirements.get((system, indicator), value)
        if column.startswith("benchmark_"):
            return self.benchmarks.get((system, indicator, column[len("benchmark_"):]), value)
        return value


def _percent(fraction: str) -> str:
    """A share written as a fraction, as the percentage the column's header promises, exactly."""
    try:
        return str(Decimal(fraction) * 100)
    except InvalidOperation:
        return fraction


def xlsx_name(csv_name: str) -> str:
    return csv_name[: -len(".csv")] + ".xlsx"


def people_files(park: ParkInput) -> dict[str, bytes]:
    """Every .xlsx of the page, by its path under the park's folder (made once per park: the page
    shows their sizes, and its files() hands them over)."""
    if "people_files" in park.made:
        return park.made["people_files"]
    out = {}
    for res in park.descriptor["resources"]:
        if res["path"].endswith(".csv"):
            out[f"downloads/data/{xlsx_name(res['path'])}"] = table_xlsx(res, park.package_files[res["path"]])
    for name, text in park.results_files.items():
        if name.endswith(".csv"):
            out[f"downloads/{xlsx_name(name)}"] = result_xlsx(name, text, park.doc, park.config.chains.intensities)
    park.made["people_files"] = out
    return out
