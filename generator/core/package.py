"""Load a park package's tables as typed pandas DataFrames.

Loading trusts that `validate` has passed; it reads with the shared schemas' types so that every
stage after it sees numbers as floats, booleans as bool (nullable), and empty cells as missing.

JSON that comes with the data (datapackage.json, the shared schemas, the reference data) is read
with read_json, which refuses a file too large (before reading it) or nested too deep: a stranger's
descriptor must end in a finding, not in a traceback (json gives up with RecursionError a thousand
levels down, and code that walks the value recursively sooner) or a process that fills the memory.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.paths import DESCRIPTOR, TABLES, PackageRef, package_ref, reference_dir

if TYPE_CHECKING:
    import pandas as pd
# pandas and numpy are imported in the functions that build tables, not here: the site engine's
# processes import core for its paths and files and never read a table, and importing pandas
# cost each of them ~0.4 s (a tenth of a one-park site rebuild).

_TRUE = {"true", "是", "1", "True", "TRUE"}
_FALSE = {"false", "否", "0", "False", "FALSE"}

# A descriptor with its nine inline table schemas is about 50 kB and nests 7 levels deep
# (resources → schema → fields → constraints → enum); these limits leave room for twenty times that.
MAX_JSON_BYTES = 1 << 20
MAX_JSON_DEPTH = 32


class JSONLimitError(ValueError):
    """A JSON file over one of read_json's limits: `kind` is "size" (`actual` bytes, at least) or
    "depth" (`actual` levels, at least), `limit` the limit. The message is in Chinese and English."""

    def __init__(self, kind: str, actual: int, limit: int):
        self.kind, self.actual, self.limit = kind, actual, limit
        if kind == "size":
            super().__init__(f"文件大于 {limit} 字节 / the file is larger than {limit} bytes")
        else:
            super().__init__(f"JSON 嵌套超过 {limit} 层 / the JSON nests more than {limit} levels deep")


def read_json(path: Path, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """The JSON value in the file at `path`, read as untrusted input: only a regular file (a FIFO
    would block the reader for ever), at most `max_bytes` bytes (never more is read), at most
    `max_depth` levels of arrays and objects. Raises JSONLimitError over a limit, ValueError for anything else that is not UTF-8 JSON, OSError when it cannot be read."""
    st = os.stat(path)  # before opening: opening a FIFO blocks until something writes to it
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"不是普通文件 / not a regular file: {path}")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JSONLimitError("size", max(st.st_size, len(data)), max_bytes)
    return parse_json(data, max_bytes=max_bytes, max_depth=max_depth)


def parse_json(data: bytes, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """read_json for bytes already read."""
    if len(data) > max_bytes:
        raise JSONLimitError("size", len(data), max_bytes)
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError:  # json's own bound, about a thousand levels down (sys.getrecursionlimit)
        raise JSONLimitError("depth", max_depth + 1, max_depth) from None
    # then our bound, without recursion: a walk over the arrays and objects only
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise JSONLimitError("depth", depth, max_depth)
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return value


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
    import pandas as pd
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
    import pandas as pd
    fast = _read_plain(path, schema)
    if fast is not None:
        return fast
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return _typed(frame, schema)


# One cell of a column that _read_plain may convert with float(): what fast_schema accepts, or
# empty. Matched over a whole column joined by "\n", so one regex call checks every cell.
_NUMBER_COLUMN = re.compile(
    r"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)?"
    r"(?:\n(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)?)*"
)


def _read_plain(path: Path, schema: dict) -> pd.DataFrame | None:
    """read_csv + _typed for the plain CSV that validated packages contain, without pandas's
    per-call parser set-up (most of the load time for tables of a few hundred rows).

    Only for files where splitting lines on "," is exactly CSV and the result is exactly what
    read_csv would give: no quotes, no lone carriage returns, no blank lines, the header equal to
    the schema's field names, every row as long as the header and number cells in the plain
    format. Anything else returns None and the caller takes the pandas path."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    if '"' in text or "\r" in text.replace("\r\n", ""):
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    names = [f["name"] for f in schema["fields"]]
    if not lines or lines[0].split(",") != names or len(set(names)) != len(names):
        return None
    width = len(names)
    rows = [line.split(",") for line in lines[1:]]
    if any(len(r) != width for r in rows):
        return None  # also catches blank lines, which read_csv would skip
    n = len(rows)
    cells = list(zip(*rows)) if n else [()] * width
    for f, col in zip(schema["fields"], cells):
        if f["type"] in ("number", "integer") and not _NUMBER_COLUMN.fullmatch("\n".join(col)):
            return None
    return typed_frame(cells, n, schema)


def typed_frame(cells: list, n: int, schema: dict) -> pd.DataFrame:
    """The table as load_package types it, from its cells as text, column by column (`cells[c]`:
    the n cells of the schema's c-th field; number cells already known to be in the plain
    format): numbers as float64 with NaN for an empty cell, booleans as pandas's nullable
    boolean, text as object with None for an empty cell. Validation builds its tables with it
    from the cells it has parsed (generator/validate/_typed.py)."""
    import numpy as np
    import pandas as pd
    index = pd.RangeIndex(n)
    columns = {}
    for f, col in zip(schema["fields"], cells):
        kind = f["type"]
        if kind in ("number", "integer"):
            if "" in col:
                values = np.array([float(c) if c else np.nan for c in col], dtype="float64")
            else:  # no empty cell: float() over the column without a Python-level loop
                values = np.fromiter(map(float, col), dtype="float64", count=n)
            columns[f["name"]] = values
        elif kind == "boolean":
            values = np.array([c in _TRUE for c in col], dtype=bool)
            mask = np.array([c not in _TRUE and c not in _FALSE for c in col], dtype=bool)
            columns[f["name"]] = pd.arrays.BooleanArray(values, mask)
        else:
            values = np.empty(n, dtype=object)
            values[:] = [c if c else None for c in col]
            # a Series, or the DataFrame constructor would infer pandas's string dtype
            columns[f["name"]] = pd.Series(values, index=index, dtype=object)
    return pd.DataFrame(columns, index=index)


_PLAIN_OBJECTS = {str, type(None)}


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"), built from whole columns: to_dict boxes cell by cell.

    Column by column, .tolist() gives what to_dict gives (Python floats; True, False, and None
    for pd.NA) for the dtypes that load produces; an object column holding anything but str and None (to_dict
    would box numpy scalars in it) or any other dtype takes to_dict itself."""
    import pandas as pd
    columns = list(frame.columns)
    values = []
    for name in columns:
        col = frame[name] if frame.columns.is_unique else None
        if col is None or not isinstance(col, pd.Series):
            return frame.to_dict("records")
        dtype = str(col.dtype)
        if dtype not in ("float64", "object", "boolean"):
            return frame.to_dict("records")
        cells = col.tolist()
        if dtype == "object" and not set(map(type, cells)) <= _PLAIN_OBJECTS:
            return frame.to_dict("records")
        if dtype == "boolean":
            cells = [None if c is pd.NA else c for c in cells]  # as to_dict boxes it
        values.append(cells)
    return [dict(zip(columns, row)) for row in zip(*values)] if values else frame.to_dict("records")


def load_package(folder: Path) -> ParkPackage:
    ref = package_ref(Path(folder))
    descriptor = read_json(ref.descriptor)
    pkg = ParkPackage(ref, descriptor)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for table in TABLES:
        res = by_name[table]
        pkg.tables[table] = read_table(ref.folder / res["path"], res["schema"])
    return pkg


def package_files(folder: Path) -> dict[str, bytes]:
    """A package's files as they are on disk, by their path in the package: the descriptor, then
    each resource's file in the descriptor's order (what a reader downloads to rerun the audit)."""
    folder = Path(folder)
    files = {DESCRIPTOR: (folder / DESCRIPTOR).read_bytes()}
    for res in parse_json(files[DESCRIPTOR])["resources"]:
        files[res["path"]] = (folder / res["path"]).read_bytes()
    return files


def load_energy_coefficients(data_root: Path) -> pd.DataFrame:
    folder = reference_dir(data_root)
    descriptor = read_json(folder / DESCRIPTOR)
    res = descriptor["resources"][0]
    schema = read_json(folder / res["schema"])
    return read_table(folder / res["path"], schema)


STATUS_KEY = "parkaudit:status"  # in datapackage.json: "draft" until `parkaudit finalise`; absent means final
DRAFT = "draft"


def is_draft(folder: Path) -> bool:
    """Is the package in `folder` a draft cycle, still being filled in? A draft is validated and
    its findings shown, but it never blocks a build, check, diff or publication of final cycles
    and never reaches the public site. An unreadable descriptor is not a draft: validation says
    what is wrong with it."""
    path = Path(folder) / DESCRIPTOR
    try:
        # Every build asks this of every package (267 at 89 parks), and parsing a 50 KB descriptor
        # with read_json's depth walk costs ~1 ms: a descriptor whose bytes hold neither the key
        # nor a JSON escape (which could spell it) cannot hold the key, so it is not a draft.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # read_json refuses it too: opening a FIFO would block
        with open(path, "rb") as fh:
            head = fh.read(MAX_JSON_BYTES + 1)
        if STATUS_KEY.encode() not in head and b"\\u" not in head:
            return False
        descriptor = parse_json(head)  # untrusted: with read_json's size and depth limits
    except (OSError, ValueError):
        return False
    return isinstance(descriptor, dict) and descriptor.get(STATUS_KEY) == DRAFT


def split_drafts(refs: Iterable[PackageRef]) -> tuple[list[PackageRef], list[PackageRef]]:
    """(final packages, draft packages), each in the order given."""
    finals, drafts = [], []
    for ref in refs:
        (drafts if is_draft(ref.folder) else finals).append(ref)
    return finals, drafts
