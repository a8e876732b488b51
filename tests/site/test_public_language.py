"""Public language only (issue 13, item 4): on the pages written for readers, no code from the data
package schemas or from indicators.yaml is visible as raw text (field names, enum codes such as
solid_waste, units such as 10^4 CNY, indicator and variable ids, category and system ids). The
code forms stay in folded technical notes (closed <details>, not visible until opened), on the
data dictionary and on the reviewers' pages, which this test does not read."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from ..csvedit import REPO
from ..sitebuild import Server
from .test_site_browser import PAGE_TYPES, open_page

READER_PAGES = ("home", "portal", "overview", "indicators", "key-enterprises", "chains", "enterprises", "measures", "changes", "methodology")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def codes() -> set[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                found.add(node["name"])
            for value in (node.get("constraints") or {}).get("enum", []):
                # codes (lowercase, or with a power of ten), not chemical symbols (CO2, NOx) nor Chinese labels
                if isinstance(value, str) and re.fullmatch(r"[a-z_]{2,}|.*\^.*", value):
                    found.add(value)
            if isinstance(node.get("unit"), str) and "^" in node["unit"]:
                found.add(node["unit"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in (REPO / "data" / "schemas").glob("*.json"):
        walk(json.loads(schema.read_text(encoding="utf-8")))
    config = yaml.safe_load((REPO / "indicators.yaml").read_text(encoding="utf-8"))
    for ind_id, ind in config["indicators"].items():
        found.add(ind_id)
        found.update(IDENTIFIER.findall(ind.get("formula", "")))
    def benchmark_codes(node):  # the benchmarks' expressions and conditions: variable names too
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("expression", "condition") and isinstance(value, str):
                    found.update(IDENTIFIER.findall(value))
                elif key == "benchmarks" and isinstance(value, dict):
                    found.update(w for v in value.values() if isinstance(v, str) for w in IDENTIFIER.findall(v))
                    benchmark_codes(value)
                else:
                    benchmark_codes(value)
        elif isinstance(node, list):
            for value in node:
                benchmark_codes(value)

    benchmark_codes(config["systems"])
    for sys_id, system in config["systems"].items():
        found.add(sys_id)
        for category in system.get("categories", []) if isinstance(system.get("categories"), list) else (system.get("categories") or {}):
            if isinstance(category, dict) and category.get("id"):
                found.add(category["id"])
            elif isinstance(category, str):
                found.add(category)
    # short words that are also plain units or functions of the formula language, never shown as codes
    return {c for c in found if len(c) >= 3 and c not in {"if", "min", "max", "sum", "abs", "and", "not", "or"}}


def visible_codes(text: str, known: set[str]) -> list[str]:
    hits = []
    for code in sorted(known):
        if re.search(rf"(?<![A-Za-z0-9_^./-]){re.escape(code)}(?![A-Za-z0-9_^])", text):
            hits.append(code)
    return hits


def test_the_check_finds_a_code():
    known = codes()
    assert {"solid_waste", "energy_intensity", "value_added", "10^4 CNY", "management", "water_scarce_city", "wwtp_online_monitoring"} <= known
    assert visible_codes("针对 solid_waste，投资 3 10^4 CNY", known) == ["10^4 CNY", "solid_waste"]
    assert visible_codes("针对 一般工业固体废物，投资 3 万元；CO2 与 SO2", known) == []


@pytest.fixture(scope="module")
def served(demo_build):
    with Server(demo_build.project / "site") as server:
        yield server


@pytest.mark.parametrize("kind", READER_PAGES)
def test_no_code_is_visible_on_reader_pages(served, browser, kind):
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES[kind]}", width=1366)
    try:
        page.wait_for_timeout(300)
        # every tab's content is for readers too (the indicators page's 表格 and 说明); folded
        # technical notes stay closed
        page.evaluate("() => document.querySelectorAll('article .tabbed-block').forEach(b => { b.style.display = 'block'; })")
        text = page.inner_text("article") + "\n" + page.inner_text("nav.md-nav--primary")
        hits = visible_codes(text, codes())
        assert not hits, f"{kind} shows codes to readers: {hits}"
    finally:
        page.close()


def test_operator_guide_is_not_in_the_public_navigation(served, browser):
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES['portal']}")
    try:
        nav = page.inner_text("nav.md-nav--primary")
        assert "使用指南" not in nav and "发布与审阅" not in nav, nav
        assert page.locator("nav.md-nav--primary a[href*='guide/']").count() == 0
    finally:
        page.close()
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES['methodology']}")
    try:
        assert page.locator("article a[href*='guide/publishing']").count() == 1  # still reachable, from 运维与审阅
    finally:
        page.close()
