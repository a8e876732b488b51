"""sync-schemas: copy the shared data/schemas/*.json into every package's descriptor.

frictionless does not let a package refer to a schema outside its folder, so each
datapackage.json carries a copy (generator.core build_descriptor); after a change to data/schemas/,
this brings every copy up to date (validate reports a stale copy as `schema-drift`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import descriptor_json, discover_packages, load_shared_schema, schema_origin, schemas_dir


@dataclass
class SchemaSync:
    """The descriptors rewritten and the number already up to date."""

    updated: list[Path] = field(default_factory=list)
    unchanged: int = 0

    @property
    def packages(self) -> int:
        return len(self.updated) + self.unchanged


def update_schema_copies(data_root: Path) -> SchemaSync:
    """Every package of `data_root` (generator.core discover_packages) with each resource's schema
    copied from data/schemas/<table>.json, where that file exists; a descriptor is written only when
    its text changes."""
    data_root = Path(data_root)
    result = SchemaSync()
    for ref in discover_packages(data_root):
        text = ref.descriptor.read_text(encoding="utf-8")
        descriptor = json.loads(text)
        for res in descriptor.get("resources", []):
            if (schemas_dir(data_root) / f"{res.get('name')}.json").is_file():
                res["schema"] = load_shared_schema(data_root, res["name"])
                res["parkaudit:schema"] = schema_origin(res["name"])
        new = descriptor_json(descriptor)
        if new != text:
            ref.descriptor.write_text(new, encoding="utf-8")
            result.updated.append(ref.descriptor)
        else:
            result.unchanged += 1
    return result
