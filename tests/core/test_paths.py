"""generator.core.paths is the one way to find packages: PATH arguments (validate, score), the
packages of a data root (build), the parks and cycles of a data root (diff, new-cycle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.core import (
    DESCRIPTOR,
    PackagePathError,
    discover_packages,
    package_folders,
    park_cycles,
    park_ids,
    with_park_cycles,
)
from generator.validate import UsageError


def _package(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / DESCRIPTOR).write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture()
def data(tmp_path) -> Path:
    """data/ with two parks (one with two cycles), the shared folders and a park without a package
    yet. Only the descriptors matter here: finding packages reads no table."""
    root = tmp_path / "data"
    (root / "schemas").mkdir(parents=True)
    _package(root / "reference" / "2024")  # not a package, whatever it holds
    for park, cycle in (("alpha-park", "2024"), ("alpha-park", "2025"), ("beta-park", "2025")):
        _package(root / park / cycle)
    (root / "gamma-park").mkdir()
    return root


def _names(folders) -> list[str]:
    return [f"{f.parent.name}/{f.name}" for f in folders]


def test_a_package_folder(data):
    assert package_folders([data / "alpha-park" / "2024"]) == [data / "alpha-park" / "2024"]


def test_a_datapackage_json_names_its_folder(data):
    assert package_folders([data / "beta-park" / "2025" / DESCRIPTOR]) == [data / "beta-park" / "2025"]


def test_a_park_folder_names_every_cycle(data):
    assert _names(package_folders([data / "alpha-park"])) == ["alpha-park/2024", "alpha-park/2025"]


def test_a_data_root_names_every_park_cycle_but_not_the_reference_data(data):
    assert _names(package_folders([data])) == ["alpha-park/2024", "alpha-park/2025", "beta-park/2025"]


def test_each_folder_once_whichever_arguments_reach_it(data, tmp_path):
    link = tmp_path / "alpha-link"
    link.symlink_to(data / "alpha-park", target_is_directory=True)
    found = package_folders([data / "alpha-park" / "2025", data, link / "2024", data / "alpha-park" / "2024" / DESCRIPTOR])
    assert _names(found) == ["alpha-park/2024", "alpha-park/2025", "beta-park/2025"]
    assert sorted(f.resolve() for f in found) == sorted(f.resolve() for f in package_folders([data]))


def test_a_misnamed_package_is_found_so_that_validation_can_name_it(data):
    """discover_packages (the build's) takes well-named packages only; PATH arguments name every
    folder with a descriptor, and validation reports the name (folder-name)."""
    _package(data / "Alpha_Park" / "draft")
    assert "Alpha_Park/draft" in _names(package_folders([data]))
    assert "Alpha_Park/draft" not in _names(r.folder for r in discover_packages(data))
    assert [(r.park_id, r.cycle) for r in discover_packages(data)] == [("alpha-park", "2024"), ("alpha-park", "2025"), ("beta-park", "2025")]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope", "路径不存在 / no such path: "),
        (lambda d: d / "gamma-park", "找不到数据包 / no data package under: "),
        (lambda d: d / "schemas", "找不到数据包 / no data package under: "),
        (lambda d: _touch(d / "alpha-park" / "2024" / "park.csv"), "不是 datapackage.json / not a datapackage.json: "),
    ],
    ids=["missing path", "folder with no package", "shared schemas", "a file other than datapackage.json"],
)
def test_an_unusable_path_is_refused(data, make, message):
    path = make(data)
    with pytest.raises(PackagePathError) as caught:
        package_folders([data / "alpha-park", path])  # one good argument does not excuse a bad one
    assert str(caught.value) == message + str(path)
    assert UsageError is PackagePathError  # validate's old name for the same refusal


def _touch(path: Path) -> Path:
    path.write_text("", encoding="utf-8")
    return path


def test_parks_and_cycles(data):
    _package(data / "alpha-park" / "notes")  # not named like a cycle
    (data / "alpha-park" / "2026").mkdir()  # no descriptor yet
    assert park_ids(data) == ["alpha-park", "beta-park", "gamma-park"]
    assert park_cycles(data / "alpha-park") == ["2024", "2025"]
    assert park_cycles(data / "gamma-park") == [] and park_cycles(data / "nope") == [] and park_ids(data / "nope") == []


def test_with_park_cycles_adds_the_other_cycles_of_the_same_parks(data):
    assert _names(with_park_cycles([data / "alpha-park" / "2025", data / "beta-park" / "2025"])) == [
        "alpha-park/2024",
        "alpha-park/2025",
        "beta-park/2025",
    ]


@pytest.mark.parametrize("command", ["validate", "score"])
def test_validate_and_score_refuse_the_same_paths_the_same_way(data, tmp_path, capsys, command):
    extra = ["--out", str(tmp_path / "results")] if command == "score" else []
    for path, message in ((data / "nope", "no such path"), (data / "gamma-park", "no data package under")):
        assert main([command, str(path), *extra]) == 2
        err = capsys.readouterr().err
        assert message in err and str(path) in err
    assert not (tmp_path / "results").exists()
