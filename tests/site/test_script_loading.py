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
