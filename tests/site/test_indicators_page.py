"""A park's indicators page (issue 13, item 3): one chart per indicator over the park's final cycles
with its I/II/III benchmarks, a table whose distance to the next level follows the benchmark
arithmetic, drafts never shown, and charts as wide as the page's column. Expected values are
computed here from the results (score.json), not copied from the page."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from generator.build import build
from generator.core import STATUS_KEY

from ..sitebuild import Server, copy_project, draw_every_chart
from ..render.pagehtml import rows, section
from .test_site_browser import PAGE_TYPES, open_page

PARK = "anning-ip"
NEXT = {"below": "III", "III": "II", "II": "I"}


def graded_indicators(doc: dict) -> dict[str, dict]:
    system = next(s for s in doc["systems"].values() if s["method"] == "graded")
    return {i["indicator"]: i for c in system["categories"] for i in c["indicators"]}


def results(project, park: str) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((project / "results" / park).glob("*/score.json"))}


def number(b: dict | None):
    if not b:
        return None
    return b.get("value") if b.get("value") is not None else b.get("evaluated")


def as_written(x) -> str:
    d = Decimal(repr(float(x))).normalize()
    return format(d, "f")


def chart_rows(project, park: str, ind: str) -> list[dict]:
    spec = json.loads((project / "docs" / "reports" / park / "charts" / f"indicator-{ind}.vl.json").read_text(encoding="utf-8"))
    (rows,) = spec["datasets"].values()
    return rows


def test_one_chart_per_indicator_with_its_benchmarks_over_every_final_cycle(demo_build):
    project = demo_build.project
    cycles = results(project, PARK)
    current = max(cycles)
    inds = graded_indicators(cycles[current])
    page = (project / "docs" / "reports" / PARK / "indicators.md").read_text(encoding="utf-8")
    assert sorted(re.findall(r'data-pa-chart="indicator-([a-z0-9_]+)"', page)) == sorted(inds)
    for ind_id, i in inds.items():
        rows = chart_rows(project, PARK, ind_id)
        assert [r["cycle"] for r in rows] == sorted(c for c, d in cycles.items() if ind_id in graded_indicators(d)), ind_id
        if i["direction"] == "qualitative":
            assert {r["level"] for r in rows} <= {"I 级", "II 级", "III 级", "未达 III 级", "未统计", "不适用"}
            continue
        latest = rows[-1]
        for lv in ("I", "II", "III"):
            assert latest[lv] == number(i["benchmarks"][lv]), (ind_id, lv)
        if i["state"] == "value":
            assert Decimal(repr(latest["value"])) == Decimal(i["display"]), ind_id
        # the chart file for people: a BOM and Chinese headers
        csv = (project / "docs" / "reports" / PARK / "charts" / f"indicator-{ind_id}.csv").read_text(encoding="utf-8")
        assert csv.startswith("\ufeff审核年度,数值") and "III 级基准" in csv.splitlines()[0]


def test_the_distance_to_the_next_level_follows_the_benchmark(demo_build):
    project = demo_build.project
    doc = results(project, PARK)[max(results(project, PARK))]
    page = (project / "docs" / "reports" / PARK / "indicators.md").read_text(encoding="utf-8")
    table = rows(section(page, "指标一览"))
    cells = {m[1]: r for r in table if (m := re.match(r'<a href="#([a-z0-9_]+)">', r[0]))}
    checked = 0
    for ind_id, i in graded_indicators(doc).items():
        row = " | ".join(cells[ind_id])
        if i["state"] != "value":
            continue
        if i["level"] == "I":
            assert cells[ind_id][-1].endswith("已达 I 级"), row
            continue
        target = NEXT[i["level"]]
        bench = number(i["benchmarks"][target])
        if bench is None or i["direction"] not in ("lower", "higher"):
            assert f"距 {target} 级" in row, row
            continue
        gap = abs(Decimal(i["display"]) - Decimal(as_written(bench))).normalize()
        verb = "降" if i["direction"] == "lower" else "升"
        assert f"距 {target} 级：需{verb}至 {as_written(bench)}" in row, row
        assert f"差 {format(gap, 'f')}" in row, (row, gap)
        checked += 1
    assert checked >= 10  # the demo park has many indicators below the next level


def test_draft_cycles_are_never_shown(tmp_path):
    """One park's latest cycle made a draft again while the other parks' same cycle is final: the
    draft's cycle is within the site's, so only its being a draft keeps it off the park's charts."""
    project = copy_project(tmp_path / "p")
    park = "yanglin-etdz"
    cycles = sorted(p.name for p in (project / "data" / park).iterdir() if p.is_dir())
    draft, finals = cycles[-1], cycles[:-1]
    assert any((project / "data" / other / draft).is_dir() for other in ("anning-ip", "qujing-etdz")), "the site must still show this cycle"
    folder = project / "data" / park / draft
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor[STATUS_KEY] = "draft"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    build(project, site_dir=None)
    charts = sorted((project / "docs" / "reports" / park / "charts").glob("indicator-*.vl.json"))
    assert charts
    for path in charts:
        (rows,) = json.loads(path.read_text(encoding="utf-8"))["datasets"].values()
        assert [r["cycle"] for r in rows] == finals, path.name
    page = (project / "docs" / "reports" / park / "indicators.md").read_text(encoding="utf-8")
    assert f"{finals[-1]} 年度按" in page and f"{draft} 年度" not in page


@pytest.fixture(scope="module")
def served(demo_build):
    with Server(demo_build.project / "site") as server:
        yield server


def test_charts_take_the_column_width(served, browser):
    page, log = open_page(browser, f"{served.url}/{PAGE_TYPES['indicators']}", width=1366)
    try:
        draw_every_chart(page)
        widths = page.eval_on_selector_all(".pa-chart .pa-chart-canvas svg", "els => els.map(e => e.getBoundingClientRect().width)")
        assert len(widths) == page.locator(".pa-chart").count() > 20
        assert min(widths) > 900, widths
        # the vertical axis's title written horizontally, not turned sideways: wider than tall
        boxes = page.evaluate("""() => [...document.querySelectorAll('.pa-chart svg g[aria-label^="Y-axis"] .role-axis-title text')]
            .map(t => { const r = t.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert len(boxes) == len(widths) and all(w > h for w, h in boxes), boxes
        assert not log["console"], log["console"]
    finally:
        page.close()


def test_on_a_phone_the_table_tab_shows_every_column(served, browser):
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES['indicators']}", width=390)
    try:
        section = page.locator(".pa-indicator-tabs").first
        section.locator(".tabbed-labels label").nth(1).click()
        page.wait_for_timeout(300)
        table = section.locator(".tabbed-block").nth(1).locator("table")
        assert table.is_visible()
        # stacked cards: each cell carries its column's header as a visible label
        assert table.get_attribute("data-pa-stacked") is not None
        labels = table.locator("tbody tr").first.evaluate("tr => [...tr.cells].map(c => getComputedStyle(c, '::before').content)")
        assert '"距下一级"' in labels and '"III 级基准"' in labels, labels
    finally:
        page.close()
