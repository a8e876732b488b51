"""What `parkaudit build` remembers between builds, so that a change to one park rebuilds one park.

A park's validation findings, results and pages depend on the park's own packages (all its
cycles: prev(...) and the tenfold-jump check read earlier cycles), on what every park shares
(indicators.yaml, data/schemas, data/reference) and on ParkAudit itself (its code, templates and
the versions of the libraries that compute and render). The park fingerprint hashes all of that.
A park is reused, not rebuilt, when its fingerprint is the one recorded and its results and pages
are still the files the last build wrote (same size and modification time); anything else,
including a missing or unreadable state file, means the park is rebuilt. So the state can only
make a build faster, never different: `parkaudit check` (which never reads it) and the tests
compare incremental builds with clean ones.

Findings that compare parks (the same enterprise in two parks: generator/validate/rules/
across_parks.py) depend on other parks' files, so they are never taken from the state: the build
computes them again every time (generator/build/pipeline.py).

The state lives in .parkaudit-cache/ (never committed), one file per results/pages location.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from generator.core import CACHE_DIR, files_under, hash_files, versions
from generator.validate import Finding

STATE_FORMAT = 1
LIBRARIES = ("frictionless", "pandas", "numpy", "altair", "vl-convert-python", "jinja2", "pyyaml", "jsonschema", "weasyprint", "pydyf",
             "fonttools", "python-docx", "markdown", "xlsxwriter")
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # generator/


def code_fingerprint() -> str:
    h = hashlib.sha256()
    hash_files(h, PACKAGE_ROOT, [p for p in files_under(PACKAGE_ROOT) if "__pycache__" not in p.parts])
    h.update(versions(LIBRARIES))
    return h.hexdigest()


def shared_fingerprint(repo: Path, data_root: Path) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    config = Path(repo) / "indicators.yaml"
    h.update(config.read_bytes() if config.is_file() else b"")
    for name in ("schemas", "reference"):
        hash_files(h, data_root, files_under(data_root / name))
    return h.hexdigest()


def park_fingerprints(repo: Path, data_root: Path, refs) -> dict[str, str]:
    shared = shared_fingerprint(repo, data_root)
    folders: dict[str, list[Path]] = {}
    for ref in refs:
        folders.setdefault(ref.park_id, []).append(Path(ref.folder))
    out = {}
    for park, park_folders in sorted(folders.items()):
        h = hashlib.sha256(shared.encode())
        for folder in sorted(park_folders):
            hash_files(h, data_root, files_under(folder))
        out[park] = h.hexdigest()
    return out


def _stats(root: Path, prefix: str) -> dict[str, list[int]]:
    """[size, mtime_ns] of every file under root/prefix (as core.files_under finds them), by its
    path relative to root. With os.walk and plain strings: a one-park rebuild checks every other
    park's pages and results this way, ~20,000 files at 89 parks (pathlib took 3× as long)."""
    root = str(root)
    cut = len(root) + 1
    out = {}
    for folder, _folders, names in os.walk(os.path.join(root, prefix)):  # symlinked folders not followed, as rglob
        for name in names:
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:  # a broken link: not a file
                continue
            if S_ISREG(st.st_mode):
                out[path[cut:].replace(os.sep, "/")] = [st.st_size, st.st_mtime_ns]
    return out


def finding_to_state(f: Finding) -> dict:
    return {"code": f.code, "file": f.file, "row": f.row, "field": f.field, "params": f.params}


def finding_from_state(d: dict) -> Finding:
    return Finding(d["code"], d["file"], d["row"], d["field"], d["params"])


@dataclass
class ParkState:
    fingerprint: str
    findings: list[dict]
    results: dict[str, list[int]]  # results file → [size, mtime_ns]
    pages: dict[str, list[int]] = field(default_factory=dict)  # docs/reports file → [size, mtime_ns]
    current: str | None = None  # the cycle its pages show
    portal_row: dict | None = None
    reports: dict[str, list[int]] = field(default_factory=dict)  # docs/audit-reports file → [size, mtime_ns]
    report_key: str | None = None  # build/reports.py:report_key when they were made


@dataclass
class BuildState:
    path: Path
    parks: dict[str, ParkState] = field(default_factory=dict)

    @classmethod
    def load(cls, repo: Path, data_root: Path, results_root: Path, reports_root: Path, *, reuse: bool = True) -> "BuildState":
        """The state of the last build from this data root into these folders (findings name the
        data root's folder); empty when `reuse` is false."""
        places = "\n".join(str(Path(p).absolute()) for p in (data_root, results_root, reports_root))
        key = hashlib.sha256(places.encode()).hexdigest()[:16]
        state = cls(Path(repo) / CACHE_DIR / f"build-{key}.json")
        if not reuse:
            return state
        try:
            raw = json.loads(state.path.read_text(encoding="utf-8"))
            if raw.get("format") == STATE_FORMAT:
                state.parks = {p: ParkState(**s) for p, s in raw["parks"].items()}
        except (OSError, ValueError, TypeError, KeyError):
            state.parks = {}  # no usable state: everything is rebuilt
        return state

    def results_valid(self, park: str, fingerprint: str, results_root: Path) -> bool:
        s = self.parks.get(park)
        return bool(s and s.fingerprint == fingerprint and s.results and _stats(results_root, park) == s.results)

    def pages_valid(self, park: str, current: str | None, reports_root: Path) -> bool:
        s = self.parks.get(park)
        return bool(s and s.pages and s.portal_row is not None and s.current == current and _stats(reports_root, park) == s.pages)

    def reports_valid(self, park: str, current: str, key: str, reports_root: Path) -> bool:
        s = self.parks.get(park)
        return bool(s and s.reports and s.current == current and s.report_key == key and _stats(reports_root, park) == s.reports)

    def record(self, park: str, fingerprint: str, findings: list[Finding], results_root: Path) -> None:
        self.parks[park] = ParkState(fingerprint, [finding_to_state(f) for f in findings], _stats(results_root, park))

    def record_pages(self, park: str, current: str, portal_row: dict, reports_root: Path) -> None:
        s = self.parks[park]
        s.current, s.portal_row, s.pages = current, portal_row, _stats(reports_root, park)

    def record_reports(self, park: str, key: str, reports_root: Path) -> None:
        s = self.parks[park]
        s.report_key, s.reports = key, _stats(reports_root, park)

    def keep_only(self, parks) -> None:
        self.parks = {p: s for p, s in self.parks.items() if p in set(parks)}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"format": STATE_FORMAT, "parks": {p: vars(s) for p, s in sorted(self.parks.items())}}
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
