"""Page types are modules in generator/render/pages/, found automatically: every park page type is
reachable from the park navigation, every page module's templates exist, and a new page module
needs no edit elsewhere to be rendered and linked."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest

from generator.score import load_config
from generator.render import pages
from generator.render import stage as render_stage
from generator.render.pages import ParkPage, SitePage

REPO = Path(__file__).resolve().parents[2]
PARK = "anning-ip"  # any park of the committed results


def _nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="pa-parknav".*?</nav>', html, re.S)
    assert nav, "no park navigation"
    return re.findall(r'<a[^>]* href="([^"]+)\.html"', nav.group(0))


def _render_park(warnings=()):
    park = render_stage.load_results(REPO / "results", None, only=PARK)[0]
    files, _ = render_stage.park_pages(park, REPO / "data", list(warnings), config=load_config(REPO / "indicators.yaml"))
    return {name: data for name, data in files.items() if "/" not in name and name.endswith(".md")}


def test_every_page_module_declares_a_page_type_and_its_templates_exist():
    modules = pages.modules()
    assert len(modules) >= 11  # nine park page types, the portal and the methodology
    for module in modules:
        assert isinstance(module.PAGE, (ParkPage, SitePage)), module.__name__
        assert callable(getattr(module, "context" if isinstance(module.PAGE, ParkPage) else "files", None)), module.__name__
        for template in module.PAGE.templates:
            assert (render_stage.TEMPLATES / template).is_file(), f"{module.__name__}: no template {template}"


def test_park_pages_have_distinct_slugs_and_positions():
    declared = [m.PAGE for m in pages.park_pages()]
    assert len({p.slug for p in declared}) == len(declared)
    assert len({p.position for p in declared}) == len(declared)  # the navigation's order is never a tie


def test_the_navigation_macro_links_every_registered_park_page_in_order():
    env = render_stage._environment()
    html = str(env.get_template("_macros.html.j2").module.parknav({"name": "x"}, "index"))
    assert _nav_links(html) == [m.PAGE.slug for m in pages.park_pages()]


def test_every_page_of_a_rendered_park_is_in_its_navigation_and_every_link_has_a_page():
    files = _render_park()
    slugs = [m.PAGE.slug for m in pages.park_pages()]
    assert sorted(files) == sorted(f"{s}.md" for s in slugs)
    for slug in slugs:
        text = files[f"{slug}.md"]
        assert _nav_links(text) == slugs, slug
        assert f'<a aria-current="page" href="{slug}.html">' in text, slug  # each page marks itself


@pytest.fixture
def extra_page(tmp_path, monkeypatch):
    """A park page type that exists only in this test: one module in a folder added to the page
    package's search path, and its template in a folder added to the template loader."""
    modules, templates = tmp_path / "modules", tmp_path / "templates"
    modules.mkdir()
    templates.mkdir()
    (modules / "ranking.py").write_text(textwrap.dedent('''
        from generator.render.pages import ParkPage

        PAGE = ParkPage(slug="ranking", label="排名", position=55, template="park_ranking.html.j2")


        def context(park):
            return {"n": park.doc["key_enterprises"]["count"]}
    ''').lstrip(), encoding="utf-8")
    (templates / "park_ranking.html.j2").write_text(textwrap.dedent('''
        {% import "_macros.html.j2" as m %}{{ m.front(park.name ~ " · 排名") }}

        <h1>{{ park.name }} · 排名</h1>
        {{ m.parknav(park, "ranking") }}
        <p>本期共 {{ n }} 家重点企业。</p>
    ''').lstrip(), encoding="utf-8")
    monkeypatch.setattr(pages, "__path__", [*pages.__path__, str(modules)])
    env = render_stage._environment()  # made after the new module is on the path, as in a fresh process
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(templates))])
    monkeypatch.setitem(render_stage._ENV, "env", env)
    yield
    sys.modules.pop(f"{pages.__name__}.ranking", None)


def test_a_new_page_module_is_found_rendered_and_linked(extra_page):
    assert "ranking" in [m.PAGE.slug for m in pages.park_pages()]
    files = _render_park()
    assert "ranking.md" in files
    assert "本期共" in files["ranking.md"] and '<a aria-current="page" href="ranking.html">排名</a>' in files["ranking.md"]
    for name, text in files.items():  # placed by its position: after 企业 (50), before 改进方案 (60)
        links = _nav_links(text)
        assert links.index("ranking") == links.index("enterprises") + 1 == links.index("measures") - 1, name


def test_without_the_new_module_there_is_no_such_page():
    # the fixture above leaves nothing behind: the registry is the folder, nothing else
    assert "ranking" not in [m.PAGE.slug for m in pages.park_pages()]
    assert f"{pages.__name__}.ranking" not in sys.modules
