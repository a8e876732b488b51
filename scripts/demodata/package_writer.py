"""Writing: rows to CSV text with fixed decimals, and one package written atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.core import TABLES, build_descriptor, schemas_dir, write_descriptor

from .library import DECIMALS, UNIT_DECIMALS


def format_cell(value, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{decimals if decimals is not None else 2}f}"
    return str(value)


def _cell_formatter(decimals: int | None):
    """format_cell(value, decimals) for one column, with the common types tested first: the
    synthetic generator writes millions of cells through this (same output as format_cell)."""
    spec = f".{decimals if decimals is not None else 2}f"

    def fmt(value) -> str:
        kind = type(value)
        if kind is float:
            return format(value, spec)
        if kind is str:
            return value
        if value is None:
            return ""
        return format_cell(value, decimals)

    return fmt


def table_csv(table: str, schema: dict, rows: list[dict]) -> str:
    """CSV text: schema column order, rows sorted by primary key, '\\n' line ends, no BOM."""
    fields = [f["name"] for f in schema["fields"]]
    key = schema.get("primaryKey", [])
    rows = sorted(rows, key=lambda row: tuple(str(row[k]) for k in key))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    decimals = DECIMALS.get(table, {})
    formatters = [(name, _cell_formatter(decimals.get(name))) for name in fields]
    # in the energy table the decimals of a quantity follow its unit
    quantity = fields.index("quantity") if table == "energy" else None
    by_unit = {unit: _cell_formatter(d) for unit, d in UNIT_DECIMALS.items()}
    for row in rows:
        cells = [fmt(row.get(name)) for name, fmt in formatters]
        if quantity is not None:
            cells[quantity] = by_unit[row["unit"]](row.get("quantity"))
        writer.writerow(cells)
    return buf.getvalue()


def write_package(data_root: Path, park_id: str, cycle: int | str, park_name: str,
                  tables: dict[str, list[dict]], *, schemas: dict[str, dict] | None = None,
                  descriptor_text: str | None = None, metadata: dict | None = None) -> Path:
    """Write data/<park>/<cycle>/ atomically: build it in a temporary sibling, then swap it in.

    A caller writing thousands of packages may pass the shared schemas ({table: schema}) and the
    descriptor's text, already built, instead of having them read and built for every package;
    they must be what data_root/schemas and generator.core.descriptor would give (same bytes).
    `metadata`: descriptor properties (audit metadata) put before the resources."""
    data_root = Path(data_root)
    park_dir = data_root / park_id
    park_dir.mkdir(parents=True, exist_ok=True)
    target = park_dir / str(cycle)
    tmp = Path(tempfile.mkdtemp(prefix=f".{cycle}.tmp-", dir=park_dir))
    try:
        for table in TABLES:
            if schemas is not None:
                schema = schemas[table]
            else:
                schema = json.loads((schemas_dir(data_root) / f"{table}.json").read_text(encoding="utf-8"))
            (tmp / f"{table}.csv").write_bytes(table_csv(table, schema, tables[table]).encode("utf-8"))
        if descriptor_text is not None:
            (tmp / "datapackage.json").write_bytes(descriptor_text.encode("utf-8"))
        else:
            descriptor = build_descriptor(data_root, park_id, str(cycle), park_name, fictional=True)
            if metadata:
                resources = descriptor.pop("resources")
                descriptor = {**descriptor, **metadata, "resources": resources}
            write_descriptor(tmp, descriptor)
        old = None
        if target.exists():
            old = park_dir / f".{cycle}.old"
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return target
