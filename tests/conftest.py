"""Fixtures shared by the tests of several stages.

- `demo_build`: the demo project (data, docs, indicators.yaml) copied to a temporary folder and
  built once per session (results, pages, site). Treat it as read-only: a test that changes
  anything copies `demo_build.project` first.
- `browser`: one headless Debian chromium per session, driven by Playwright (skipped where chromium
  is missing, an error in CI).

Builds make no audit reports in the tests (PARKAUDIT_REPORTS=0): laying out a report takes seconds
per park, and most tests build many times. `demo_build` makes them, once; the tests of the
reports (tests/report/) read those, and a test that needs others asks with `reports=True`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .sitebuild import copy_project

os.environ.setdefault("PARKAUDIT_REPORTS", "0")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass(frozen=True)
class DemoBuild:
    project: Path
    summary: object  # generator.build.BuildSummary of the first, clean build


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> DemoBuild:
    from generator.build import build

    project = copy_project(tmp_path_factory.mktemp("demo-build"))
    return DemoBuild(project, build(project, site_dir=project / "site", reports=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium (scripts/test installs it)")
        pytest.skip("chromium not installed (run ./scripts/test)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
