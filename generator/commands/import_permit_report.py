"""parkaudit import-permit-report: the reports enterprises already file (permit execution report,
energy form 205-1), read from spreadsheets onto a package's emissions and energy tables by the
column map in data/reference/excel/; what cannot be mapped is listed, and nothing is written while
anything is an error."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "import-permit-report"
HELP = ("从排污许可证执行报告和能源统计报表(205-1表)导入排放量和能源消费 / import emissions and energy use from "
        "permit execution reports and energy form 205-1")


def add_arguments(parser):
    parser.add_argument("files", nargs="+", metavar="FILE", help="报表 Excel 文件（可多个）/ report workbooks")
    parser.add_argument("target", help="数据包文件夹 data/<园区代码>/<年度> / the package folder data/<park>/<cycle>")
    parser.add_argument("--layout", help="指定版式（report_layouts.csv 中的 layout），默认自动识别 / a layout of report_layouts.csv (default: recognised)")
    parser.add_argument("--dry-run", action="store_true", help="只报告，不写入 / report only, write nothing")


def run(args) -> int:
    from generator.authoring import ImportError_, MapError, format_report_import, import_reports
    from generator.commands.import_excel import check_target

    target = Path(args.target)
    if not check_target(NAME, target):
        return 2
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"parkaudit {NAME}: 文件不存在 / no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        result = import_reports([Path(f) for f in args.files], target, layout=args.layout, dry_run=args.dry_run)
    except (ImportError_, MapError) as exc:
        print(f"parkaudit {NAME}: {exc}", file=sys.stderr)
        return 1
    text = format_report_import(result)
    if result.has_errors:
        print(text, file=sys.stderr)
        print("未导入，未写入任何文件 / nothing imported, nothing written", file=sys.stderr)
        return 1
    print(text)
    print(f"已导入 / imported: {target}" if result.written else "未写入（--dry-run 或没有可导入的行）/ nothing written (--dry-run or no rows mapped)")
    return 0
