"""A clean site build (`parkaudit build --full`) takes the search entries of the generated pages
whose source did not change from the last build's manifest (generator/site/plugin.py), and reads
every other page afresh; the site has the bytes of a build with no manifest at all."""

from __future__ import annotations

import json
import shutil

from generator.build import tree_bytes
from generator.site.mkdocs import build_site, state_path


def _index_text(site) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((site / "search").glob("search_index*.json")))


def _copy(demo_build, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(demo_build.project, project, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "site"))
    return project


def test_a_clean_build_reuses_the_entries_of_unchanged_pages_only(demo_build, tmp_path):
    project = _copy(demo_build, tmp_path)
    site = project / "site"
    build_site(project, site, incremental=False)
    state = state_path(project, site)
    manifest = json.loads(state.read_text(encoding="utf-8"))
    pages = [u for u in manifest["page_order"] if u.startswith("reports/") and manifest["files"][u].get("search")]
    kept, changed = pages[0], pages[-1]
    # what only the manifest says: found in the index only if the manifest is read for that page
    for uri, word in ((kept, "cachedmarker"), (changed, "stalemarker")):
        location = manifest["files"][uri]["search"][0]["location"]
        manifest["files"][uri]["search"] = [{"location": location, "title": word, "text": word}]
    state.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    page = project / "docs" / changed
    page.write_text(page.read_text(encoding="utf-8") + "\n<p>新增的一段说明</p>\n", encoding="utf-8")

    build_site(project, site, incremental=False)

    index = _index_text(site)
    assert "cachedmarker" in index  # an unchanged page: its entries from the manifest
    assert "stalemarker" not in index  # a changed page: read again
    assert "新增" in index


def test_a_clean_build_with_the_manifest_gives_the_bytes_of_one_without(demo_build, tmp_path):
    project = _copy(demo_build, tmp_path)
    warm, cold = project / "site", project / "site-cold"
    build_site(project, warm, incremental=False)
    page = next((project / "docs" / "reports").rglob("index.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n<p>另一段说明</p>\n", encoding="utf-8")
    build_site(project, warm, incremental=False)  # with the manifest of the build before the change
    assert state_path(project, cold).is_file() is False
    build_site(project, cold, incremental=False)
    assert tree_bytes(warm) == tree_bytes(cold)
    # and it records the segmentation of every run of Han characters, as a build without the
    # manifest does, although it segmented only the changed and the hand-written pages: the next
    # rebuild then needs no jieba (tests/build/test_incremental.py)
    runs = [json.loads(state_path(project, site).read_text(encoding="utf-8"))["segments"]["runs"] for site in (warm, cold)]
    assert len(runs[1]) > 100 and runs[0] == runs[1]
