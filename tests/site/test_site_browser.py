"""The built demo site in headless Chromium: every page type loads, charts are drawn, there are
no console errors and no request leaves the local server, Chinese search finds a park, hostile
enterprise names show as text, and axe-core finds no WCAG 2.1 AA violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import build

from ..conftest import CHROMIUM
from ..csvedit import REPO
from ..sitebuild import INJECTIONS, Server, copy_project, draw_every_chart, inject_names, search

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PARK = "anning-ip"

if not CHROMIUM or not AXE.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium and node_modules/axe-core (scripts/test installs them)")
    pytest.skip("chromium or axe-core not installed (run ./scripts/test)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")

PAGE_TYPES = {
    "home": "index.html",
    "portal": "reports/index.html",
    "overview": f"reports/{PARK}/index.html",
    "indicators": f"reports/{PARK}/indicators.html",
    "key-enterprises": f"reports/{PARK}/key-enterprises.html",
    "chains": f"reports/{PARK}/chains.html",
    "enterprises": f"reports/{PARK}/enterprises.html",
    "measures": f"reports/{PARK}/measures.html",
    "changes": f"reports/{PARK}/changes.html",
    "quality": f"reports/{PARK}/quality.html",
    "data": f"reports/{PARK}/data.html",
    "methodology": "reports/methodology/index.html",
    "system": "reports/methodology/park_cp.html",
    "dictionary": "reports/methodology/data-dictionary.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    latest = max(p.name for p in (project / "data" / PARK).iterdir())
    inject_names(project, PARK, latest)
    build(project, site_dir=project / "site")
    with Server(project / "site") as server:
        yield server


def open_page(browser, url, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = {"console": [], "requests": []}
    page.on("console", lambda m: log["console"].append((m.type, m.text)) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log["console"].append(("pageerror", str(e))))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.goto(url, wait_until="networkidle")
    return page, log


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_loads_draws_charts_and_stays_local(site, browser, kind):
    page, log = open_page(browser, f"{site.url}/{PAGE_TYPES[kind]}")
    try:
        states = draw_every_chart(page)
        assert all(s == "yes" for s in states), states
        if kind in ("overview", "key-enterprises", "chains", "measures"):
            assert states, f"{kind} should have charts"
            assert page.locator(".pa-chart svg").count() == len(states)
        assert not log["console"], log["console"]
        foreign = [u for u in log["requests"] if not u.startswith(site.url) and not u.startswith(("data:", "blob:"))]
        assert not foreign, foreign
        assert page.locator("h1").count() == 1
    finally:
        page.close()


def test_chinese_search_finds_the_park(site, browser):
    page, _ = open_page(browser, f"{site.url}/index.html")
    try:
        links = search(page, "安宁")
        assert any(f"reports/{PARK}/" in link for link in links), links
        assert search(page, "质量"), "质量 finds nothing: the search separator is not splitting Chinese"
        assert any("methodology" in link for link in search(page, "综合能耗"))
    finally:
        page.close()


def test_hostile_names_are_text(site, browser):
    page, log = open_page(browser, f"{site.url}/reports/{PARK}/key-enterprises.html")
    try:
        text = page.inner_text("article")
        for name in INJECTIONS:
            assert name in text, name
        assert page.locator("article a[href^='javascript']").count() == 0
        assert page.evaluate("() => window.__pa_injected === undefined")
        # 'A | B' must not have split a table row: every row of the list has the same cell count
        counts = page.evaluate("() => [...document.querySelector('article table').tBodies[0].rows].map(r => r.cells.length)")
        assert len(set(counts)) == 1, counts
        assert not [m for m in log["console"] if "alert" in m[1]]
    finally:
        page.close()


def test_portal_table_sorts_by_column(site, browser):
    page, log = open_page(browser, f"{site.url}/{PAGE_TYPES['portal']}")
    try:
        headers = page.eval_on_selector_all(".pa-sortable thead th", "ths => ths.map(t => t.textContent.replace('⇅', '').trim())")
        column = headers.index("III 级指数")
        button = page.locator(".pa-sortable thead th button").nth(column)
        values = lambda: [float(v) for v in page.eval_on_selector_all(f".pa-sortable tbody tr td:nth-child({column + 1})", "tds => tds.map(t => t.textContent.trim())")]
        button.click()
        assert values() == sorted(values())
        assert page.locator(".pa-sortable thead th").nth(column).get_attribute("aria-sort") == "ascending"
        button.click()
        assert values() == sorted(values(), reverse=True)
        assert not log["console"]
    finally:
        page.close()


@pytest.mark.parametrize("kind", ["portal", "overview", "indicators", "key-enterprises", "measures", "methodology"])
def test_no_wcag_aa_violations(site, browser, kind):
    page, _ = open_page(browser, f"{site.url}/{PAGE_TYPES[kind]}")
    try:
        page.wait_for_timeout(500)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]
        assert not violations, violations
    finally:
        page.close()


def test_overview_screenshots(site, browser, tmp_path):
    """Desktop and phone renderings of the park overview, kept as artefacts for a human look."""
    out = Path(os.environ.get("PARKAUDIT_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    for name, width in (("desktop", 1280), ("phone", 390)):
        page, _ = open_page(browser, f"{site.url}/{PAGE_TYPES['overview']}", width=width)
        try:
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / f"overview-{name}.png"), full_page=True)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name}: page scrolls sideways by {overflow}px"
        finally:
            page.close()
