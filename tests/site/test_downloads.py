"""Downloads for people (issue 13, item 8): a chart's CSV opens in Chinese Excel (UTF-8 with a byte
order mark, Chinese headers with units) and reads back as the chart's data; sitemap.xml lists the
pages at the configured site URL."""

from __future__ import annotations

import csv
import io
import re

import yaml

from ..csvedit import REPO

PARK = "anning-ip"


def test_chart_csv_has_a_bom_and_chinese_headers(demo_build):
    charts = demo_build.project / "site" / "reports" / PARK / "charts"
    files = sorted(charts.glob("*.csv"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no BOM, Chinese Excel reads it as GBK"
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert any(re.search(r"[\u4e00-\u9fff]", h) for h in header), f"{path.name}: {header}"
    rows = list(csv.DictReader(io.StringIO((charts / "pareto-energy_tce.csv").read_bytes().decode("utf-8-sig"))))
    assert rows and {"企业", "数值（tce）", "占比 %", "累计占比 %", "重点企业"} <= set(rows[0])
    assert float(rows[-1]["累计占比 %"]) == 100.0


def test_sitemap_lists_the_pages_at_the_site_url(demo_build):
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    sitemap = (demo_build.project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert f"{site_url}reports/{PARK}/index.html" in locs, locs[:5]
    assert all(loc.startswith(site_url) for loc in locs)
