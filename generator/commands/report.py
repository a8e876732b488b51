"""parkaudit report: one park's audit report (PDF and .docx) from its published results."""

from __future__ import annotations

import sys
import time
from pathlib import Path

NAME = "report"
HELP = "由评分结果生成园区审核报告（PDF 与 Word）/ make a park's audit report (PDF and .docx) from results/"


def add_arguments(parser):
    parser.add_argument("park", help="园区代码，即 data/ 下的文件夹名 / the park id (its folder under data/)")
    parser.add_argument("--cycle", help="审核年度（默认该园区最新的已评分年度）/ audit cycle (default: the park's latest scored cycle)")
    parser.add_argument("--out", help="输出目录（默认 docs/audit-reports/<园区>/，站点链接到此处）/ output folder "
                                      "(default docs/audit-reports/<park>/, where the site links to)")
    parser.add_argument("--repo", default=".", help="项目根目录 / project root (default: .)")


def run(args) -> int:
    from generator.build import BuildLocked, save_reports
    from generator.commands.validate import format_human
    from generator.core import CYCLE_RE, split_drafts
    from generator.report import MetadataError, MissingFont, StaleResults, choose_fonts, park_report
    from generator.validate import WARNING, validate_paths

    repo = Path(args.repo)
    results, data = repo / "results", repo / "data"
    scored = sorted(p.parent.name for p in (results / args.park).glob("*/score.json") if CYCLE_RE.match(p.parent.name))
    if not scored:
        print(f"parkaudit report: 没有园区 {args.park} 的评分结果，请先运行 parkaudit build / no results for park {args.park} "
              f"in {results}: run parkaudit build first", file=sys.stderr)
        return 2
    cycle = args.cycle or scored[-1]
    if cycle not in scored:
        print(f"parkaudit report: 没有 {args.park} {cycle} 年度的评分结果（已有：{', '.join(scored)}）/ no results for {args.park} "
              f"cycle {cycle} (scored: {', '.join(scored)})", file=sys.stderr)
        return 2
    folder = data / args.park / cycle
    finals, _drafts = split_drafts(_refs(data, args.park))
    if not any(r.cycle == cycle for r in finals):
        print(f"parkaudit report: {folder} 不是已完成的数据包 / {folder} is not a final data package", file=sys.stderr)
        return 2
    try:
        fonts = choose_fonts()  # before validating: no CJK font, no report, say so at once
        check = validate_paths([folder])
        if check.has_errors:
            print(format_human(check), file=sys.stderr)
            print("parkaudit report: 数据校验未通过，未生成报告 / validation failed, no report made", file=sys.stderr)
            return 1
        warnings = [f.to_dict() for f in check.findings if f.severity == WARNING]
        started = time.perf_counter()
        files = park_report(args.park, cycle, results, data, warnings, fonts=fonts)
    except (MissingFont, MetadataError, StaleResults) as exc:
        print(f"parkaudit report: {exc}", file=sys.stderr)
        return 1
    try:
        for target in save_reports(repo, files, Path(args.out) if args.out else None):
            print(target)
    except BuildLocked as exc:
        print(f"parkaudit report: {exc}", file=sys.stderr)
        return 1
    print(f"{args.park} {cycle}：{len(files)} 个文件 files, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def _refs(data: Path, park: str):
    from generator.core import discover_packages

    return [r for r in discover_packages(data) if r.park_id == park]
