"""Load a park package's tables as typed pandas DataFrames.

Loading trusts that `validate` has passed; it reads with the shared schemas' types so that every
stage after it sees numbers as floats, booleans as bool (nullable), and empty cells as missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .layout import TABLES, PackageRef, package_ref, reference_dir

_TRUE = {"true", "是", "1", "True", "TRUE"}
_FALSE = {"false", "否", "0", "False", "FALSE"}


@dataclass
class ParkPackage:
    ref: PackageRef
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def park(self) -> dict:
        """The single row of the park profile as a dict."""
        return self.tables["park"].iloc[0].to_dict()

    @property
    def facilities(self) -> dict:
        df = self.tables["park_facilities"]
        return df.iloc[0].to_dict() if len(df) else {}


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    for f in schema["fields"]:
        name, kind = f["name"], f["type"]
        if name not in frame:
            frame[name] = pd.NA
        col = frame[name]
        if kind in ("number", "integer"):
            frame[name] = pd.to_numeric(col, errors="coerce").astype("float64")
        elif kind == "boolean":
            values = pd.array([pd.NA] * len(col), dtype="boolean")
            values[col.isin(_TRUE).to_numpy()] = True
            values[col.isin(_FALSE).to_numpy()] = False
            frame[name] = values
        else:
            frame[name] = col.astype("object").where(col.notna(), None)
    return frame[[f["name"] for f in schema["fields"]]]


def read_table(path: Path, schema: dict) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return _typed(frame, schema)


def load_package(folder: Path) -> ParkPackage:
    ref = package_ref(Path(folder))
    descriptor = json.loads(ref.descriptor.read_text(encoding="utf-8"))
    pkg = ParkPackage(ref, descriptor)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for table in TABLES:
        res = by_name[table]
        pkg.tables[table] = read_table(ref.folder / res["path"], res["schema"])
    return pkg


def load_energy_coefficients(data_root: Path) -> pd.DataFrame:
    folder = reference_dir(data_root)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    res = descriptor["resources"][0]
    schema = json.loads((folder / res["schema"]).read_text(encoding="utf-8"))
    return read_table(folder / res["path"], schema)
