"""The bundled demo data: valid packages, a deterministic generator, valid credit codes.

The demo packages under data/<park>/<cycle>/ are produced by scripts/make_demo_data.py (the
generator is scripts/demodata/, its literal inputs scripts/demodata/tables/); these tests check what
is shipped and that the script reproduces it byte for byte.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
from frictionless import validate

from generator.core import TABLES, discover_packages
from generator.validate.uscc import is_valid

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SCRIPTS = REPO / "scripts"
DEMO_PARKS = ("anning-ip", "kunming-hitech", "qujing-etdz", "yanglin-etdz")
DEMO_CYCLES = ("2023", "2024", "2025")


if str(SCRIPTS) not in sys.path:  # as when the script runs: its folder is on sys.path
    sys.path.insert(0, str(SCRIPTS))

import demodata  # noqa: E402
import make_demo_data  # noqa: E402


def _demo_refs():
    return [ref for ref in discover_packages(DATA) if ref.park_id in DEMO_PARKS]


def _generate_into(root: Path) -> Path:
    """A fresh data root holding only the shared schemas and reference data, then the demo."""
    root.mkdir(parents=True)
    shutil.copytree(DATA / "schemas", root / "schemas")
    shutil.copytree(DATA / "reference", root / "reference")
    assert make_demo_data.main(["--data-root", str(root)]) == 0
    return root


def _package_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for park in DEMO_PARKS
        for path in sorted((root / park).rglob("*"))
        if path.is_file()
    }


def test_all_demo_packages_are_shipped():
    found = {(ref.park_id, ref.cycle) for ref in _demo_refs()}
    assert found == {(p, c) for p in DEMO_PARKS for c in DEMO_CYCLES}
    for ref in _demo_refs():
        assert sorted(p.name for p in ref.folder.iterdir()) == sorted(
            ["datapackage.json"] + [f"{t}.csv" for t in TABLES]
        )


@pytest.mark.parametrize("ref", _demo_refs(), ids=lambda ref: f"{ref.park_id}/{ref.cycle}")
def test_demo_package_is_valid(ref):
    """Types, constraints, primary and foreign keys, as frictionless checks them."""
    report = validate(str(ref.descriptor))
    errors = [
        f"{task.name}: {err.type} {err.message}" for task in report.tasks for err in task.errors
    ] + [f"{err.type} {err.message}" for err in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_uscc_in_the_demo_is_valid():
    checked = 0
    for ref in _demo_refs():
        with (ref.folder / "enterprises.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                assert is_valid(row["uscc"]), f"{ref.folder}: {row['enterprise_id']} {row['uscc']}"
                if row["permit_no"]:
                    assert row["permit_no"].startswith(row["uscc"])
                checked += 1
    assert checked > 100


def test_generator_is_deterministic(tmp_path):
    first = _package_files(_generate_into(tmp_path / "a"))
    second = _package_files(_generate_into(tmp_path / "b"))
    assert len(first) == len(DEMO_PARKS) * len(DEMO_CYCLES) * (len(TABLES) + 1)
    assert first == second


def test_shipped_demo_matches_the_generator(tmp_path):
    """Hand edits to the demo get lost on the next run: change the script, then rerun it."""
    generated = _package_files(_generate_into(tmp_path / "gen"))
    shipped = _package_files(DATA)
    stale = sorted(k for k in generated.keys() | shipped.keys() if generated.get(k) != shipped.get(k))
    assert not stale, (
        "data/ differs from scripts/make_demo_data.py output; run "
        "`python scripts/make_demo_data.py` and commit the result: " + ", ".join(stale[:10])
    )


def test_files_are_utf8_lf_without_bom():
    """The packages and the hand-edited tables they come from (spreadsheets like to add both)."""
    tables = [p for p in demodata.TABLES_DIR.iterdir() if p.is_file()]
    assert {p.suffix for p in tables} >= {".csv", ".yaml"}
    for path in [p for ref in _demo_refs() for p in ref.folder.iterdir()] + tables:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in raw, path
        raw.decode("utf-8")
