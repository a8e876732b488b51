"""Every internal link of a built site leads somewhere: pages, charts, downloads, assets."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.build import build

from ..sitebuild import broken_links, copy_project

REPO = Path(__file__).resolve().parents[2]


def test_the_demo_site_has_no_broken_internal_link(demo_build):
    site = demo_build.project / "site"
    assert len(list(site.rglob("*.html"))) > 30
    assert broken_links(site) == {}


def test_the_park_navigation_links_every_park_page(demo_build):
    html = (demo_build.project / "site" / "reports" / "anning-ip" / "indicators.html").read_text(encoding="utf-8")
    nav = html[html.index('class="pa-parknav"'):]
    nav = nav[: nav.index("</nav>")]
    assert 'href="index.html"' in nav and 'href="data.html"' in nav and ".md" not in nav
    assert '<a aria-current="page" href="indicators.html">' in nav


def test_a_synthetic_ten_park_site_has_no_broken_internal_link(tmp_path):
    project = copy_project(tmp_path / "p")
    shutil.rmtree(project / "data")
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_synthetic_data.py"), "--parks", "10", "--cycles", "2",
                    "--enterprises", "15", "--seed", "3", "--out", str(project / "data")], check=True, capture_output=True)
    build(project, site_dir=project / "site")  # without the audit reports: PARKAUDIT_REPORTS=0 in the tests (conftest)
    assert len(list((project / "site" / "reports").glob("syn-*/index.html"))) == 10
    broken = broken_links(project / "site")
    # the reports this build was told not to make are the only missing targets: two links (overview,
    # downloads) to each park's PDF and .docx; the demo site above has its reports and no broken link
    reports = {link for link in broken if re.fullmatch(r"\.\./\.\./audit-reports/(syn-\d+)/\1-\d{4}\.(pdf|docx)", link)}
    assert len(reports) == 20 and all(len(broken[link]) == 2 for link in reports)
    assert {link: pages for link, pages in broken.items() if link not in reports} == {}


def test_the_checker_sees_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="b.html">b</a><a href="../ok.csv">ok</a><img src="x.png"><a href="#top">t</a>'
                                                '<a href="https://example.org/">e</a>', encoding="utf-8")
    (tmp_path / "ok.csv").write_text("x\n", encoding="utf-8")
    assert broken_links(tmp_path) == {"b.html": ["a/index.html"], "x.png": ["a/index.html"]}


def test_the_not_found_page_speaks_chinese_and_leads_home(demo_build):
    """A mistyped address shows the site's 404.html: in Chinese, with links to the home page and the
    parks' list, which start from the site's root (site_url), as every link of that page must."""
    from urllib.parse import urlsplit

    site = demo_build.project / "site"
    html = (site / "404.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "找不到此页面" in article and "Not found" not in html
    root = urlsplit(re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)).path
    links = re.findall(r'href="([^"#]+)"', article)
    assert len(links) == 2, links
    for link in links:
        assert link.startswith(root), link
        target = site / link[len(root):]
        assert (target / "index.html" if link.endswith("/") else target).is_file(), link
