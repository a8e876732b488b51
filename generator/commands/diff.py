"""`parkaudit diff A B [--park P] [--format markdown|json] [--data data] [--results results]`

What changed in audit terms (grade, Y_I/Y_II/Y_III, HJ 274 compliance, indicator values and levels,
key enterprises, improvement measures, validation findings) between two audit cycles
(`parkaudit diff 2024 2025`) or two git revisions (`parkaudit diff main HEAD`,
`parkaudit diff HEAD~1 HEAD`, run inside the repository). Two 4-digit years are cycles; anything
else is a git revision. How each side is read or scored: generator/diff/sources.py.

Output: Markdown fit for a pull-request comment (default) or JSON with the same content
(`--format json`), on standard output. Exit status: 0 done (whether or not anything changed),
2 unusable arguments (a cycle without packages, a data folder that does not exist or is in neither
revision, an unknown park or revision, not a git repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NAME = "diff"
HELP = "比较两个审核周期或两个 git 版本的审核结果 / compare audit results between two cycles or two git revisions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="A", help="原审核周期（如 2024）或 git 版本（如 main、HEAD~1）/ old cycle (e.g. 2024) or git revision (e.g. main, HEAD~1)")
    parser.add_argument("new", metavar="B", help="新审核周期（如 2025）或 git 版本（如 HEAD）/ new cycle (e.g. 2025) or git revision (e.g. HEAD)")
    parser.add_argument("--park", action="append", metavar="P", help="只比较该园区（可重复）/ only this park (repeatable)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="输出格式（默认 markdown）/ output format (default markdown)")
    parser.add_argument("--data", default="data", help="数据目录（默认 data）/ data root (default data)")
    parser.add_argument("--results", default="results", help="按周期比较时读取的结果目录（默认 results）/ results read when comparing cycles (default results)")
    parser.add_argument("--indicators", default="indicators.yaml", help="指标体系配置（默认 indicators.yaml）/ indicator configuration")


def run(args: argparse.Namespace) -> int:
    from generator.diff import DiffUsageError, diff_report, report_to_markdown

    try:
        rep = diff_report(args.old, args.new, data=Path(args.data), results=Path(args.results), indicators=Path(args.indicators),
                          parks=args.park, cwd=Path.cwd())
    except DiffUsageError as exc:
        print(f"parkaudit diff: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(report_to_markdown(rep))
    return 0
