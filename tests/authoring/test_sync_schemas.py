"""parkaudit sync-schemas: a change to data/schemas/ reaches every package's descriptor copy."""

from __future__ import annotations

import json

from generator.cli import main
from generator.core import load_shared_schema
from generator.validate import validate_paths

from ..csvedit import copy_data

PARK = "anning-ip"


def test_a_changed_shared_schema_is_copied_into_every_descriptor(tmp_path, capsys):
    data = copy_data(tmp_path, parks=(PARK,))
    cycles = sorted(p.name for p in (data / PARK).iterdir())
    path = data / "schemas" / "park.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["description"] = schema.get("description", "") + " (changed)"
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    assert {f.code for f in validate_paths([data]).findings} >= {"schema-drift"}

    assert main(["sync-schemas", "--data", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"updated {data / PARK / c / 'datapackage.json'}" for c in cycles] + [
        f"{len(cycles)} 个数据包已更新 / descriptors updated, 0 个未变 unchanged"
    ]
    for c in cycles:
        descriptor = json.loads((data / PARK / c / "datapackage.json").read_text(encoding="utf-8"))
        park = next(r for r in descriptor["resources"] if r["name"] == "park")
        assert park["schema"] == load_shared_schema(data, "park") and park["parkaudit:schema"] == "../../schemas/park.json"
    assert "schema-drift" not in {f.code for f in validate_paths([data]).findings}

    before = {c: (data / PARK / c / "datapackage.json").read_bytes() for c in cycles}
    assert main(["sync-schemas", "--data", str(data)]) == 0
    assert capsys.readouterr().out == f"0 个数据包已更新 / descriptors updated, {len(cycles)} 个未变 unchanged\n"
    assert before == {c: (data / PARK / c / "datapackage.json").read_bytes() for c in cycles}


def test_no_package_is_refused(tmp_path, capsys):
    assert main(["sync-schemas", "--data", str(tmp_path)]) == 2
    assert f"no data package under {tmp_path}" in capsys.readouterr().err
