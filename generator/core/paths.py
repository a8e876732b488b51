"""Where things live, and the one way to find packages. Identity comes from paths:
data/<park-id>/<cycle>/datapackage.json.

- `discover_packages(data_root)`: every well-named package of a data root (what a build publishes);
- `package_folders(paths)`: the packages that command-line PATH arguments name (validate, score),
  refusing a path that names none with `PackagePathError`;
- `park_ids(data_root)`, `park_cycles(park_folder)`: the parks of a data root, the cycles of a park.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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

# Folders of a data root beside the parks: the shared table schemas and reference data.
SHARED_FOLDERS = ("schemas", "reference")


class PackagePathError(Exception):
    """A path argument names no package: it does not exist, is a file other than
    datapackage.json, or is a folder with no package in or under it (the CLI's exit status 2).
    The message is in Chinese and English. generator.validate re-exports it as UsageError."""


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
    """All park packages under data_root (data/<park-id>/<cycle>/, named as such; the shared
    folders hold none), sorted by park and cycle."""
    refs = []
    for descriptor in sorted(data_root.glob(f"*/*/{DESCRIPTOR}")):
        folder = descriptor.parent
        park_id, cycle = folder.parent.name, folder.name
        if PARK_ID_RE.match(park_id) and park_id not in SHARED_FOLDERS and CYCLE_RE.match(cycle):
            refs.append(PackageRef(park_id, cycle, folder))
    return sorted(refs)


def package_folders(paths: Iterable[str | Path]) -> list[Path]:
    """The package folders that command-line PATH arguments name: a datapackage.json (its folder),
    a package folder, a park folder (all its cycles) or a data root (all its parks' cycles).

    A folder holding a datapackage.json counts whatever its name, so that validation reports a
    misnamed one (`folder-name`) instead of passing over it; nothing in the shared folders
    (schemas, reference data) is a package. Each folder comes once, however many arguments reach it, ordered by its resolved path
    and spelled as in the arguments (a link is named as the link)."""
    folders: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise PackagePathError(f"路径不存在 / no such path: {raw}")
        if p.is_file():
            if p.name != DESCRIPTOR:
                raise PackagePathError(f"不是 datapackage.json / not a datapackage.json: {raw}")
            folders.append(p.parent)
        elif (p / DESCRIPTOR).exists():
            folders.append(p)
        else:
            found = sorted({d.parent for d in p.glob(f"*/{DESCRIPTOR}")} | {d.parent for d in p.glob(f"*/*/{DESCRIPTOR}")})
            found = [f for f in found if f.parent.name not in SHARED_FOLDERS and f.name not in SHARED_FOLDERS]
            if not found:
                raise PackagePathError(f"找不到数据包 / no data package under: {raw}")
            folders.extend(found)
    return sorted({f.resolve(): f for f in folders}.values(), key=lambda f: str(f.resolve()))


def park_ids(data_root: Path) -> list[str]:
    """The park folders of a data root (named like park ids, whether or not they hold a package yet)."""
    if not data_root.is_dir():
        return []
    return sorted(p.name for p in data_root.iterdir() if p.is_dir() and p.name not in SHARED_FOLDERS and PARK_ID_RE.match(p.name))


def park_cycles(park_folder: Path) -> list[str]:
    """The cycles of one park: its subfolders named like a cycle that hold a datapackage.json."""
    if not park_folder.is_dir():
        return []
    return sorted(d.parent.name for d in park_folder.glob(f"*/{DESCRIPTOR}") if CYCLE_RE.match(d.parent.name))


def with_park_cycles(folders: Iterable[Path]) -> list[Path]:
    """The package folders and every cycle of their parks, each once, sorted: what must pass
    validation before these packages are scored (prev(...) reads a park's other cycles)."""
    folders = list(folders)
    parks = {Path(f).parent for f in folders}
    return sorted(set(folders) | {park / c for park in parks for c in park_cycles(park)})


def package_ref(folder: Path) -> PackageRef:
    """The reference for a package folder (or its datapackage.json)."""
    folder = Path(folder)
    if folder.name == DESCRIPTOR:
        folder = folder.parent
    return PackageRef(folder.parent.name, folder.name, folder)


def data_root_of(folder: Path) -> Path:
    """data/ for data/<park>/<cycle>."""
    return Path(folder).resolve().parent.parent
