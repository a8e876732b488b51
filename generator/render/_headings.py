"""Heading ids for the generated pages, as the site engine's Markdown (Python-Markdown's `toc`
extension, default settings) would give them: the pages are written as HTML, which the engine no
longer converts, and readers' bookmarks and links to `page.html#_3` should keep working. A heading
with an id keeps it; the others get the slug of their text (ASCII letters, digits, `-` and `_`
only, so a Chinese heading slugs to nothing), made unique on the page with `_1`, `_2`…"""

from __future__ import annotations

import html
import re

# Python-Markdown's own slug and de-duplication, so the ids are the ones its toc extension gave
from markdown.extensions.toc import slugify, unique

from generator.core import HEADING, ID_ATTR, heading_text


def with_heading_ids(page: str) -> str:
    """The page with an id on every heading (h1–h6), in document order."""
    used = {html.unescape(v) for v in ID_ATTR.findall(page)}

    def add_id(m: re.Match) -> str:
        level, attrs, inner = m.groups()
        if ID_ATTR.search(attrs):
            return m.group(0)
        slug = unique(slugify(html.unescape(heading_text(inner)), "-"), used)
        return f'<h{level} id="{html.escape(slug)}"{attrs}>{inner}</h{level}>'

    return HEADING.sub(add_id, page)
