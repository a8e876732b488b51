"""parkaudit template: the Excel workbook park staff fill in (one sheet per table)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "template"
HELP = "生成 Excel 填报模板 / write the Excel data-collection template"


def add_arguments(parser):
    parser.add_argument("--out", default="parkaudit-template.xlsx", help="输出文件 / output file")
    parser.add_argument("--data", default="data", help="数据目录 / data root")
    parser.add_argument("--from", dest="prefill", metavar="PACKAGE", help="用已有数据包预填（如上一周期）/ prefill from a package folder")


def run(args) -> int:
    from generator.authoring import make_template

    if args.prefill and not (Path(args.prefill) / "datapackage.json").is_file():
        print(f"parkaudit template: 不是数据包文件夹 / not a package folder: {args.prefill}", file=sys.stderr)
        return 2
    out = make_template(Path(args.data), Path(args.out), Path(args.prefill) if args.prefill else None)
    print(f"已生成 / written: {out}")
    return 0
