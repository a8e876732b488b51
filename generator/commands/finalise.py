"""parkaudit finalise <park> <cycle>: a draft cycle becomes final once it validates."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "finalise"
HELP = "校验并将草稿周期标记为正式（之后才会发布）/ validate a draft cycle and declare it final (only then is it published)"


def add_arguments(parser):
    parser.add_argument("park", help="园区代码 / park id")
    parser.add_argument("cycle", help="审核年度 / audit cycle, e.g. 2026")
    parser.add_argument("--data", default="data", help="数据目录（默认 data）/ data root (default data)")


def run(args) -> int:
    from generator.authoring import FinaliseError, finalise
    from generator.commands.validate import format_human

    folder = Path(args.data) / args.park / args.cycle
    try:
        report = finalise(folder)
    except FinaliseError as exc:
        if exc.report is None:
            print(f"parkaudit finalise: {exc}", file=sys.stderr)
            return 2
        print(format_human(exc.report), file=sys.stderr)
        print(f"parkaudit finalise: {exc}", file=sys.stderr)
        return 1
    print(format_human(report))
    print(f"{folder} 已完成，下次构建将发布 / is final; the next build publishes it")
    return 0
