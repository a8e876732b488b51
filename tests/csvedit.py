"""Edit CSV files of a copied package in tests: the smallest change that breaks one rule."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def copy_data(dest: Path, parks: tuple[str, ...] | None = None) -> Path:
    """A copy of data/ (schemas, reference and the given parks) under dest/data."""
    root = dest / "data"
    root.mkdir(parents=True)
    for name in ("schemas", "reference"):
        shutil.copytree(DATA / name, root / name)
    for park in sorted(p for p in DATA.iterdir() if p.is_dir() and p.name not in ("schemas", "reference")):
        if parks is None or park.name in parks:
            shutil.copytree(park, root / park.name)
    return root


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, index: int, field: str, value: str) -> int:
    """Set one cell of data row `index` (0-based); returns the row number findings use
    (header is row 1)."""
    header, rows = read_rows(path)
    rows[index][field] = value
    write_rows(path, header, rows)
    return index + 2


def append_row(path: Path, row: dict) -> int:
    header, rows = read_rows(path)
    rows.append({k: row.get(k, "") for k in header})
    write_rows(path, header, rows)
    return len(rows) + 1


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under root with its mtime and bytes, to prove nothing was written."""
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}
