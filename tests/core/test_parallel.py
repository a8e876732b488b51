"""Work split by park over processes gives the bytes of the serial loop, in the same order."""

from __future__ import annotations

import os
import shutil

from generator.build import build, tree_bytes
from generator.core import map_parks
from generator.validate import validate_paths

from ..csvedit import REPO, set_cell
from ..sitebuild import copy_project


def _pid_and_square(n):
    return os.getpid(), n * n


def test_map_parks_keeps_order_and_uses_workers(monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    out = map_parks(_pid_and_square, list(range(12)))
    assert [sq for _, sq in out] == [n * n for n in range(12)]
    assert os.getpid() not in {pid for pid, _ in out}
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    assert {pid for pid, _ in map_parks(_pid_and_square, [1, 2])} == {os.getpid()}


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    serial = copy_project(tmp_path / "serial")
    set_cell(serial / "data" / "anning-ip" / "2025" / "park.csv", 0, "industrial_value_added", "0")  # one error
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)

    reports = {}
    for jobs, project in (("1", serial), ("2", parallel)):
        monkeypatch.setenv("PARKAUDIT_JOBS", jobs)
        reports[jobs] = validate_paths([project / "data"]).to_dict()
    assert reports["1"]["findings"] and reports["1"] == reports["2"]

    for jobs, project in (("1", serial), ("2", parallel)):
        shutil.copy2(REPO / "data" / "anning-ip" / "2025" / "park.csv", project / "data" / "anning-ip" / "2025" / "park.csv")
        monkeypatch.setenv("PARKAUDIT_JOBS", jobs)
        build(project, with_site=False, incremental=False)
    for name in ("results", "docs"):
        assert tree_bytes(serial / name) == tree_bytes(parallel / name), name


def _fail_on_two(n):
    from generator.score import ConfigError

    if n == 2:
        raise ConfigError(["indicators.yaml: 第一条 / first", "indicators.yaml: 第二条 / second"])
    return n


def test_an_error_in_a_worker_arrives_whole(monkeypatch):
    from generator.score import ConfigError

    messages = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("PARKAUDIT_JOBS", jobs)
        try:
            map_parks(_fail_on_two, [1, 2, 3])
        except ConfigError as exc:
            messages[jobs] = (str(exc), exc.messages)
    assert messages["1"] == messages["2"]
    assert messages["2"][1] == ["indicators.yaml: 第一条 / first", "indicators.yaml: 第二条 / second"]
