"""parkaudit publish <cycle>: publish one audit cycle as a version of the site (mike, gh-pages)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "publish"
HELP = "将一个审核周期发布为站点的一个版本 / publish an audit cycle as one version of the site (mike)"


def add_arguments(parser):
    parser.add_argument("cycle", help="审核年度，如 2025 / the audit cycle, e.g. 2025")
    parser.add_argument("--erratum", metavar="NOTE", help="重新发布已发布周期（更正）并说明原因 / re-publish a published cycle, saying what was corrected")
    parser.add_argument("--branch", default="gh-pages", help="发布分支（默认 gh-pages）/ branch to publish to")
    parser.add_argument("--push", action="store_true", help="发布后推送到远程 / push the branch afterwards")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--repo", default=".", help="项目根目录 / project root")


def run(args) -> int:
    from generator.build import BuildError, PublishError, publish
    from generator.commands.validate import report_failure

    if not (args.cycle.isdigit() and len(args.cycle) == 4):
        print(f"parkaudit publish: 审核年度须为四位数字 / the cycle must be a 4-digit year: {args.cycle}", file=sys.stderr)
        return 2
    try:
        result = publish(Path(args.repo), args.cycle, erratum=args.erratum, branch=args.branch, push=args.push, remote=args.remote)
    except BuildError as exc:
        return report_failure("publish", exc)
    except PublishError as exc:
        print(f"parkaudit publish: {exc}", file=sys.stderr)
        return 1
    print(f"已发布 {result['cycle']} 年度 / published cycle {result['cycle']}"
          f"{' (latest)' if result['aliases'] else ''}; 已发布版本 versions: {', '.join(result['versions'])}")
    return 0
