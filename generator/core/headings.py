"""The headings of a generated page's HTML, read by pattern: the render stage gives each its id
(generator/render/_headings.py) and the site engine's plugin builds the table of contents from
them (generator/site/plugin.py). One copy, so that both read a heading the same way.

The pages' markup is generated, and everything from data in it is escaped for HTML (JSON in
<script> escapes '<' too), so a heading or an id attribute can be found by pattern."""

from __future__ import annotations

import re

# a heading element: (level, its attributes with their leading space, its inner HTML)
HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
ID_ATTR = re.compile(r'\sid="([^"]*)"')
TAG = re.compile(r"<[^>]*>")


def heading_text(inner_html: str) -> str:
    """A heading's text as HTML (tags dropped, entities kept, whitespace collapsed)."""
    return " ".join(TAG.sub("", inner_html).split())
