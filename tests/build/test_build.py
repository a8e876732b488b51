"""parkaudit build and check on a copy of the project: atomic, deterministic, incremental, and a
stale-output check that fails when committed output no longer matches the data."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from generator.build import BuildError, build, stale_outputs, tree_bytes

from ..csvedit import REPO, read_rows, set_cell


def mtimes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(demo_build):
    return demo_build.project


def test_bad_data_changes_nothing_already_built(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project)
    before = {name: (tree_bytes(project / name), mtimes(project / name)) for name in ("site", "results", "docs")}
    set_cell(project / "data" / "anning-ip" / "2025" / "energy.csv", 0, "quantity", "很多")
    with pytest.raises(BuildError) as err:
        build(project, site_dir=project / "site")
    assert err.value.report.has_errors
    after = {name: (tree_bytes(project / name), mtimes(project / name)) for name in ("site", "results", "docs")}
    assert after == before


def test_cli_build_exit_status_on_bad_data(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project)
    set_cell(project / "data" / "yanglin-etdz" / "2024" / "park.csv", 0, "industrial_value_added", "0")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--repo", str(project)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "value-added-zero" in proc.stderr and "data/yanglin-etdz/2024/park.csv" in proc.stderr


def test_site_build_is_deterministic(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site"))
    build(project, site_dir=project / "site")
    assert tree_bytes(project / "site") == tree_bytes(built / "site")


def test_one_park_changes_only_its_own_files(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site"))
    reports = project / "docs" / "reports"
    bytes_before, times_before = tree_bytes(reports), mtimes(reports)
    _, rows = read_rows(project / "data" / "qujing-etdz" / "2025" / "emissions.csv")
    index = next(i for i, r in enumerate(rows) if r["pollutant"] == "SO2")
    set_cell(project / "data" / "qujing-etdz" / "2025" / "emissions.csv", index, "actual", f"{float(rows[index]['actual']) * 1.5:.3f}")
    build(project, with_site=False)
    bytes_after, times_after = tree_bytes(reports), mtimes(reports)
    changed = sorted(n for n in bytes_after if bytes_after[n] != bytes_before.get(n))
    assert changed, "the change did not reach the pages"
    assert all(n.startswith("qujing-etdz/") or n.startswith("index.md") or n.startswith("charts/portal") for n in changed), changed
    untouched = [n for n in bytes_before if not n.startswith("qujing-etdz/") and bytes_after.get(n) == bytes_before[n]]
    assert untouched and all(times_after[n] == times_before[n] for n in untouched)


def test_check_reports_stale_output(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site"))
    assert stale_outputs(project) == []
    set_cell(project / "data" / "anning-ip" / "2025" / "water.csv", 0, "tap_water", "1")
    stale = stale_outputs(project)
    assert "results/anning-ip/2025/score.json" in stale
    assert any(s.startswith("docs/reports/anning-ip/") for s in stale)
    assert not any("yanglin" in s for s in stale)


def test_repository_outputs_are_fresh():
    """The committed results/ and docs/reports/ match the committed data and code."""
    if not (REPO / "results").is_dir():
        pytest.skip("no committed results yet")
    assert stale_outputs(REPO) == []


def test_rendered_html_keeps_headings_and_code_intact(built):
    import json
    import re

    doc = json.loads((built / "results" / "anning-ip" / "2025" / "score.json").read_text(encoding="utf-8"))
    graded = next(s for s in doc["systems"].values() if s["method"] == "graded")
    ids = [i["indicator"] for c in graded["categories"] for i in c["indicators"]]
    page = (built / "site" / "reports" / "anning-ip" / "indicators.html").read_text(encoding="utf-8")
    for iid in ids:
        assert re.search(rf'<h2 id="{iid}"', page), f"heading of {iid} swallowed"
    assert "\\_" not in page and "##" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
    for name in ("methodology/park_cp.html", "methodology/data-dictionary.html", "anning-ip/enterprises.html"):
        html = (built / "site" / "reports" / name).read_text(encoding="utf-8")
        assert "<td>## " not in html and "<td>### " not in html and "\\_" not in html, name


def test_downloadable_results_are_the_results_files(built, tmp_path):
    """Each park's download page offers its current cycle's results/ files, byte for byte, however
    the build came by them: scored just now, or read back from results/ (here: pages deleted by
    hand, results still valid, so the park's pages are made from results/ alone)."""
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache"))
    build(project, with_site=False)  # records the build state for this folder
    shutil.rmtree(project / "docs" / "reports" / "anning-ip")
    assert build(project, with_site=False).parks_rebuilt == 0
    parks = sorted(p.name for p in (project / "results").iterdir() if p.is_dir())
    assert "anning-ip" in parks
    for park in parks:
        current = max(c.name for c in (project / "results" / park).iterdir())
        results = tree_bytes(project / "results" / park / current)
        downloads = tree_bytes(project / "docs" / "reports" / park / "downloads")
        # beside each results CSV, its .xlsx for people (issue 13); the results files themselves byte for byte
        offered = {name: data for name, data in downloads.items() if "/" not in name and not name.endswith(".xlsx")}
        assert set(results) == {"score.json", "indicators.csv", "key_enterprises.csv", "chains.csv"}
        assert offered == results, park
        assert {n for n in downloads if "/" not in n and n.endswith(".xlsx")} == {n[:-4] + ".xlsx" for n in results if n.endswith(".csv")}
