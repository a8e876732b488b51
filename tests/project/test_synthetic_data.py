"""The synthetic data generator (scripts/make_synthetic_data.py): deterministic, seeded, valid.

It builds national-scale load-test data from the demo generator's functions (the package
scripts/demodata/), so these tests also guard that package's reusable surface (generate_park,
write_package, table_csv).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.core import TABLES, build_descriptor, discover_packages
from generator.core import descriptor_json as dump_json
from generator.validate import validate_paths

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
ARGS = dict(parks=3, cycles=2, enterprises=20)

if str(SCRIPTS) not in sys.path:  # as when the script runs: its folder is on sys.path
    sys.path.insert(0, str(SCRIPTS))

import make_synthetic_data  # noqa: E402


def _generate(out: Path, seed: str, jobs: int = 1) -> Path:
    argv = ["--parks", str(ARGS["parks"]), "--cycles", str(ARGS["cycles"]), "--enterprises", str(ARGS["enterprises"]),
            "--seed", seed, "--out", str(out), "--jobs", str(jobs)]
    assert make_synthetic_data.main(argv) == 0
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("syn") / "a", "7")


def test_same_seed_same_bytes(first, tmp_path):
    again = _generate(tmp_path / "b", "7", jobs=2)  # the number of worker processes changes nothing
    assert _files(again) == _files(first)


def test_different_seed_different_bytes(first, tmp_path):
    other = _files(_generate(tmp_path / "c", "8"))
    mine = _files(first)
    assert other.keys() == mine.keys()
    changed = [name for name in mine if name.endswith(".csv") and "/20" in name and mine[name] != other[name]]
    assert len(changed) > len(mine) // 2


def test_shape(first):
    refs = discover_packages(first)
    assert [(r.park_id, r.cycle) for r in refs] == [
        (f"syn-{k:05d}", str(c)) for k in range(1, ARGS["parks"] + 1) for c in (2024, 2025)]
    meta = json.loads((first / "synthetic.json").read_text(encoding="utf-8"))
    assert meta["packages"] == 6 and meta["fictional"] is True
    for ref in refs:
        assert sorted(p.name for p in ref.folder.iterdir()) == sorted([f"{t}.csv" for t in TABLES] + ["datapackage.json"])
        park = ref.folder.joinpath("park.csv").read_text(encoding="utf-8").splitlines()[1]
        assert park.startswith(f"{ref.park_id},合成园区{int(ref.park_id[4:]):04d}")
        enterprises = ref.folder.joinpath("enterprises.csv").read_text(encoding="utf-8").splitlines()[1:]
        assert len(enterprises) >= 8
        assert all(",合成" in line for line in enterprises)  # every enterprise name says it is synthetic


def test_descriptor_is_what_packaging_builds(first):
    """The cached per-cycle descriptor text equals generator.core.descriptor's, byte for byte."""
    for ref in discover_packages(first):
        name = ref.folder.joinpath("park.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[1]
        expected = dump_json(build_descriptor(first, ref.park_id, ref.cycle, name, fictional=True))
        assert ref.descriptor.read_text(encoding="utf-8") == expected


def test_every_package_is_valid(first):
    report = validate_paths([first])
    assert len(report.packages) == 6
    assert report.errors == [], [f.to_dict() for f in report.errors]


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    argv = ["--parks", "1", "--cycles", "1", "--enterprises", "10", "--out", str(tmp_path)]
    assert make_synthetic_data.main(argv) == 2
    assert (tmp_path / "keep.txt").exists()


def test_the_source_digest_covers_the_demo_generator_and_its_tables():
    """A cached data set (scripts/benchmark.py) is reused only while this digest is unchanged: an
    edit to any generator module or table must change it."""
    covered = set(make_synthetic_data.source_files())
    package = SCRIPTS / "demodata"
    generator_files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert package / "generation.py" in generator_files and package / "tables" / "archetypes.yaml" in generator_files
    assert set(generator_files) <= covered
    assert SCRIPTS / "make_synthetic_data.py" in covered
