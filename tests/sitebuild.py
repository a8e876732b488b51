"""A demo site built once per test session in a temporary copy of the project, served on
localhost, for the browser tests. The copy keeps the repository itself untouched."""

from __future__ import annotations

import functools
import http.server
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
