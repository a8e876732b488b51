"""parkaudit sync-schemas: copy the shared data/schemas/*.json into every package's descriptor.

frictionless does not let a package refer to a schema outside its folder, so each
datapackage.json carries a copy; after a change to data/schemas/, this brings every copy up to
date (validate reports a stale copy as `schema-drift`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

NAME = "sync-schemas"
HELP = "用 data/schemas/ 更新各数据包内嵌的表结构 / update the schema copies in every datapackage.json"


def add_arguments(parser):
    parser.add_argument("--data", default="data", help="数据目录 / data root (default: data)")


def run(args) -> int:
    from generator.core import descriptor_json as dump_json
    from generator.core import discover_packages, load_shared_schema, schema_origin

    root = Path(args.data)
    refs = discover_packages(root)
    if not refs:
        print(f"找不到数据包 / no data package under {root}", file=sys.stderr)
        return 2
    changed = 0
    for ref in refs:
        text = ref.descriptor.read_text(encoding="utf-8")
        descriptor = json.loads(text)
        for res in descriptor.get("resources", []):
            if (root / "schemas" / f"{res.get('name')}.json").is_file():
                res["schema"] = load_shared_schema(root, res["name"])
                res["parkaudit:schema"] = schema_origin(res["name"])
        new = dump_json(descriptor)
        if new != text:
            ref.descriptor.write_text(new, encoding="utf-8")
            changed += 1
            print(f"updated {ref.descriptor}")
    print(f"{changed} 个数据包已更新 / descriptors updated, {len(refs) - changed} 个未变 unchanged")
    return 0
