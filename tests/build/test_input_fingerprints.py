"""Park fingerprints trust a file's stat as git's index does (generator/build/state.py:
park_fingerprints): a park whose files are as they were is not read again, and any change the
file system can see (bytes, times, inode) or may not yet see (a file written within RACY_NS of
being looked at) makes it hashed again."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.build import state as build_state
from generator.build.state import ParkState, park_fingerprints


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "data"
    for park in ("a-park", "b-park"):
        folder = root / park / "2025"
        folder.mkdir(parents=True)
        (folder / "energy.csv").write_text("enterprise_id,coal\nE1,10.5\n", encoding="utf-8")
        (folder / "datapackage.json").write_text('{"name": "%s"}' % park, encoding="utf-8")
    return root


def refs_of(root: Path):
    return [SimpleNamespace(park_id=p.name, folder=p / "2025") for p in sorted(root.iterdir())]


def read_files(monkeypatch) -> list[Path]:
    """The files park_fingerprints hashes from now on (state.hash_files)."""
    read: list[Path] = []
    real = build_state.hash_files

    def hash_files(h, root, files):
        files = list(files)
        read.extend(files)
        real(h, root, files)

    monkeypatch.setattr(build_state, "hash_files", hash_files)
    return read


def recorded(fingerprints, keys) -> dict[str, ParkState]:
    return {p: ParkState(fp, [], {}, input_key=keys[p]) for p, fp in fingerprints.items()}


def test_a_park_whose_files_are_as_recorded_is_not_read_again(data, tmp_path, monkeypatch):
    monkeypatch.setattr(build_state, "RACY_NS", 0)  # the files were written a moment ago
    keys: dict = {}
    first = park_fingerprints(tmp_path, data, refs_of(data), None, keys)
    assert all(keys.values())
    read = read_files(monkeypatch)
    again = park_fingerprints(tmp_path, data, refs_of(data), recorded(first, keys), {})
    assert again == first
    assert not [p for p in read if data in p.parents]  # neither park's files were read

    # the same bytes count, not the record: a recorded fingerprint is taken only with its key
    wrong = {p: ParkState("0" * 64, [], {}, input_key=keys[p]) for p in first}
    assert park_fingerprints(tmp_path, data, refs_of(data), wrong, {}) == {p: "0" * 64 for p in first}
    assert park_fingerprints(tmp_path, data, refs_of(data), {p: ParkState("0" * 64, [], {}) for p in first}, {}) == first


def test_a_file_changed_with_its_size_and_mtime_kept_is_read_again(data, tmp_path, monkeypatch):
    """A tool that keeps the modification time (cp -p, rsync -t, a restore) cannot keep the change
    time: the park is hashed again and its fingerprint is that of its new bytes."""
    monkeypatch.setattr(build_state, "RACY_NS", 0)
    keys: dict = {}
    first = park_fingerprints(tmp_path, data, refs_of(data), None, keys)
    energy = data / "a-park" / "2025" / "energy.csv"
    before = energy.stat()
    energy.write_text("enterprise_id,coal\nE1,99.9\n", encoding="utf-8")  # same size
    os.utime(energy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (energy.stat().st_size, energy.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    read = read_files(monkeypatch)
    again = park_fingerprints(tmp_path, data, refs_of(data), recorded(first, keys), {})
    assert again["a-park"] != first["a-park"]
    assert again["a-park"] == park_fingerprints(tmp_path, data, refs_of(data))["a-park"]  # hashed from its bytes
    assert again["b-park"] == first["b-park"]
    assert energy in read


def test_a_file_added_or_removed_changes_the_key(data, tmp_path, monkeypatch):
    monkeypatch.setattr(build_state, "RACY_NS", 0)
    keys: dict = {}
    first = park_fingerprints(tmp_path, data, refs_of(data), None, keys)
    extra = data / "b-park" / "2025" / "water.csv"
    extra.write_text("x\n", encoding="utf-8")
    added: dict = {}
    assert park_fingerprints(tmp_path, data, refs_of(data), recorded(first, keys), added)["b-park"] != first["b-park"]
    extra.unlink()
    assert park_fingerprints(tmp_path, data, refs_of(data), recorded(first, keys), {})["b-park"] == first["b-park"]
    assert added["b-park"] != keys["b-park"]


def test_files_written_just_before_they_were_looked_at_are_not_trusted_next_time(data, tmp_path):
    keys: dict = {}
    park_fingerprints(tmp_path, data, refs_of(data), None, keys)
    assert keys == {"a-park": None, "b-park": None}  # written within RACY_NS (2 s) of the call


def test_the_shared_inputs_are_part_of_the_key(data, tmp_path, monkeypatch):
    """indicators.yaml, data/schemas and data/reference change every park's fingerprint: a recorded
    key made before such a change is not taken."""
    monkeypatch.setattr(build_state, "RACY_NS", 0)
    keys: dict = {}
    first = park_fingerprints(tmp_path, data, refs_of(data), None, keys)
    (tmp_path / "indicators.yaml").write_text("systems: {}\n", encoding="utf-8")
    again = park_fingerprints(tmp_path, data, refs_of(data), recorded(first, keys), {})
    assert all(again[p] != first[p] for p in first)


def test_a_park_the_state_does_not_know_is_left_to_its_worker_with_the_same_fingerprint(data, tmp_path, monkeypatch):
    """A first or full build rebuilds every park whatever its fingerprint: none is read here, and
    what the worker makes from the files listed (Unhashed.fingerprint) is the fingerprint that
    hashing here gives. A park the state knows, but whose files changed, is still hashed here:
    whether it is rebuilt depends on it."""
    monkeypatch.setattr(build_state, "RACY_NS", 0)
    eager_keys: dict = {}
    eager = park_fingerprints(tmp_path, data, refs_of(data), None, eager_keys)
    read = read_files(monkeypatch)
    keys: dict = {}
    unhashed: dict = {}
    deferred = park_fingerprints(tmp_path, data, refs_of(data), None, keys, unhashed)
    assert deferred == {"a-park": None, "b-park": None}
    assert not [p for p in read if data in p.parents]  # neither park's files were read
    assert keys == eager_keys  # the keys to record come from the files' stats, as before
    assert {p: u.fingerprint(data) for p, u in unhashed.items()} == eager

    known = {"a-park": ParkState("0" * 64, [], {}, input_key="stale")}
    unhashed = {}
    mixed = park_fingerprints(tmp_path, data, refs_of(data), known, {}, unhashed)
    assert mixed == {"a-park": eager["a-park"], "b-park": None} and set(unhashed) == {"b-park"}


def test_a_full_build_records_the_fingerprints_of_its_parks_files(tmp_path):
    """The fingerprints a full build records (made by the workers) are those of the parks' files:
    the next build finds every park as it was and rebuilds none."""
    from generator.build import build
    from generator.build.state import BuildState
    from generator.core import discover_packages

    from ..sitebuild import copy_project

    project = copy_project(tmp_path)
    build(project, with_site=False, incremental=False)
    state = BuildState.load(project, project / "data", project / "results", project / "docs" / "reports")
    eager = park_fingerprints(project, project / "data", discover_packages(project / "data"))
    assert {p: s.fingerprint for p, s in state.parks.items()} == eager
    assert build(project, with_site=False).parks_rebuilt == 0
