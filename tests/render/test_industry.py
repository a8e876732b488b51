"""Industry divisions named as GB/T 4754-2017 names them (render/industry.py): the enterprises page
grouped "C25" under the name of the one sub-class it held ("C25 原油加工及石油制品制造") and "C26" under
a list of seven; a reader needs the division, then the sub-classes."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from generator.render.industry import DIVISIONS, division_heading, industry_label

ROOT = Path(__file__).resolve().parents[2]


def test_every_industry_code_of_the_demo_and_the_synthetic_data_has_its_division():
    codes = set()
    for path in (ROOT / "data").glob("*/*/enterprises.csv"):
        codes |= {row["industry_code"] for row in csv.DictReader(path.open(encoding="utf-8")) if row.get("industry_code")}
    # the archetypes the demo and the synthetic national data draw their enterprises from
    synthetic = set(re.findall(r"^\s*code: ([A-Z]\d{4})\s*$", (ROOT / "scripts" / "demodata" / "tables" / "archetypes.yaml").read_text(encoding="utf-8"), re.M))
    assert len(codes) > 10 and len(synthetic) > 10
    missing = sorted(c for c in codes | synthetic if c[:3] not in DIVISIONS)
    assert not missing, missing
    assert all(re.fullmatch(r"[A-Z]\d\d", k) and v for k, v in DIVISIONS.items())


def test_a_group_is_headed_by_its_division_and_lists_its_sub_classes(demo_build):
    for park in ("anning-ip", "yanglin-etdz"):
        doc = json.loads((demo_build.project / "results" / park / "2025" / "score.json").read_text(encoding="utf-8"))
        page = (demo_build.project / "docs" / "reports" / park / "enterprises.md").read_text(encoding="utf-8")
        assert doc["rankings"]
        for group in doc["rankings"]:
            code = group["industry"]
            heading = re.search(rf"<h2[^>]*>{code} (.+?)（(\d+) 家）</h2>\s*<p>本组企业所属行业小类：(.+?)。</p>", page)
            assert heading, (park, code)
            assert heading.group(1) == DIVISIONS[code] and int(heading.group(2)) == group["n_enterprises"]
            assert heading.group(3).split("；") == [n for n in group["industry_names"] if n]  # a name may hold "、"


def test_an_unknown_division_is_named_by_its_sub_classes():
    assert division_heading("Z99", ["甲", "乙"]) == ("Z99 甲；乙", "")
    assert division_heading("C26", ["磷肥制造"]) == ("C26 化学原料和化学制品制造业", "磷肥制造")
    assert industry_label("C2622") == "化学原料和化学制品制造业（C2622）"
    assert industry_label("Z9999") == "Z9999" and industry_label(None) == "—"
