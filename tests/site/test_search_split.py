"""A search index split by park (generator/site/search_index.py, index_files): forced on a small
synthetic national set by a low `search_split_bytes`, every file stays below it, the reader's one
search box still finds a park and an enterprise whose pages are in a shard, fetching only the
shard that holds them, and a query that every park matches fetches none."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from generator.build import build
from generator.site.search_index import INDEX_FILES

from ..conftest import CHROMIUM
from ..csvedit import REPO, read_rows
from ..sitebuild import Server, copy_project, search

SPLIT_BYTES = 200_000  # above the base (hand-written pages, the parks' names, the filters), below the whole index


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("split"))
    shutil.rmtree(project / "data")  # the demo's data, replaced by a synthetic national set
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_synthetic_data.py"), "--parks", "16", "--cycles", "1",
                    "--enterprises", "80", "--seed", "5", "--out", str(project / "data")], check=True, capture_output=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - parkaudit-incremental\n" in config
    config = config.replace("  - parkaudit-incremental\n", f"  - parkaudit-incremental:\n      search_split_bytes: {SPLIT_BYTES}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build(project, site_dir=project / "site")
    return project


def _files(project) -> dict[str, dict]:
    folder = project / "site" / "search"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir()) if INDEX_FILES.match(p.name)}


def _park(location: str) -> str | None:
    match = re.match(r"reports/(syn-\d+)/", location)
    return match.group(1) if match else None


def _shard_of(project) -> dict[str, str]:
    """park → the shard file that holds its pages"""
    out = {}
    for name, content in _files(project).items():
        if name != "search_index.json":
            for doc in content["docs"]:
                out.setdefault(_park(doc["location"]), name)
    return out


def _provinces(project) -> dict[str, str]:
    return {park.name: read_rows(next(park.glob("*/park.csv")))[1][0]["province"] for park in (project / "data").glob("syn-*")}


def test_the_split_files_are_below_the_threshold_and_hold_every_park_once(project):
    folder = project / "site" / "search"
    files = _files(project)
    assert len(files) >= 3, sorted(files)  # the base and at least two shards
    sizes = {name: (folder / name).stat().st_size for name in files}
    assert max(sizes.values()) <= SPLIT_BYTES, sizes
    assert len(set(_provinces(project).values())) > 1  # a national set: parks of several provinces
    base = files["search_index.json"]
    listed = [s["file"] for s in base["config"]["parkaudit"]["shards"]]
    assert sorted(listed) == sorted(n for n in files if n != "search_index.json")
    # a park's pages are in one shard, whole; the base has its name (the overview's title) only
    parks = sorted(p.name for p in (project / "data").glob("syn-*"))
    holders: dict[str, set] = {}
    for name in listed:
        for doc in files[name]["docs"]:
            holders.setdefault(_park(doc["location"]), set()).add(name)
    assert sorted(holders) == parks and all(len(h) == 1 for h in holders.values()), holders
    in_base = {_park(d["location"]): d for d in base["docs"] if _park(d["location"])}
    assert sorted(in_base) == parks
    assert all(d["text"] == "" and d["location"].endswith("/index.html") for d in in_base.values())
    # and every page of the site that is not a park's is in the base, whole
    assert any(d["location"].startswith("reports/methodology/") for d in base["docs"])


def test_a_split_index_is_written_again_the_same_by_an_incremental_build(project):
    """The plugin keeps each page's entries in its manifest: a rebuild with nothing changed writes
    the same files."""
    before = {p.name: p.read_bytes() for p in (project / "site" / "search").iterdir()}
    build(project, site_dir=project / "site")
    after = {p.name: p.read_bytes() for p in (project / "site" / "search").iterdir()}
    assert after == before


needs_browser = pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="chromium not installed (run ./scripts/test)")


def _open(project, browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(f"{server.url}/index.html", wait_until="networkidle")
    return page, asked


def _shards_asked(asked: list[str]) -> set[str]:
    return {path.rsplit("/", 1)[1] for path in asked if re.search(r"/search/search_index\.\d+\.json$", path)}


@needs_browser
def test_a_park_in_a_later_shard_is_found_by_its_name_and_its_shard_fetched(project, browser):
    shard_of = _shard_of(project)
    park = max(shard_of)  # the last park, in the last shard
    assert shard_of[park] != shard_of[min(shard_of)]
    name = read_rows(next((project / "data" / park).glob("*/park.csv")))[1][0]["park_name"]
    number = re.search(r"\d{4}", name).group(0)
    with Server(project / "site") as server:
        page, asked = _open(project, browser, server)
        try:
            links = search(page, f"合成园区{number}")
            assert links and f"/reports/{park}/" in links[0], links[:5]
            page.wait_for_timeout(1500)  # the shard comes after the first answer
            assert _shards_asked(asked) == {shard_of[park]}, asked
            links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
            assert links and f"/reports/{park}/" in links[0], links[:5]
            # the park's pages, from its shard, are among the results now, not its name alone
            assert len({urlsplit(link).path for link in links if f"/reports/{park}/" in link}) > 1, links
        finally:
            page.close()


@needs_browser
def test_an_enterprise_of_a_park_in_another_shard_is_found_first(project, browser):
    shard_of = _shard_of(project)
    first_shard = shard_of[min(shard_of)]
    park = max(p for p, s in shard_of.items() if s != first_shard)
    names = {p: {r["enterprise_name"] for f in (project / "data" / p).glob("*/enterprises.csv") for r in read_rows(f)[1]}
             for p in shard_of}
    elsewhere = set().union(*(n for p, n in names.items() if p != park))
    name = max(sorted(names[park] - elsewhere), key=len)
    with Server(project / "site") as server:
        page, asked = _open(project, browser, server)
        try:
            links = []
            for _ in range(10):  # the first answer comes from the base, the right one once the shard is in
                links = search(page, name)
                if links and f"/reports/{park}/" in links[0]:
                    break
            assert links and f"/reports/{park}/" in links[0], (name, links[:5])
            target = urlsplit(links[0]).path.lstrip("/")
            assert name in (project / "site" / target).read_text(encoding="utf-8"), (name, target)
            assert _shards_asked(asked) == {shard_of[park]}, asked
        finally:
            page.close()


@needs_browser
def test_a_query_every_park_matches_fetches_no_shard(project, browser):
    """能源 (energy) is on every park's pages: fetching every shard for it would be the nation's index."""
    limit = _files(project)["search_index.json"]["config"]["parkaudit"]["limit"]
    assert len(set(_shard_of(project).values())) > limit
    with Server(project / "site") as server:
        page, asked = _open(project, browser, server)
        try:
            links = search(page, "能源")
            assert links, "the base (methodology) answers it"
            page.wait_for_timeout(1000)
            assert [p for p in asked if p.endswith("/search/search_index.json")]
            assert _shards_asked(asked) == set(), asked
        finally:
            page.close()


def test_index_files_write_what_json_dumps_writes_for_the_whole_file():
    """index_files encodes each entry once and joins the texts: each file must still be exactly
    json.dumps of its content (compact, UTF-8), split or not."""
    from generator.site.search_index import INDEX_FILE, index_files, index_text

    config = {"lang": ["zh"], "separator": "[\\s\\u200b]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}}}
    entries = [{"location": "index.html", "title": "首页", "text": "<p>说明 \"引号\" \\ 反斜杠</p>"}]
    for n in range(1, 6):
        park = f"syn-{n:05d}"
        entries += [{"location": f"reports/{park}/index.html", "title": f"合成园区{n:04d}", "text": f"<p>园区 {n} 的说明</p>"},
                    {"location": f"reports/{park}/data.html#x", "title": "数据 <下载>", "text": f"<p>企业{n}号\u200b公司 ☃ {'字' * 300}</p>"}]
    whole = index_files(config, entries, None)
    assert whole == {INDEX_FILE: index_text(config, entries)}
    split = index_files(config, entries, 2_000)
    assert len(split) > 2
    for name, text in {**whole, **split}.items():
        assert json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) == text, name
    shards = [json.loads(text)["docs"] for name, text in sorted(split.items()) if name != INDEX_FILE]
    assert [d["location"] for docs in shards for d in docs] == [e["location"] for e in entries[1:]]


def test_an_entry_is_encoded_as_json_dumps_encodes_it():
    """_dumps takes orjson for entries of strings: the text must be json.dumps's, whatever the
    characters (quotes, backslashes, every control character, DEL, line separators, astral
    characters, a lone surrogate: json's own path)."""
    import random

    from generator.site.search_index import _dumps

    alphabet = [chr(c) for c in range(0x20)] + ['"', "\\", "/", "\x7f", "\u2028", "\u2029", "\u200b", "园", "😀", "a", " ", "<p>"]
    rng = random.Random(3)
    for _ in range(3000):
        entry = {k: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for k in ("location", "title", "text")}
        assert _dumps(entry) == json.dumps(entry, ensure_ascii=False, separators=(",", ":")), entry
    for odd in ({"location": "a", "title": "\ud800", "text": ""}, {"location": "a", "boost": 2.5e-05, "tags": ["x"]}, {1: "a"}):
        assert _dumps(odd) == json.dumps(odd, ensure_ascii=False, separators=(",", ":"), default=str)


def test_a_paragraph_is_indexed_once_in_the_whole_index():
    """without_repeats against the rule itself: each paragraph (its text without zero-width and
    plain spaces around it) in the first entry that has it, other text kept, spaces collapsed."""
    import random

    from generator.site.search_index import without_repeats

    rng = random.Random(8)
    words = ["园区", "\u200b园区 ", "企业\u200b名录", " 说明 ", "说明", "<b>粗</b>", "", "\n"]
    entries = [{"location": f"p{i}.html", "title": "t",
                "text": " ".join(rng.choice(["<p>" + rng.choice(words) + rng.choice(words) + "</p>", rng.choice(words), "<td>格</td>"])
                                 for _ in range(rng.randint(0, 8)))} for i in range(400)]
    seen, expected = set(), []
    for entry in entries:
        def once(match, seen=seen):
            key = match.group(1).strip("\u200b ")
            if key in seen:
                return ""
            seen.add(key)
            return match.group(0)
        expected.append(dict(entry, text=re.sub(" {2,}", " ", re.sub("<p>(.*?)</p>", once, entry["text"], flags=re.S)).strip()))
    got = without_repeats(entries)
    assert got == expected
    assert sum(e["text"].count("<p>") for e in got) < sum(e["text"].count("<p>") for e in entries)  # some were repeats


def test_the_filter_made_for_all_keys_at_once_sets_the_bits_each_key_gives():
    """bloom_filter hashes every key with numpy; bloom_positions (FNV-1a over UTF-16 code units, as
    the worker wrapper hashes a query's keys) is the reference, key by key: Han runs and pairs,
    ASCII words, surrogate pairs, long and one-unit keys, and no key at all."""
    import base64
    import random

    from generator.site.search_index import bloom_filter, bloom_positions

    rnd = random.Random(16)
    alphabet = [lambda: chr(rnd.randint(0x4E00, 0x9FFF)), lambda: chr(rnd.randint(0x30, 0x7A)), lambda: "\U0001F600", lambda: "\uFFFF"]
    for keys in (set(), {"a"}, {"合成", "园区", "0042", "合成园区"},
                 {"".join(rnd.choice(alphabet)() for _ in range(rnd.randint(1, 60))) for _ in range(3000)}):
        made = bloom_filter(keys)
        bits = made["bits"]
        expected = bytearray(bits // 8)
        for key in keys:
            for p in bloom_positions(key, bits):
                expected[p >> 3] |= 1 << (p & 7)
        assert base64.b64decode(made["filter"]) == bytes(expected), sorted(keys)[:3]


def test_a_shards_keys_are_taken_from_its_text_as_a_whole():
    """index_files reads the keys of a shard's entries joined by spaces: the union of each entry's
    keys, since a space ends every run (an entry's last word and the next one's first stay apart)."""
    from generator.site.search_index import index_keys

    entries = ["合成<em>园区</em>0042", "园区\u200b企业 ABC", "企业名称", "<p>2025</p>年度", "ab", "cd"]
    assert index_keys(" ".join(entries)) == set().union(*(index_keys(e) for e in entries))
    assert "abcd" not in index_keys(" ".join(entries)) and "称2025" not in index_keys(" ".join(entries))
