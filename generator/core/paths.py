"""Where things live. Identity comes from paths: data/<park-id>/<cycle>/datapackage.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PARK_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
CYCLE_RE = re.compile(r"^(20[0-9]{2}|2100)$")

# Every park package holds exactly these tables, in this order; each uses data/schemas/<name>.json.
TABLES = (
    "park",
    "enterprises",
    "energy",
    "water",
    "emissions",
    "solid_waste",
    "carbon",
    "park_facilities",
    "measures",
)

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True, order=True)
class PackageRef:
    """One park's data for one audit cycle."""

    park_id: str
    cycle: str
    folder: Path

    @property
    def descriptor(self) -> Path:
        return self.folder / DESCRIPTOR


def schemas_dir(data_root: Path) -> Path:
    return data_root / "schemas"


def reference_dir(data_root: Path) -> Path:
    return data_root / "reference"


def discover_packages(data_root: Path) -> list[PackageRef]:
    """All park packages under data_root, sorted by park and cycle."""
    refs = []
    for descriptor in sorted(data_root.glob(f"*/*/{DESCRIPTOR}")):
        folder = descriptor.parent
        park_id, cycle = folder.parent.name, folder.name
        if PARK_ID_RE.match(park_id) and CYCLE_RE.match(cycle):
            refs.append(PackageRef(park_id, cycle, folder))
    return sorted(refs)


def package_ref(folder: Path) -> PackageRef:
    """The reference for a package folder (or its datapackage.json)."""
    folder = Path(folder)
    if folder.name == DESCRIPTOR:
        folder = folder.parent
    return PackageRef(folder.parent.name, folder.name, folder)


def data_root_of(folder: Path) -> Path:
    """data/ for data/<park>/<cycle>."""
    return Path(folder).resolve().parent.parent
