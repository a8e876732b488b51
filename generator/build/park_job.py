"""One park, from its data packages to its results and pages, in one worker process.

Run as separate stages, validation, scoring and rendering each read the park's packages again, and
rendering read back the results that scoring had just written. Run per park, they share what was
read: the packages validation loaded feed the scores, and the scores feed the pages without a trip
through results/. Nothing is published here: results go to a staging folder, pages come back as
bytes, and the caller puts both in place once every park has passed validation, so bad data
anywhere still leaves every output as it was. (Staging the results on disk keeps a national build's
memory flat: its results are several GB.)
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.state import Unhashed
from generator.core import PackageRef, by_park, dump_json, dump_json_read_back, load_energy_coefficients, map_parks, move_dir, write_folder
from generator.render import ParkResults, chart_shape_keys, chart_shapes_since, park_pages
from generator.score import result_files, score_package
from generator.validate import ERROR, WARNING, EnterpriseIds, Finding, Report, SharedData, package_enterprise_ids, validate_package


@dataclass
class ParkOutput:
    park_id: str
    findings: list[Finding] = field(default_factory=list)  # of all the park's packages (when validated here)
    cycles: list[str] = field(default_factory=list)  # scored, their results in staging/<park>/<cycle>/
    pages: dict[str, bytes] | None = None  # its files under docs/reports/<park>/; None: no cycle ≤ the site's
    portal_row: dict | None = None
    # of its packages validated here without an error, for the rules across parks, which the caller
    # runs once every park is back (a worker sees one park)
    enterprise_ids: list[EnterpriseIds] = field(default_factory=list)
    # the chart shapes its pages needed that the worker had to build (build/chart_shapes.py keeps them)
    chart_shapes: dict[str, list[str]] = field(default_factory=dict)
    fingerprint: str | None = None  # made here when the caller left it to the worker (state.Unhashed)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


def run_parks(refs: list[PackageRef], config, data_root: Path, site_cycle: str, staging: Path, warnings: dict | None = None,
              done=None, each=None, unhashed: dict[str, Unhashed] | None = None) -> list[ParkOutput]:
    """Every park of `refs` validated, scored (results into `staging`) and rendered for
    `site_cycle`, parks over all cores, in the order of `refs`. `warnings` ((park, cycle) → warning
    dicts) says the packages were validated already; without it they are validated here, and once
    any park has an error, no park is scored or rendered any more (outputs carry only findings).
    `each(output)`, `done(n)`: called in this process on each park's output as it comes in (what
    `each` returns is kept instead), and as the first n parks are finished (core.map_parks).
    `unhashed` (park → state.Unhashed): the parks whose fingerprint the worker makes, first, into
    the output's `fingerprint`."""
    try:
        coefficients = load_energy_coefficients(data_root)
    except (OSError, ValueError, LookupError, TypeError):
        coefficients = None  # unreadable: every package's validation says so (shared-data-unreadable), and nothing is scored
    # set by the first park with an error: from then on parks are only validated, so that a typo
    # in a national data set is reported after validation, not after scoring the nation
    failed = multiprocessing.get_context("fork").Value("b", 0, lock=False)
    shared = SharedData.load(data_root) if warnings is None else None  # validation's shared schemas and coefficients, loaded once
    return map_parks(_run_park, by_park(refs), config, Path(data_root), coefficients, site_cycle, Path(staging), warnings, failed, shared,
                     unhashed or {}, done=done, each=each)


def _run_park(refs: list[PackageRef], config, data_root: Path, coefficients, site_cycle: str, staging: Path, warnings: dict | None,
              failed, shared: SharedData | None = None, unhashed: dict[str, Unhashed] | None = None) -> ParkOutput:
    out = ParkOutput(refs[0].park_id)
    if unhashed and out.park_id in unhashed:  # before validation reads the files: they are then in the page cache
        out.fingerprint = unhashed[out.park_id].fingerprint(data_root)
    packages: dict = {}  # folder → ParkPackage: what validation read, scoring reads again
    if warnings is None:
        for ref in refs:
            found = validate_package(ref, packages, shared)
            out.findings += found
            if (ids := package_enterprise_ids(ref, found)) is not None:
                out.enterprise_ids.append(ids)
        if out.has_errors:
            failed.value = 1
        if failed.value:
            return out
        report = Report(list(refs), sorted(out.findings, key=Finding.sort_key))
        warnings = {(r.park_id, r.cycle): [f.to_dict() for f in report.for_package(r) if f.severity == WARNING] for r in refs}
    computed: dict = {}  # folder → CycleData, shared by the cycles' prev(...)
    results, read_back = {}, {}
    for ref in refs:
        doc = score_package(ref.folder, config, data_root, coefficients, computed, packages)
        if ref.cycle <= site_cycle:  # its pages are made from score.json as a reader of the file gets it, not from `doc`
            text, read_back[ref.cycle] = dump_json_read_back(doc)
        else:
            text = dump_json(doc)
        results[ref.cycle] = result_files(doc, config, score_json=text)
        write_folder(results[ref.cycle], staging / out.park_id / ref.cycle)
        out.cycles.append(ref.cycle)
    shown = dict(sorted(read_back.items()))
    if shown:
        park = ParkResults(out.park_id, shown, max(shown))
        known_shapes = chart_shape_keys()
        pages, out.portal_row = park_pages(park, data_root, warnings.get((out.park_id, park.current)), results[park.current], config=config)
        out.pages = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in pages.items()}
        out.chart_shapes = chart_shapes_since(known_shapes)
    return out


def pages_by_park(outputs: list[ParkOutput], redo=frozenset()) -> dict[str, tuple[dict, dict | None]]:
    """The parks' pages and portal rows, as render.render takes them (`rendered`), but for the
    parks in `redo`, which render makes again (their warnings changed after the worker was done)."""
    return {o.park_id: (o.pages or {}, o.portal_row) for o in outputs if o.park_id not in redo}


@contextmanager
def staging_for(results_root: Path):
    """A staging folder for results beside `results_root` (so that publishing them is a rename),
    removed afterwards whatever happens."""
    results_root = Path(results_root)
    results_root.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=results_root.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


STAGING_PREFIX = ".parkaudit-incoming-"


def publish_results(outputs: list[ParkOutput], staging: Path, results_root: Path) -> None:
    """Move the staged results into results_root, one package folder at a time, each atomically."""
    for out in outputs:
        for cycle in out.cycles:
            target = Path(results_root) / out.park_id / cycle
            target.parent.mkdir(parents=True, exist_ok=True)
            move_dir(Path(staging) / out.park_id / cycle, target)  # a rename, unless results/ is another filesystem
