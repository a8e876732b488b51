"""parkaudit import-excel: a filled-in template workbook → data/<park>/<cycle>/ (validated first)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "import-excel"
HELP = "把填好的 Excel 模板导入为数据包（先校验）/ import a filled-in workbook as a data package (validated first)"


def add_arguments(parser):
    parser.add_argument("workbook", help="Excel 文件 / the .xlsx file")
    parser.add_argument("target", help="目标文件夹 data/<园区代码>/<年度> / target folder data/<park>/<cycle>")
    parser.add_argument("--replace", action="store_true", help="覆盖已有数据包 / overwrite an existing package")


def run(args) -> int:
    from generator.authoring import ImportError_, import_workbook
    from generator.commands.validate import format_human
    from generator.core import CYCLE_RE, PARK_ID_RE

    target = Path(args.target)
    if not (CYCLE_RE.match(target.name) and PARK_ID_RE.match(target.parent.name) and (target.parent.parent / "schemas").is_dir()):
        print("parkaudit import-excel: 目标须为 data/<园区代码>/<年度> / the target must be data/<park>/<cycle>", file=sys.stderr)
        return 2
    if not Path(args.workbook).is_file():
        print(f"parkaudit import-excel: 文件不存在 / no such file: {args.workbook}", file=sys.stderr)
        return 2
    try:
        report = import_workbook(Path(args.workbook), target, replace=args.replace)
    except ImportError_ as exc:
        print(f"parkaudit import-excel: {exc}", file=sys.stderr)
        return 1
    print(format_human(report))
    if report.has_errors:
        print("未导入：请按上述工作表、行号（Excel 行号）和字段修改后重试 / nothing imported: fix the workbook at the sheets, "
              "rows (Excel row numbers) and fields above and try again", file=sys.stderr)
        return 1
    print(f"已导入 / imported: {target}")
    return 0
