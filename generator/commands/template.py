"""parkaudit template: the Excel workbook park staff fill in, generated from the shared schemas."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "template"
HELP = "生成 Excel 填报模板 / write the Excel data-collection workbook"


def add_arguments(parser):
    parser.add_argument("--out", default="parkaudit-template.xlsx", help="输出文件 / output file")
    parser.add_argument("--data", default="data", help="数据目录 / data root")
    prefill = parser.add_mutually_exclusive_group()
    prefill.add_argument("--from", dest="carry", metavar="PACKAGE",
                         help="用上一周期预填可沿用的数据（企业名录、园区概况、未完成的方案），用于下一周期 / "
                              "pre-fill what carries over from this cycle into the next one")
    prefill.add_argument("--fill", metavar="PACKAGE",
                         help="按原样预填该数据包的全部数据（用于更正或补全草稿）/ pre-fill every value of this package as it is "
                              "(to correct it or finish a draft)")


def run(args) -> int:
    from generator.authoring import TemplateError, make_template

    try:
        out = make_template(Path(args.data), Path(args.out), fill=Path(args.fill) if args.fill else None,
                            carry=Path(args.carry) if args.carry else None)
    except TemplateError as exc:
        print(f"parkaudit template: {exc}", file=sys.stderr)
        return 2
    print(f"已生成 / written: {out}")
    return 0
