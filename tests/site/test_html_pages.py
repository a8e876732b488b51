"""Generated pages reach the site engine as HTML (issue 16, item 1): the body `parkaudit render`
writes is the body the site shows, unconverted, and the engine adds the theme, navigation and a
table of contents made from the page's headings. Hand-written pages stay Markdown."""

from __future__ import annotations

import re


def _body(source: str) -> str:
    front, body = source.split("\n---\n", 1)
    assert front.startswith("---\n") and "\nbody: html" in front + "\n"
    return body.strip()


def _article(page: str) -> str:
    return page[page.index("<article"):page.index("</article>")]


def test_every_generated_page_is_shown_as_written(demo_build):
    docs, site = demo_build.project / "docs" / "reports", demo_build.project / "site" / "reports"
    sources = sorted(docs.rglob("*.md"))
    assert len(sources) > 30
    for source in sources:
        body = _body(source.read_text(encoding="utf-8"))
        assert not re.search(r"^#+ |\]\(|^\|", body, re.M), source  # no Markdown left in it
        built = (site / source.relative_to(docs).with_suffix(".html")).read_text(encoding="utf-8")
        assert body in _article(built), source


def test_the_table_of_contents_lists_the_headings(demo_build):
    page = (demo_build.project / "site" / "reports" / "anning-ip" / "index.html").read_text(encoding="utf-8")
    toc = page[page.index('<nav class="md-nav md-nav--secondary"'):page.index('<div class="md-content"')]  # the right-hand sidebar
    headings = re.findall(r'<h[23] id="([^"]+)">(.*?)</h[23]>', _article(page))
    assert [h for h, _ in headings][:3] == ["_2", "iii", "_3"]  # 等级判定, 离 III 级…, 与上一周期相比
    linked = re.findall(r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', toc, re.S)
    assert linked[:len(headings)] == headings


def test_hand_written_pages_are_still_markdown(demo_build):
    source = (demo_build.project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "body: html" not in source
    article = _article((demo_build.project / "site" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"<h1 id=", article) and "](" not in article


def test_no_empty_banner_above_the_header(demo_build):
    """The theme shows its announcement banner when the template's announce block renders any
    text; without errata it must render nothing, or every page starts with an empty dark strip."""
    site = demo_build.project / "site"
    for page in ("index.html", "reports/index.html", "reports/anning-ip/index.html", "guide/data.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'data-md-component="announce">\s*</div>', html), page
