"""Why an indicator has no value, on the public pages (generator/render/reasons.py): the Chinese half
of scoring's bilingual reason, with the field or variable it names in words, never a folder path,
a "table.field" code or English. The reasons are those the demo's scoring wrote (results/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.render.reasons import reason_zh, variable_names

from .pagehtml import section, table

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"[A-Za-z]")


def _reasons() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((ROOT / "results").glob("*/*/score.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out += [(i["reason"], doc) for i in doc["indicators"].values() if i.get("reason")]
    return out


def test_every_reason_the_demo_scored_reads_without_codes():
    reasons = _reasons()
    assert len({r for r, _ in reasons}) >= 10  # the demo has each kind: absent cycles, unfilled fields, no reports
    for reason, doc in reasons:
        said = reason_zh(reason, variable_names(doc))
        assert said and not CODE.search(said), (reason, said)
        assert said == reason.split(" / ")[0] or said.startswith(reason.split(" / ")[0].split("（")[0][:4]), (reason, said)


def test_an_unfilled_field_is_named_by_its_variable_with_the_cycle():
    reason, doc = next((r, d) for r, d in _reasons() if re.search(r": park_facilities\.\w+（\d{4}）$", r))
    field = re.search(r"park_facilities\.(\w+)", reason).group(1)
    year = re.search(r"（(\d{4})）$", reason).group(1)
    variable = next(v for v in doc["variables"].values() if v["description"]["zh"].endswith(f"（park_facilities.{field}）"))
    name = variable["description"]["zh"].removesuffix(f"（park_facilities.{field}）")
    assert reason_zh(reason, variable_names(doc)) == f"未填写：{name}（{year} 年度）"


def test_an_absent_cycle_is_a_year_without_its_folder():
    reason, doc = next((r, d) for r, d in _reasons() if r.startswith("无法判断是否适用"))
    year = re.search(r"缺少 (\d{4}) 年", reason).group(1)
    assert reason_zh(reason, variable_names(doc)) == f"无法判断是否适用：缺少 {year} 年度的审核数据"


def test_a_detail_with_no_known_name_is_left_out_not_shown_as_a_code():
    assert reason_zh("缺少数据 / missing: not_a_variable", {}) == "缺少数据"
    assert reason_zh("只有中文的原因", {}) == "只有中文的原因"
    assert reason_zh(None, {}) == ""


def test_the_quality_page_shows_the_reasons_in_words(demo_build):
    for page in sorted((demo_build.project / "docs" / "reports").glob("*/quality.md")):
        rows = table(section(page.read_text(encoding="utf-8"), "未统计与不适用的指标"), "指标")
        assert rows, page
        for row in rows:
            assert not CODE.search(row["原因"]), (page, row["原因"])
