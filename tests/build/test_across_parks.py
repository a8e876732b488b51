"""The rules across parks in `parkaudit build`: each park's worker validates one park, so the build
compares the parks' enterprise identifiers once the workers are back, before anything is
published; and since a park's fingerprint covers only its own files, a park whose warnings across
parks appear or go away because ANOTHER park changed gets its pages made again, so that an
incremental build still equals a clean one."""

from __future__ import annotations

import shutil

import pytest

from generator.build import BuildError, build, stale_outputs, tree_bytes

from ..csvedit import read_rows, set_cell, snapshot

SHARER, OTHER, CYCLE = "yanglin-etdz", "qujing-etdz", "2025"  # the park that takes an identifier, the park it takes it from


def build_pages(project, **options):
    return build(project, with_site=False, **options)


@pytest.fixture
def project(demo_build, tmp_path):
    """The demo project with results, pages and a recorded build state, without the site (faster)."""
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "site"))
    build_pages(p)
    assert build_pages(p).parks_rebuilt == 0
    return p


def enterprises(project, park):
    return project / "data" / park / CYCLE / "enterprises.csv"


def take_identifier(project, permit: bool) -> str:
    """The first enterprise of SHARER takes the USCC of the first enterprise of OTHER, and its
    permit number too (`permit`) or none. Returns the USCC."""
    _, theirs = read_rows(enterprises(project, OTHER))
    set_cell(enterprises(project, SHARER), 0, "uscc", theirs[0]["uscc"])
    set_cell(enterprises(project, SHARER), 0, "permit_no", theirs[0]["permit_no"] if permit else "")
    return theirs[0]["uscc"]


def clean_build_of(project, tmp_path):
    fresh = tmp_path / "clean"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("results", "docs", ".parkaudit-cache"))
    shutil.copytree(project / "docs", fresh / "docs", ignore=shutil.ignore_patterns("reports"))
    build_pages(fresh, incremental=False)
    return fresh


def assert_equals_a_clean_build(project, tmp_path):
    clean = clean_build_of(project, tmp_path)
    for name in ("results", "docs/reports"):
        assert tree_bytes(project / name) == tree_bytes(clean / name), name
    shutil.rmtree(clean)


def test_the_same_permit_number_in_two_parks_stops_the_build_before_anything_is_written(project):
    take_identifier(project, permit=True)
    before = {name: snapshot(project / name) for name in ("results", "docs")}
    with pytest.raises(BuildError) as stopped:
        build_pages(project)
    found = {(f.code, f.file, f.row, f.field) for f in stopped.value.report.errors}
    assert ("permit-in-two-parks", f"data/{SHARER}/{CYCLE}/enterprises.csv", 2, "permit_no") in found
    # the park that did not change (not validated again by this build) is named too
    assert ("permit-in-two-parks", f"data/{OTHER}/{CYCLE}/enterprises.csv", 2, "permit_no") in found
    assert {name: snapshot(project / name) for name in ("results", "docs")} == before


def test_a_warning_across_parks_reaches_the_unchanged_parks_page_and_leaves_with_its_cause(project, tmp_path):
    quality = project / "docs" / "reports" / OTHER / "quality.md"
    original = enterprises(project, SHARER).read_bytes()
    code = take_identifier(project, permit=False)

    summary = build_pages(project)
    assert summary.parks_rebuilt == 1  # SHARER only: OTHER's own files did not change
    assert code in quality.read_text(encoding="utf-8")  # …but its page shows the warning
    assert code in (project / "docs" / "reports" / SHARER / "quality.md").read_text(encoding="utf-8")
    assert_equals_a_clean_build(project, tmp_path)
    assert stale_outputs(project) == []  # `parkaudit check` makes the pages the same way

    assert build_pages(project).parks_rebuilt == 0
    assert code in quality.read_text(encoding="utf-8")  # made again, and the same
    assert_equals_a_clean_build(project, tmp_path)

    enterprises(project, SHARER).write_bytes(original)
    build_pages(project)
    assert code not in quality.read_text(encoding="utf-8")  # gone with its cause, in the park that did not change
    assert_equals_a_clean_build(project, tmp_path)


# --- the identifiers of the parks a rebuild reuses come from the cache ----------------------------
def reads_of_enterprise_ids(monkeypatch) -> list[str]:
    """The parks whose enterprise identifiers the build reads from their files (not from the cache)."""
    import generator.build.pipeline as pipeline

    read, real = [], pipeline.package_enterprise_ids
    monkeypatch.setattr(pipeline, "package_enterprise_ids", lambda ref, findings: read.append(ref.park_id) or real(ref, findings))
    return read


def test_a_rebuild_takes_the_reused_parks_identifiers_from_the_cache_and_finds_the_same(project, tmp_path, monkeypatch):
    import generator.build.state as build_state

    monkeypatch.setattr(build_state, "RACY_NS", 0)  # the copy's files were written a moment ago
    build_pages(project)  # records every park's input key, and its identifiers under it
    quality = project / "docs" / "reports" / OTHER / "quality.md"
    code = take_identifier(project, permit=False)
    read = reads_of_enterprise_ids(monkeypatch)
    assert build_pages(project).parks_rebuilt == 1
    assert read == []  # OTHER's identifiers (and the others') came from the cache…
    assert code in quality.read_text(encoding="utf-8")  # …and gave the warning across parks
    assert_equals_a_clean_build(project, tmp_path)

    # a park whose files are touched (same bytes, new ctime) is reused, its identifiers read again
    other = enterprises(project, OTHER)
    other.write_bytes(other.read_bytes())
    assert build_pages(project).parks_rebuilt == 0
    assert set(read) == {OTHER}


def test_an_unreadable_identifier_cache_is_read_from_the_files(project, tmp_path, monkeypatch):
    import generator.build.state as build_state

    monkeypatch.setattr(build_state, "RACY_NS", 0)
    build_pages(project)
    caches = list((project / ".parkaudit-cache").glob("build-*.ids.json"))
    assert len(caches) == 1
    caches[0].write_text('{"format": 1, "parks": {"qujing-etdz": {"key": 3}}}', encoding="utf-8")
    code = take_identifier(project, permit=False)
    read = reads_of_enterprise_ids(monkeypatch)
    assert build_pages(project).parks_rebuilt == 1
    assert OTHER in read
    assert code in (project / "docs" / "reports" / OTHER / "quality.md").read_text(encoding="utf-8")
    assert_equals_a_clean_build(project, tmp_path)
