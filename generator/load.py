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
    columns = {}
    n = len(frame)
    for f in schema["fields"]:
        name, kind = f["name"], f["type"]
        col = frame[name] if name in frame else pd.Series([None] * n, index=frame.index, dtype=object)
        if kind in ("number", "integer"):
            try:
                columns[name] = col.astype("float64")  # validated cells: plain ASCII numbers or empty
            except (TypeError, ValueError):
                columns[name] = pd.to_numeric(col, errors="coerce").astype("float64")
        elif kind == "boolean":
            values = pd.array([pd.NA] * n, dtype="boolean")
            values[col.isin(_TRUE).to_numpy()] = True
            values[col.isin(_FALSE).to_numpy()] = False
            columns[name] = pd.Series(values, index=frame.index)
        else:
            columns[name] = pd.Series(col.to_numpy(dtype=object, na_value=None), index=frame.index, dtype=object)
    return pd.DataFrame(columns, index=frame.index)


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
