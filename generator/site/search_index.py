"""The site's search index, as ParkAudit writes it: Material's format, without the number tables.

Material's search plugin stays enabled: the theme shows the search box only when it is, and its
worker (assets/javascripts/workers/search.*.js) reads `search/search_index.json` in the plugin's
format, `{"config": {"lang", "separator", "pipeline", "fields"}, "docs": [{"location", "title",
"text"}]}`. What goes into the index and how it is written is ours (generator/site/plugin.py hooks
the plugin's index; a plain `mkdocs build` or `properdocs build` with the plugin gives the same
file):

- what is indexed: every page's headings and prose, as Material's parser divides them into
  sections; of a table only the cells that hold a Han character (park, indicator, enterprise,
  chain and measure names, levels, states), each once per table, and without the measured
  figures in them (numbers with a decimal point or thousands separators; whole numbers such as
  years, codes and the 0042 of a park's name stay). At 89 parks the number tables were most of
  the index, and no reader searches for "0.267";
- each paragraph once in the whole index: a paragraph (or table cell) already indexed on an
  earlier page is left out of the later ones. Every park page repeats the same explanations
  (an indicator's definition, data source and benchmark source, the level labels); the first
  page that has them is found by them, and a park's own pages by what is its own. Done when the
  index is written, over the entries in MkDocs' page order, so an incremental build (which keeps
  each page's entries in its manifest) writes the same index as a clean one;
- Chinese is segmented once, at build time, by jieba as Material does (a zero-width space between
  words; runs already met are remembered, see plugin._memoised_segmenter): the worker splits the
  text with the configured separator, and segments a query by the words it finds in the index,
  so "合成园区0042" finds 合成 / 园区 / 0042 and a full enterprise name its own words;
- written as UTF-8 (`ensure_ascii=False`): Chinese takes 3 bytes instead of the 6 of `\\uXXXX`,
  and so does every zero-width space.

One file: Material's worker loads exactly `search/search_index.json` (or `search_index.js` on
file://), so the index is not split; docs/guide/publishing.md gives its measured size.
"""

from __future__ import annotations

import json
import re

TABLE = re.compile(r"<table\b.*?</table>", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a measured figure as render/format.py prints it: 0.267, -1.5, 12.0%, 435,656
FIGURE = re.compile(r"[-+−]?(?:\d+\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)%?")
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def searchable_html(html: str) -> str:
    """The page's HTML as the index sees it: every table replaced by one paragraph per cell that
    holds a Han character (tags and measured figures removed, entities left as they are), each
    cell text once."""
    return TABLE.sub(_table_words, html)


def _table_words(match: re.Match) -> str:
    seen: dict[str, None] = {}
    for cell in CELL.findall(match.group(0)):
        text = " ".join(FIGURE.sub(" ", TAG.sub(" ", cell)).split())
        if HAN.search(text):
            seen.setdefault(text, None)
    return "".join(f"<p>{text}</p>" for text in seen)


def without_repeats(entries: list[dict]) -> list[dict]:
    """The entries with every paragraph that an earlier entry already has left out (see above)."""
    seen: set[str] = set()

    def first_time(match: re.Match) -> str:
        key = match.group(1).strip("\u200b ")
        if key in seen:
            return ""
        seen.add(key)
        return match.group(0)

    out = []
    for entry in entries:
        text = " ".join(PARAGRAPH.sub(first_time, entry["text"]).split(" "))
        out.append(dict(entry, text=re.sub(r" {2,}", " ", text).strip()))
    return out


def index_text(search_config, entries: list[dict]) -> str:
    """search_index.json: Material's keys and order, compact, in UTF-8 (no \\uXXXX escapes)."""
    config = {key: search_config[key] for key in CONFIG_KEYS}
    return json.dumps({"config": config, "docs": without_repeats(entries)}, ensure_ascii=False, separators=(",", ":"), default=str)
