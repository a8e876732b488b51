"""parkaudit report-samples: sample report workbooks (permit execution report, energy form 205-1)
made from a package's own data, in the layouts the report import expects."""

from __future__ import annotations

from pathlib import Path

NAME = "report-samples"
HELP = "用数据包生成排污许可证执行报告和 205-1 表的样例 / write sample report workbooks made from a package"


def add_arguments(parser):
    parser.add_argument("package", help="数据包文件夹 data/<园区代码>/<年度> / a package folder")
    parser.add_argument("--out", default="report-samples", help="输出文件夹 / output folder")
    parser.add_argument("--enterprise", action="append", help="只写这些企业（可重复）/ only these enterprises (repeatable)")


def run(args) -> int:
    from generator.authoring import write_samples

    for path in write_samples(Path(args.package), Path(args.out), args.enterprise):
        print(f"已生成 / written: {path}")
    return 0
