"""The diff stage's sources: the two sides that `parkaudit diff A B` compares, each park-cycle
scored (or read from results/), with its improvement measures and validation findings.

- two audit cycles (`compare_cycles`, `parkaudit diff 2024 2025`): each park's cycle A against its
  cycle B, read from results/<park>/<cycle>/score.json when present, otherwise scored from data/
  in-process;
- two git revisions (`compare_revisions`, `parkaudit diff main HEAD`): `data/` and
  `indicators.yaml` of each revision are taken with `git archive` into a temporary folder
  (generator.core unpacked_archives) and scored there by the same code (generator.score
  score_package, in-process); each park's cycles are compared with the same cycle of the other
  revision. A park whose files (and the shared schemas, reference data and indicators.yaml) are
  identical in both revisions is not scored.

`diff_report(A, B, ...)` picks between them: two 4-digit years are cycles; anything else is a git
revision (run inside the repository). Validation findings come from generator.validate
validate_paths; a side whose data fails validation is not scored, and the diff says so and still
compares its findings. Unusable arguments (unknown park or revision, not a git repository) raise
DiffUsageError.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import (
    CYCLE_RE,
    PARK_ID_RE,
    SHARED_FOLDERS,
    discover_packages,
    dump_json,
    load_energy_coefficients,
    package_ref,
    park_cycles,
    park_ids,
    unpacked_archives,
)
from generator.diff.compare import diff_results, has_changes, one_sided, report
from generator.score import ConfigError, load_config, score_package
from generator.validate import validate_paths


class DiffUsageError(Exception):
    """Unusable arguments (exit status 2); the message is in Chinese and English."""


def diff_report(old: str, new: str, *, data: Path, results: Path, indicators: Path, parks: list[str] | None, cwd: Path) -> dict:
    """What changed between A and B (report(), generator/diff/compare.py): two cycles of the data
    under `data` (scores read from `results` when there), or two git revisions of the repository
    around `cwd`; only the parks named in `parks`, when given."""
    data, results, indicators = Path(data), Path(results), Path(indicators)
    if CYCLE_RE.match(old) and CYCLE_RE.match(new):
        have = {r.cycle for r in discover_packages(data)}
        absent = [c for c in (old, new) if c not in have]
        if absent:
            raise DiffUsageError(f"没有 {'、'.join(absent)} 年度的数据包 / no data package for cycle {', '.join(absent)}")
        return compare_cycles(data, results, indicators, old, new, parks)
    return compare_revisions(Path(cwd), old, new, data, indicators, parks)


# ---------------------------------------------------------------------------------------------
# One side of a comparison: a data root and an indicator configuration
# ---------------------------------------------------------------------------------------------


@dataclass
class Side:
    data_root: Path
    indicators: Path | None
    results_root: Path | None = None
    _config: object = None
    _config_error: str | None = None
    _loaded: bool = False
    cache: dict = field(default_factory=dict)
    coefficients: object = None

    def config(self):
        if not self._loaded:
            self._loaded = True
            if self.indicators is None or not self.indicators.is_file():
                self._config_error = "缺少指标体系配置 indicators.yaml / indicators.yaml is absent"
            else:
                try:
                    self._config = load_config(self.indicators)
                except ConfigError as exc:
                    self._config_error = f"指标体系配置无效 / invalid indicators.yaml: {exc}"
        return self._config, self._config_error


def _read_measures(folder: Path) -> list[dict] | None:
    path = folder / "measures.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [row for row in csv.DictReader(fh) if row.get("measure_id")]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _park_name(folder: Path) -> str | None:
    try:
        with (folder / "park.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                return row.get("park_name") or None
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


def _findings(validation, folder: Path) -> list[dict]:
    """The package's findings (of a generator.validate Report) as dicts, each also with its file
    inside the package, which is what two revisions' findings are matched by."""
    out = []
    prefix = f"{folder.parent.name}/{folder.name}/"
    for f in validation.for_package(package_ref(folder)):
        d = f.to_dict()
        file = d["file"]
        d["file_in_package"] = file.split(prefix, 1)[1] if prefix in file else file
        out.append(d)
    return out


def snapshot_park(side: Side, park_id: str, cycles: list[str] | None = None) -> dict[str, dict]:
    """Each cycle of one park on one side: {'doc': score.json dict or None, 'reason', 'measures',
    'findings', 'park_name'}. A cycle is scored only when it and every earlier cycle of the park
    pass validation (prev(...) reads earlier cycles; later ones matter to it not at all)."""
    park_folder = side.data_root / park_id
    present = park_cycles(park_folder)
    wanted = [c for c in (cycles if cycles is not None else present) if c in present]
    if not wanted:
        return {}
    last = max(wanted)  # later cycles matter to none of the wanted ones
    validation = validate_paths([park_folder / c for c in present if c <= last])
    findings = {c: _findings(validation, park_folder / c) for c in present if c <= last}
    invalid = [c for c, fs in findings.items() if any(f["severity"] == "error" for f in fs)]
    out = {}
    for cycle in wanted:
        folder = park_folder / cycle
        snap = {"doc": None, "reason": None, "measures": _read_measures(folder), "findings": findings[cycle], "park_name": _park_name(folder)}
        stored = side.results_root / park_id / cycle / "score.json" if side.results_root else None
        blocking = [c for c in invalid if c <= cycle]
        if stored is not None and stored.is_file():
            snap["doc"] = json.loads(stored.read_text(encoding="utf-8"))
        elif blocking:
            snap["reason"] = f"数据校验未通过（{'、'.join(blocking)}） / the data fails validation ({', '.join(blocking)})"
        else:
            config, error = side.config()
            if config is None:
                snap["reason"] = error
            else:
                try:
                    if side.coefficients is None:
                        side.coefficients = load_energy_coefficients(side.data_root)
                    doc = score_package(folder, config, side.data_root, side.coefficients, side.cache)
                    snap["doc"] = json.loads(dump_json(doc))  # the same shape as a score.json read from disk
                except Exception as exc:  # noqa: BLE001 - reported in the diff, not fatal to it
                    snap["reason"] = f"评分失败 / scoring failed: {type(exc).__name__}: {exc}"
        out[cycle] = snap
    return out


def compare_snapshots(park_id: str, old: dict | None, new: dict | None, cycle_old: str | None, cycle_new: str | None) -> dict:
    """One entry of the report from two snapshots (either may be None: package absent)."""
    name = (new or old or {}).get("park_name")
    if old is None:
        return one_sided("added", park_id, name, cycle_new, new["doc"], new["findings"], new["reason"])
    if new is None:
        return one_sided("removed", park_id, name, cycle_old, old["doc"], old["findings"], old["reason"])
    d = diff_results(
        old["doc"],
        new["doc"],
        old_measures=old["measures"],
        new_measures=new["measures"],
        old_findings=old["findings"],
        new_findings=new["findings"],
    )
    d["park"] = {"id": park_id, "name": d["park"].get("name") or name}
    d["old"].update(cycle=cycle_old, reason=old["reason"])
    d["new"].update(cycle=cycle_new, reason=new["reason"])
    d["changed"] = has_changes(d)
    return d


# ---------------------------------------------------------------------------------------------
# Two cycles
# ---------------------------------------------------------------------------------------------


def compare_cycles(data_root: Path, results_root: Path, indicators: Path, old: str, new: str, parks: list[str] | None) -> dict:
    """Each park's cycle `old` against its cycle `new` (a park lacking either is named in the
    report's notes)."""
    if not data_root.is_dir():
        raise DiffUsageError(f"数据目录不存在 / no such data folder: {data_root}")
    known = park_ids(data_root)
    for p in parks or []:
        if p not in known:
            raise DiffUsageError(f"未知园区 / unknown park: {p}（已有 / known: {', '.join(known) or '—'}）")
    side = Side(data_root, indicators, results_root)
    entries, notes = [], []
    for park_id in sorted(parks or known):
        present = park_cycles(data_root / park_id)
        lacking = [c for c in dict.fromkeys((old, new)) if c not in present]
        if lacking:
            notes.append(
                {
                    "zh": f"{park_id} 没有 {'、'.join(lacking)} 年度的数据包，未比较",
                    "en": f"{park_id} has no package for {', '.join(lacking)}; not compared",
                }
            )
            continue
        snaps = snapshot_park(side, park_id, [old, new])
        entries.append(compare_snapshots(park_id, snaps[old], snaps[new], old, new))
    return report("cycles", {"ref": old}, {"ref": new}, entries, notes)


# ---------------------------------------------------------------------------------------------
# Two git revisions
# ---------------------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def _inside(path: Path, repo: Path, what: str) -> str:
    rel = os.path.relpath(path.resolve(), repo)
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        raise DiffUsageError(f"{what} 不在 git 仓库内 / {what} is outside the git repository: {path}")
    return Path(rel).as_posix()


@dataclass
class Revision:
    ref: str
    commit: str
    entries: dict[str, tuple[str, str]]  # name under data/ → (type, object id)
    indicators: str | None  # blob id of indicators.yaml, or None


def _revision(repo: Path, ref: str, data_rel: str, ind_rel: str) -> Revision:
    r = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if r.returncode != 0:
        raise DiffUsageError(f"未知的 git 版本 / unknown git revision: {ref}")
    commit = r.stdout.decode().strip()
    entries = {}
    ls = _git(repo, "ls-tree", "-z", f"{commit}:{data_rel}")
    if ls.returncode == 0:
        for rec in ls.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if not rec:
                continue
            meta, name = rec.split("\t", 1)
            _mode, kind, oid = meta.split()
            entries[name] = (kind, oid)
    ind = _git(repo, "rev-parse", "--verify", "--quiet", f"{commit}:{ind_rel}")
    return Revision(ref, commit, entries, ind.stdout.decode().strip() if ind.returncode == 0 else None)


def _rev_parks(rev: Revision) -> set[str]:
    return {n for n, (kind, _) in rev.entries.items() if kind == "tree" and n not in SHARED_FOLDERS and PARK_ID_RE.match(n)}


def _archive(repo: Path, rev: Revision, paths: list[str]) -> bytes | None:
    """`git archive` (tar) of the given paths at the revision; None when there are none."""
    if not paths:
        return None
    r = _git(repo, "archive", "--format=tar", rev.commit, "--", *paths)
    if r.returncode != 0:
        raise DiffUsageError(f"git archive 失败 / git archive failed for {rev.ref}: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout


def compare_revisions(cwd: Path, old_ref: str, new_ref: str, data: Path, indicators: Path, parks: list[str] | None) -> dict:
    """Every cycle of every park that differs between two revisions of the repository around
    `cwd` (`data` and `indicators` relative to `cwd`)."""
    top = _git(cwd, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DiffUsageError(f"不是 git 仓库 / not a git repository: {cwd}")
    repo = Path(top.stdout.decode().strip())
    data_rel = _inside(cwd / data, repo, "data")
    ind_rel = _inside(cwd / indicators, repo, "indicators.yaml")
    old, new = _revision(repo, old_ref, data_rel, ind_rel), _revision(repo, new_ref, data_rel, ind_rel)
    if not old.entries and not new.entries:  # a --data that names nothing: not "no changes"
        raise DiffUsageError(f"两个版本中都没有数据目录 {data_rel}/ / the data folder {data_rel}/ is in neither revision")
    known = _rev_parks(old) | _rev_parks(new)
    for p in parks or []:
        if p not in known:
            raise DiffUsageError(f"两个版本中都没有该园区 / park in neither revision: {p}")
    shared_same = old.indicators == new.indicators and all(old.entries.get(s) == new.entries.get(s) for s in SHARED_FOLDERS)
    todo = sorted(p for p in (parks or known) if not (shared_same and old.entries.get(p) == new.entries.get(p)))
    entries = []
    if todo:
        archives, indicators_at = {}, {}
        for key, rev in (("old", old), ("new", new)):
            paths = [f"{data_rel}/{n}" for n in (*SHARED_FOLDERS, *todo) if n in rev.entries]
            if rev.indicators:
                paths.append(ind_rel)
            archives[key] = _archive(repo, rev, paths)
            indicators_at[key] = ind_rel if rev.indicators else None
        with unpacked_archives(archives, prefix="parkaudit-diff-") as tmp:
            sides = {key: Side(tmp / key / data_rel, tmp / key / ind if ind else None) for key, ind in indicators_at.items()}
            for park_id in todo:
                a = snapshot_park(sides["old"], park_id)
                b = snapshot_park(sides["new"], park_id)
                for cycle in sorted(set(a) | set(b)):
                    entries.append(compare_snapshots(park_id, a.get(cycle), b.get(cycle), cycle if cycle in a else None, cycle if cycle in b else None))
    return report(
        "revisions",
        {"ref": old_ref, "commit": old.commit},
        {"ref": new_ref, "commit": new.commit},
        entries,
    )
