"""The audit reports in a build: made for the cycle each park shows, remade only for the park whose
inputs changed, left alone by a build without reports, and never half-written when the build stops.

Two tiny parks (tests/builders.py: almost every table empty, which the report must survive), so
that the module lays out three small reports in all."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.build import BuildError, build, tree_bytes

from ..builders import INDICATORS_YAML, enterprise, make_data_root, write_package

PARKS = ("park-a", "park-b")


def mtimes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


def snapshot(project):
    return {name: (tree_bytes(project / name), mtimes(project / name)) for name in ("results", "docs")}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = tmp_path_factory.mktemp("reports") / "p"
    root = make_data_root(p)
    shutil.copy2(INDICATORS_YAML, p / "indicators.yaml")
    for park in PARKS:
        write_package(root, park, "2024", {
            "enterprises": [enterprise("E1", n=1000 + ord(park[-1]), output_value=100.0, value_added=30.0)],  # its own USCC: one enterprise in two parks is a finding of its own
            "energy": [{"enterprise_id": "E1", "energy_type": "原煤", "unit": "t", "quantity": 100}],
            "water": [{"enterprise_id": "E1", "tap_water": 50}],
            "emissions": [{"enterprise_id": "E1", "pollutant": "COD", "actual": 1.5}],
        })
    summary = build(p, with_site=False, reports=True)
    assert summary.reports_made == 2
    return p


def reports(project):
    return project / "docs" / "audit-reports"


def test_a_build_makes_each_parks_report_and_a_second_build_none(project):
    assert sorted(p.relative_to(reports(project)).as_posix() for p in reports(project).rglob("*") if p.is_file()) == [
        f"{park}/{park}-2024.{ext}" for park in PARKS for ext in ("docx", "pdf")]
    before = mtimes(reports(project))
    assert build(project, with_site=False, reports=True).reports_made == 0
    assert mtimes(reports(project)) == before


def test_a_changed_park_has_its_report_remade_and_only_its_own(project):
    folder = project / "data" / "park-a" / "2024"
    energy = folder / "energy.csv"
    energy.write_text(energy.read_text(encoding="utf-8").replace(",100\n", ",120\n").replace(",100,", ",120,"), encoding="utf-8")
    before = snapshot(project)["docs"]
    build(project, with_site=False, reports=False)  # a build without reports leaves them as they are
    assert tree_bytes(reports(project)) == {k[len("audit-reports/"):]: v for k, v in before[0].items() if k.startswith("audit-reports/")}
    old = mtimes(reports(project))
    summary = build(project, with_site=False, reports=True)  # … and the next one with reports catches up
    assert summary.reports_made == 1
    new = mtimes(reports(project))
    assert {k for k in new if new[k] != old[k]} == {"park-a/park-a-2024.pdf", "park-a/park-a-2024.docx"}


def test_malformed_audit_metadata_stops_the_build_and_changes_nothing(project):
    descriptor_path = project / "data" / "park-b" / "2024" / "datapackage.json"
    original = descriptor_path.read_text(encoding="utf-8")
    descriptor = json.loads(original)
    descriptor["contributors"] = [{"title": "某机构", "roles": ["auditor"]}]
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    before = snapshot(project)
    try:
        with pytest.raises(BuildError, match="unknown role auditor"):
            build(project, with_site=False, reports=True)
        assert snapshot(project) == before
    finally:
        descriptor_path.write_text(original, encoding="utf-8")
