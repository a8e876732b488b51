"""Shared data that cannot be read (data/reference, which the build loads before any park is
validated) stops the build with validation findings, not a traceback, and writes nothing."""

from __future__ import annotations

import shutil

import pytest

from generator.build import BuildError, build

from ..csvedit import snapshot


def test_an_unreadable_reference_stops_the_build_with_findings(demo_build, tmp_path):
    p = tmp_path / "p"
    shutil.copytree(demo_build.project, p, symlinks=True, ignore=shutil.ignore_patterns(".parkaudit-cache", "site"))
    (p / "data" / "reference" / "datapackage.json").write_text("[" * 50_000, encoding="utf-8")  # on main: RecursionError traceback
    before = {name: snapshot(p / name) for name in ("results", "docs")}
    with pytest.raises(BuildError) as stopped:
        build(p, with_site=False)
    assert {f.code for f in stopped.value.report.errors} == {"shared-data-unreadable"}
    # every package of the demo (4 parks × 3 cycles) is stopped by the one shared file
    assert len(stopped.value.report.errors) == len(stopped.value.report.packages) == 12
    assert {name: snapshot(p / name) for name in ("results", "docs")} == before
