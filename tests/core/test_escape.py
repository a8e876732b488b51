"""Escaping per context: what comes from data shows as the same text, whatever it contains."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from generator.core import escape

HOSTILE = ["<script>alert(1)</script>", "A | B", "[x](javascript:alert(1))", "park's *bold* _x_ `code` #1 \\ {a} ~~s~~ ![i](j)", "&amp; &#39;"]


def cell_text(md: str) -> list[str]:
    out = markdown.markdown(md, extensions=["tables"])
    return [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", out, flags=re.S)]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_table_cell_shows_the_text(text):
    md = "| a | b |\n|---|---|\n| " + escape.md_cell(text) + " | end |\n"
    assert cell_text(md) == [text, "end"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_makes_no_markup(text):
    out = markdown.markdown(escape.md_text(text), extensions=["tables"])  # as on the site
    assert "<script" not in out and "<a " not in out and "<em>" not in out and "<code>" not in out and "<img" not in out
    assert html.unescape(re.sub(r"</?p>", "", out)) == text


def test_script_json_cannot_close_the_script_element():
    text = escape.script_json({"name": "</script><script>alert(1)</script>"})
    assert "</script" not in text and "<" not in text


def test_yaml_string_is_one_quoted_scalar():
    import yaml

    for text in HOSTILE + ["a: b\n- c", "'quoted'"]:
        assert yaml.safe_load(f"title: {escape.yaml_string(text)}") == {"title": text}


@pytest.mark.parametrize("text", HOSTILE + ['" onmouseover="alert(1)', "</title><img src=x onerror=alert(1)>", "A & B"])
def test_html_text_is_the_text_and_makes_no_markup(text):
    out = escape.html_text(text)
    assert "<" not in out and ">" not in out and not re.search(r"&(?!amp;|lt;|gt;)", out)
    assert html.unescape(out) == text


def test_html_attribute_value_cannot_end_the_attribute():
    out = escape.html('" onmouseover="alert(1)" x=\'')
    assert '"' not in out and "'" not in out
    assert html.unescape(out) == '" onmouseover="alert(1)" x=\''
