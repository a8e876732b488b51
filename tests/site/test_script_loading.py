"""The Vega bundle (~900 KB) is loaded by the pages that draw a chart and by no other page: the
home page and the guides stay light (overrides/main.html decides from the page's content)."""

from __future__ import annotations

VEGA = "assets/vendor/vega-bundle.js"


def test_vega_bundle_only_on_pages_with_a_chart(demo_build):
    site = demo_build.project / "site"
    with_chart = without_chart = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="pa-chart"' in html
        loads_vega = VEGA in html
        assert loads_vega == has_chart, page.relative_to(site)
        if has_chart:
            # before charts.js, which draws with it when it runs
            assert html.index(VEGA) < html.index("assets/javascripts/charts.js"), page.relative_to(site)
        with_chart += has_chart
        without_chart += not has_chart
    assert with_chart and without_chart
    assert VEGA not in (site / "index.html").read_text(encoding="utf-8")


def test_page_scripts_only_where_they_have_work(demo_build):
    """charts.js on chart pages, portal.js on the portal, versions.js only in a site published per
    cycle (mike, extra.version: the demo build is not); tables.js on pages with a table (the home
    page has none: 0.8 KB of it put the home page over 300 KB)."""
    site = demo_build.project / "site"
    portals = with_table = without_table = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(site)
        if "<body" not in html:
            continue  # mike's redirect pages and the like
        assert ("assets/javascripts/charts.js" in html) == ('class="pa-chart"' in html), name
        assert ("assets/javascripts/portal.js" in html) == ('class="pa-portal ' in html), name
        portals += 'class="pa-portal ' in html
        assert "assets/javascripts/versions.js" not in html, name
        has_table = "<table" in html
        assert ("assets/javascripts/tables.js" in html) == has_table, name
        with_table += has_table
        without_table += not has_table
    assert portals == 1 and with_table and without_table
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "charts.js" not in home and "portal.js" not in home and "tables.js" not in home
