"""parkaudit build: validate → score → render → site, atomically."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "build"
HELP = "校验、评分、生成页面并构建站点 / validate, score, render and build the site into site/"


def add_arguments(parser):
    parser.add_argument("--cycle", help="本站点版本的审核年度（默认最新）/ the audit cycle of this site version (default: latest)")
    parser.add_argument("--site", default="site", help="站点输出目录（默认 site/）/ output folder (default site/)")
    parser.add_argument("--no-site", action="store_true", help="只生成页面，不运行 mkdocs / render pages only")
    parser.add_argument("--no-reports", action="store_true",
                        help="不生成审核报告（docs/audit-reports/ 保持原样）/ skip the audit reports (docs/audit-reports/ is left as it is)")
    parser.add_argument("--full", action="store_true",
                        help="忽略上次构建的记录，全部重建 / ignore the last build's state and rebuild everything (same output, slower)")
    parser.add_argument("--repo", default=".", help="项目根目录 / project root (default: .)")


def run(args) -> int:
    from generator.score import ConfigError

    try:
        return _run(args)
    except ConfigError as exc:
        print(f"parkaudit build: {exc}", file=sys.stderr)
        return 1


def _run(args) -> int:
    from generator.build import BuildError, BuildLocked, build
    from generator.commands.validate import report_failure
    from generator.core import UnsafeOutput
    from generator.site import SiteBuildError

    repo = Path(args.repo)
    if not (repo / "indicators.yaml").is_file() or not (repo / "data").is_dir():
        print(f"parkaudit build: {args.repo} 不是 ParkAudit 项目（没有 indicators.yaml 和 data/）/ "
              f"{args.repo} is not a ParkAudit project (no indicators.yaml and data/)", file=sys.stderr)
        return 2
    unchanged = "结果、页面和站点均未改变 / results, pages and site are unchanged"
    try:
        summary = build(repo, cycle=args.cycle, site_dir=repo / args.site, with_site=not args.no_site, incremental=not args.full,
                        reports=False if args.no_reports else None)
    except UnsafeOutput as exc:
        print(f"parkaudit build: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        if exc.usage:
            print(f"parkaudit build: {exc}", file=sys.stderr)
            return 2
        return report_failure("build", exc)
    except BuildLocked as exc:
        print(f"parkaudit build: {exc}", file=sys.stderr)
        return 1
    except SiteBuildError as exc:
        print(f"parkaudit build: {exc}\n{unchanged}", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only folder, a full disk: the build was undone
        where = f"（{exc.filename}）" if exc.filename else ""
        print(f"parkaudit build: 写入失败{where}：{exc.strerror or exc} / could not write{where}: {exc.strerror or exc}\n{unchanged}",
              file=sys.stderr)
        return 1
    print(f"{summary.parks_rebuilt} 个园区重建 parks rebuilt, {summary.parks_reused} 个沿用上次结果 reused · "
          f"{summary.packages} 个数据包 packages · {summary.pages} 个页面 pages ({summary.written} 个文件更新 files written, "
          f"{summary.unchanged} 个未变 unchanged) · {summary.reports_made} 个园区的审核报告重新生成 parks' audit reports made")
    if summary.drafts is not None:
        for ref in summary.drafts.packages:
            found = summary.drafts.for_package(ref)
            errors = sum(1 for f in found if f.severity == "error")
            print(f"草稿 draft {ref.park_id}/{ref.cycle}：{errors} 个错误 errors, {len(found) - errors} 个警告 warnings —— 未发布；"
                  f"查看：parkaudit validate {ref.folder}；完成后：parkaudit finalise {ref.park_id} {ref.cycle} / not published")
    if summary.site:
        print(f"站点 / site: {summary.site}/index.html — 预览 preview: .venv/bin/python -m http.server -d {args.site} 8000 → http://localhost:8000/")
    return 0
