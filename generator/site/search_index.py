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

Split at national scale (index_files). Below `split_bytes` (the plugin's `search_split_bytes`,
SPLIT_BYTES by default) the index is the one file above, byte for byte. Above it, the index is
split by park, so that no reader downloads the nation's index (28-70 KB a park: 71-174 MB at
2,543):

- `search/search_index.json`, what Material's page script fetches on first use of the search box
  and hands the worker: every page that is not a park's (home, portal, methodology, the guide)
  with all its entries; for every park one entry, the title of its overview page (the park's
  name), so a park is found by its name at once; and in `config.parkaudit` the list of shards,
  each with a Bloom filter of the words it holds (below);
- `search/search_index.<n>.json`: the entries of the pages of whole parks, in page order, each
  file as large as `split_bytes` allows (a park larger than that alone gets a file of its own).

The base grows by ~0.8 KB a park (its name, its share of the filters): 216 KB at 89 parks, ~2.1 MB
estimated at 2,543, so there it is larger than a shard but far below the 5 MB of the target.

The wrapper of the worker (search_worker.js) decides from the query which shards it needs, fetches them and
gives Material's worker the base and every shard loaded so far; the park's directory entry gives
way to its pages' entries. Material's worker answers first from what it has, then again once the
shards are in. A shard holds a query when its filter holds every key of the query: first the
whole runs of Han characters and the Latin or digit words (a full enterprise name, "0042"), and
when no shard holds them all, each pair of neighbouring Han characters (part of a name). When more
than `SHARD_LIMIT` shards hold the query, none is fetched: the query is too general (a word such
as 能源 is in every park), and the base answers it with the methodology and the parks' names.
A reader therefore downloads at most the base and SHARD_LIMIT shards for any query.

Why by park and by size rather than by province or by term: a province's parks differ in number
by a factor of ten (one file per province would be too large for some and tiny for others), and a
search engine split by term would not be Material's, whose index is built from whole documents;
a park's pages stay together, so its results rank as in one file. The cost: a query that names
no park or enterprise precisely (a word shared by many parks) finds no park page beyond the
names, and each new shard makes the worker build its index again (base + one 1.5 MB shard: ~3 s
measured on the busy benchmark machine; the answer from the base comes first meanwhile).

Pages that hold the whole query as typed come first (phraseFirst in search_worker.js): Material weighs a
title's words a thousand times over the text's, and every synthetic park's title shares 合成 with
every synthetic enterprise's name. A word of the query that a result's entry holds is marked found
(present in search_worker.js): Material's splitting of a Chinese query gave every word but the last
a second "*", and its results then said that word was missing (缺少) under the word highlighted.
A result whose excerpt (Material shows the first two paragraphs that hold a word of the query)
lacks the query as typed, while a paragraph of its entry holds it, shows that paragraph first
(lead in search_worker.js): a firm searched for by its full name is one cell of a table section,
and the excerpt showed the table's first firms that share 有限公司 with it.

Keys (index_keys, the same in Python and in the wrapper): text without tags and zero-width spaces;
the ASCII letters and digits lowercased, each run of them a key; each run of Han characters a
key, and each pair of neighbouring characters in it. The Bloom filter: FNV-1a over UTF-16 code
units with two seeds, BLOOM_HASHES probes, BLOOM_BITS bits a key (about 1 % false positives).

On file:// Material fetches `search_index.js` instead, which this project does not write (the
theme's offline plugin would, with a worker shim from the network), so search needs a web server
split or not.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re

# imported with the plugin: `parkaudit build` loads it before the site's pages are ready
# (site/warm_start.py), not while a rebuild waits for its search index
import numpy as np
import orjson

TABLE = re.compile(r"<table\b.*?</table>", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a measured figure as render/format.py prints it: 0.267, -1.5, 12.0%, 435,656
FIGURE = re.compile(r"[-+−]?(?:\d+\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)%?")
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
SPACES = re.compile(r" {2,}")  # what a paragraph left out leaves between its neighbours
# a list or navigation the page keeps out of the index (a park's page links, 0.14 MB of the index at
# 89 parks; one level: the generator nests none there), dropped before Material's parser sees it:
# that parser would skip every later element of its tag, as it skips all with an excluded one's tag
EXCLUDED_LIST = re.compile(r"<(ul|ol|nav)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", re.S)
ITEM_SEPARATOR = re.compile(r"[；;]")
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def searchable_html(html: str) -> str:
    """The page's HTML as the index sees it: every table replaced by one paragraph per cell that
    holds a Han character (tags and measured figures removed, entities left as they are), each
    cell text once; a table, list or nav marked data-search-exclude dropped whole."""
    if "data-search-exclude" in html:
        html = EXCLUDED_LIST.sub("", html)
    return TABLE.sub(_table_words, html)


def _table_words(match: re.Match) -> str:
    if "data-search-exclude" in match.group(0)[:match.group(0).index(">")]:
        return ""  # a table the page keeps out of the index, as Material would skip it
    seen: dict[str, None] = {}
    for cell in CELL.findall(match.group(0)):
        # a cell that lists things (the reasons a key enterprise was chosen, with their shares)
        # is indexed item by item, so that each item is indexed once however the lists combine
        for item in ITEM_SEPARATOR.split(FIGURE.sub(" ", TAG.sub(" ", cell))):
            text = " ".join(item.split())
            if HAN.search(text):
                seen.setdefault(text, None)
    return "".join(f"<p>{text}</p>" for text in seen)


# --- reading a page for the index, faster --------------------------------------------------------
# Material's search plugin divides a page into sections with its Parser (an html.parser subclass):
# html.parser scans the HTML in pure Python, and the Parser compares elements through Python-level
# __eq__/__hash__ on every tag and text (0.7 M calls for the demo's 48 pages). SectionReader does
# the same division with one regular expression and plain strings: the page HTML here is what
# Python-Markdown or the render stage wrote (well formed, no raw "<" in text). It keeps Material's
# rules exactly, quirks included (its elements compare by tag name only, so "in the title" means
# "inside any element with the heading's tag", and an excluded element's tag is skipped wherever
# it is open), and gives Material's Section objects to its create_entry_for_section. The index is
# the same, byte for byte: tests/site/test_search_index.py compares the two on every page of the
# demo, and docs/guide/publishing.md gives the time saved at 89 parks.
HTML_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"  # comments, declarations, processing instructions: nothing
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:\s*[^\s/>=][^\s/>=]*(?:\s*=\s*(?:'[^']*'|\"[^\"]*\"|[^'\"\s>]*))?)*)\s*(/?)>"
    r"|[^<]+|<", re.S)
HTML_ATTRIBUTE = re.compile(r"""([^\s/>=][^\s/>=]*)(?:\s*=\s*('[^']*'|"[^"]*"|[^'"\s>]*))?""")
RAW_TEXT = ("script", "style")  # html.parser's CDATA_CONTENT_ELEMENTS: their content is not HTML
HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
# Material's Parser: tags kept in the text, and tags that have no end (material/plugins/search/plugin.py)
KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"))


class SectionReader:
    """Material's search Parser (`parser_module`'s Parser, Element and Section), as `.feed(html)`,
    `.close()` and `.data` (the sections), without html.parser and without comparing objects.

    One pass over the HTML (html_tokens' scan inlined: resuming a generator for every token cost a
    third of the time), with the open elements counted by tag, so that "inside a skipped, title or
    pre element" is a dictionary look-up rather than a walk up the open elements, and a tag's
    attributes read only where Material looks at them: on a heading, on a link (a permalink) and
    on an element that may be excluded from search."""

    def __init__(self, parser_module):
        self.Element, self.Section = parser_module.Element, parser_module.Section
        self.data: list = []

    def close(self) -> None:
        pass

    def feed(self, html: str) -> None:
        from html import escape, unescape

        Element, Section, data = self.Element, self.Section, self.data
        tags: list[str] = []  # the open elements' tags (Material's context), and their attributes
        attributes: list[dict] = []
        open_count: dict[str, int] = {}  # tag → how many elements with that tag are open
        skip = {"object", "script", "style"}  # Material's skip set: its elements are equal by tag
        section = None
        title_tag = None  # the tag of the current section's heading element ("hx" for a preface)

        def skipping() -> bool:
            return any(open_count.get(t) for t in skip)

        def handle_data(text: str) -> None:  # Material's handle_data
            nonlocal section, title_tag
            if skipping():
                return
            if not open_count.get("pre"):
                text = text.replace("\n", " ") if not text.isspace() else " "
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
                title_tag = "hx"
            if open_count.get(title_tag):
                if not (open_count.get("a") and any(t == "a" and a.get("class") == "headerlink" for t, a in zip(tags, attributes))):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or open_count.get("pre"):
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))

        def handle_endtag(tag: str) -> None:  # Material's handle_endtag
            nonlocal section, title_tag
            if not tags or tags[-1] != tag:
                return
            if section.depth > len(tags):
                for earlier in reversed(data):
                    if earlier.depth <= len(tags):
                        section.depth = float("inf")
                        section = earlier
                        title_tag = earlier.el.tag
                        break
            tags.pop()
            attributes.pop()
            open_count[tag] -= 1
            if tag in skip:
                if tag not in ("script", "style", "object"):
                    skip.discard(tag)
                return
            if tag in KEEP and not skipping():
                out = section.title if open_count.get(title_tag) else section.text
                index = out.index(f"<{tag}>")
                for i in range(index + 1, len(out)):
                    if not out[i].isspace():
                        index = len(out)
                        break
                if len(out) > index:
                    del out[index:]
                else:
                    out.append(f"</{tag}>")

        no_attrs: dict = {}
        pending: list[str] = []  # text since the last tag: html.parser hands it over in one piece
        token, position, end = HTML_TOKEN.match, 0, len(html)
        while position < end:
            match = token(html, position)
            position = match.end()
            tag = match.group(2)
            if tag is None:
                if match.group(0)[:2] not in ("<!", "<?"):
                    pending.append(match.group(0))
                continue
            if pending:
                handle_data(unescape("".join(pending)))
                pending = []
            tag = tag.lower()
            if match.group(1):
                handle_endtag(tag)
                continue
            if tag in VOID:  # Material's handle_starttag ignores them (and their end, below, finds no match)
                if match.group(4):
                    handle_endtag(tag)
                continue
            raw = match.group(3)
            lowered = raw.lower()
            if raw and (tag in HEADINGS or tag == "a" or "&" in raw or "data-search-exclude" in lowered or "linenodiv" in lowered):
                attrs = {}
                for m in HTML_ATTRIBUTE.finditer(raw):
                    value = m.group(2)
                    attrs[m.group(1).lower()] = None if value is None else unescape(value[1:-1] if value[:1] in ("'", '"') else value)
            else:
                attrs = no_attrs  # none that Material looks at
            # Material's handle_starttag
            tags.append(tag)
            attributes.append(attrs)
            open_count[tag] = open_count.get(tag, 0) + 1
            if tag in HEADINGS and "id" in attrs:
                depth = len(tags)
                if tag != "h1" and not data:
                    section = Section(Element("hx"), depth)
                    data.append(section)
                section = Section(Element(tag, attrs), depth)
                if data:
                    section.id = attrs["id"]
                data.append(section)
                title_tag = tag
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
                title_tag = "hx"
            excluded = False
            for key, value in attrs.items():  # in order, the first that applies, as Material
                if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                    skip.add(tag)
                    excluded = True
                    break
            if not excluded and tag in KEEP and not skipping():
                (section.title if open_count.get(title_tag) else section.text).append(f"<{tag}>")
            if match.group(4):  # a self-closing tag: html.parser reports its end at once
                handle_endtag(tag)
            elif tag in RAW_TEXT:  # script, style: their content is not HTML, and never indexed (skipped)
                close = re.compile(rf"</{tag}\s*>", re.I).search(html, position)
                if close is None:
                    return
                if close.start() > position:
                    handle_data(html[position:close.start()])
                handle_endtag(tag)
                position = close.end()
        if pending:
            handle_data(unescape("".join(pending)))


def without_repeats(entries: list[dict]) -> list[dict]:
    """The entries with every paragraph that an earlier entry already has left out (see above).
    (The text is split at its paragraphs rather than substituted with a callback: ~2 million
    paragraphs at 2,543 parks, in the one process that merges the site's shards.)"""
    seen: set[str] = set()
    out = []
    for entry in entries:
        parts = PARAGRAPH.split(entry["text"])  # outside, inside, outside, …, outside
        for i in range(1, len(parts), 2):
            key = parts[i].strip("\u200b ")
            if key in seen:
                parts[i] = ""
            else:
                seen.add(key)
                parts[i] = "<p>" + parts[i] + "</p>"
        out.append(dict(entry, text=SPACES.sub(" ", "".join(parts)).strip()))
    return out


def index_text(search_config, entries: list[dict]) -> str:
    """search_index.json: Material's keys and order, compact, in UTF-8 (no \\uXXXX escapes)."""
    config = {key: search_config[key] for key in CONFIG_KEYS}
    return _dumps({"config": config, "docs": without_repeats(entries)})


def _dumps(value) -> str:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str). An entry, whose
    values are all str, by orjson: the same text (it escapes the same characters the same way),
    3× faster (220,000 entries at 2,543 parks); anything else, or what orjson refuses (a lone
    surrogate), by json."""
    if type(value) is dict and all(type(v) is str for v in value.values()) and all(type(k) is str for k in value):
        try:
            return orjson.dumps(value).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


# --- the split (see above) -----------------------------------------------------------------------
# the largest index file: at 89 parks (2.6 MB) the index is split in a base and two shards
SPLIT_BYTES = 1_500_000
# shards fetched for one query at most: a query downloads at most the base and 2 × 1.5 MB (a name
# is in one shard, two with a false positive of the filters)
SHARD_LIMIT = 2
INDEX_FILE = "search_index.json"
SHARD_FILE = "search_index.{}.json"
INDEX_FILES = re.compile(r"^search_index(\.\d+)?\.json$")
# a park's pages: docs/reports/<park>/…, as generator/render writes them (methodology is not a park)
PARK_PAGE = re.compile(r"^reports/(?!methodology/)([^/]+)/")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[0-9a-z]+")
BLOOM_HASHES = 7
BLOOM_BITS = 10  # bits a key: ~1 % false positives with 7 probes
FNV_SEEDS = (0x811C9DC5, 0x9747B28C)


def index_files(search_config, entries: list[dict], split_bytes: int | None = SPLIT_BYTES,
                filters: dict[str, dict] | None = None) -> dict[str, str]:
    """File name → text of every file of the site's search/ folder: the one search_index.json
    when it is at most `split_bytes` long (or `split_bytes` is None), else the base and its shards.

    `filters`, when given: the Bloom filters of shards written before, by the SHA-256 of the
    shard's text; a shard with the same text takes its filter from there instead of computing it
    again (reading every key of a shard was most of the index's cost in a one-park rebuild, where
    all shards but one are as before). On return it holds this index's filters only."""
    config = {key: search_config[key] for key in CONFIG_KEYS}
    docs = without_repeats(entries)
    # every entry is JSON-encoded once: a file's text is its entries' texts joined, which is what
    # json.dumps writes for the whole object with these separators (index_text, byte for byte)
    texts = [_dumps(d) for d in docs]
    whole = _json_file({"config": _dumps(config)}, texts)  # index_text, the paragraphs left out once
    if split_bytes is None or len(whole.encode("utf-8")) <= split_bytes:
        return {INDEX_FILE: whole}
    base, parks = [], {}  # base: (entry, its text); parks: park → its entries and texts, in page order
    for doc, text in zip(docs, texts):
        park = PARK_PAGE.match(doc["location"])
        if park is None:
            base.append(text)
            continue
        parks.setdefault(park.group(1), []).append((doc, text))
        if doc["location"] == f"reports/{park.group(1)}/index.html":  # the overview's title: the park's name
            base.append(_dumps({"location": doc["location"], "title": doc["title"], "text": ""}))
    shards: list[list[tuple[dict, str]]] = [[]]
    size = 0
    for pairs in parks.values():
        park_size = sum(len(text.encode("utf-8")) + 1 for _, text in pairs)
        if shards[-1] and size + park_size > split_bytes - 32:  # 32: the file's own braces and key
            shards.append([])
            size = 0
        shards[-1].extend(pairs)
        size += park_size
    files, listed, known, used = {}, [], filters if filters is not None else {}, {}
    for n, pairs in enumerate(shards, start=1):
        text = files[SHARD_FILE.format(n)] = _json_file({}, [t for _, t in pairs])
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        # the keys of the shard's text as a whole: the union of its entries' (a space ends every run)
        found = used[digest] = known.get(digest) or bloom_filter(index_keys(" ".join(d["title"] + " " + d["text"] for d, _ in pairs)))
        listed.append({"file": SHARD_FILE.format(n), **found})
    if filters is not None:
        filters.clear()
        filters.update(used)
    config["parkaudit"] = {"shards": listed, "hashes": BLOOM_HASHES, "limit": SHARD_LIMIT}
    return {INDEX_FILE: _json_file({"config": _dumps(config)}, base), **files}


def _json_file(head: dict[str, str], docs: list[str]) -> str:
    """The text of `{**head, "docs": [...]}` from its values' JSON texts, as _dumps writes it."""
    return "{" + "".join(f'"{key}":{value},' for key, value in head.items()) + '"docs":[' + ",".join(docs) + "]}"


def write_index_files(folder, files: dict[str, str], theme_writes: str | None = None) -> None:
    """Write `files` (index_files) into the site's search/ folder, removing the index files of
    before that are not among them (a split index of a larger site). `theme_writes`: the one file
    the search plugin writes itself afterwards (with the text it is handed), not written here too."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if INDEX_FILES.match(stale.name) and stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        if name != theme_writes:
            (folder / name).write_bytes(text.encode("utf-8"))


def index_keys(text: str) -> set[str]:
    """What a shard's Bloom filter holds of an entry's text (as the wrapper takes them from a query)."""
    text = TAG.sub(" ", text).replace("\u200b", "").lower()
    keys = set(ASCII_WORD.findall(text))
    for run in set(HAN_RUN.findall(text)):  # (a shard's text repeats its runs thousands of times)
        keys.add(run)
        keys.update(run[i:i + 2] for i in range(len(run) - 1))
    return keys


def _fnv1a(key: str, seed: int) -> int:
    """FNV-1a over the UTF-16 code units of `key` (JavaScript's charCodeAt), 32 bits."""
    h = seed
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h


def bloom_positions(key: str, bits: int) -> list[int]:
    h1, h2 = _fnv1a(key, FNV_SEEDS[0]), _fnv1a(key, FNV_SEEDS[1]) | 1
    return [(h1 + i * h2) % bits for i in range(BLOOM_HASHES)]


def bloom_filter(keys: set[str]) -> dict:
    """{"bits": m, "filter": base64 of the bit array} (bit p: byte p >> 3, mask 1 << (p & 7)): the
    positions bloom_positions gives, for all keys at once with numpy (a shard's ~12,000 keys one by
    one in Python took ~0.05 s of a one-park rebuild; tests/site/test_search_split.py compares)."""
    bits = max(64, math.ceil(len(keys) * BLOOM_BITS / 8) * 8)
    array = np.zeros(bits // 8, dtype=np.uint8)
    if keys:
        ordered = sorted(keys)
        h1, h2 = _fnv1a_all(ordered, FNV_SEEDS[0]), _fnv1a_all(ordered, FNV_SEEDS[1]) | np.uint64(1)
        positions = (h1[:, None] + np.arange(BLOOM_HASHES, dtype=np.uint64)[None, :] * h2[:, None]) % np.uint64(bits)
        np.bitwise_or.at(array, (positions >> np.uint64(3)).ravel(), (np.uint64(1) << (positions & np.uint64(7))).astype(np.uint8).ravel())
    return {"bits": bits, "filter": base64.b64encode(array.tobytes()).decode("ascii")}


def _fnv1a_all(keys: list[str], seed: int):
    """_fnv1a of every key (numpy uint64 array): one step per code unit position, over all the keys
    that are that long (h < 2^32 and the prime < 2^25: the product fits in 64 bits)."""
    encoded = [k.encode("utf-16-le") for k in keys]
    lengths = np.fromiter((len(e) // 2 for e in encoded), dtype=np.int64, count=len(encoded))
    units = np.frombuffer(b"".join(encoded), dtype="<u2").astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # longest first, so that the keys still going at position j are the first `n` ones
    order = np.argsort(-lengths, kind="stable")
    lengths, starts = lengths[order], starts[order]
    h = np.full(len(keys), seed, dtype=np.uint64)
    prime, mask = np.uint64(0x01000193), np.uint64(0xFFFFFFFF)
    for j in range(int(lengths[0]) if len(keys) else 0):
        n = int(np.searchsorted(-lengths, -j, side="left"))  # keys longer than j
        h[:n] = ((h[:n] ^ units[starts[:n] + j]) * prime) & mask
    out = np.empty_like(h)
    out[order] = h
    return out


# --- the query side ------------------------------------------------------------------------------
# Material's worker segments the Han characters of a query by the words of its index, and leaves
# what follows them glued to the last word: "合成园区0042" becomes the one term "合成0042*" (the
# last word of a run is also lost: its segmenter never tries a slice that reaches the end of the
# run), so a park named by a Chinese name and a number is not found by them. The theme's worker
# is therefore wrapped: a listener registered before Material's own puts a space between Han
# characters and the Latin letters or digits next to them in every query message, then Material's
# worker is loaded unchanged from a copy beside it. Written by the plugin (write_query_worker).
# The same wrapper fetches the shards of a split index (see the top of this module).
WORKER_DIR = "assets/javascripts/workers"
WORKER = re.compile(r"^search\.[0-9a-f]+\.min\.js$")
# SearchMessageType of Material's worker: SETUP 0 (the page hands over the index), READY 1, QUERY 2, RESULT 3
SETUP_MESSAGE, READY_MESSAGE, QUERY_MESSAGE, RESULT_MESSAGE = 0, 1, 2, 3
# The wrapper itself is search_worker.js beside this module (package data), its @NAME@ marks
# filled in by wrapper_script.
WRAPPER_FILE = "search_worker.js"


def wrapper_script(material: str) -> str:
    """The wrapper's text, for Material's worker at the file name `material` beside it."""
    values = {"SETUP": SETUP_MESSAGE, "READY": READY_MESSAGE, "QUERY": QUERY_MESSAGE, "RESULT": RESULT_MESSAGE, "SEED1": FNV_SEEDS[0], "SEED2": FNV_SEEDS[1],
              "HASHES": BLOOM_HASHES, "MATERIAL": json.dumps(material), "SEARCH": json.dumps("../" * len(WORKER_DIR.split("/")) + "search/")}
    from importlib.resources import files

    template = files(__package__).joinpath(WRAPPER_FILE).read_text(encoding="utf-8")
    return re.sub(r"@([A-Z0-9]+)@", lambda m: str(values[m.group(1)]), template)


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
    wrapper = wrapper_script(material_worker_name(name))
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
