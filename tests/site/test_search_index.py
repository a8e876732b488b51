"""The search index ParkAudit writes (generator/site/search_index.py): Material's worker finds a park
by a Chinese name followed by digits and an enterprise by its full name, first; the index is UTF-8,
holds the names from the tables but not their figures."""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlsplit

import pytest

from generator.build import build
from generator.site.search_index import FIGURE, TABLE, TAG

from ..conftest import CHROMIUM
from ..csvedit import read_rows, write_rows
from ..sitebuild import Server, copy_project, search

# three parks whose names differ only in their digits, as synthetic national data names them
# (scripts/make_synthetic_data.py): the query must pick the one whose number it gives
NAMES = {"anning-ip": "合成园区0042经济技术开发区", "qujing-etdz": "合成园区0041经济技术开发区", "yanglin-etdz": "合成园区0420工业园区"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("search"))
    for park, name in NAMES.items():
        for folder in sorted(p for p in (project / "data" / park).iterdir() if p.is_dir()):
            header, rows = read_rows(folder / "park.csv")
            rows[0]["park_name"] = name
            write_rows(folder / "park.csv", header, rows)
    build(project, site_dir=project / "site")
    return project


def _index(project) -> tuple[str, dict]:
    text = (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    return text, json.loads(text)


def _latest_enterprises(project, park: str) -> list[str]:
    latest = max(p for p in (project / "data" / park).iterdir() if p.is_dir())
    return [r["enterprise_name"] for r in read_rows(latest / "enterprises.csv")[1]]


def test_index_is_utf8_in_materials_format(project):
    text, index = _index(project)
    assert set(index) == {"config", "docs"}
    assert {"lang", "separator", "pipeline", "fields"} <= set(index["config"])
    assert index["docs"] and all(set(d) >= {"location", "title", "text"} for d in index["docs"])
    docs = text[text.index('"docs":'):]  # (the separator in config is a regular expression that names \u200b)
    assert "\\u200b" not in docs and not re.search(r"\\u[4-9][0-9a-f]{3}", docs), "escaped Chinese or zero-width spaces"
    assert "合成" in docs and "\u200b" in docs


def test_index_has_the_names_from_tables_but_not_their_figures(project):
    _text, index = _index(project)
    indexed = "".join(d["title"] + " " + d["text"] for d in index["docs"]).replace("\u200b", "")
    # every enterprise of the latest cycle is in some table, and so in the index
    for park in NAMES:
        missing = [n for n in _latest_enterprises(project, park) if n not in indexed]
        assert not missing, missing[:5]
    # a figure printed only inside tables (nowhere in a page's prose) is not in the index
    in_tables, in_prose = set(), set()
    for page in (project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        for table in TABLE.findall(article):
            in_tables |= set(FIGURE.findall(TAG.sub(" ", table)))
        in_prose |= set(FIGURE.findall(TAG.sub(" ", TABLE.sub(" ", article))))
    only_in_tables = {f for f in in_tables - in_prose if len(f) >= 5}  # 0.267, 1,234: not 2.0 or a date
    assert len(only_in_tables) > 100
    found = sorted(f for f in only_in_tables if re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d.,])", indexed))
    assert not found, found[:10]


def test_search_index_is_smaller_than_materials(project, tmp_path):
    """The same site indexed by Material's plugin alone (ParkAudit's plugin left out of mkdocs.yml)."""
    import subprocess
    import sys

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - parkaudit-incremental\n" in config
    (project / "material-only.yml").write_text(config.replace("  - parkaudit-incremental\n", ""), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "material-only.yml"), "-d", str(tmp_path / "m")],
                   cwd=project, check=True, capture_output=True)
    ours = (project / "site" / "search" / "search_index.json").stat().st_size
    theirs = (tmp_path / "m" / "search" / "search_index.json").stat().st_size
    assert ours < theirs / 2, (ours, theirs)


needs_browser = pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="chromium not installed (run ./scripts/test)")


@needs_browser
def test_a_park_name_with_digits_finds_that_park_first(project, browser):
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            links = search(page, "合成园区0042")
            assert links and "/reports/anning-ip/" in links[0], links[:5]
            links = search(page, "合成园区0420")
            assert links and "/reports/yanglin-etdz/" in links[0], links[:5]
        finally:
            page.close()


@needs_browser
def test_a_full_enterprise_name_finds_its_park_page_first(project, browser):
    elsewhere = {n for p in NAMES if p != "qujing-etdz" for n in _latest_enterprises(project, p)}
    name = max((n for n in _latest_enterprises(project, "qujing-etdz") if n not in elsewhere), key=len)
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            links = search(page, name)
            assert links and "/reports/qujing-etdz/" in links[0], (name, links[:5])
            target = urlsplit(links[0]).path.lstrip("/")
            assert name in (project / "site" / target).read_text(encoding="utf-8"), (name, target)
        finally:
            page.close()


def _deep_in_its_section(project, park: str) -> str:
    """A full enterprise name of `park` (found nowhere else in the index) whose table cell comes in
    its section after two cells that share 有限公司 with it: Material's excerpt, the first two
    paragraphs holding a word of the query, shows those and not the name."""
    _text, index = _index(project)
    everywhere = "".join(d["title"] + d["text"] for d in index["docs"]).replace("\u200b", "")
    for doc in index["docs"]:
        if not doc["location"].startswith(f"reports/{park}/enterprises.html#"):
            continue
        cells = [TAG.sub("", p).replace("\u200b", "") for p in re.findall(r"<p>(.*?)</p>", doc["text"], re.S)]
        for i, cell in enumerate(cells):
            if cell.endswith("有限公司") and everywhere.count(cell) == 1 and sum("有限公司" in c for c in cells[:i]) >= 2:
                return cell
    raise AssertionError(f"no enterprise of {park} deep in a section of its enterprises page")


@needs_browser
@pytest.mark.parametrize("width", [1366, 390])
def test_a_full_enterprise_name_is_shown_in_its_results_excerpt(project, browser, width):
    """The section that holds the name comes first, and its excerpt shows the name, marked: Material
    showed the table's first firms that share 有限公司 with it, and a reader could not tell the
    result held the firm searched for."""
    name = _deep_in_its_section(project, "qujing-etdz")
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            if width < 1000:
                page.locator("label.md-header__button[for='__search']").click()
            links = search(page, name)
            assert links and "/reports/qujing-etdz/enterprises.html" in links[0], (name, links[:5])
            shown = page.eval_on_selector_all(
                ".md-search-result__item:first-child .md-search-result__link:not(.md-search-result__more *) article > p:not(.md-search-result__terms)",
                "els => els.filter(p => p.offsetParent !== null).map(p => ({text: p.textContent, marked: [...p.querySelectorAll('mark')].map(m => m.textContent)}))")
        finally:
            page.close()
    flat = [{"text": s["text"].replace("\u200b", "").strip(), "marked": [m.replace("\u200b", "") for m in s["marked"]]} for s in shown]
    assert flat and flat[0] == {"text": name, "marked": [name]}, (name, flat)


@needs_browser
@pytest.mark.parametrize("query", ["化学需氧量", "单位工业增加值"])
def test_a_chinese_query_marks_no_word_missing_that_a_result_holds(project, browser, query):
    """Material splits a Chinese query into the index's words and marked every word but the last
    missing (缺少, struck out) on every result, under the very word it highlighted. A result whose
    entry holds a word of the query must not call it missing."""
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            assert search(page, query)
            page.wait_for_timeout(500)
            # every result shown (a page and its sections), with the words it says it is missing
            shown = page.eval_on_selector_all(".md-search-result__link", """els => els.map(a => ({href: a.href,
                missing: [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent.replace(/\\*+$/, ''))}))""")
        finally:
            page.close()
    _text, index = _index(project)
    entries = {d["location"]: (d["title"] + d["text"]).replace("\u200b", "") for d in index["docs"]}
    assert len(shown) >= 3, shown
    wrong, found = [], []
    for result in shown:
        link = urlsplit(result["href"])  # (its ?h= asks the page to highlight the query)
        location = link.path.lstrip("/") + (f"#{link.fragment}" if link.fragment else "")
        assert location in entries, location
        wrong += [(location, word) for word in result["missing"] if word in entries[location]]
        found.append(query in entries[location])
    assert not wrong, wrong[:5]
    assert any(found)


@needs_browser
def test_text_that_arrives_without_a_key_is_searched_at_once(project, browser):
    """Text pasted from a phone's long-press menu, dictated or picked from an input method's list
    reaches the search box as input with no key released, on which Material searches:
    overrides/main.html hands it on. The first query (typed) loads the index; the second arrives
    without a key, and its own park must come first, not the first query's results."""
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            page.locator("label.md-header__button[for='__search']").click()  # a phone's search button opens the box
            links = search(page, "合成园区0420")
            assert links and "/reports/yanglin-etdz/" in links[0], links[:5]
            box = page.locator(".md-search__input")
            box.fill("")
            page.keyboard.insert_text("合成园区0042")  # an input event only: no keydown, no keyup
            page.wait_for_function("() => { const a = document.querySelector('.md-search-result__link');"
                                   " return a && a.href.includes('/reports/anning-ip/'); }", timeout=15000)
        finally:
            page.close()


@needs_browser
def test_the_index_is_downloaded_on_first_use_of_the_search_box(project, browser):
    """The home page does not download the index with the page (overrides/main.html holds Material's
    request back); opening the search box does, and search then works."""
    with Server(project / "site") as server:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        asked = []
        page.on("request", lambda r: asked.append(r.url))
        try:
            page.goto(f"{server.url}/index.html", wait_until="networkidle")
            page.wait_for_timeout(500)
            assert not [u for u in asked if "search_index" in u], asked
            links = search(page, "合成园区0041")
            assert [u for u in asked if u.endswith("/search/search_index.json")]
            assert links and "/reports/qujing-etdz/" in links[0], links[:5]
        finally:
            page.close()


def _sections(reader, html: str) -> list[tuple]:
    reader.feed(html)
    reader.close()
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.is_excluded(), "".join(s.title), "".join(s.text)) for s in reader.data]


def test_the_fast_section_reader_divides_every_page_as_materials_parser(project):
    """search_index.SectionReader stands in for Material's html.parser-based Parser when the plugin
    indexes a page (plugin._hook_search): on every page of the demo, as built and as the index sees
    it (tables reduced to their names), both give the same sections."""
    import material.plugins.search.plugin as material

    from generator.site.search_index import SectionReader, searchable_html

    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for variant in (html, searchable_html(html)):
            assert _sections(SectionReader(material), variant) == _sections(material.Parser(), variant), page


def test_the_fast_section_reader_keeps_materials_rules_on_awkward_html():
    """What the demo's pages do not have: entities in text and attributes, a self-closing tag, script
    and style content holding tags, an element excluded from search, a heading nested in another
    element, permalinks, a comment and whitespace in <pre>."""
    import material.plugins.search.plugin as material

    from generator.site.search_index import SectionReader

    html = ("<p>前言 &amp; &lt;x&gt; &#x4e2d;</p><!-- 注释 --><h1 id='t'>标题<a class=\"headerlink\" href=\"#t\">¶</a></h1>"
            "<div data-search-exclude><p>不要</p><div>内层</div><p>之后</p></div><br/><img src=x alt='a &quot;b&quot;'>"
            "<script>var a = '<p>脚本</p>';</script><style>p > a {}</style><section><h2 id=\"s\" class=linenodiv>二</h2>"
            "<pre><code>a\n\n  b</code></pre></section><ul><li>  </li><li>项</li></ul><p>\n</p><h3 id=\"e\" data-search-exclude>排除</h3><p>末</p>")
    assert _sections(SectionReader(material), html) == _sections(material.Parser(), html)


def test_an_indicator_is_found_by_its_name_not_by_its_park_figures_or_definition(project):
    """The indicators page of a park: each indicator's section is in the index under its name, but
    not its one-sentence summary (figures in words), its tables or its 说明 tab; the definition is
    found on the methodology page, once."""
    _, index = _index(project)
    docs = index["docs"]
    plain = lambda s: s.replace("\u200b", "")
    section = [d for d in docs if d["location"] == "reports/anning-ip/indicators.html#energy_intensity"]
    assert section and "综合能耗" in plain(section[0]["title"])
    page_text = " ".join(plain(d["text"]) for d in docs if d["location"].startswith("reports/anning-ip/indicators.html"))
    assert "计算方法" not in page_text and "基准来源" not in page_text  # the 说明 tab's terms
    assert not re.search(r"距 I+ 级：需", page_text)  # the distance to the next level, per indicator
    assert not re.search(r"年度单位工业增加值综合能耗（当量值）为", page_text)
    method = " ".join(plain(d["text"]) for d in docs if d["location"].startswith("reports/methodology/"))
    assert "综合能源消费量" in method  # the definition, where it is indexed


def test_the_hj274_section_is_found_by_its_verdict_and_its_explanation_is_indexed_once(project):
    """Each park's HJ 274 section is in the index by its result and what fell short; the system's
    description (the same on every park's page) is indexed once, and the list of the groups'
    results (data-search-exclude; the summary names failed groups) not at all."""
    _, index = _index(project)
    plain = lambda s: s.replace("\u200b", "")
    sections = {d["location"]: plain(d["text"]) for d in index["docs"] if d["location"].endswith("indicators.html#hj274")}
    assert len(sections) == len(NAMES) + 1  # every park with an indicators page: the demo has four
    score = json.loads((project / "results" / "anning-ip" / "2025" / "score.json").read_text(encoding="utf-8"))
    comp = next(s for s in score["systems"].values() if s["method"] == "compliance")
    verdict = f"{comp['name']['zh']}：{'通过' if comp['passed'] else '未通过'}。"
    assert verdict in sections["reports/anning-ip/indicators.html#hj274"]
    everything = " ".join(plain(d["text"]) for d in index["docs"])
    assert everything.count(comp["description"]["zh"]) == 1
    assert "（至少一项）：" not in everything


def test_an_excluded_list_leaves_the_lists_after_it_indexed():
    from generator.site.search_index import searchable_html

    html = "<ul data-search-exclude><li>甲组：通过</li></ul><p>正文</p><ul><li>乙项</li></ul>"
    assert searchable_html(html) == "<p>正文</p><ul><li>乙项</li></ul>"
