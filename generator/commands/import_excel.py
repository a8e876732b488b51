"""parkaudit import-excel: a filled-in workbook → data/<park>/<cycle>/ (validated first; a bad
workbook writes nothing). Findings name the sheet, the cell and the column the clerk sees."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "import-excel"
HELP = "把填好的 Excel 模板导入为数据包（先校验）/ import a filled-in workbook as a data package (validated first)"


def add_arguments(parser):
    parser.add_argument("workbook", help="Excel 文件 / the .xlsx file")
    parser.add_argument("target", help="目标文件夹 data/<园区代码>/<年度> / target folder data/<park>/<cycle>")
    parser.add_argument("--replace", action="store_true", help="覆盖已有数据包 / overwrite an existing package")


def check_target(command: str, target: Path) -> bool:
    from generator.core import CYCLE_RE, PARK_ID_RE

    if CYCLE_RE.match(target.name) and PARK_ID_RE.match(target.parent.name) and (target.parent.parent / "schemas").is_dir():
        return True
    print(f"parkaudit {command}: 目标须为 data/<园区代码>/<年度> / the target must be data/<park>/<cycle>", file=sys.stderr)
    return False


def run(args) -> int:
    from generator.authoring import ImportError_, format_findings, import_workbook

    target = Path(args.target)
    if not check_target(NAME, target):
        return 2
    if not Path(args.workbook).is_file():
        print(f"parkaudit import-excel: 文件不存在 / no such file: {args.workbook}", file=sys.stderr)
        return 2
    try:
        result = import_workbook(Path(args.workbook), target, replace=args.replace)
    except ImportError_ as exc:
        print(f"parkaudit import-excel: {exc}", file=sys.stderr)
        return 1
    errors, warnings = result.counts()
    text = format_findings(result.findings)
    if result.has_errors:
        print(text, file=sys.stderr)
        print(f"未导入，未写入任何文件：{errors} 个错误，{warnings} 个警告；请按上面的工作表!单元格修改后重试 / "
              f"nothing imported, nothing written: {errors} errors, {warnings} warnings; fix the cells above and try again", file=sys.stderr)
        return 1
    if text:
        print(text)
    print(f"已导入 / imported: {target}（{warnings} 个警告 / warnings）")
    return 0
