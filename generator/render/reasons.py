"""Why an indicator has no value, as a reader of the public pages reads it.

Scoring keeps its reasons for reviewers and operators, bilingual and precise about files and
fields: "未填写 / not filled in: park_facilities.waste_heat_recovery_rate（2023）", "缺少 2022 年审核周期
的数据包（anning-ip/2022/）/ audit cycle 2022 absent (anning-ip/2022/ not found)". The site's pages
and the formal report say the Chinese half, with what it names in words: "未填写：工业余热回收利用率
（2023 年度）", "缺少 2022 年度的审核数据". score.json and the downloads keep the full reason.

What a field or variable is called comes from score.json's own `variables` (their Chinese
descriptions name the field they read: "工业余热回收利用率（park_facilities.waste_heat_recovery_rate）"),
so a reason is named as the indicator's inputs are, with no second list of names to keep."""

from __future__ import annotations

import re

CYCLE_ABSENT = re.compile(r"缺少 (\d{4}) 年审核周期的数据包（[^）]*）\s*/ audit cycle \d{4} absent \([^)]*\)")
HAN = re.compile(r"[\u4e00-\u9fff]")
YEAR = re.compile(r"（(\d{4})）$")
REFERENCE = re.compile(r"（([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)）$")  # a description's "（table.field）"


def variable_names(doc: dict) -> dict[str, str]:
    """Every variable's Chinese name, by its id and by the "table.field" it reads: the description
    up to its formula or explanation ("二氧化碳排放量 = 燃烧 + …" → "二氧化碳排放量")."""
    names: dict[str, str] = {}
    for vid, variable in (doc.get("variables") or {}).items():
        text = ((variable.get("description") or {}).get("zh") or "").strip()
        name = variable_name(text)
        if not name:
            continue
        names[vid] = name
        if reference := REFERENCE.search(text):
            names.setdefault(reference.group(1), name)
    return names


def variable_name(description: str) -> str:
    """A variable's Chinese name from its description: "是否缺水城市，是=1 否=0（park.water_scarce_city）"
    → "是否缺水城市"; "" when the description gives none."""
    return re.split(r" = |：|，", REFERENCE.sub("", description.strip()), maxsplit=1)[0].strip()


def reason_zh(reason: str | None, names: dict[str, str]) -> str:
    """The reason in readers' words (see the module's docstring); a reason written in Chinese only
    is shown as it is, and a detail with no known name is left out rather than shown as a code."""
    if not reason:
        return ""
    reason = CYCLE_ABSENT.sub(r"缺少 \1 年度的审核数据", reason)
    zh, separator, english = reason.partition(" / ")
    if not separator:
        return reason
    _, colon, detail = english.partition(": ")
    if not colon:
        return zh
    if " / " in detail or HAN.search(detail):  # a reason inside a reason: "无法判断是否适用 / …: 缺少 …"
        return f"{zh}：{reason_zh(detail, names)}"
    year = YEAR.search(detail)
    what = names.get(YEAR.sub("", detail).strip())
    if what is None:
        return zh
    return f"{zh}：{what}" + (f"（{year.group(1)} 年度）" if year else "")
