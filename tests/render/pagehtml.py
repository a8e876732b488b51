"""Reading a generated page's HTML in tests (the pages are written as HTML, generator/render/stage.py):
where a heading starts, and a table's rows as {header: cell} with each cell's inner HTML."""

from __future__ import annotations

import re

ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", re.S)


def heading(page: str, text: str) -> int:
    """Where the heading (any level) whose text starts with `text` begins; ValueError if none."""
    m = re.search(r"<h[1-6](?:\s[^>]*)?>" + re.escape(text), page)
    if not m:
        raise ValueError(f"no heading {text!r}")
    return m.start()


def has_heading(page: str, text: str) -> bool:
    return re.search(r"<h[1-6](?:\s[^>]*)?>" + re.escape(text), page) is not None


def section(page: str, start: str, end: str | None = None) -> str:
    """From the heading `start` to the heading `end` (or the end of the page)."""
    i = heading(page, start)
    return page[i:heading(page[i + 1:], end) + i + 1] if end else page[i:]


def rows(fragment: str) -> list[list[str]]:
    """The cells (inner HTML, stripped) of every row of the first table in `fragment`, header first."""
    table = fragment[fragment.index("<table"):fragment.index("</table>")]
    return [[c.strip() for c in CELL.findall(row)] for row in ROW.findall(table)]


def table(fragment: str, first_header: str) -> list[dict]:
    """The rows of the first table in `fragment` whose first header cell is `first_header`, as dicts."""
    for m in re.finditer(r"<table", fragment):
        head, *body = rows(fragment[m.start():])
        if head and head[0] == first_header:
            return [dict(zip(head, r)) for r in body]
    raise ValueError(f"no table headed {first_header!r}")
