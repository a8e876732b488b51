"""Write a park package descriptor from the shared schemas.

Frictionless refuses schema references that leave the package folder (`../schemas/x.json`), so
each descriptor carries an inline copy of the shared schema and names its origin in
`parkaudit:schema`; validation reports a copy that drifted from data/schemas.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.core.package import read_json
from generator.core.paths import TABLES, schemas_dir

FICTION_NOTE = (
    "演示数据：园区名称、代码、类型和主导产业取自《中国开发区审核公告目录》(2018年版)，"
    "企业及全部审核数据均为虚构。 / Demo data: park names, codes, types and leading industries "
    "come from the 2018 national catalogue of development zones; the enterprises and all audit "
    "figures are fictional."
)


def load_shared_schema(data_root: Path, table: str) -> dict:
    """data/schemas/<table>.json, read as the JSON that comes with data is (package.read_json)."""
    return read_json(schemas_dir(data_root) / f"{table}.json")


def schema_origin(table: str) -> str:
    return f"../../schemas/{table}.json"


def build_descriptor(
    data_root: Path,
    park_id: str,
    cycle: str,
    park_name: str,
    *,
    fictional: bool = False,
) -> dict:
    resources = []
    for table in TABLES:
        schema = load_shared_schema(data_root, table)
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "title": schema.get("title", table),
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "parkaudit:schema": schema_origin(table),
                "schema": schema,
            }
        )
    description = f"{park_name} {cycle} 年度产业园区清洁生产审核数据 / park cleaner-production audit data, cycle {cycle}"
    if fictional:
        description += "。" + FICTION_NOTE
    descriptor = {
        "name": f"{park_id}-{cycle}",
        "title": f"{park_name} {cycle} 年度清洁生产审核数据",
        "description": description,
        "parkaudit:park": park_id,
        "parkaudit:cycle": cycle,
        "parkaudit:fictional": fictional,
        "resources": resources,
    }
    return descriptor


def descriptor_json(data) -> str:
    """Stable JSON text: same data, same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_descriptor(folder: Path, descriptor: dict) -> Path:
    path = Path(folder) / "datapackage.json"
    path.write_text(descriptor_json(descriptor), encoding="utf-8")
    return path
