"""Escaping for each context data lands in. Anything that comes from a data package goes through
one of these before it reaches a page: a Markdown table cell, inline Markdown text, an HTML
attribute or text node, YAML front matter (HTML inside YAML, for a page's title and description),
or JSON inside a <script> element."""

from __future__ import annotations

import html as _html
import json

from markupsafe import escape as _html_escape

_MD_SPECIAL = "\\`*_{}[]()#+!|"


def html(value) -> str:
    """HTML text or a double-quoted attribute value."""
    return str(_html_escape("" if value is None else str(value)))


def html_text(value) -> str:
    """HTML text, not an attribute value: &, < and > as entities, quotes as they are (as
    Material's search index escapes the headings it reads)."""
    return _html.escape("" if value is None else str(value), quote=False)


def md_text(value) -> str:
    """Inline Markdown: &, < and > as entities (quotes need none in text, and '&#39;' would have
    its '#' escaped below), Markdown punctuation backslash-escaped, one line."""
    text = html_text(value).replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def md_cell(value) -> str:
    """A Markdown table cell: like md_text (which escapes the pipe); empty stays empty."""
    return md_text(value).strip() if value is not None else ""


def yaml_string(value) -> str:
    """A YAML scalar, always double-quoted (JSON strings are valid YAML). Front matter that the
    site engine prints as HTML (a page's title and description) is escaped for HTML first."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def script_json(data) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
