"""The enterprise identifiers of each park's packages, as the rules across parks compare them, kept
between builds.

Why: the rules across parks (validate/rules/across_parks.py) compare every park's enterprises
with every other park's, so even a one-park rebuild needs the identifiers of every park it reuses;
reading them again meant 264 enterprises.csv files at 89 parks (~0.07 s of a ~1.1 s rebuild) and
some 7,600 at 2,543. They are kept under the park's input key (build/state.py: park_fingerprints,
its data files' stats, trusted as git's index trusts them) and read from the files again whenever
the key differs or could not be trusted (None).

The file sits beside the build state it belongs to (`build-<key>.ids.json`), is written with the
state after a build's commit, and is a cache only: unreadable or of another format, it is ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from generator.validate import EnterpriseIds

FORMAT = 1


@dataclass
class EnterpriseIdCache:
    path: Path
    parks: dict[str, tuple[str, list[EnterpriseIds]]] = field(default_factory=dict)  # park → (input key, its packages' ids)
    changed: bool = False

    @classmethod
    def beside(cls, state_path: Path, *, reuse: bool = True) -> "EnterpriseIdCache":
        cache = cls(Path(state_path).with_suffix(".ids.json"))
        if not reuse:
            return cache
        try:
            raw = orjson.loads(cache.path.read_bytes())
            if raw.get("format") == FORMAT:
                cache.parks = {park: (entry["key"], [EnterpriseIds(park, cycle, file, tuple(zip(rows, usccs, permits, strict=True)))
                                                     for cycle, file, rows, usccs, permits in entry["packages"]])
                               for park, entry in raw["parks"].items()}
        except (OSError, orjson.JSONDecodeError, AttributeError, TypeError, KeyError, ValueError):
            cache.parks = {}  # read from the files instead
        return cache

    def get(self, park: str, key: str | None) -> list[EnterpriseIds] | None:
        """The ids recorded for `park` under input key `key`; None when there are none or `key`
        is not the one they were recorded under."""
        entry = self.parks.get(park)
        return entry[1] if key is not None and entry is not None and entry[0] == key else None

    def put(self, park: str, key: str | None, ids: list[EnterpriseIds]) -> None:
        """Record `park`'s ids under `key`; an untrusted key (None) forgets them."""
        entry = None if key is None else (key, list(ids))
        if self.parks.get(park) != entry:
            if entry is None:
                del self.parks[park]
            else:
                self.parks[park] = entry
            self.changed = True

    def keep_only(self, parks) -> None:
        parks = set(parks)
        if set(self.parks) - parks:
            self.parks = {p: e for p, e in self.parks.items() if p in parks}
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        doc = {"format": FORMAT,
               # a package's rows as three columns: tuples made by zip() from them cost a fifth of tuples made one by one
               "parks": {park: {"key": key, "packages": [[i.cycle, i.file, *map(list, zip(*i.rows))] if i.rows else [i.cycle, i.file, [], [], []]
                                                         for i in ids]}
                         for park, (key, ids) in sorted(self.parks.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(doc))
        os.replace(tmp, self.path)
        self.changed = False
