"""`parkaudit new-cycle <park> <cycle> [--data data]`: scaffold data/<park>/<cycle>/ from the park's
latest cycle (see generator/authoring/scaffold.py for what is carried over and what is left empty).

Exit status: 0 written, 2 refused (the folder exists, the park is unknown, or the cycle is not a
4-digit year after the latest), with a message in Chinese and English.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "new-cycle"
HELP = "为园区新建审核周期的数据包（沿用上一周期的名录）/ scaffold a park's next audit cycle from its latest one"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("park", help="园区代码（data/ 下的文件夹名）/ park id (its folder under data/)")
    parser.add_argument("cycle", help="新审核周期，四位年份 / the new cycle, a 4-digit year")
    parser.add_argument("--data", default="data", help="数据目录（默认 data）/ data root (default data)")


def run(args: argparse.Namespace) -> int:
    from generator.authoring import ENTERPRISE_YEARLY, FACILITIES_YEARLY, PARK_YEARLY, ScaffoldError, new_cycle

    try:
        folder = new_cycle(Path(args.data), args.park, args.cycle)
    except ScaffoldError as exc:
        print(f"parkaudit new-cycle: {exc}", file=sys.stderr)
        return 2
    print(f"已创建 / created: {folder}")
    print("沿用上一周期 / carried over: park.csv, park_facilities.csv, enterprises.csv, measures.csv（未完成、未取消的方案 / measures still open）")
    print("待填写 / to fill in:")
    print(f"  park.csv: {', '.join(PARK_YEARLY)}")
    print(f"  park_facilities.csv: {', '.join(FACILITIES_YEARLY)}")
    print(f"  enterprises.csv: {', '.join(ENTERPRISE_YEARLY)}")
    print("  energy.csv, water.csv, emissions.csv, solid_waste.csv, carbon.csv（仅表头 / header only）")
    print("这是草稿：不发布，也不阻止构建、检查和发布其他周期 / this is a draft: never published, and it blocks nothing")
    print(f"然后运行 / then run: parkaudit validate {folder}；填写完成后 / when complete: parkaudit finalise {args.park} {args.cycle}")
    return 0
