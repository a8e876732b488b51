"""MkDocs plugin `parkaudit-incremental`: rebuild only the pages whose Markdown changed.

Why: a provincial site has thousands of park pages, and one park's new data must not rebuild the
nation. MkDocs' own `--dirty` mode compares timestamps and then writes a search index that holds
only the rebuilt pages; this plugin decides by content instead, and keeps the search index whole.

It also owns the search index in every build, plain `mkdocs build`, `properdocs build` and `mike
deploy` included: what goes into it and how it is written (split into shards above the option
`search_split_bytes`, default search_index.SPLIT_BYTES), and the wrapper around the theme's
search worker (generator/site/search_index.py).

How it works, with `generator.site.mkdocs.build_site` driving it through environment variables (a plain
`mkdocs build`, `mkdocs serve` or `mike deploy` sets none of them, and then the plugin only
memoises the Chinese word segmentation, which changes no byte, besides the search index above):

- `PARKAUDIT_SITE_STATE_OUT`: where to write this build's manifest, the record of every source
  file (SHA-256, size, mtime), its output file, and each page's search-index entries.
- `PARKAUDIT_SITE_PREVIOUS` and `PARKAUDIT_SITE_STATE`: the site folder of the last build and its
  manifest. With both, MkDocs runs with `--dirty` into an empty staging folder; a file counts as
  modified unless its source bytes, the build's global fingerprint and its output in the previous
  site are all as the manifest recorded them. Unmodified files are not rendered or copied: after
  the build they are hard-linked from the previous site, so they keep their bytes and timestamps,
  and no write ever goes through a link into the previous (live) site.
- `PARKAUDIT_SITE_LINKED`: the downloads and chart data `parkaudit render` wrote beside its pages
  are the build's to publish (it hard-links them while MkDocs builds the pages): MkDocs leaves
  them out and lists them in that file (on_files).

Two more caches make a one-park rebuild cheap, neither changing a byte (a test compares the site
with a plain MkDocs build): the manifest keeps jieba's segmentation of every run of Han characters
met, so a rebuild that brings no new Chinese text never loads jieba's dictionary; and
`parkaudit build` keeps the theme's compiled templates in .parkaudit-cache/jinja/ (Jinja's
bytecode cache). Both are caches, not outputs: a failed build may have added to them.

A clean build (`parkaudit build --full`, or no previous site) renders every page, but when the
last build's manifest is there (`PARKAUDIT_SITE_STATE` without `PARKAUDIT_SITE_PREVIOUS`) it
takes from it, as from a cache, the search entries of every generated page whose source bytes and
output path are as recorded under the same global fingerprint (which covers this plugin, the
theme, the search plugin's settings, jieba and its dictionaries), and the segmentation of the
runs of Han characters met; reading a page for the index and segmenting it was about half of the
site engine's work.

The global fingerprint covers what every page depends on besides its own Markdown: mkdocs.yml, the
theme overrides, the versions of the site packages and of this plugin, the navigation, and the
set of hand-written pages. A page's output also depends on whether the pages it links to exist;
ParkAudit's generated pages always change when their link targets appear or disappear (the portal
lists the parks, each park page lists its own pages), so this holds for them, and the tests compare
an incremental build with a clean one byte for byte. `parkaudit build --full` rebuilds every file,
taking from the manifest only search entries and segmentations (the paragraph above).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
from html import unescape
from pathlib import Path

import orjson
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.toc import get_toc

from generator.core import CACHE_DIR, HEADING, ID_ATTR, compiled_templates, heading_text, link_files, tree_digest, versions
from generator.site.search_index import (INDEX_FILE, SPLIT_BYTES, WORKER, SectionReader, index_files, index_text, searchable_html,
                                         write_index_files,
                                         write_query_worker)

MANIFEST_FORMAT = 2  # 2: search entries without the number tables (generator/site/search_index.py)
ENV_PREVIOUS = "PARKAUDIT_SITE_PREVIOUS"
ENV_STATE = "PARKAUDIT_SITE_STATE"
ENV_STATE_OUT = "PARKAUDIT_SITE_STATE_OUT"
ENV_SHARD = "PARKAUDIT_SITE_SHARD"  # "i/n": build only the i-th of n shares of the pages (see site.py)
ENV_PROGRESS = "PARKAUDIT_SITE_PROGRESS"  # a file to write "built total" pages into, for the progress line
# a file: the generated files that are not pages are the caller's to publish; the plugin leaves
# them out of MkDocs' files and lists them there (on_files)
ENV_LINKED = "PARKAUDIT_SITE_LINKED"
PROGRESS_EVERY = 10  # pages between two writes of the progress file
SITE_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jieba", "backrefs", "pygments", "jinja2", "markupsafe")
GENERATED = "reports/"  # docs/reports/: written by `parkaudit render`, whose pages change with their links
# A chart figure, as generator/render/templates/_macros.html.j2 writes it: a block of final HTML
# (the chart's canvas, caption and data table; its spec is in charts/<page>.data.js) that search
# skips (data-search-exclude). The search plugin's HTML parser is pure Python, so the plugin hands
# it each page without its figures; in a Markdown page, Python-Markdown is spared them too.
CHART_FIGURE = re.compile(r'^<figure class="pa-chart"[^\n]*>\n.*?^</figure>$', re.M | re.S)
STASH_MARK = '<div data-pa-stash="{}"></div>'
STASH_RE = re.compile(r'<div data-pa-stash="(\d+)"></div>')
# A page whose front matter says `body: html` (every page `parkaudit render` writes) is finished
# HTML: the plugin hands its body to the theme as it is, so Python-Markdown does no work on it (two
# thirds of the site engine's time went into converting these pages), and builds its table of
# contents from the headings, which the generator gives their ids (generator/render/_headings.py).
# Its links are final URLs already. Hand-written pages stay Markdown.
HTML_BODY = "html"


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


class SourceHashes:
    """SHA-256 of source files, trusting the previous manifest when size and mtime are unchanged
    (as git's index does), so an incremental build does not read every download again."""

    def __init__(self, previous: dict):
        self.previous = previous

    def of(self, uri: str, path: str) -> tuple[str, list[int] | None]:
        stat = _stat(path)
        old = self.previous.get(uri)
        if old and stat is not None and old.get("src_stat") == stat:
            return old["src_sha256"], stat
        return _sha256(path), stat


class IncrementalPlugin(BasePlugin):
    # the largest search index file: above it the index is split by park (search_index.index_files);
    # mkdocs.yml: `- parkaudit-incremental: {search_split_bytes: N}`
    config_scheme = (("search_split_bytes", config_options.Type(int, default=SPLIT_BYTES)),)

    def __init__(self):
        super().__init__()
        self.previous_site: Path | None = None
        self.previous: dict = {}
        self.sources: dict[str, dict] = {}
        self.reused: set[str] = set()  # src_uri of files taken from the previous site
        self.fresh_entries: dict[str, list] = {}
        self.stashed: dict[str, list[str]] = {}  # page → its chart figures, while Markdown runs
        self.bodies: dict[str, str] = {}  # page → its HTML body (`body: html`), while Markdown runs
        self.placeheld: dict[str, str] = {}  # page → its HTML with the figures still left out
        self.search = None
        self.recorded: dict = {}  # the last build's manifest, incremental or not
        self.known_entries: dict[str, list] = {}  # page → its search entries from the last build, still valid
        self.segments: dict[str, str] = {}
        self.recorded_runs: dict[str, str] = {}  # the last manifest's segmentations, when their key holds
        self.segmenter_key: str | None = None
        self.shard, self.shards = 0, 1
        self.elsewhere: set[str] = set()  # src_uri of files another shard builds
        self.progress_file: str | None = None
        self.theme_worker: str | None = None  # the theme's search worker, wrapped (search_index.py)
        self.pages_to_build = self.pages_built = 0
        self.shard_filters: dict[str, dict] = {}  # the search index shards' Bloom filters, by text (search_index.index_files)

    # --- configuration ---------------------------------------------------------------------
    def on_config(self, config):
        self.state_out = os.environ.get(ENV_STATE_OUT)
        self.progress_file = os.environ.get(ENV_PROGRESS)
        if os.environ.get(ENV_SHARD):
            i, n = (int(x) for x in os.environ[ENV_SHARD].split("/"))
            self.shard, self.shards = i, n
        previous_site, state = os.environ.get(ENV_PREVIOUS), os.environ.get(ENV_STATE)
        if state:
            try:
                manifest = orjson.loads(Path(state).read_bytes())  # ~10 MB at 89 parks: half json's time
            except (OSError, ValueError):
                manifest = {}  # unreadable: build everything, as with no manifest
            if isinstance(manifest, dict) and manifest.get("format") == MANIFEST_FORMAT:
                # without the previous site (a clean build), the manifest is only a cache of search
                # entries and word segmentation (see the module's docstring)
                self.recorded = manifest
                if previous_site and Path(previous_site).is_dir():
                    self.previous_site, self.previous = Path(previous_site), manifest
        self.site_dir = config.site_dir
        self.search = config.plugins.get("material/search") or config.plugins.get("search")
        if self.search is not None and getattr(self.search, "search_index", None) is not None:
            self._hook_search(self.search.search_index)
        self.config_file = config.config_file_path
        self.theme_dirs = [Path(d) for d in config.theme.dirs]
        return config

    def _hook_search(self, index) -> None:
        # jieba's segmentation of every run of Han characters met so far, kept in the manifest: a
        # rebuild whose pages bring no new run then never loads jieba's dictionary (~1 s)
        recorded = self.recorded.get("segments", {})
        self.segmenter_key = _segmenter_key(self.search.config)
        runs = dict(recorded.get("runs", {})) if recorded.get("key") == self.segmenter_key else {}
        # an incremental build adds to the runs recorded; a clean one consults them, but records
        # only the runs of this build (so that they do not grow build after build)
        self.segments = runs if self.previous_site is not None else {}
        self.recorded_runs = runs
        segment = _memoised_segmenter(self.segments, runs)
        if segment is not None:
            index._segment_chinese = segment
        add = index.add_entry_from_context
        # Material's add_entry_from_context with its sections read faster (search_index.SectionReader);
        # another search plugin (MkDocs' own) keeps its own
        import sys

        module = sys.modules.get(type(index).__module__)
        parser = (lambda: SectionReader(module)) if all(hasattr(module, n) for n in ("Parser", "Element", "Section")) \
            and hasattr(index, "create_entry_for_section") else None

        def add_material(page):
            if (page.meta.get("search") or {}).get("exclude"):
                return
            reader = parser()
            reader.feed(page.content)
            reader.close()
            for section in reader.data:
                if not section.is_excluded():
                    index.create_entry_for_section(section, page.toc, page.url, page)

        def add_entry(page):
            known = self.known_entries.get(page.file.src_uri)
            if known is not None:  # its source and everything else it depends on are as in the last build
                self.placeheld.pop(page.file.src_uri, None)
                index.entries.extend(known)
                self.fresh_entries[page.file.src_uri] = known
                return
            before = len(index.entries)
            # index the page as it was before its chart figures came back (they are marked
            # data-search-exclude, and the parser skips ~half the bytes), and its tables by their
            # names only (search_index.py)
            content = page.content
            page.content = searchable_html(self.placeheld.pop(page.file.src_uri, page.content))
            try:
                (add if parser is None else add_material)(page)
            finally:
                page.content = content
            self.fresh_entries[page.file.src_uri] = index.entries[before:]

        def generate_index(prev):
            # one entry list in the order of a clean build: pages in MkDocs' file order, the
            # rebuilt ones with their new entries, the others with the entries of the last build
            entries = []
            for uri in self.page_order:
                if uri in self.fresh_entries:
                    entries += self.fresh_entries[uri]
                elif uri in self.reused:
                    entries += self.previous["files"][uri].get("search", [])
            index.entries = entries
            if self.shards > 1:
                # a share of the pages: generator.site.mkdocs.merge_shards writes the whole index from
                # every shard's manifest, so this one writes only the configuration it reads there
                return index_text(index.config, [])
            # as Material's generate_search_index, in UTF-8; when split, the shards are written
            # here and Material writes the base (search_index.json) with the text returned; the
            # shards' Bloom filters of the last build are reused for the shards that did not change
            # (only under the same global fingerprint: it covers the filter's parameters and keys)
            same = self.recorded.get("fingerprint") == self.fingerprint
            self.shard_filters = dict(self.recorded.get("shard_filters", {})) if same else {}
            files = index_files(index.config, entries, self.config["search_split_bytes"], self.shard_filters)
            write_index_files(Path(self.site_dir) / "search", files, theme_writes=INDEX_FILE)
            return files[INDEX_FILE]

        index.add_entry_from_context, index.generate_search_index = add_entry, generate_index

    def on_env(self, env, *, config, files):
        # MkDocs compiles the theme's templates on every run (~0.5 s of a one-park rebuild).
        # Jinja's bytecode cache keys a template by name and source checksum only, so the folder
        # is named after everything else the compiled code depends on: Jinja and Python, and the
        # global fingerprint (MkDocs, the theme and the plugins, mkdocs.yml). Only under
        # `parkaudit build`, which owns .parkaudit-cache/; plain MkDocs compiles afresh. (Shards of
        # a clean build share the folder: Jinja writes each file by an atomic rename.)
        if self.state_out and env.bytecode_cache is None:
            env.bytecode_cache = compiled_templates(Path(self.config_file).parent / CACHE_DIR / "jinja", self.fingerprint.encode())
        return env

    # --- chart figures: final HTML already, so kept away from Markdown and the search parser --
    def on_page_markdown(self, markdown, *, page, config, files):
        if page.meta.get("body") == HTML_BODY:
            self.bodies[page.file.src_uri] = markdown
            # MkDocs would now build a Python-Markdown instance with every extension to convert
            # nothing (~0.2 ms a page: 22,893 pages at 2,543 parks); this page's render only
            # leaves what that conversion leaves, and on_page_content gives it its body
            page.render = functools.partial(render_empty, page)
            return ""
        stash: list[str] = []

        def keep(match):
            stash.append(match.group(0))
            return STASH_MARK.format(len(stash) - 1)

        markdown = CHART_FIGURE.sub(keep, markdown)
        if stash:
            self.stashed[page.file.src_uri] = stash
        return markdown

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_content(self, html, *, page, config, files):
        body = self.bodies.pop(page.file.src_uri, None)
        if body is not None:
            page.toc = get_toc(toc_tokens(body))
            page.present_anchor_ids = {unescape(i) for i in ID_ATTR.findall(body)}  # for MkDocs' anchor checks
            # the search plugin indexes the page without its figures (see CHART_FIGURE)
            marks = itertools.count()
            self.placeheld[page.file.src_uri] = CHART_FIGURE.sub(lambda m: STASH_MARK.format(next(marks)), body)
            return body
        self.placeheld[page.file.src_uri] = html
        stash = self.stashed.pop(page.file.src_uri, None)
        return STASH_RE.sub(lambda m: stash[int(m.group(1))], html) if stash else html

    # --- the files beside the generated pages --------------------------------------------------
    def on_files(self, files, *, config):
        """Under `parkaudit build` (ENV_LINKED), the files `parkaudit render` wrote beside its pages
        (downloads and chart data: ~10,000 at 89 parks, against ~800 pages) are not MkDocs' to
        publish: the build hard-links them into the site itself, on the other core, while MkDocs
        builds the pages (generator/site/mkdocs.py: generated_files, link_generated). Handling each of
        them here (MkDocs' file objects, hashing, comparing with the last build, linking, the
        manifest) was a third of a one-park rebuild's site stage. They are listed, as MkDocs would
        have published them, in the file ENV_LINKED names; the build checks that it linked the
        same. A plain `mkdocs build` sets no ENV_LINKED and copies them as any static file."""
        listing = os.environ.get(ENV_LINKED)
        if not listing:
            return files
        left = [f for f in files if f.src_uri.startswith(GENERATED) and not f.is_documentation_page()]
        for file in left:
            files.remove(file)
        published = sorted(f.src_uri for f in left if getattr(f, "inclusion", None) is None or f.inclusion.is_included())
        Path(listing).write_text("".join(uri + "\n" for uri in published), encoding="utf-8")
        return files

    # --- deciding what to rebuild ----------------------------------------------------------
    def on_nav(self, nav, *, config, files):
        self.page_order = [f.src_uri for f in files.documentation_pages()]
        # the theme's search worker, which search_index.write_query_worker wraps
        # (dest_uri first: abs_src_path is a computed property, and there are ~11,000 files at 89 parks)
        self.theme_worker = next((f.abs_src_path for f in files if f.dest_uri.startswith("assets/javascripts/workers/")
                                  and f.abs_src_path and WORKER.match(Path(f.dest_uri).name)), None)
        self.fingerprint = self._global_fingerprint(nav, files)
        old_files = self.previous.get("files", {}) if self.previous.get("fingerprint") == self.fingerprint else {}
        recorded = self.recorded.get("files", {}) if self.recorded.get("fingerprint") == self.fingerprint else {}
        # an incremental build trusts a source whose size and time are as recorded; a clean one
        # (--full) hashes every source afresh, so that it stays the way out of any stale record
        hashes = SourceHashes(self.previous.get("files", {}))
        if self.shards > 1:  # a clean build (nothing reused): each shard hashes only the files it writes
            self._assign_shards(files)
        for file in files:
            # generated in memory by a plugin (always written), or written by another shard
            if file.abs_src_path is None or file.src_uri in self.elsewhere:
                continue
            sha, stat = hashes.of(file.src_uri, file.abs_src_path)
            self.sources[file.src_uri] = {"src_sha256": sha, "src_stat": stat, "dest": file.dest_uri}
            was = recorded.get(file.src_uri)
            if was and "search" in was and file.src_uri.startswith(GENERATED) and was["src_sha256"] == sha and was["dest"] == file.dest_uri:
                self.known_entries[file.src_uri] = was["search"]
            if self.previous_site is not None and self._unchanged(file, sha, old_files.get(file.src_uri)):
                self.reused.add(file.src_uri)
        skip = self.reused | self.elsewhere  # made once: per page, this union took ~0.1 s of a one-park rebuild
        if self.previous_site is not None or self.shards > 1:
            for file in files:
                file.is_modified = (lambda uri: lambda: uri not in skip)(file.src_uri)
        self.pages_to_build = sum(1 for f in files.documentation_pages() if f.src_uri not in skip)
        self._report_progress()
        return nav

    # --- progress (generator/core/progress.py shows it when `parkaudit build` runs on a terminal) --
    def on_post_page(self, output, *, page, config):
        self.pages_built += 1
        if self.pages_built % PROGRESS_EVERY == 0 or self.pages_built == self.pages_to_build:
            self._report_progress()
        return output

    def _report_progress(self) -> None:
        if self.progress_file:
            Path(self.progress_file).write_text(f"{self.pages_built} {self.pages_to_build}\n", encoding="utf-8")

    def _assign_shards(self, files) -> None:
        """Pages still to build are dealt round-robin to the shards; shard 0 also copies the
        static files and links the reused ones, so every output file has exactly one writer."""
        todo = [f.src_uri for f in files.documentation_pages() if f.src_uri not in self.reused]
        self.elsewhere = {uri for k, uri in enumerate(todo) if k % self.shards != self.shard}
        if self.shard != 0:
            self.elsewhere |= {f.src_uri for f in files if not f.is_documentation_page()} | self.reused

    def _unchanged(self, file, sha: str, old: dict | None) -> bool:
        if not old or old["src_sha256"] != sha or old["dest"] != file.dest_uri:
            return False
        if file.is_documentation_page() and not file.src_uri.startswith(GENERATED):
            return False  # hand-written pages may link to any page: they are few, so always rebuilt
        # the output in the previous site must still be the one this plugin recorded
        return _stat(os.path.join(str(self.previous_site), file.dest_uri)) == old.get("dest_stat")  # (pathlib keeps its str)

    def _global_fingerprint(self, nav, files) -> str:
        h = hashlib.sha256()
        h.update(Path(self.config_file).read_bytes() if self.config_file else b"")
        for d in self.theme_dirs:
            if "site-packages" not in d.parts:  # the custom_dir; the theme itself is versioned below
                h.update(tree_digest(d).encode())
        h.update(versions(SITE_PACKAGES))
        # the code that makes the entries and tables of contents: this module, the index writer, the headings
        for module_file in (__file__, searchable_html.__code__.co_filename, heading_text.__code__.co_filename):
            h.update(Path(module_file).read_bytes())
        h.update(_jieba_dictionaries(self.search.config if self.search is not None else {}))
        h.update(json.dumps([(p.title, p.url) for p in nav.pages], ensure_ascii=False).encode())
        h.update(json.dumps(sorted(f.src_uri for f in files.documentation_pages() if not f.src_uri.startswith(GENERATED))).encode())
        return h.hexdigest()

    def _keep_identical_outputs(self, site: Path) -> None:
        """A rebuilt file with the same bytes as before (a hand-written page, always rebuilt, or a
        page whose Markdown changed but not its HTML) becomes the previous file again, so that
        unchanged output keeps its timestamp."""
        for uri, rec in self.sources.items():
            if uri in self.reused or uri in self.elsewhere:
                continue
            new, old = site / rec["dest"], self.previous_site / rec["dest"]
            if new.is_file() and old.is_file() and new.stat().st_size == old.stat().st_size and new.read_bytes() == old.read_bytes():
                new.unlink()
                try:
                    os.link(old, new)
                except OSError:
                    shutil.copy2(old, new)

    def _record_runs_of_cached_entries(self) -> None:
        """A clean build records the runs of Han characters it meets; a page whose search entries
        came from the last manifest is never segmented, so its runs are taken from its entries
        (a segmented run is Han characters and zero-width spaces between non-Han ones), with
        their recorded segmentation. Else the record would shrink to the changed pages after
        `--full`, and the next one-park rebuild would load jieba's dictionary again (~1 s)."""
        if not self.recorded_runs:
            return
        from backrefs import bre

        segmented = bre.compile(r"[\p{script: Han}\u200b]+", bre.UNICODE)
        for uri, entries in self.fresh_entries.items():
            if uri in self.known_entries:
                for entry in entries:
                    for found in segmented.findall(entry["title"] + " " + entry["text"]):
                        run = found.replace("\u200b", "")
                        if run in self.recorded_runs:
                            self.segments.setdefault(run, self.recorded_runs[run])

    # --- finishing ---------------------------------------------------------------------------
    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config):
        site = Path(config.site_dir)
        # every unchanged file is linked from the previous site (one written in this build after
        # all, if any, stays)
        link_files(str(self.previous_site), str(site), [self.sources[uri]["dest"] for uri in sorted(self.reused - self.elsewhere)])
        if self.previous_site is not None:
            self._keep_identical_outputs(site)
        if self.shard == 0 and self.theme_worker is not None:  # shard 0 writes the static files
            write_query_worker(site, self.theme_worker, self.previous_site)
        if not self.state_out:
            return
        if self.previous_site is None:
            self._record_runs_of_cached_entries()
        files = {}
        for uri, rec in sorted(self.sources.items()):
            if uri in self.elsewhere:
                continue  # recorded by the shard that writes it
            if uri in self.reused:
                # linked (or copied with its timestamp) from the previous site, whose output
                # _unchanged found as recorded: the same size and time, without a stat of each
                rec = dict(rec, dest_stat=self.previous["files"][uri].get("dest_stat"))
            else:
                rec = dict(rec, dest_stat=_stat(str(site / rec["dest"])))
            if uri in self.fresh_entries:
                rec["search"] = self.fresh_entries[uri]
            elif uri in self.reused:
                rec["search"] = self.previous["files"][uri].get("search", [])
            files[uri] = rec
        reused = len(self.reused - self.elsewhere)
        manifest = {"format": MANIFEST_FORMAT, "fingerprint": self.fingerprint, "rebuilt": len(files) - reused,
                    "reused": reused, "files": files, "page_order": self.page_order,
                    "search_split_bytes": self.config["search_split_bytes"], "shard_filters": self.shard_filters,
                    "segments": {"key": self.segmenter_key, "runs": dict(sorted(self.segments.items()))}}
        # insertion order, not sorted keys: cached search entries must keep the key order Material writes,
        # and the counts stay in the first bytes (build/pipeline reads them: StagedSite.reused_share)
        # (orjson: UTF-8 as json.dumps(ensure_ascii=False) writes it, without the spaces, in a third of the time)
        Path(self.state_out).write_bytes(orjson.dumps(manifest))


def render_empty(page, config=None, files=None) -> None:
    """What MkDocs' Page.render leaves on a page whose Markdown is empty (tests/site/test_plugin_render.py
    compares the two), without building Python-Markdown and its extensions. Should a later
    plugin have given the page Markdown after all, the engine's own render converts it."""
    if page.markdown:
        type(page).render(page, config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if logging.getLogger(type(page).__module__).getEffectiveLevel() > logging.DEBUG:  # as Page.render (MkDocs, ProperDocs)
        page.links_to_anchors = {}


def toc_tokens(body: str) -> list[dict]:
    """The table of contents of an HTML body, as Python-Markdown's `toc` extension gives it to
    MkDocs: every heading with an id, its text as HTML (tags dropped), nested by level."""
    tokens = []
    for level, attrs, inner in HEADING.findall(body):
        hid = ID_ATTR.search(attrs)
        if hid is not None:
            tokens.append({"level": int(level), "id": unescape(hid.group(1)), "name": heading_text(inner), "html": inner.strip(), "data-toc-label": ""})
    return nest_toc_tokens(tokens)


def _segmenter_key(search_config) -> str:
    """What jieba's answers depend on: its version and the dictionaries the search plugin gives it.
    Recorded segmentations are used only under the same key. (They are merged build after build,
    and start afresh with every clean build.)"""
    return hashlib.sha256(versions(["jieba"]) + _jieba_dictionaries(search_config)).hexdigest()


def _jieba_dictionaries(search_config) -> bytes:
    """The dictionaries the search plugin hands jieba (as Material resolves them), which change
    its segmentation: each option's value and the file's bytes."""
    out = b""
    for option in ("jieba_dict", "jieba_dict_user"):
        value = search_config.get(option)
        out += f"\0{option}={value}\0".encode()
        if value and os.path.isfile(os.path.normpath(value)):
            out += Path(os.path.normpath(value)).read_bytes()
    return out


def _memoised_segmenter(seen: dict[str, str], known: dict[str, str] | None = None):
    """Material's `_segment_chinese`, with jieba's result remembered per run of Han characters in
    `seen`: park pages repeat the same labels and names thousands of times, and jieba is
    deterministic, so the index is byte-for-byte what Material writes, in a fraction of the time.
    A run in `known` (an earlier build's) is taken from there into `seen`."""
    known = known or {}
    try:
        import jieba
        from backrefs import bre
    except ImportError:
        return None
    han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)

    def replace(match):
        value = match.group(0)
        out = seen.get(value)
        if out is None:
            out = known.get(value)
            if out is None:
                out = "\u200b" + "\u200b".join(jieba.cut(value.encode("utf-8"))) + "\u200b"
            seen[value] = out
        return out

    return lambda data: han.sub(replace, data).strip("\u200b")
