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
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import CACHE_DIR, file_stats, files_under, hash_files, versions, walk_files
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


# A file whose modification or change time is this close to the moment its size and times were
# taken may still be written within the same tick of the file system's clock, unseen (git's "racy"
# index entries): a park with such a file is hashed again by the next build.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Unhashed:
    """A park's files whose fingerprint its worker makes (park_fingerprints, `unhashed`)."""

    shared: str
    files: tuple[Path, ...]

    def fingerprint(self, data_root: Path) -> str:
        return _hashed(self.shared, data_root, self.files)


def _hashed(shared: str, data_root: Path, files) -> str:
    h = hashlib.sha256(shared.encode())
    hash_files(h, data_root, files)
    return h.hexdigest()


def park_fingerprints(repo: Path, data_root: Path, refs, known: dict[str, "ParkState"] | None = None,
                      input_keys: dict[str, str | None] | None = None, unhashed: dict[str, Unhashed] | None = None) -> dict[str, str | None]:
    """park → the SHA-256 of what its findings, results and pages depend on (see the top).

    `known`: the last build's ParkState by park. A park whose files are, by path, size, times,
    inode and device, as they were when its recorded fingerprint was made, under the same shared
    fingerprint (ParkState.input_key), keeps that fingerprint without its files being read again,
    as git's index trusts a file's stat: a one-park rebuild read every park's data (39 MB at 89
    parks, ~1 GB at 2,543) to find the one that changed. A file cannot change its bytes without
    changing its modification and change times, except within one tick of the clock; the key is
    not trusted when a file was that close (RACY_NS) to the moment it was looked at. `input_keys`,
    when given, receives each park's key to record (None: not to be trusted next time).

    `unhashed`, when given, receives the parks that `known` does not hold (a first or a full
    build, a new park), each with its files, and their fingerprint here is None: such a park is
    rebuilt whatever its fingerprint, so its worker makes it (Unhashed.fingerprint) from the files
    it is about to read. Hashing the nation's data here first (~1 GB, mostly not in the page cache
    by then) took 8-11 s of a national full build, on one core, before any park was started."""
    shared = shared_fingerprint(repo, data_root)
    started = time.time_ns()
    folders: dict[str, list[Path]] = {}
    for ref in refs:
        folders.setdefault(ref.park_id, []).append(Path(ref.folder))
    out = {}
    for park, park_folders in sorted(folders.items()):
        listed = [pair for folder in sorted(park_folders) for pair in file_stats(folder)]
        key = _input_key(shared, data_root, listed)
        was = (known or {}).get(park)
        if was is not None and was.input_key == key:
            out[park] = was.fingerprint
        elif was is None and unhashed is not None:
            unhashed[park] = Unhashed(shared, tuple(path for path, _ in listed))
            out[park] = None
        else:
            out[park] = _hashed(shared, data_root, [path for path, _ in listed])
        if input_keys is not None:
            settled = all(max(st.st_mtime_ns, st.st_ctime_ns) < started - RACY_NS for _, st in listed)
            input_keys[park] = key if settled else None
    return out


def _input_key(shared: str, data_root: Path, listed) -> str:
    h = hashlib.sha256(shared.encode())
    for path, st in listed:
        h.update(f"{path.relative_to(data_root).as_posix()}\0{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}\n".encode())
    return h.hexdigest()


def _stats(root: Path, prefix: str) -> dict[str, list[int]]:
    """[size, mtime_ns] of every file under root/prefix (as core.files_under finds them), by its
    path relative to root. With plain strings (core.walk_files): a one-park rebuild checks every
    other park's pages and results this way, ~20,000 files at 89 parks."""
    root = str(root)
    cut = len(root) + 1
    return {path[cut:].replace(os.sep, "/"): [st.st_size, st.st_mtime_ns] for path, st in walk_files(os.path.join(root, prefix))}


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
    input_key: str | None = None  # park_fingerprints: its files' stats when `fingerprint` was made


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

    def record_inputs(self, fingerprints: dict[str, str], input_keys: dict[str, str | None]) -> None:
        """Each park's input key (park_fingerprints), where its recorded fingerprint is this build's:
        a park reused with files touched but not changed is then trusted again next time."""
        for park, fingerprint in fingerprints.items():
            s = self.parks.get(park)
            if s is not None and s.fingerprint == fingerprint:
                s.input_key = input_keys.get(park)

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
