"""The chart shapes kept between builds (generator/build/chart_shapes.py): a one-park rebuild
takes them from .parkaudit-cache/ instead of building them with Altair, and its pages are the
bytes a build without the file gives; a file written by other code, or read by `--full`, is not
used."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.build import build, tree_bytes
from generator.build.chart_shapes import FILE
from generator.core import CACHE_DIR
from generator.render import charts

from ..csvedit import read_rows, set_cell
from ..sitebuild import copy_project

PAGES = ("results", "docs/reports")
MARK = "Tampered Sans"  # put into every cached shape's font by the tests that must see whether the file is read


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKAUDIT_JOBS", "1")  # shapes are built in this process, where the test can count them
    p = copy_project(tmp_path / "p")
    fresh_process()
    build(p, with_site=False)
    return p


def fresh_process():
    """What a new `parkaudit build` process starts with: no shape in memory."""
    charts._SHAPES.clear()


def shapes_built(monkeypatch) -> list:
    """Every shape Altair is asked to build from now on (charts._finish with the placeholder title)."""
    built = []
    real = charts._finish
    monkeypatch.setattr(charts, "_finish", lambda chart, title: (built.append(chart) if title == charts._TITLE else None) or real(chart, title))
    return built


def change_one_park(project):
    path = project / "data" / "qujing-etdz" / "2025" / "emissions.csv"
    _, rows = read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["pollutant"] == "SO2")
    set_cell(path, index, "actual", f"{float(rows[index]['actual']) * 1.5:.3f}")


def outputs(project):
    return {name: tree_bytes(project / name) for name in PAGES}


def without_cache(project, tmp_path):
    """The same inputs built in another folder, with no cache file and no shape in memory."""
    fresh = tmp_path / "clean"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("results", "reports", CACHE_DIR))
    fresh_process()
    build(fresh, with_site=False, incremental=False)
    return outputs(fresh)


def tamper(project, fingerprint=None):
    path = project / CACHE_DIR / FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["shapes"], "the first build kept no shape"
    doc["shapes"] = {k: [text.replace(charts.FONT, MARK), name] for k, (text, name) in doc["shapes"].items()}
    if fingerprint is not None:
        doc["fingerprint"] = fingerprint
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def marked(project) -> bool:
    return any(MARK.encode() in data for tree in outputs(project).values() for data in tree.values())


def test_a_one_park_rebuild_takes_every_shape_from_the_file_and_gives_the_same_bytes(project, tmp_path, monkeypatch):
    change_one_park(project)
    fresh_process()
    built = shapes_built(monkeypatch)
    assert build(project, with_site=False).parks_rebuilt == 1
    assert built == []  # not one chart shape built with Altair
    assert outputs(project) == without_cache(project, tmp_path)


def test_the_file_is_what_the_rebuild_reads(project):
    tamper(project)
    change_one_park(project)
    fresh_process()
    build(project, with_site=False)
    assert marked(project)  # the rebuilt park's charts came from the (tampered) file


def test_a_file_of_other_code_is_not_read_and_is_replaced(project, tmp_path, monkeypatch):
    tamper(project, fingerprint="made by another version")
    change_one_park(project)
    fresh_process()
    built = shapes_built(monkeypatch)
    build(project, with_site=False)
    assert built and not marked(project)
    assert outputs(project) == without_cache(project, tmp_path)
    doc = json.loads((project / CACHE_DIR / FILE).read_text(encoding="utf-8"))
    assert doc["fingerprint"] != "made by another version" and MARK not in json.dumps(doc, ensure_ascii=False)


def test_a_full_build_does_not_read_the_file(project):
    tamper(project)
    fresh_process()
    build(project, with_site=False, incremental=False)
    assert not marked(project)


def test_an_unreadable_file_costs_only_time(project, tmp_path):
    (project / CACHE_DIR / FILE).write_text("{not json", encoding="utf-8")
    change_one_park(project)
    fresh_process()
    build(project, with_site=False)
    assert outputs(project) == without_cache(project, tmp_path)
