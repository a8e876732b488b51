"""`parkaudit score [PATH…] [--out results/] [--indicators indicators.yaml]`

Scores every park package found under the PATHs (default: data/) and writes
results/<park>/<cycle>/score.json, indicators.csv, key_enterprises.csv and chains.csv.

A PATH may be a package folder (data/<park>/<cycle>), its datapackage.json, a park folder
(data/<park>) or a data root (data/). Earlier cycles needed by `prev(...)` are read from the same
data root whether or not they are among the PATHs.

Before scoring, the packages (and the other cycles of the same parks, which prev(...) may read)
are validated with generator.validate.stage.validate_paths; any error refuses scoring (exit 1) and prints
the validation report. Exit status: 0 done, 1 invalid data or configuration,
2 unusable arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core import CYCLE_RE, DESCRIPTOR, PARK_ID_RE, PackageRef, data_root_of, discover_packages, package_ref
from generator.score import ConfigError, load_config

NAME = "score"
HELP = "计算指标、等级与重点企业 / compute indicators, levels, grade and key enterprises"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="数据包、园区或数据目录（默认 data/）/ package, park or data folder (default data/)")
    parser.add_argument("--out", default="results", help="输出目录（默认 results/）/ output folder (default results/)")
    parser.add_argument("--indicators", default="indicators.yaml", help="指标体系配置（默认 indicators.yaml）/ indicator configuration")


def find_packages(paths: list[Path]) -> list[PackageRef]:
    refs: set[PackageRef] = set()
    for p in paths:
        p = Path(p)
        if p.name == DESCRIPTOR and p.is_file():
            refs.add(package_ref(p))
        elif (p / DESCRIPTOR).is_file() and CYCLE_RE.match(p.name):
            refs.add(package_ref(p))
        elif p.is_dir():
            found = discover_packages(p)
            if not found and PARK_ID_RE.match(p.name):
                found = [package_ref(d.parent) for d in sorted(p.glob(f"*/{DESCRIPTOR}")) if CYCLE_RE.match(d.parent.name)]
            refs.update(found)
        else:
            raise FileNotFoundError(str(p))
    return sorted(refs)


def _validate(refs: list[PackageRef]) -> bool:
    """True when the packages may be scored: those named, and every other cycle of the same parks
    (prev(...) reads earlier cycles, so they must be valid too)."""
    from generator.commands.validate import format_human
    from generator.validate import validate_paths

    folders = sorted({r.folder for r in refs})
    for park_folder in sorted({r.folder.parent for r in refs}):
        folders += [d.parent for d in sorted(park_folder.glob(f"*/{DESCRIPTOR}")) if CYCLE_RE.match(d.parent.name)]
    report = validate_paths(sorted(set(folders)))
    if report.has_errors:
        print(format_human(report), file=sys.stderr)
        print("数据校验未通过，未计算 / validation failed, nothing scored", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> int:
    from generator.core import write_folder
    from generator.score import result_files

    paths = [Path(p) for p in (args.paths or ["data"])]
    try:
        refs = find_packages(paths)
    except FileNotFoundError as exc:
        print(f"路径不存在 / no such path: {exc}", file=sys.stderr)
        return 2
    if not refs:
        print("未找到数据包 / no data package found under: " + ", ".join(map(str, paths)), file=sys.stderr)
        return 2
    try:
        config = load_config(Path(args.indicators))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not _validate(refs):
        return 1
    from generator.score import score_all

    by_root: dict[Path, list] = {}
    for ref in refs:
        by_root.setdefault(data_root_of(ref.folder), []).append(ref)
    docs = {}
    try:
        for data_root, group in by_root.items():  # parks in parallel (generator/parallel.py)
            docs.update(zip((r.folder for r in group), score_all(data_root, config, group)))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for ref in refs:
        doc = docs[ref.folder]
        folder = write_folder(result_files(doc, config), Path(args.out) / doc["park"]["id"] / doc["park"]["cycle"])
        line = [f"{ref.park_id}/{ref.cycle}:"]
        for sid, s in doc["systems"].items():
            if s["method"] == "graded":
                y = s["indices_display"]
                line.append(f"{sid} Y_I={y['I']} Y_II={y['II']} Y_III={y['III']} grade={s['grade']['grade']}")
            else:
                line.append(f"{sid} {'pass' if s['passed'] else 'fail'}")
        line.append(f"key_enterprises={doc['key_enterprises']['count']}")
        line.append(f"→ {folder}")
        print("  ".join(line))
    return 0
