"""parkaudit render: scored results → Markdown pages and charts under docs/reports/."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "render"
HELP = "由评分结果生成页面（docs/reports/）/ render pages from results/ into docs/reports/"


def add_arguments(parser):
    parser.add_argument("--cycle", help="审核年度（默认最新）/ audit cycle (default: latest)")
    parser.add_argument("--results", default="results", help="评分结果目录 / results folder")
    parser.add_argument("--docs", default="docs", help="文档目录 / docs folder")


def _pages_made_by_us(folder: Path) -> bool:
    """docs/reports/ as `parkaudit render` leaves it: its index page says it is generated."""
    index = folder / "index.md"
    return index.is_file() and "GENERATED FILE" in index.read_text(encoding="utf-8", errors="replace")[:2000]


def run(args) -> int:
    from generator.score import ConfigError

    try:
        return _run(args)
    except ConfigError as exc:
        print(f"parkaudit render: {exc}", file=sys.stderr)
        return 1


def _run(args) -> int:
    from generator.build import render_pages
    from generator.core import UnsafeOutput, check_output_folder
    from generator.render import REPORTS, available_cycles

    if args.cycle and args.cycle not in available_cycles(Path(args.results)):
        print(f"parkaudit render: {args.results}/ 中没有 {args.cycle} 年度的结果 / no results for cycle {args.cycle}", file=sys.stderr)
        return 2

    try:
        check_output_folder(Path(args.docs) / REPORTS, Path("."), option="--docs", made_by_us=_pages_made_by_us,
                            protected=[Path(n) for n in ("data", "results", "generator", "tests", "scripts", "overrides", ".git", ".github")])
    except UnsafeOutput as exc:
        print(f"parkaudit render: {exc}", file=sys.stderr)
        return 2
    result = render_pages(Path("."), cycle=args.cycle, results_root=Path(args.results), docs_dir=Path(args.docs))
    print(f"{result.pages} 个页面 pages; {len(result.written)} 个文件更新 written, {result.unchanged} 个未变 unchanged, {len(result.removed)} 个删除 removed")
    return 0
