"""Units as readers see them (render/format.unit_zh): the data files and indicators.yaml write
"m3/万元", "亿元/km2", "tCO2/万元"; pages, downloads and the report print "m³/万元", "亿元/km²",
"tCO₂/万元", and the codes of the schemas in Chinese ("10^4 CNY" → "万元")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.render.format import unit_zh

ROOT = Path(__file__).resolve().parents[2]
ASCII_FORM = re.compile(r"(?<![A-Za-z])k?m[23](?![0-9])|CO2")
# on a page: a unit's ASCII form (an English table title such as "CO2 inputs" is not a unit)
UNIT_ON_PAGE = re.compile(r"(?<![A-Za-z])k?m[23](?![0-9])|tCO2")


def _units() -> set[str]:
    """Every unit the project writes: the indicators' and the schemas' fields'."""
    config = yaml.safe_load((ROOT / "indicators.yaml").read_text(encoding="utf-8"))
    units = {i["unit"] for i in config["indicators"].values() if i.get("unit")}
    for schema in (ROOT / "data" / "schemas").glob("*.json"):
        units |= {f["unit"] for f in json.loads(schema.read_text(encoding="utf-8"))["fields"] if f.get("unit")}
    return units


def test_every_unit_of_the_project_is_printed_typeset():
    units = _units()
    assert sum(bool(ASCII_FORM.search(u)) for u in units) >= 3  # m3, km2, tCO2 forms are there to typeset
    for unit in units:
        assert not ASCII_FORM.search(unit_zh(unit)), (unit, unit_zh(unit))


@pytest.mark.parametrize("unit,printed", [
    ("m3/万元", "m³/万元"), ("亿元/km2", "亿元/km²"), ("tCO2/万元", "tCO₂/万元"), ("tCO2/a", "tCO₂/年"),
    ("m3/a", "m³/年"), ("10^4 m3", "万立方米"), ("10^4 CNY", "万元"), ("m2", "m²"),
    ("%", "%"), ("-", "-"), ("", ""), (None, ""), ("m30", "m30"), ("mm2", "mm2"),
])
def test_a_unit_printed(unit, printed):
    assert unit_zh(unit) == printed


def test_no_public_page_prints_a_unit_in_ascii_form(demo_build):
    """The pages' visible text, outside code. The data dictionary is not read: its lists of allowed
    values ("10^4 m3") are what a clerk types into the data files, as they must be typed."""
    pages = sorted(p for p in (demo_build.project / "docs" / "reports").rglob("*.md") if p.name != "data-dictionary.md")
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<code>.*?</code>|<script.*?</script>|^---.*?---", " ", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        found = sorted(set(UNIT_ON_PAGE.findall(text)))
        assert not found, (page.relative_to(demo_build.project), found)


def test_no_table_header_uses_sub_tags(demo_build):
    """On a phone a table becomes cards labelled with each header's text, and SO<sub>2</sub> reads
    "SO2" there: headers write SO₂, NOₓ, CO₂ as characters."""
    headers = 0
    for page in sorted((demo_build.project / "docs" / "reports").rglob("*.md")):
        for th in re.findall(r"<th\b[^>]*>(.*?)</th>", page.read_text(encoding="utf-8"), re.S):
            headers += 1
            assert "<sub>" not in th and "<sup>" not in th, (page.name, th)
    assert headers > 100


def test_the_enterprise_tables_name_each_intensitys_unit_in_its_header(demo_build):
    """On a phone each enterprise becomes a card labelled by the headers, far from the paragraph
    above the tables: an intensity's header carries its unit."""
    page = (demo_build.project / "docs" / "reports" / "anning-ip" / "enterprises.md").read_text(encoding="utf-8")
    headers = re.findall(r"<thead>\s*<tr>(.*?)</tr>", page, re.S)
    assert headers
    for row in headers:
        cells = [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th\b[^>]*>(.*?)</th>", row, re.S)]
        assert {"能耗强度 tce/万元", "COD kg/万元", "SO₂ kg/万元", "NOₓ kg/万元", "工业总产值 万元"} <= set(cells), cells
