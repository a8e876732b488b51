"""Incremental builds: a change to one park rebuilds that park only, leaves every other file with
its bytes and timestamp, and gives exactly the bytes of a clean build."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.build import build, tree_bytes
from generator.build.transaction import STAGING_PREFIX
from generator.site import SITE_MARKER
from generator.site.mkdocs import state_path

from ..csvedit import read_rows, set_cell

OUTPUTS = ("results", "docs", "site")


def mtimes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


def snapshot(project):
    return {name: (tree_bytes(project / name), mtimes(project / name)) for name in OUTPUTS}


def clean_build_of(project, tmp_path):
    """The same inputs built from scratch in another folder, with no build state at all."""
    fresh = tmp_path / "clean"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(*OUTPUTS, ".parkaudit-cache"))
    shutil.copytree(project / "docs", fresh / "docs", ignore=shutil.ignore_patterns("reports"))
    build(fresh, site_dir=fresh / "site", incremental=False)
    return fresh


@pytest.fixture(scope="module")
def built(demo_build):
    return demo_build.project


def test_a_first_build_builds_every_park(demo_build):
    assert (demo_build.summary.parks_rebuilt, demo_build.summary.parks_reused) == (4, 0)


@pytest.fixture
def project(built, tmp_path):
    """A copy that keeps the build state: the state is keyed by folder, so it is rebuilt once here
    (a clean build) and the test starts from a fully recorded state."""
    p = tmp_path / "p"
    shutil.copytree(built, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache"))
    build(p, site_dir=p / "site")
    assert build(p, site_dir=p / "site").parks_rebuilt == 0
    return p


def scale_so2(project, park, cycle, factor):
    path = project / "data" / park / cycle / "emissions.csv"
    _, rows = read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["pollutant"] == "SO2")
    set_cell(path, index, "actual", f"{float(rows[index]['actual']) * factor:.3f}")


def test_a_build_with_nothing_changed_rebuilds_nothing_and_touches_nothing(project):
    before = snapshot(project)
    summary = build(project, site_dir=project / "site")
    assert (summary.parks_rebuilt, summary.parks_reused) == (0, 4)
    after = snapshot(project)
    for name in ("results", "docs"):
        assert after[name] == before[name], name
    site_before, site_after = before["site"], after["site"]
    assert site_after[0] == site_before[0]
    rewritten = {n for n in site_after[1] if site_after[1][n] != site_before[1][n]}
    # the search index, the sitemaps and ParkAudit's marker are written on every build (same bytes, asserted above)
    assert rewritten <= {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html", SITE_MARKER}, rewritten


def test_one_park_changed_rebuilds_that_park_only_and_equals_a_clean_build(project, tmp_path):
    before = snapshot(project)
    scale_so2(project, "qujing-etdz", "2025", 1.5)
    summary = build(project, site_dir=project / "site")
    assert (summary.parks_rebuilt, summary.parks_reused) == (1, 3)
    after = snapshot(project)

    for name in OUTPUTS:
        old_bytes, old_times = before[name]
        new_bytes, new_times = after[name]
        changed = sorted(n for n in set(old_bytes) | set(new_bytes) if old_bytes.get(n) != new_bytes.get(n))
        assert any("qujing-etdz" in n for n in changed), f"{name}: the change did not arrive"
        others = [n for n in old_bytes if "anning-ip" in n or "yanglin-etdz" in n]
        assert others, name
        assert all(new_bytes[n] == old_bytes[n] and new_times[n] == old_times[n] for n in others), name

    site_state = json.loads(state_path(project, project / "site").read_text(encoding="utf-8"))
    assert 0 < site_state["rebuilt"] < site_state["reused"] / 5

    clean = clean_build_of(project, tmp_path)
    for name in OUTPUTS:
        assert tree_bytes(project / name) == tree_bytes(clean / name), name


def _retired(project):
    folder = project / ".parkaudit-cache" / "retired"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _beside(project):
    return sorted(p.name for p in project.iterdir() if p.name.startswith(STAGING_PREFIX))


def test_a_rebuild_leaves_the_previous_site_for_the_next_build_to_remove(project):
    old_home = (project / "site" / "reports" / "qujing-etdz" / "index.html").read_bytes()
    scale_so2(project, "qujing-etdz", "2025", 1.5)
    build(project, site_dir=project / "site")
    first = _retired(project)
    # the previous site and the previous results, moved out of the way whole (the site's manifest,
    # one file that no later build shares, is removed at once)
    assert len(first) == 2 and all(n.startswith(STAGING_PREFIX) and n.endswith(".old") for n in first), first
    old_site = next(project / ".parkaudit-cache" / "retired" / n for n in first if n.startswith(f"{STAGING_PREFIX}site-"))
    assert (old_site / "reports" / "qujing-etdz" / "index.html").read_bytes() == old_home
    assert _beside(project) == []

    scale_so2(project, "qujing-etdz", "2025", 1 / 1.5)
    build(project, site_dir=project / "site")
    second = _retired(project)
    assert second and not set(first) & set(second)  # the next build removed what the first left, and left its own

    build(project, site_dir=project / "site", incremental=False)  # a full build removes its own at once
    assert _retired(project) == [] and _beside(project) == []


def test_a_rebuild_that_made_the_site_anew_removes_the_old_one_at_once(project):
    """A change to the theme override rebuilds every page and no park: the replaced results (links
    to the files kept) are retired, the replaced site (no file shared with the new one) is not."""
    override = project / "overrides" / "main.html"
    override.write_text(override.read_text(encoding="utf-8") + "\n{#- a comment: every page is built again -#}\n", encoding="utf-8")
    summary = build(project, site_dir=project / "site")
    assert summary.parks_rebuilt == 0
    kept = _retired(project)
    assert any(n.startswith(f"{STAGING_PREFIX}results-") for n in kept), kept
    assert not any(n.startswith(f"{STAGING_PREFIX}site-") for n in kept), kept
    assert _beside(project) == []


def test_the_share_of_reused_pages_is_read_from_the_manifests_start(tmp_path):
    from generator.site import StagedSite

    def share(text):
        manifest = tmp_path / "m.json"
        manifest.write_bytes(text)
        return StagedSite(tmp_path, tmp_path, manifest, tmp_path).reused_share()

    assert share(b'{"format":3,"fingerprint":"ab12","rebuilt":13,"reused":799,"files":{}}') == 799 / 812
    assert share(b'{"format":3,"fingerprint":"ab12","rebuilt":0,"reused":0,"files":{}}') == 0.0
    assert share(b'{"format":3,"files":{}}') == 0.0  # says nothing: not retired
    assert StagedSite(tmp_path, tmp_path, None, tmp_path).reused_share() == 0.0


def test_a_retired_folder_that_cannot_be_made_means_removing_at_once(project):
    retired = project / ".parkaudit-cache" / "retired"
    shutil.rmtree(retired, ignore_errors=True)
    retired.write_text("not a folder", encoding="utf-8")
    scale_so2(project, "qujing-etdz", "2025", 1.5)
    summary = build(project, site_dir=project / "site")
    assert summary.parks_rebuilt == 1
    assert _beside(project) == []
    assert retired.read_text(encoding="utf-8") == "not a folder"


def test_site_downloads_are_links_to_the_rendered_files_that_a_rebuild_replaces_not_rewrites(project, tmp_path):
    """The downloads and chart data render wrote are hard-linked into the site rather than copied;
    a rebuild that changes them gives the site a new file, so the published one is never written
    through its link (its bytes stay what the old site served)."""
    import os

    docs, site = project / "docs" / "reports" / "qujing-etdz", project / "site" / "reports" / "qujing-etdz"
    statics = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file() and p.suffix != ".md")
    assert statics and all(os.path.samefile(docs / rel, site / rel) for rel in statics)
    kept = {}
    for n, rel in enumerate(statics):
        os.link(site / rel, tmp_path / str(n))  # the published file, whatever happens to its name
        kept[rel] = (tmp_path / str(n), (site / rel).read_bytes())

    scale_so2(project, "qujing-etdz", "2025", 1.5)
    assert build(project, site_dir=project / "site").parks_rebuilt == 1
    changed = [rel for rel in statics if (docs / rel).read_bytes() != kept[rel][1]]
    assert changed, "the change reached no download or chart data"
    for rel in statics:
        old, data = kept[rel]
        assert old.read_bytes() == data, rel  # not written through
        assert os.path.samefile(docs / rel, site / rel), rel
    assert all(not os.path.samefile(kept[rel][0], site / rel) for rel in changed)


def test_the_build_publishes_the_generated_files_and_checks_them_against_mkdocs(project):
    """MkDocs builds the pages; the downloads and chart data beside them are linked into the site by
    the build (site/mkdocs.py: link_files), so the site manifest does not list them. MkDocs lists
    those it would have published, and a difference (here mkdocs.yml's exclude_docs leaving out
    the spreadsheets) stops the build with a message in both languages and nothing changed."""
    from generator.site import SiteBuildError

    manifest = json.loads(state_path(project, project / "site").read_text(encoding="utf-8"))
    assert any(u.endswith(".md") for u in manifest["files"])
    assert not [u for u in manifest["files"] if u.startswith("reports/") and not u.endswith(".md")]
    assert list((project / "site" / "reports").rglob("*.xlsx"))

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "exclude_docs: |\n" in text
    config.write_text(text.replace("exclude_docs: |\n", "exclude_docs: |\n  reports/**/*.xlsx\n"), encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(SiteBuildError, match="exclude_docs") as failed:
        build(project, site_dir=project / "site")
    assert "下载和图表文件" in str(failed.value) and ".xlsx" in str(failed.value)
    assert snapshot(project) == before


def test_the_recorded_file_stats_are_those_of_the_files_under_a_park(tmp_path):
    """build.state._stats walks with os.walk and strings; the reference is core.files_under
    (pathlib): the same files (links to files followed, broken links and linked folders not)."""
    import os

    from generator.build.state import _stats
    from generator.core import files_under

    park = tmp_path / "root" / "park"
    (park / "a" / "b").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.csv").write_text("x", encoding="utf-8")
    for rel, text in (("index.md", "页"), ("a/data.csv", "1,2"), ("a/b/deep.json", "{}")):
        (park / rel).write_text(text, encoding="utf-8")
    os.symlink(park / "index.md", park / "a" / "link.md")
    os.symlink(tmp_path / "missing", park / "broken")
    os.symlink(tmp_path / "elsewhere", park / "linked-folder")
    root = tmp_path / "root"
    reference = {p.relative_to(root).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns] for p in files_under(park)}
    assert sorted(reference) == ["park/a/b/deep.json", "park/a/data.csv", "park/a/link.md", "park/index.md"]
    assert _stats(root, "park") == reference
    assert _stats(root, "no-such-park") == {}


def test_a_removed_park_leaves_results_pages_and_site(project, tmp_path):
    guide = project / "docs" / "guide" / "data.md"  # a hand-written page that links to the park
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[杨林](../reports/yanglin-etdz/index.md)\n", encoding="utf-8")
    build(project, site_dir=project / "site")
    assert 'href="../reports/yanglin-etdz/index.html"' in (project / "site" / "guide" / "data.html").read_text(encoding="utf-8")
    shutil.rmtree(project / "data" / "yanglin-etdz")
    summary = build(project, site_dir=project / "site")
    assert (summary.parks_rebuilt, summary.parks_reused) == (0, 3)
    for name in OUTPUTS:
        assert not any("yanglin-etdz" in n for n in tree_bytes(project / name) if not n.endswith(".json")), name
    assert "yanglin" not in (project / "docs" / "reports" / "index.md").read_text(encoding="utf-8")
    clean = clean_build_of(project, tmp_path)
    for name in OUTPUTS:
        assert tree_bytes(project / name) == tree_bytes(clean / name), name


def test_hand_edited_outputs_are_rebuilt_not_trusted(project):
    page = project / "docs" / "reports" / "anning-ip" / "index.md"
    html = project / "site" / "reports" / "yanglin-etdz" / "indicators.html"
    result = project / "results" / "qujing-etdz" / "2024" / "indicators.csv"
    originals = {p: p.read_bytes() for p in (page, html, result)}
    for p in originals:
        p.write_bytes(p.read_bytes() + b"\nedited by hand\n")
    summary = build(project, site_dir=project / "site")
    assert summary.parks_rebuilt == 1  # qujing: its results were edited
    assert {p: p.read_bytes() for p in originals} == originals


def test_an_unreadable_state_means_a_clean_build(project, tmp_path):
    for state in (project / ".parkaudit-cache").glob("*.json"):
        state.write_text("{not json", encoding="utf-8")
    before = snapshot(project)
    summary = build(project, site_dir=project / "site")
    assert summary.parks_rebuilt == 4
    assert snapshot(project)["results"][0] == before["results"][0]
    assert tree_bytes(project / "site") == before["site"][0]


def test_full_build_ignores_the_state(project):
    assert build(project, site_dir=project / "site", incremental=False).parks_rebuilt == 4


def test_a_clean_build_split_over_processes_equals_one_process(project, tmp_path, monkeypatch):
    import generator.site.mkdocs as site

    monkeypatch.setattr(site, "SHARD_MIN_PAGES", 1)
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    assert site._shard_count(project) == 2
    sharded = site.build_site(project, tmp_path / "sharded", incremental=False)
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    single = site.build_site(project, tmp_path / "single", incremental=False)
    assert tree_bytes(sharded) == tree_bytes(single)
    folders = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())  # noqa: E731
    assert folders(sharded) == folders(single)  # (a shard's folders are moved whole)

    # the merged manifest serves the next, incremental build
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    scale_so2(project, "anning-ip", "2025", 0.5)
    build(project, site_dir=project / "site", with_site=False)
    before = mtimes(sharded)
    site.build_site(project, sharded)
    state = json.loads(state_path(project, sharded).read_text(encoding="utf-8"))
    assert 0 < state["rebuilt"] < state["reused"] / 5
    assert all(mtimes(sharded)[n] == t for n, t in before.items() if "yanglin-etdz" in n)
    assert tree_bytes(sharded) == tree_bytes(site.build_site(project, tmp_path / "clean", incremental=False))


def test_a_failing_site_build_changes_nothing_and_the_next_build_catches_up(project, tmp_path):
    """Data changed, but MkDocs fails (a broken theme override): results, pages, site and build
    state all stay as they were; once the override is mended, the next build rebuilds the park."""
    from generator.site import SiteBuildError

    def states():  # the build state and the site manifest (compiled templates are a cache, not state; what
        # an earlier rebuild retired is removed by any later build, failing or not)
        return {name: data for name, data in tree_bytes(project / ".parkaudit-cache").items()
                if name.endswith(".json") and not name.startswith("retired/")}

    before = snapshot(project)
    state_before = states()
    assert any(name.startswith("build-") for name in state_before) and any(name.startswith("site-") for name in state_before)
    scale_so2(project, "anning-ip", "2025", 2.0)
    override = project / "overrides" / "main.html"
    mended = override.read_text(encoding="utf-8")
    override.write_text(mended + "\n{% if %}\n", encoding="utf-8")

    with pytest.raises(SiteBuildError):
        build(project, site_dir=project / "site")
    assert snapshot(project) == before
    assert states() == state_before
    assert not list(project.glob(".parkaudit-incoming-*"))

    override.write_text(mended, encoding="utf-8")
    summary = build(project, site_dir=project / "site")
    assert (summary.parks_rebuilt, summary.parks_reused) == (1, 3)
    clean = clean_build_of(project, tmp_path)
    for name in OUTPUTS:
        assert tree_bytes(project / name) == tree_bytes(clean / name), name


def test_the_manifest_keeps_jiebas_segmentations_for_the_next_build(project, monkeypatch):
    """Segmentations recorded by the last build are reused as they are, so a rebuild that brings no
    new Chinese text never loads jieba's dictionary; anything new still goes to jieba."""
    import jieba

    from generator.site.plugin import _memoised_segmenter

    runs = json.loads(state_path(project, project / "site").read_text(encoding="utf-8"))["segments"]["runs"]
    assert "安宁" in "".join(runs) and all(v.startswith("\u200b") and v.endswith("\u200b") for v in runs.values())

    def jieba_called(*args, **kwargs):
        raise AssertionError("jieba called")

    monkeypatch.setattr(jieba, "cut", jieba_called)
    segment = _memoised_segmenter(dict(runs))
    # and the plugin hands the recorded runs to Material's index when their key still holds
    from types import SimpleNamespace

    from generator.site.plugin import IncrementalPlugin, _segmenter_key

    no_dicts = {"jieba_dict": None, "jieba_dict_user": None}
    plugin, index = IncrementalPlugin(), SimpleNamespace(add_entry_from_context=None, generate_search_index=None)
    plugin.search, plugin.recorded = SimpleNamespace(config=no_dicts), {"segments": {"key": _segmenter_key(no_dicts), "runs": runs}}
    plugin._hook_search(index)
    first = sorted(runs)[0]
    assert index._segment_chinese(first) == runs[first].strip("\u200b")
    known = sorted(runs)[:40]
    assert segment(" ".join(known)) == " ".join(runs[k] for k in known).strip("\u200b")
    with pytest.raises(AssertionError, match="jieba called"):
        segment("前所未见的句子")


def test_an_incremental_site_equals_a_plain_mkdocs_build(project, tmp_path):
    """What `parkaudit build` caches (pages, search entries, jieba's segmentations, compiled
    templates) changes no byte: the site equals MkDocs' own build with no ParkAudit state at all,
    which is also what `mike` publishes."""
    import os
    import subprocess
    import sys

    from generator.site import source_date_epoch

    scale_so2(project, "yanglin-etdz", "2025", 0.5)
    assert build(project, site_dir=project / "site").parks_rebuilt == 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKAUDIT_SITE_")}
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-d", str(tmp_path / "plain")],
                   cwd=project, env=env, check=True, capture_output=True)
    plain, ours = tree_bytes(tmp_path / "plain"), tree_bytes(project / "site")
    assert ours.pop(SITE_MARKER)  # the one file ParkAudit adds: it marks a folder a later build may replace
    assert len(plain) > 30
    assert sorted(plain) == sorted(ours)
    assert [name for name in plain if plain[name] != ours[name]] == []


def test_recorded_segmentations_depend_on_jiebas_dictionaries(tmp_path):
    from generator.site.plugin import _segmenter_key

    words = tmp_path / "userdict.txt"
    words.write_text("安宁工业园区 10 n\n", encoding="utf-8")
    plain = _segmenter_key({"jieba_dict": None, "jieba_dict_user": None})
    with_words = _segmenter_key({"jieba_dict": None, "jieba_dict_user": str(words)})
    words.write_text("安宁 10 n\n", encoding="utf-8")
    other_words = _segmenter_key({"jieba_dict": None, "jieba_dict_user": str(words)})
    assert len({plain, with_words, other_words}) == 3
