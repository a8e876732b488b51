"""The site's search index, as ParkAudit writes it: Material's format, without the number tables.

Material's search plugin stays enabled: the theme shows the search box only when it is, and its
worker (assets/javascripts/workers/search.*.js) reads `search/search_index.json` in the plugin's
format, `{"config": {"lang", "separator", "pipeline", "fields"}, "docs": [{"location", "title",
"text"}]}`. What goes into the index and how it is written is ours (generator/site/plugin.py hooks
the plugin's index; a plain `mkdocs build` or `properdocs build` with the plugin gives the same
file):

- what is indexed: every page's headings and prose, as Material's parser divides them into
  sections; of a table only the cells that hold a Han character (park, indicator, enterprise,
  chain and measure names, levels, states; a cell that lists things, item by item, split at
  "；"), each once per table, and without the measured
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
ITEM_SEPARATOR = re.compile(r"[；;]")
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def searchable_html(html: str) -> str:
    """The page's HTML as the index sees it: every table replaced by one paragraph per cell that
    holds a Han character (tags and measured figures removed, entities left as they are), each
    cell text once."""
    return TABLE.sub(_table_words, html)


def _table_words(match: re.Match) -> str:
    seen: dict[str, None] = {}
    for cell in CELL.findall(match.group(0)):
        # a cell that lists things (the reasons a key enterprise was chosen, with their shares)
        # is indexed item by item, so that each item is indexed once however the lists combine
        for item in ITEM_SEPARATOR.split(FIGURE.sub(" ", TAG.sub(" ", cell))):
            text = " ".join(item.split())
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


# --- the query side ------------------------------------------------------------------------------
# Material's worker segments the Han characters of a query by the words of its index, and leaves
# what follows them glued to the last word: "合成园区0042" becomes the one term "合成0042*" (the
# last word of a run is also lost: its segmenter never tries a slice that reaches the end of the
# run), so a park named by a Chinese name and a number is not found by them. The theme's worker
# is therefore wrapped: a listener registered before Material's own puts a space between Han
# characters and the Latin letters or digits next to them in every query message, then Material's
# worker is loaded unchanged from a copy beside it. Written by the plugin (write_query_worker).
WORKER_DIR = "assets/javascripts/workers"
WORKER = re.compile(r"^search\.[0-9a-f]+\.min\.js$")
QUERY_MESSAGE = 2  # SearchMessageType.QUERY of Material's worker (SETUP 0, READY 1, QUERY 2, RESULT 3)
WRAPPER = """// ParkAudit (generator/site/search_index.py): split Chinese from the digits and Latin letters
// next to it in search queries, then run Material's search worker unchanged. Material's worker
// (40 KB) is loaded with the first message, which comes with the index on first use of search.
var material = false;
self.addEventListener("message", function (event) {{
  var message = event.data;
  if (message && message.type === {query} && typeof message.data === "string") {{
    message.data = message.data
      .replace(/(\\p{{sc=Han}})(?=[0-9A-Za-z])/gu, "$1 ")
      .replace(/([0-9A-Za-z])(?=\\p{{sc=Han}})/gu, "$1 ");
  }}
  if (!material) {{
    material = true;
    importScripts(new URL({material}, self.location.href).href);
    // its listener was added during this event: hand it the message again
    event.stopImmediatePropagation();
    self.dispatchEvent(new MessageEvent("message", {{ data: message }}));
  }}
}});
"""


def material_worker_name(name: str) -> str:
    """Where the wrapper finds Material's worker: search.<hash>.min.js → search.<hash>.material.js."""
    return name[: -len(".min.js")] + ".material.js"


def write_query_worker(site, theme_worker, previous=None) -> None:
    """Put the wrapper in place of the theme's search worker in `site` (a Path), and Material's
    worker (the file `theme_worker`) beside it. A file that already has its bytes (linked from the
    previous site by an incremental build) is left as it is, and one that the `previous` site has
    with the same bytes is linked from there, timestamp included; any other is written anew and
    renamed into place, so a linked file is replaced, never written through."""
    import os
    from pathlib import Path

    folder = Path(site) / WORKER_DIR
    name = Path(theme_worker).name
    if not WORKER.match(name):
        return
    folder.mkdir(parents=True, exist_ok=True)  # an incremental build may have written no static file yet
    wrapper = WRAPPER.format(query=QUERY_MESSAGE, material=json.dumps(material_worker_name(name)))
    for target, data in ((folder / material_worker_name(name), Path(theme_worker).read_bytes()), (folder / name, wrapper.encode("utf-8"))):
        if target.is_file() and target.read_bytes() == data:
            continue
        before = Path(previous) / WORKER_DIR / target.name if previous is not None else None
        if before is not None and before.is_file() and before.read_bytes() == data:
            target.unlink(missing_ok=True)
            try:
                os.link(before, target)
                continue
            except OSError:  # another filesystem: written below
                pass
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
