"""A demo site built once per test session in a temporary copy of the project, served on
localhost, for the browser tests, and what they do to it (hostile data, a search). The copy keeps
the repository itself untouched."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

from .csvedit import REPO, read_rows, write_rows

INJECTIONS = ("<script>alert(1)</script>", "A | B", "[x](javascript:alert(1))")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "indicators.yaml"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "data", dest / "data")
    shutil.copytree(REPO / "overrides", dest / "overrides")
    shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("reports", "vendor"))
    return dest


def inject_names(project: Path, park: str, cycle: str) -> list[str]:
    """Give the three largest energy users hostile names; returns their enterprise ids."""
    energy_header, energy = read_rows(project / "data" / park / cycle / "energy.csv")
    totals: dict[str, float] = {}
    for r in energy:
        totals[r["enterprise_id"]] = totals.get(r["enterprise_id"], 0.0) + float(r["quantity"] or 0)
    biggest = sorted(totals, key=lambda e: -totals[e])[: len(INJECTIONS)]
    path = project / "data" / park / cycle / "enterprises.csv"
    header, rows = read_rows(path)
    for r in rows:
        if r["enterprise_id"] in biggest:
            r["enterprise_name"] = INJECTIONS[biggest.index(r["enterprise_id"])]
    write_rows(path, header, rows)
    return biggest


def search(page, term: str) -> list[str]:
    """Search the site open in `page` (Playwright) and return the result links. Types like a person
    with an input method: the text arrives, then a key is released (Material searches on keyup).
    Retried while the search worker is still loading its index."""
    box = page.locator(".md-search__input")
    box.click()
    for _ in range(20):
        box.fill("")
        page.keyboard.insert_text(term)
        page.keyboard.press("End")
        page.wait_for_timeout(500)
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        if links:
            return links
    return []


def draw_every_chart(page, timeout: int = 15000) -> list[str]:
    """Scroll each chart of the page into view (charts.js draws a chart, and loads the page's chart
    data, only when it comes near the viewport), opening a closed <details> around it as a reader
    would (the portal's comparison), wait until all are drawn or failed, and return their states."""
    charts = page.locator(".pa-chart")
    for i in range(charts.count()):
        page.evaluate("i => { let d = document.querySelectorAll('.pa-chart')[i].parentElement;"
                      " for (; d; d = d.parentElement) if (d.tagName === 'DETAILS') d.open = true; }", i)
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("i => document.querySelectorAll('.pa-chart')[i].dataset.paDrawn", arg=i, timeout=timeout)
    page.wait_for_function("() => [...document.querySelectorAll('.pa-chart')].every(c => c.dataset.paDrawn === 'yes' || c.dataset.paDrawn === 'failed')",
                           timeout=timeout)
    return page.eval_on_selector_all(".pa-chart", "els => els.map(e => e.dataset.paDrawn)")


class Server:
    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def broken_links(site: Path) -> dict[str, list[str]]:
    """Internal links and sources (href, src) of every page of a built site whose target file does
    not exist: target → the pages that link to it. External URLs and in-page anchors are skipped
    (the site makes no external requests; tests/site/test_site_browser.py checks that)."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class _Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.links: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.links += [v for k, v in attrs if k in ("href", "src") and v]

    site = Path(site).resolve()
    broken: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "#")):
                continue
            path = unquote(parts.path)
            target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
            if path.endswith("/") or path == "":
                target = target / "index.html" if path else page
            if not target.resolve().exists():
                broken.setdefault(link, []).append(page.relative_to(site).as_posix())
    return broken


# --- a park whose every data string is hostile ---------------------------------------------------
# Each payload names where it would act: an alert's number says which string escaped. Jinja and
# Markdown syntax must come out as the same characters, so a template or Markdown engine that
# interprets data shows up as changed text ({{ 7*7 }} → 49) or a failed build ({% raw %}).
HOSTILE_PARK = '安宁</title><img src=x onerror=alert(1)>园区 & " onmouseover="alert(2) {{ 7*7 }} {% raw %} | [x](javascript:alert(3))'
HOSTILE_INDUSTRIES = '磷化工、<img src=x onerror=alert(4)>'
HOSTILE_ENTERPRISES = (
    "<script>alert(11)</script>公司",
    "<img src=x onerror=alert(12)>公司",
    '" onmouseover="alert(13)" x="公司',
    "[x](javascript:alert(14)) | {{ 7*7 }} {% raw %}公司",
)
HOSTILE_CHAIN = '<img src=x onerror=alert(21)>链 | " onmouseover="alert(22) {{ 7*7 }}'
HOSTILE_INDUSTRY = "<script>alert(31)</script>制造 {% raw %}"
HOSTILE_MEASURES = ("<img src=x onerror=alert(41)>方案", '[x](javascript:alert(42)) | " onmouseover="alert(43) {{ 7*7 }}')
HOSTILE_UNKNOWN_CHAIN = "<svg onload=alert(51)>未知链"  # a warning on the quality page quotes it
HOSTILE_RESOURCE_TITLE = "<img src=x onerror=alert(61)>园区概况"  # the data page lists the package's resource titles


def make_hostile(project: Path, park: str) -> dict[str, str]:
    """Give `park` (every cycle) a hostile name and leading industries, and its latest cycle
    hostile enterprise names (the largest energy users, so they are key enterprises and in the
    charts), a hostile chain and industry, hostile measure titles, a measure naming an unknown
    hostile chain (a validation warning quotes it) and a hostile resource title. Returns the
    latest cycle's enterprise id → hostile name."""
    folders = sorted(p for p in (project / "data" / park).iterdir() if p.is_dir())
    for folder in folders:
        header, rows = read_rows(folder / "park.csv")
        rows[0]["park_name"], rows[0]["leading_industries"] = HOSTILE_PARK, HOSTILE_INDUSTRIES
        write_rows(folder / "park.csv", header, rows)
    latest = folders[-1]
    _, energy = read_rows(latest / "energy.csv")
    totals: dict[str, float] = {}
    for r in energy:
        totals[r["enterprise_id"]] = totals.get(r["enterprise_id"], 0.0) + float(r["quantity"] or 0)
    biggest = sorted(totals, key=lambda e: -totals[e])[: len(HOSTILE_ENTERPRISES)]
    named = dict(zip(biggest, HOSTILE_ENTERPRISES))
    header, rows = read_rows(latest / "enterprises.csv")
    chain = rows[0]["chain"]
    industry = next(r["industry_name"] for r in rows if r["enterprise_id"] in named)
    for r in rows:
        r["enterprise_name"] = named.get(r["enterprise_id"], r["enterprise_name"])
        r["chain"] = HOSTILE_CHAIN if r["chain"] == chain else r["chain"]
        r["industry_name"] = HOSTILE_INDUSTRY if r["industry_name"] == industry else r["industry_name"]
    write_rows(latest / "enterprises.csv", header, rows)
    header, rows = read_rows(latest / "measures.csv")
    for r in rows:
        r["chain"] = HOSTILE_CHAIN if r["chain"] == chain else r["chain"]
    for r, title in zip(rows, HOSTILE_MEASURES):
        r["title"] = title
    unknown = next(r for r in rows if r["level"] == "产业链" and r["chain"] != HOSTILE_CHAIN)
    unknown["chain"] = HOSTILE_UNKNOWN_CHAIN
    write_rows(latest / "measures.csv", header, rows)
    descriptor = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["title"] = HOSTILE_RESOURCE_TITLE
    (latest / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return named
