"""The data every package of a data root shares (data/schemas/<table>.json, the energy coefficients
in data/reference/), loaded once per validation run and handed to each package.

validate_paths loads it once per data root before the parks are validated (the forked workers
inherit it), and a single validate_package loads it once for itself: no cache outlives a run, so
an edited file is seen by the next run. A file that cannot be read is remembered as the exception
its core loader raised, and raised again to every package that asks, so each package gets the
finding it got when it read the file itself.

The values are shared between packages: treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core import TABLES, load_energy_coefficients, load_shared_schema


def _loaded(load, *args):
    """What load(*args) returns, or the exception it raised (raised again when asked for)."""
    try:
        return load(*args)
    except Exception as exc:  # noqa: BLE001 - the caller that asks decides which ones are findings
        return exc


def _value(loaded):
    if isinstance(loaded, Exception):
        raise loaded.with_traceback(None)  # raised again for every package: keep no old frames
    return loaded


@dataclass(frozen=True)
class SharedData:
    """The shared schemas (by table) and the energy coefficient table of one data root, each as
    core's loader gave it or as the exception it raised."""

    data_root: Path
    _schemas: dict
    _coefficients: object

    @classmethod
    def load(cls, data_root: Path) -> SharedData:
        data_root = Path(data_root)
        return cls(data_root, {t: _loaded(load_shared_schema, data_root, t) for t in TABLES}, _loaded(load_energy_coefficients, data_root))

    def schema(self, table: str) -> dict:
        """core.load_shared_schema(data_root, table), or the exception it raised."""
        return _value(self._schemas[table])

    def energy_coefficients(self):
        """core.load_energy_coefficients(data_root), or the exception it raised."""
        return _value(self._coefficients)
