"""One park, from its data packages to its results and pages, in one worker process.

Run as separate stages, validation, scoring and rendering each read the park's packages again, and
rendering read back the results that scoring had just written. Run per park, they share what was
read: the packages validation loaded feed the scores, and the scores feed the pages without a trip
through results/. Nothing is written here: the caller writes once every park has passed
validation, so bad data anywhere still leaves every output as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .findings import ERROR, WARNING, Finding
from .layout import PackageRef
from .load import load_energy_coefficients
from .parallel import by_park, map_parks
from .render import ParkResults, park_pages
from .results import render_files, score_package
from .validate import Report, validate_package


@dataclass
class ParkOutput:
    park_id: str
    findings: list[Finding] = field(default_factory=list)  # of all the park's packages (when validated here)
    results: dict[str, dict[str, str]] = field(default_factory=dict)  # cycle → results files (render_files)
    pages: dict[str, str | bytes] | None = None  # its files under docs/reports/<park>/; None: no cycle ≤ the site's
    portal_row: dict | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


def run_parks(refs: list[PackageRef], config, data_root: Path, site_cycle: str, warnings: dict | None = None) -> list[ParkOutput]:
    """Every park of `refs` validated, scored and rendered for `site_cycle`, parks over all cores,
    in the order of `refs`. `warnings` ((park, cycle) → warning dicts) says the packages were
    validated already; without it they are validated here, and a park with an error is neither
    scored nor rendered (its output carries only its findings)."""
    coefficients = load_energy_coefficients(data_root)
    return map_parks(_run_park, by_park(refs), config, Path(data_root), coefficients, site_cycle, warnings)


def _run_park(refs: list[PackageRef], config, data_root: Path, coefficients, site_cycle: str, warnings: dict | None) -> ParkOutput:
    out = ParkOutput(refs[0].park_id)
    packages: dict = {}  # folder → ParkPackage: what validation read, scoring reads again
    if warnings is None:
        for ref in refs:
            out.findings += validate_package(ref, packages)
        if out.has_errors:
            return out
        report = Report(list(refs), sorted(out.findings, key=Finding.sort_key))
        warnings = {(r.park_id, r.cycle): [f.to_dict() for f in report.for_package(r) if f.severity == WARNING] for r in refs}
    computed: dict = {}  # folder → CycleData, shared by the cycles' prev(...)
    for ref in refs:
        out.results[ref.cycle] = render_files(score_package(ref.folder, config, data_root, coefficients, computed, packages))
    shown = {c: json.loads(files["score.json"]) for c, files in sorted(out.results.items()) if c <= site_cycle}
    if shown:
        park = ParkResults(out.park_id, shown, max(shown))
        out.pages, out.portal_row = park_pages(park, data_root, warnings.get((out.park_id, park.current)), out.results[park.current])
    return out
