"""Work split by park over processes gives the bytes of the serial loop, in the same order."""

from __future__ import annotations

import gc
import os
import shutil

import pytest

from generator.build import build, tree_bytes
from generator.core import map_parks, parallel
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


def _gc_state(_):
    return gc.get_threshold()[0], gc.get_freeze_count() > 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_parks_run_with_the_collector_tuned_and_leave_it_as_it_was(monkeypatch, jobs):
    monkeypatch.setenv("PARKAUDIT_JOBS", jobs)
    before = gc.get_threshold(), gc.get_freeze_count()
    assert before[1] == 0  # nothing frozen in the test process: the map freezes, and unfreezes
    seen = map_parks(_gc_state, [1, 2, 3])
    # in this process or a forked worker: what existed before is frozen, young collections are rarer
    assert seen == [(max(parallel.YOUNG_THRESHOLD, before[0][0]), True)] * 3
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def _nested(n):
    return map_parks(_gc_state, [n]), _gc_state(n)


def test_a_map_inside_a_map_leaves_the_outer_one_s_tuning(monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    inner, after_inner = map_parks(_nested, [1])[0]
    assert inner == [after_inner] == [(max(parallel.YOUNG_THRESHOLD, gc.get_threshold()[0]), True)]


def test_objects_frozen_by_someone_else_stay_frozen(monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        map_parks(_gc_state, [1])
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def _freeze_count(_):
    return gc.get_freeze_count()


def test_what_a_block_made_before_its_parks_is_frozen_before_the_workers_fork(monkeypatch):
    """A build runs whole in one parks_gc block: its configuration and state, made after the block
    froze what existed, are frozen too when the workers fork (not walked by their collections)."""
    monkeypatch.setenv("PARKAUDIT_JOBS", "2")
    with parallel.parks_gc():
        at_start = gc.get_freeze_count()
        made = [[i] for i in range(10_000)]  # containers the collector tracks
        seen = map_parks(_freeze_count, [1, 2])
        assert len(made) == 10_000
    assert min(seen) >= at_start + 9_900  # (give or take a few objects freed in between)
    assert gc.get_freeze_count() == 0
