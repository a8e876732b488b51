"""The audit reports of a build: for every park, the report (PDF and .docx) of the cycle its pages
show, made from the build's own staged results, over all cores, and written under
docs/audit-reports/ with the pages, through the build's undo journal: they are published by the
build's one commit (transaction.py), or not at all.

Incremental: a park's reports are remade only when its results were rebuilt, the cycle it shows
changed, its report files are not the ones the last build wrote, or the report key changed (the
fonts, or SOURCE_DATE_EPOCH, which dates a report whose data gives no date).

PARKAUDIT_REPORTS=0 makes builds skip the reports (`parkaudit build --no-reports` does the same
for one build): docs/audit-reports/ is then left as it is, and the pages still link to it. The test suite sets it, because laying out a report
takes seconds per park; the tests that need reports ask for them."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from generator.core import UndoJournal, jobs, sync_tree, write_if_changed
from generator.report import REPORTS_DIR, FontChoice, audit_metadata, choose_fonts, park_report

ENV_REPORTS = "PARKAUDIT_REPORTS"


def reports_wanted(reports: bool | None, with_site: bool) -> bool:
    """Reports are part of the published site: made when the site is built, unless turned off."""
    if reports is not None:
        return reports
    return with_site and os.environ.get(ENV_REPORTS, "1").strip() != "0"


def report_key(fonts: FontChoice) -> str:
    """What changes a report's bytes besides its park's inputs and ParkAudit's code."""
    return hashlib.sha256(f"{fonts.fingerprint()}\n{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode()).hexdigest()


def make_reports(parks: dict[str, str], results_root: Path, data_root: Path, warnings: dict, fonts: FontChoice) -> dict[str, bytes]:
    """{path under docs/audit-reports/: bytes} of every park in `parks` (park → cycle), parks over
    all cores. `warnings`: (park, cycle) → the package's validation warnings.

    The workers are spawned, not forked as core.map_parks forks them: vl-convert (the charts)
    hangs in a process forked from one that has used it, and the build's own process has (the
    Vega bundle of the site)."""
    todo = sorted(parks)
    args = (parks, Path(results_root), Path(data_root), {k: v for k, v in warnings.items() if k[0] in parks}, fonts)
    workers = min(jobs(), len(todo))
    if workers <= 1:
        made = [_one(park, *args) for park in todo]
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint) as pool:
            made = list(pool.map(partial(_one_of, args), todo))
    return {name: data for files in made for name, data in sorted(files.items())}


def _one_of(args: tuple, park: str) -> dict[str, bytes]:
    return _one(park, *args)


def _ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle, once


def _one(park: str, parks: dict[str, str], results_root: Path, data_root: Path, warnings: dict, fonts: FontChoice) -> dict[str, bytes]:
    return park_report(park, parks[park], results_root, data_root, warnings.get((park, parks[park]), []), fonts=fonts)


def write_reports(docs_dir: Path, files: dict[str, bytes], keep=(), journal: UndoJournal | None = None):
    """docs/audit-reports/ made to hold exactly `files`, plus the folders of the parks in `keep`."""
    return sync_tree(Path(docs_dir) / REPORTS_DIR, files, keep=set(keep), journal=journal)


def reports_folder(docs_dir: Path) -> Path:
    return Path(docs_dir) / REPORTS_DIR


def build_reports(state, current: dict[str, str], rebuilt: set[str], *, results_root: Path, data_root: Path, docs_dir: Path,
                  warnings: dict, journal: UndoJournal, wanted: bool, parks: set[str]) -> dict[str, str]:
    """The report step of a build (pipeline._build): the reports of the parks in `current` (park →
    the cycle its pages show) made or kept, written through `journal`; the folders of parks not
    in `current` are removed. Returns park → report key of the reports made, for the build state
    once the build has committed. Not `wanted` (--no-reports): docs/audit-reports/ is left as it
    is but for the folders of parks no longer in the data (`parks`), so an incremental and a full
    build still give the same bytes; a park rebuilt meanwhile has no valid reports in the state any
    more (BuildState.record starts it afresh), so the next build that makes reports remakes them."""
    folder = reports_folder(docs_dir)
    if not wanted:
        if folder.is_dir():
            write_reports(docs_dir, {}, {p.name for p in folder.iterdir() if p.name in parks}, journal)
        return {}
    fonts = choose_fonts()  # MissingFont before any work: a report without CJK glyphs prints boxes
    key = report_key(fonts)
    reuse = {p for p in current if p not in rebuilt and state.reports_valid(p, current[p], key, folder)}
    todo = {p: c for p, c in current.items() if p not in reuse}
    for park, cycle in sorted(todo.items()):  # malformed audit metadata stops the build here, not in a worker
        audit_metadata(_descriptor(data_root, park, cycle), f"{park}/{cycle}/datapackage.json")
    write_reports(docs_dir, make_reports(todo, results_root, data_root, warnings, fonts), reuse, journal)
    return {p: key for p in todo}


def _descriptor(data_root: Path, park: str, cycle: str) -> dict:
    import json

    return json.loads((Path(data_root) / park / cycle / "datapackage.json").read_text(encoding="utf-8"))


def save_reports(repo: Path, files: dict[str, bytes], out: Path | None = None) -> list[Path]:
    """`parkaudit report`'s files written (only those whose bytes changed): under
    docs/audit-reports/ by default, where the site links to them (not while a build runs: the
    build lock), or flat into `out`."""
    from generator.build.transaction import build_lock

    with build_lock(repo):
        targets = [(Path(out) / Path(name).name if out else reports_folder(Path(repo) / "docs") / name, data) for name, data in files.items()]
        for target, data in targets:
            write_if_changed(target, data)
    return [t for t, _ in targets]
