"""parkaudit sync-schemas: copy the shared data/schemas/*.json into every package's descriptor
(generator/authoring/sync_schemas.py says why)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "sync-schemas"
HELP = "用 data/schemas/ 更新各数据包内嵌的表结构 / update the schema copies in every datapackage.json"


def add_arguments(parser):
    parser.add_argument("--data", default="data", help="数据目录 / data root (default: data)")


def run(args) -> int:
    from generator.authoring import update_schema_copies

    root = Path(args.data)
    result = update_schema_copies(root)
    if not result.packages:
        print(f"找不到数据包 / no data package under {root}", file=sys.stderr)
        return 2
    for descriptor in result.updated:
        print(f"updated {descriptor}")
    print(f"{len(result.updated)} 个数据包已更新 / descriptors updated, {result.unchanged} 个未变 unchanged")
    return 0
