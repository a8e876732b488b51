"""parkaudit check: fail when the committed results/ or docs/reports/ are stale."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "check"
HELP = "检查已提交的结果和页面是否与数据一致 / check that committed results and pages are up to date"


def add_arguments(parser):
    parser.add_argument("--repo", default=".", help="项目根目录 / project root")


def run(args) -> int:
    from generator.score import ConfigError

    try:
        return _run(args)
    except ConfigError as exc:
        print(f"parkaudit check: {exc}", file=sys.stderr)
        return 1


def _run(args) -> int:
    from generator.build import BuildError, stale_outputs
    from generator.commands.validate import report_failure

    try:
        stale = stale_outputs(Path(args.repo))
    except BuildError as exc:
        return report_failure("check", exc)
    if stale:
        print(f"已提交的输出已过期，请运行 parkaudit build 并提交 / committed output is stale; run `parkaudit build` and commit ({len(stale)} files):")
        for name in stale[:50]:
            print(f"  {name}")
        if len(stale) > 50:
            print(f"  … {len(stale) - 50} more")
        return 1
    print("已提交的结果和页面是最新的 / committed results and pages are up to date")
    return 0
