"""The document model as one HTML page with a paged-media stylesheet (templates/report.css): what
WeasyPrint lays out into the PDF. Every text from data is HTML-escaped (core.html)."""

from __future__ import annotations

import base64
from pathlib import Path

from generator.core import html as esc
from generator.report import charts
from generator.report.fonts import FontChoice
from generator.report.model import Bullets, Document, Figure, Heading, KeyValues, Paragraph, Table

STYLESHEET = Path(__file__).parent / "templates" / "report.css"


def to_html(document: Document, fonts: FontChoice, *, svg=charts.svg) -> str:
    """`svg(spec, family)`: how a figure is drawn (vl-convert by default)."""
    m = document.meta
    css = (STYLESHEET.read_text(encoding="utf-8").replace("__BODY_FONTS__", _stack(fonts.body, fonts))
           .replace("__HEADING_FONTS__", _stack(fonts.heading, fonts)).replace("__RUNNING_HEAD__", _css_string(m.running_head)))
    head = [f'<meta charset="utf-8"><title>{esc(m.title)}</title>', f'<meta name="author" content="{esc(m.author)}">',
            f'<meta name="description" content="{esc(m.subject)}">', f'<meta name="keywords" content="{esc(", ".join(m.keywords))}">',
            '<meta name="generator" content="ParkAudit">']
    if m.date:  # WeasyPrint's PDF dates; without these the PDF carries none
        head += [f'<meta name="dcterms.created" content="{esc(m.date)}">', f'<meta name="dcterms.modified" content="{esc(m.date)}">']
    body = [_cover(document), _toc(document)]
    for block in document.blocks:
        body.append(_block(block, fonts, svg))
    return (f'<!DOCTYPE html>\n<html lang="{esc(m.language)}"><head>{"".join(head)}<style>{css}</style></head>\n<body>\n'
            + "\n".join(body) + "\n</body></html>\n")


def _stack(first: str, fonts: FontChoice) -> str:
    return ", ".join(f'"{f}"' for f in dict.fromkeys((first, fonts.body, fonts.heading))) + ", sans-serif"


def _css_string(text: str) -> str:
    """A CSS string literal (the page header comes from data)."""
    return '"' + "".join(f"\\{ord(ch):x} " if ch in '"\\<>' or ord(ch) < 32 else ch for ch in text) + '"'


def _cover(document: Document) -> str:
    c = document.cover
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in c.fields)
    fiction = f'<p class="fictional">{esc(c.fictional)}</p>' if c.fictional else ""
    return (f'<section class="cover"><p class="kicker">产业园区清洁生产审核</p><h1 class="title">{esc(c.title)}</h1>'
            f'<p class="subtitle">{esc(c.subtitle)}</p>{fiction}<table class="cover-fields">{rows}</table>'
            f'<p class="made-by">本报告由 ParkAudit 依据公示的审核结果生成。</p></section>')


def _toc(document: Document) -> str:
    items = "".join(f'<li class="toc-{h.level}"><a href="#{esc(h.anchor)}">{esc(h.text)}</a></li>' for h in document.headings(2))
    return f'<nav class="toc"><h1 class="toc-title">目录</h1><ul>{items}</ul></nav>'


def _block(block, fonts: FontChoice, svg) -> str:
    if isinstance(block, Heading):
        return f'<h{block.level} id="{esc(block.anchor)}">{esc(block.text)}</h{block.level}>'
    if isinstance(block, Paragraph):
        return f'<p class="{esc(block.style)}">{esc(block.text)}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, KeyValues):
        return '<table class="fields">' + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in block.items) + "</table>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        data = base64.b64encode(svg(block.spec, fonts.heading).encode("utf-8")).decode("ascii")
        return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{esc(block.summary)}">'
                f'<figcaption><span class="caption">{esc(block.caption)}</span> {esc(block.summary)}</figcaption></figure>')
    raise TypeError(f"unknown block {type(block).__name__}")


def _table(t: Table) -> str:
    total = sum(c.width for c in t.columns)
    cols = "".join(f'<col style="width:{c.width / total * 100:.1f}%">' for c in t.columns)
    head = "".join(f'<th class="{c.align}">{esc(c.title)}</th>' for c in t.columns)
    if t.rows:
        body = "".join("<tr>" + "".join(f'<td class="{c.align}">{esc(v)}</td>' for c, v in zip(t.columns, row)) + "</tr>" for row in t.rows)
    else:
        body = f'<tr><td class="empty" colspan="{len(t.columns)}">{esc(t.empty)}</td></tr>'
    note = f'<p class="table-note">{esc(t.note)}</p>' if t.note else ""
    size = " wide" if len(t.columns) >= 7 else ""
    return (f'<div class="table-block"><p class="caption">{esc(t.caption)}</p><table class="data{size}"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>")
