"""A generated page (`body: html`) is not converted by Python-Markdown: the plugin replaces its
render with render_empty, which must leave the page exactly as MkDocs' own render of an empty
Markdown source does (the plugin then gives it its body and table of contents)."""

from __future__ import annotations

import logging

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.site.plugin import render_empty

from ..csvedit import REPO


def _state(page: Page) -> dict:
    return {"content": page.content, "toc": [repr(item) for item in page.toc], "title_from_render": page._title_from_render,
            "present_anchor_ids": page.present_anchor_ids, "links_to_anchors": page.links_to_anchors, "title": page.title}


def _config():
    logging.disable(logging.WARNING)
    try:
        return load_config(str(REPO / "mkdocs.yml"))
    finally:
        logging.disable(logging.NOTSET)


def _page(tmp_path, config) -> tuple[Page, Files]:
    source = tmp_path / "docs" / "reports" / "syn-00001"
    source.mkdir(parents=True, exist_ok=True)
    (source / "index.md").write_text("---\ntitle: 合成园区0001\nbody: html\n---\n<h2 id=\"a\">概况</h2>\n", encoding="utf-8")
    file = File("reports/syn-00001/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=False)
    page = Page(None, file, config)
    page.read_source(config)
    return page, Files([file])


def test_render_empty_leaves_what_mkdocs_leaves_for_an_empty_page(tmp_path):
    config = _config()
    pages = []
    for _ in range(2):
        page, files = _page(tmp_path, config)
        page.markdown = ""  # what on_page_markdown hands on for such a page
        pages.append((page, files))
    (theirs, files), (ours, _) = pages
    theirs.render(config, files)
    render_empty(ours, config, files)
    assert _state(ours) == _state(theirs)
    assert _state(ours)["title"] == "合成园区0001" and _state(ours)["content"] == ""


def test_the_plugin_spares_a_generated_page_python_markdown(tmp_path, monkeypatch):
    import mkdocs.structure.pages as pages

    from generator.site.plugin import IncrementalPlugin

    config = _config()
    page, files = _page(tmp_path, config)
    plugin = IncrementalPlugin()
    page.markdown = plugin.on_page_markdown(page.markdown, page=page, config=config, files=files)
    built = []
    real_markdown = pages.markdown.Markdown
    monkeypatch.setattr(pages.markdown, "Markdown", lambda *a, **k: built.append(1) or real_markdown(*a, **k))
    page.render(config, files)
    assert built == [] and page.content == ""
    body = plugin.on_page_content(page.content, page=page, config=config, files=files)
    assert '<h2 id="a">概况</h2>' in body and [item.title for item in page.toc] == ["概况"]
    # a later plugin that gives the page Markdown after all: the engine converts it
    page.markdown = "# 另一个标题"
    page.render(config, files)
    assert built == [1] and "另一个标题</h1>" in page.content
