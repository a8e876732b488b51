"""A site built from a park whose every data string is hostile (tests/sitebuild.py:make_hostile),
in headless Chromium: every page of that park and every page the whole site shares loads with no
dialog, no element or attribute the data made, no `javascript:` link, and the hostile strings
visible as the text they are, in the header, the tab title, the H1, the description, the industries
under each division heading, the charts' labels and tooltips, and the search results."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.render import pages

from ..sitebuild import (HOSTILE_CHAIN, HOSTILE_ENTERPRISES, HOSTILE_INDUSTRY, HOSTILE_MEASURES, HOSTILE_PARK, HOSTILE_RESOURCE_TITLE,
                         HOSTILE_UNKNOWN_CHAIN, Server, copy_project, draw_every_chart, make_hostile, search)

PARK = "anning-ip"
SITE_NAME = "产业园区清洁生产审核公示"

# What each page of the hostile park must show as text in its article, besides the park's name.
SHOWN = {
    "key-enterprises": [*HOSTILE_ENTERPRISES, HOSTILE_CHAIN],
    "chains": [HOSTILE_CHAIN],
    "enterprises": [*HOSTILE_ENTERPRISES, HOSTILE_INDUSTRY],
    "measures": [*HOSTILE_MEASURES, HOSTILE_CHAIN],
    "quality": [HOSTILE_UNKNOWN_CHAIN],
    "data": [HOSTILE_RESOURCE_TITLE],
}

# Installed before any page script runs: records every element or attribute that injected data
# could have made, including short-lived ones (a tooltip replaced on the next hover).
WATCH = """
(() => {
  const found = window.__paInjected = [];
  const check = (el) => {
    if (!(el instanceof Element)) return;
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}=${a.value}`);
      if (/href$/i.test(a.name) && /^\\s*javascript:/i.test(a.value)) found.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (el.tagName === "IMG" && /(^|\\/)x$/.test(el.getAttribute("src") || "")) found.push(`IMG src=${el.getAttribute("src")}`);
    // the site's chart specs are data in scripts of the site's own folder (charts/<page>.data.js,
    // JSON that cannot end its script), which the check on src below covers; inline scripts of
    // type application/json are inert data
    if (el.tagName === "SCRIPT" && el.type !== "application/json" && /alert\\(/.test(el.textContent)) found.push(`SCRIPT ${el.textContent}`);
    if (el.tagName === "SCRIPT" && el.src && !el.src.startsWith(location.origin + "/")) found.push(`SCRIPT src=${el.src}`);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") check(r.target);
      for (const n of r.addedNodes || []) {
        check(n);
        if (n.querySelectorAll) n.querySelectorAll("*").forEach(check);
      }
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""

INJECTED_NOW = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => /^on/i.test(a.name) || (/href$/i.test(a.name) && /^\\s*javascript:/i.test(a.value))
    || (el.tagName === 'IMG' && a.name === 'src' && a.value === 'x')
    ).map(a => `${el.tagName} ${a.name}=${a.value}`).concat(
      el.tagName === 'SCRIPT' && el.type !== 'application/json' && /alert\\(/.test(el.textContent) ? [`SCRIPT ${el.textContent}`] : []))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    make_hostile(project, PARK)
    build(project, site_dir=project / "site")
    with Server(project / "site") as server:
        server.root = project / "site"
        yield server


def site_pages(root: Path) -> list[str]:
    """Every page of the hostile park and every page that is not another park's."""
    others = {p.name for p in (root / "reports").iterdir() if p.is_dir() and p.name not in (PARK, "methodology", "charts")}
    found = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))]
    return [p for p in found if not (p.startswith("reports/") and p.split("/")[1] in others)]


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.add_init_script(WATCH)
    page.goto(url, wait_until="networkidle")
    draw_every_chart(page)
    return page, dialogs


def found(page) -> list[str]:
    """What injected data made on the page, once each and shortened (the attribute values are long)."""
    return sorted({f[:100] for f in page.evaluate("() => window.__paInjected") + page.evaluate(INJECTED_NOW)})


def text(page, selector: str) -> str:
    """An element's text as a reader sees it: Material's search segments Chinese words with zero
    width spaces, and templates indent; neither is part of the name."""
    return " ".join(page.eval_on_selector(selector, "el => el.textContent").replace("\u200b", "").split())


def hover_every_mark(page) -> list[str]:
    """Point at every bar and point of every chart; returns the tooltip texts seen."""
    seen = []
    for i in range(page.locator(".pa-chart").count()):
        page.locator(".pa-chart").nth(i).scroll_into_view_if_needed()
        centres = page.eval_on_selector_all(f".pa-chart >> nth={i}", "figs => [...figs[0].querySelectorAll('.mark-rect path, .mark-symbol path')]"
                                            ".map(p => p.getBoundingClientRect()).filter(r => r.width && r.top >= 0 && r.bottom <= innerHeight)"
                                            ".map(r => [r.x + r.width / 2, r.y + r.height / 2])")
        for x, y in centres:
            page.mouse.move(x, y)
            seen.append(page.evaluate("() => (document.getElementById('vg-tooltip-element') || {}).textContent || ''"))
    return seen


def test_every_page_type_is_covered(site):
    loaded = set(site_pages(site.root))
    for module in pages.park_pages():
        assert f"reports/{PARK}/{module.PAGE.slug}.html" in loaded
    for page in ("index.html", "reports/index.html", "reports/methodology/index.html", "reports/methodology/park_cp.html",
                 "reports/methodology/data-dictionary.html", "reports/methodology/validation-rules.html"):
        assert page in loaded


def test_hostile_data_is_text_on_every_page(site, browser):
    problems = []  # every page is looked at before the test fails: the message lists them all
    tooltips = []
    for path in site_pages(site.root):
        page, dialogs = open_page(browser, f"{site.url}/{path}")
        try:
            tooltips += hover_every_mark(page)
            injected = found(page)
            if dialogs or injected:
                problems.append((path, "dialogs or injected elements", sorted(set(dialogs)), injected))
            problems += [(path, *p) for p in shown_as_text(page, path)]
        finally:
            page.close()
    assert not problems, "\n".join(map(repr, problems))
    # the tooltips showed the hostile names, as text
    assert any(HOSTILE_CHAIN in t for t in tooltips), "no tooltip showed the hostile chain"
    assert any(HOSTILE_ENTERPRISES[1] in t for t in tooltips), "no tooltip showed a hostile enterprise"


def shown_as_text(page, path: str) -> list[tuple]:
    """Where the page does not show the hostile strings as they are: (what, expected, shown)."""
    out = []
    expect = lambda what, ok, want, got: None if ok else out.append((what, want, got))
    if path.startswith(f"reports/{PARK}/"):
        slug = path.rsplit("/", 1)[1].removesuffix(".html")
        h1, topic, title = text(page, "article h1"), text(page, "[data-md-component=header-topic]"), page.title()
        expect("H1", h1.startswith(HOSTILE_PARK), HOSTILE_PARK, h1)
        expect("header title", topic.startswith(HOSTILE_PARK + " · "), HOSTILE_PARK, topic)
        expect("tab title", title.startswith(HOSTILE_PARK + " · ") and title.endswith(" - " + SITE_NAME), HOSTILE_PARK, title)
        if slug != "changes":  # the only park page without a description of its own
            description = page.get_attribute("meta[name=description]", "content") or ""
            expect("description", description.startswith(HOSTILE_PARK + " "), HOSTILE_PARK, description)
        article = text(page, "article")
        for shown in SHOWN.get(slug, []):
            expect("article", shown in article, shown, "")
        if slug == "key-enterprises":  # each chart's one-sentence summary names the largest enterprise
            labels = " ".join(page.eval_on_selector_all(".pa-chart svg[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"))
            for name in HOSTILE_ENTERPRISES[:3]:
                expect("chart aria-label", name in labels, name, labels[:200])
        if slug == "enterprises":
            # a group's heading (and so the table of contents) is its division's standard name; the
            # industries from the data are the line below it, as text
            lines = [t for t in page.eval_on_selector_all("article p", "els => els.map(e => e.textContent)") if t.startswith("本组企业所属行业小类：")]
            expect("sub-class line", any(HOSTILE_INDUSTRY in t for t in lines), HOSTILE_INDUSTRY, lines)
            expect("table of contents", HOSTILE_INDUSTRY not in text(page, ".md-nav--secondary"), "division names only", "")
    if path == "reports/index.html":
        expect("portal", HOSTILE_PARK in text(page, "article"), HOSTILE_PARK, "")
    return out


@pytest.mark.parametrize("term", [HOSTILE_PARK, "安宁"])
def test_searching_the_hostile_name_shows_it_as_text(site, browser, term):
    page, dialogs = open_page(browser, f"{site.url}/index.html")
    try:
        links = search(page, term)
        assert any(f"reports/{PARK}/" in link for link in links), links
        page.wait_for_timeout(300)
        # every result is rendered: scroll the list so that Material draws the rest
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTop = el.scrollHeight")
        page.wait_for_timeout(300)
        injected = found(page)
        assert not dialogs and not injected, (sorted(set(dialogs)), injected)
        titles = page.eval_on_selector_all(".md-search-result__article h1, .md-search-result__article h2",
                                           "els => els.map(e => e.textContent.replace(/\\u200b/g, ''))")
        if term == "安宁":
            # Material marks the words searched for inside the escaped HTML of a result; a query
            # with '<', '&' or '"' in it then splits the entities of any title (Material's own
            # heading entries too), so the text reads exactly only for a query without them
            assert any(t.startswith(HOSTILE_PARK + " · ") for t in titles), titles
            assert any(t == HOSTILE_PARK for t in titles), titles
    finally:
        page.close()
