"""`parkaudit score [PATH…] [--out results/] [--indicators indicators.yaml]`

Scores every park package found under the PATHs (default: data/) and writes
results/<park>/<cycle>/score.json, indicators.csv, key_enterprises.csv and chains.csv.

A PATH may be a package folder (data/<park>/<cycle>), its datapackage.json, a park folder
(data/<park>) or a data root (data/), found as `parkaudit validate` finds them
(generator.core.package_folders). Earlier cycles needed by `prev(...)` are read from the same
data root whether or not they are among the PATHs.

Before scoring, the packages (and the other cycles of the same parks, which prev(...) may read)
are validated with generator.validate.validate_paths; any error refuses scoring (exit 1) and prints
the validation report. Exit status: 0 done, 1 invalid data or configuration,
2 unusable arguments (a PATH that names no package, an --indicators file that does not exist, an
unsafe --out).

The stages are called here one by one rather than through generator.build, because importing the
build loads the render and site stages (Altair, MkDocs), which scoring must not
(tests/score/test_score.py::test_scoring_does_not_import_the_site_engine).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "score"
HELP = "计算指标、等级与重点企业 / compute indicators, levels, grade and key enterprises"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="数据包、园区或数据目录（默认 data/）/ package, park or data folder (default data/)")
    parser.add_argument("--out", default="results", help="输出目录（默认 results/）/ output folder (default results/)")
    parser.add_argument("--indicators", default="indicators.yaml", help="指标体系配置（默认 indicators.yaml）/ indicator configuration")


SOURCES = ("docs", "generator", "tests", "scripts", "overrides", ".git", ".github")  # never an output folder


def _results_made_by_us(folder: Path) -> bool:
    """A results folder: <park>/<cycle>/score.json and nothing else at the top."""
    return all(p.is_dir() and any(p.glob("*/score.json")) for p in folder.iterdir())


def run(args: argparse.Namespace) -> int:
    from generator.commands.validate import format_human
    from generator.core import (
        PackagePathError,
        UnsafeOutput,
        check_output_folder,
        data_root_of,
        package_folders,
        package_ref,
        with_park_cycles,
        write_folder,
    )
    from generator.score import ConfigError, load_config, result_files, score_all
    from generator.validate import validate_paths

    try:
        refs = sorted({package_ref(f) for f in package_folders(args.paths or ["data"])})
    except PackagePathError as exc:
        print(f"parkaudit score: {exc}", file=sys.stderr)
        return 2
    if not Path(args.indicators).is_file():  # an argument naming nothing; a file that is there but wrong is exit 1
        print(f"parkaudit score: 找不到指标体系配置 / no such indicator configuration: {args.indicators}", file=sys.stderr)
        return 2
    try:
        config = load_config(Path(args.indicators))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        check_output_folder(Path(args.out), Path("."), option="--out", made_by_us=_results_made_by_us,
                            protected=sorted({data_root_of(r.folder) for r in refs}) + [Path(n) for n in SOURCES])
    except UnsafeOutput as exc:
        print(f"parkaudit score: {exc}", file=sys.stderr)
        return 2
    report = validate_paths(with_park_cycles(r.folder for r in refs))
    if report.has_errors:
        print(format_human(report), file=sys.stderr)
        print("数据校验未通过，未计算 / validation failed, nothing scored", file=sys.stderr)
        return 1

    by_root: dict[Path, list] = {}
    for ref in refs:
        by_root.setdefault(data_root_of(ref.folder), []).append(ref)
    docs = {}
    try:
        for data_root, group in by_root.items():  # parks in parallel (generator.core.map_parks)
            docs.update(zip((r.folder for r in group), score_all(data_root, config, group)))
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for ref in refs:
        doc = docs[ref.folder]
        folder = write_folder(result_files(doc, config), Path(args.out) / doc["park"]["id"] / doc["park"]["cycle"])
        print("  ".join([f"{ref.park_id}/{ref.cycle}:", *_summary(doc), f"→ {folder}"]))
    return 0


def _summary(doc: dict) -> list[str]:
    """The line's middle: each indicator system's result and the number of key enterprises."""
    parts = []
    for sid, s in doc["systems"].items():
        if s["method"] == "graded":
            y = s["indices_display"]
            parts.append(f"{sid} Y_I={y['I']} Y_II={y['II']} Y_III={y['III']} grade={s['grade']['grade']}")
        else:
            parts.append(f"{sid} {'pass' if s['passed'] else 'fail'}")
    parts.append(f"key_enterprises={doc['key_enterprises']['count']}")
    return parts
