"""Chart data out of the pages (issue 16, item 3): a page's chart specs are a script beside it
(charts/<page>.data.js), loaded when a chart comes into view, at once before printing and where
IntersectionObserver is missing, and also from a file:// copy of the site, where a browser may run
a local script but not fetch a local file. In headless Chromium, on the built demo site."""

from __future__ import annotations

import pytest

from ..sitebuild import Server, draw_every_chart

PARK = "anning-ip"
INDICATORS = f"reports/{PARK}/indicators.html"
DATA_FILE = f"reports/{PARK}/charts/indicators.data.js"
STATES = "() => [...document.querySelectorAll('.pa-chart')].map(c => c.dataset.paDrawn || '')"
ALL_DRAWN = "() => [...document.querySelectorAll('.pa-chart')].every(c => c.dataset.paDrawn === 'yes')"
# charts.js starts drawing 200 px ahead of the viewport; a chart further away than this is untouched
FAR = 600


@pytest.fixture(scope="module")
def served(demo_build):
    with Server(demo_build.project / "site") as server:
        yield server


def open_page(browser, url, *, init_script: str | None = None):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log = {"requests": [], "errors": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    if init_script:
        page.add_init_script(init_script)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)  # an observer's first callback, had any chart been in view
    return page, log


def distances(page) -> list[float]:
    """Each chart's distance in pixels from the viewport (0 for a chart in view)."""
    return page.evaluate("""() => [...document.querySelectorAll('.pa-chart')].map(c => {
        const r = c.getBoundingClientRect();
        return r.bottom < 0 ? -r.bottom : Math.max(0, r.top - innerHeight);
    })""")


def test_pages_hold_no_chart_spec(demo_build):
    page = (demo_build.project / "site" / INDICATORS).read_text(encoding="utf-8")
    assert page.count('class="pa-chart"') > 20
    assert '"$schema"' not in page and "vega-lite" not in page.split("<article", 1)[1].split("</article>", 1)[0].replace("Vega-Lite 图表规格", "")
    assert 'data-pa-data="charts/indicators.data.js"' in page


def test_a_chart_below_the_fold_is_loaded_when_scrolled_to(served, browser):
    page, log = open_page(browser, f"{served.url}/{INDICATORS}")
    try:
        away = distances(page)
        assert min(away) > 200, "the demo park's first indicator chart should start below the fold"
        assert set(page.evaluate(STATES)) == {""}, "no chart is drawn before it comes into view"
        assert not [u for u in log["requests"] if u.endswith(".data.js")], "the chart data waits too"

        last = page.locator(".pa-chart").last
        last.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelectorAll('.pa-chart')[document.querySelectorAll('.pa-chart').length - 1].dataset.paDrawn === 'yes'",
                               timeout=15000)
        assert f"{served.url}/{DATA_FILE}" in log["requests"]
        assert last.locator("svg").count() == 1
        states, away = page.evaluate(STATES), distances(page)
        far = [s for s, d in zip(states, away) if d > FAR]
        assert far and set(far) == {""}, "charts far from the viewport are still not drawn"
        assert not log["errors"], log["errors"]
    finally:
        page.close()


def test_printing_draws_every_chart(served, browser):
    page, log = open_page(browser, f"{served.url}/{INDICATORS}")
    try:
        assert set(page.evaluate(STATES)) == {""}
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function(ALL_DRAWN, timeout=20000)
        assert page.locator(".pa-chart svg").count() == page.locator(".pa-chart").count() > 20
        assert not log["errors"], log["errors"]
    finally:
        page.close()


def test_without_intersection_observer_every_chart_is_drawn(served, browser):
    page, log = open_page(browser, f"{served.url}/{INDICATORS}", init_script="delete window.IntersectionObserver")
    try:
        # no scrolling, no printing: drawn at once (the theme's own scripts, which need the
        # observer, fail here; charts.js must not)
        page.wait_for_function(ALL_DRAWN, timeout=20000)
        assert page.locator(".pa-chart svg").count() == page.locator(".pa-chart").count() > 20
    finally:
        page.close()


@pytest.mark.parametrize("name", ["index", "key-enterprises", "indicators"])
def test_charts_draw_from_a_file_url(demo_build, browser, name):
    path = demo_build.project / "site" / "reports" / PARK / f"{name}.html"
    page, log = open_page(browser, path.as_uri())
    try:
        states = draw_every_chart(page)
        assert states and set(states) == {"yes"}, states
        assert page.locator(".pa-chart svg").count() == len(states)
        # the theme's search asks for search/search_index.js from file://, which the site does not
        # have (search needs a server); that is the search's matter, not the charts'
        errors = [e for e in log["errors"] if "search/search_index.js" not in e]
        assert not errors, errors
    finally:
        page.close()


def test_without_javascript_the_data_table_stands_for_the_chart(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.url}/reports/{PARK}/key-enterprises.html")
        figures = page.locator(".pa-chart")
        assert figures.count() > 3
        for i in range(figures.count()):
            figure = figures.nth(i)
            assert figure.locator("details table tbody tr").count() > 0
            assert figure.locator("a[href$='.csv']").count() == 1
    finally:
        context.close()


def test_a_drawn_chart_keeps_no_placeholder_height(served, browser):
    """The canvas holds 220 px for a chart not yet drawn (so lazy drawing does not move the page);
    once drawn, a shorter chart (the portal's grade chart) leaves no empty band below it."""
    page, log = open_page(browser, f"{served.url}/reports/index.html")
    try:
        figure = page.locator(".pa-chart").first
        waiting = figure.locator(".pa-chart-canvas").bounding_box()["height"]
        figure.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.pa-chart').dataset.paDrawn === 'yes'", timeout=15000)
        canvas = figure.locator(".pa-chart-canvas").bounding_box()["height"]
        chart = figure.locator(".pa-chart-canvas svg").bounding_box()["height"]
        assert chart < waiting, "the portal's grade chart is the short chart this test is about"
        assert canvas - chart < 16, f"{canvas - chart:.0f} px of empty canvas below a {chart:.0f} px chart"
        assert not log["errors"], log["errors"]
    finally:
        page.close()


def test_a_printed_page_names_its_source_and_leaves_out_the_download_links(served, browser):
    """On paper the header is not printed: a line gives the site's name and the page's address;
    the charts' "下载图表数据 CSV · 图表定义文件" links, which do nothing on paper, are left out."""
    page, _ = open_page(browser, f"{served.url}/{INDICATORS}")
    try:
        shown = "(s) => [...document.querySelectorAll(s)].filter(e => getComputedStyle(e).display !== 'none').length"
        assert page.evaluate(shown, ".pa-print-source") == 0 and page.evaluate(shown, ".pa-chart-links") > 20
        page.emulate_media(media="print")
        assert page.evaluate(shown, ".pa-chart-links") == 0
        source = page.locator(".pa-print-source")
        assert source.count() == 1 and page.evaluate(shown, ".pa-print-source") == 1
        assert "产业园区清洁生产审核公示" in source.inner_text() and INDICATORS in source.inner_text()
    finally:
        page.close()
