"""`parkaudit diff A B [--park P] [--format markdown|json] [--data data] [--results results]`

What changed in audit terms (grade, Y_I/Y_II/Y_III, HJ 274 compliance, indicator values and levels,
key enterprises, improvement measures, validation findings) between

- two audit cycles (`parkaudit diff 2024 2025`): each park's cycle A against its cycle B, read from
  results/<park>/<cycle>/score.json when present, otherwise scored from data/ in-process; or
- two git revisions (`parkaudit diff main HEAD`, `parkaudit diff HEAD~1 HEAD`): `data/` and
  `indicators.yaml` of each revision are extracted with `git archive` into a temporary folder and
  scored there by the same code (generator.score.save.score_package, in-process); each park's cycles
  are compared with the same cycle of the other revision. A park whose files (and the shared
  schemas, reference data and indicators.yaml) are identical in both revisions is not scored.

Two 4-digit years are cycles; anything else is a git revision (run inside the repository).
Validation findings come from generator.validate.stage.validate_paths; a side whose data fails
validation is not scored, and the diff says so and still compares its findings.

Output: Markdown fit for a pull-request comment (default) or JSON with the same content
(`--format json`), on standard output. Exit status: 0 done (whether or not anything changed),
2 unusable arguments (unknown park or revision, not a git repository).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import diff as D
from generator.core import CYCLE_RE, DESCRIPTOR, PARK_ID_RE

NAME = "diff"
HELP = "比较两个审核周期或两个 git 版本的审核结果 / compare audit results between two cycles or two git revisions"

SHARED = ("schemas", "reference")


class DiffUsageError(Exception):
    """Unusable arguments (exit status 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="A", help="原审核周期（如 2024）或 git 版本（如 main、HEAD~1）/ old cycle (e.g. 2024) or git revision (e.g. main, HEAD~1)")
    parser.add_argument("new", metavar="B", help="新审核周期（如 2025）或 git 版本（如 HEAD）/ new cycle (e.g. 2025) or git revision (e.g. HEAD)")
    parser.add_argument("--park", action="append", metavar="P", help="只比较该园区（可重复）/ only this park (repeatable)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="输出格式（默认 markdown）/ output format (default markdown)")
    parser.add_argument("--data", default="data", help="数据目录（默认 data）/ data root (default data)")
    parser.add_argument("--results", default="results", help="按周期比较时读取的结果目录（默认 results）/ results read when comparing cycles (default results)")
    parser.add_argument("--indicators", default="indicators.yaml", help="指标体系配置（默认 indicators.yaml）/ indicator configuration")


def run(args: argparse.Namespace) -> int:
    try:
        if CYCLE_RE.match(args.old) and CYCLE_RE.match(args.new):
            have = {d.parent.name for d in Path(args.data).glob("*/*/datapackage.json")}
            absent = [c for c in (args.old, args.new) if c not in have]
            if absent:
                raise DiffUsageError(f"没有 {'、'.join(absent)} 年度的数据包 / no data package for cycle {', '.join(absent)}")
            rep = compare_cycles(Path(args.data), Path(args.results), Path(args.indicators), args.old, args.new, args.park)
        else:
            rep = compare_revisions(Path.cwd(), args.old, args.new, Path(args.data), Path(args.indicators), args.park)
    except DiffUsageError as exc:
        print(f"parkaudit diff: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(D.report_to_markdown(rep))
    return 0


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
            from generator.score import ConfigError, load_config

            if self.indicators is None or not self.indicators.is_file():
                self._config_error = "缺少指标体系配置 indicators.yaml / indicators.yaml is absent"
            else:
                try:
                    self._config = load_config(self.indicators)
                except ConfigError as exc:
                    self._config_error = f"指标体系配置无效 / invalid indicators.yaml: {exc}"
        return self._config, self._config_error


def _cycles(park_folder: Path) -> list[str]:
    if not park_folder.is_dir():
        return []
    return sorted(d.parent.name for d in park_folder.glob(f"*/{DESCRIPTOR}") if CYCLE_RE.match(d.parent.name))


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


def _findings(report, folder: Path) -> list[dict]:
    from generator.core import package_ref

    out = []
    prefix = f"{folder.parent.name}/{folder.name}/"
    for f in report.for_package(package_ref(folder)):
        d = f.to_dict()
        file = d["file"]
        d["file_in_package"] = file.split(prefix, 1)[1] if prefix in file else file
        out.append(d)
    return out


def snapshot_park(side: Side, park_id: str, cycles: list[str] | None = None) -> dict[str, dict]:
    """Each cycle of one park on one side: {'doc': score.json dict or None, 'reason', 'measures',
    'findings', 'park_name'}. A cycle is scored only when it and every earlier cycle of the park
    pass validation (prev(...) reads earlier cycles; later ones matter to it not at all)."""
    from generator.core import dump_json, load_energy_coefficients
    from generator.score import score_package
    from generator.validate import validate_paths

    park_folder = side.data_root / park_id
    present = _cycles(park_folder)
    wanted = [c for c in (cycles if cycles is not None else present) if c in present]
    if not wanted:
        return {}
    last = max(wanted)  # later cycles matter to none of the wanted ones
    report = validate_paths([park_folder / c for c in present if c <= last])
    findings = {c: _findings(report, park_folder / c) for c in present if c <= last}
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
        return D.one_sided("added", park_id, name, cycle_new, new["doc"], new["findings"], new["reason"])
    if new is None:
        return D.one_sided("removed", park_id, name, cycle_old, old["doc"], old["findings"], old["reason"])
    d = D.diff_results(
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
    d["changed"] = D.has_changes(d)
    return d


# ---------------------------------------------------------------------------------------------
# Two cycles
# ---------------------------------------------------------------------------------------------


def _parks(data_root: Path) -> list[str]:
    if not data_root.is_dir():
        return []
    return sorted(p.name for p in data_root.iterdir() if p.is_dir() and p.name not in SHARED and PARK_ID_RE.match(p.name))


def compare_cycles(data_root: Path, results_root: Path, indicators: Path, old: str, new: str, parks: list[str] | None) -> dict:
    if not data_root.is_dir():
        raise DiffUsageError(f"数据目录不存在 / no such data folder: {data_root}")
    known = _parks(data_root)
    for p in parks or []:
        if p not in known:
            raise DiffUsageError(f"未知园区 / unknown park: {p}（已有 / known: {', '.join(known) or '—'}）")
    side = Side(data_root, indicators, results_root)
    entries, notes = [], []
    for park_id in sorted(parks or known):
        present = _cycles(data_root / park_id)
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
    return D.report("cycles", {"ref": old}, {"ref": new}, entries, notes)


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
    return {n for n, (kind, _) in rev.entries.items() if kind == "tree" and n not in SHARED and PARK_ID_RE.match(n)}


def _extract(repo: Path, rev: Revision, paths: list[str], dest: Path) -> None:
    """`git archive` of the given paths at the revision, unpacked under dest (no links, no
    absolute paths: tarfile's 'data' filter)."""
    dest.mkdir(parents=True, exist_ok=True)
    if not paths:
        return
    r = _git(repo, "archive", "--format=tar", rev.commit, "--", *paths)
    if r.returncode != 0:
        raise DiffUsageError(f"git archive 失败 / git archive failed for {rev.ref}: {r.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
        tar.extractall(dest, filter="data")


def compare_revisions(cwd: Path, old_ref: str, new_ref: str, data: Path, indicators: Path, parks: list[str] | None) -> dict:
    top = _git(cwd, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DiffUsageError(f"不是 git 仓库 / not a git repository: {cwd}")
    repo = Path(top.stdout.decode().strip())
    data_rel = _inside(cwd / data, repo, "data")
    ind_rel = _inside(cwd / indicators, repo, "indicators.yaml")
    old, new = _revision(repo, old_ref, data_rel, ind_rel), _revision(repo, new_ref, data_rel, ind_rel)
    known = _rev_parks(old) | _rev_parks(new)
    for p in parks or []:
        if p not in known:
            raise DiffUsageError(f"两个版本中都没有该园区 / park in neither revision: {p}")
    shared_same = old.indicators == new.indicators and all(old.entries.get(s) == new.entries.get(s) for s in SHARED)
    todo = sorted(p for p in (parks or known) if not (shared_same and old.entries.get(p) == new.entries.get(p)))
    entries = []
    if todo:
        with tempfile.TemporaryDirectory(prefix="parkaudit-diff-") as tmp:
            sides = {}
            for key, rev in (("old", old), ("new", new)):
                root = Path(tmp) / key
                paths = [f"{data_rel}/{n}" for n in (*SHARED, *todo) if n in rev.entries]
                if rev.indicators:
                    paths.append(ind_rel)
                _extract(repo, rev, paths, root)
                sides[key] = Side(root / data_rel, root / ind_rel if rev.indicators else None)
            for park_id in todo:
                a = snapshot_park(sides["old"], park_id)
                b = snapshot_park(sides["new"], park_id)
                for cycle in sorted(set(a) | set(b)):
                    entries.append(compare_snapshots(park_id, a.get(cycle), b.get(cycle), cycle if cycle in a else None, cycle if cycle in b else None))
    return D.report(
        "revisions",
        {"ref": old_ref, "commit": old.commit},
        {"ref": new_ref, "commit": new.commit},
        entries,
    )
