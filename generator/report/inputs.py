"""What a report is made of: the park's published results (results/<park>/<cycle>/score.json, the
same files the site is rendered from), its data package as it is (descriptor and tables), and
the validation warnings the caller found. Nothing is scored here: a report of results that no
longer match their data is refused (StaleResults), never recomputed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.core import CYCLE_RE, DESCRIPTOR, read_table, records
from generator.report.metadata import AuditMetadata, audit_metadata


class StaleResults(Exception):
    """No results for the park and cycle, or results made from other data than the package's."""


@dataclass
class ReportInput:
    park_id: str
    cycle: str
    cycles: dict[str, dict]  # cycle → score.json, every scored cycle up to `cycle`
    package_folder: Path
    descriptor: dict
    warnings: list[dict]  # the package's validation warnings (Finding.to_dict())
    metadata: AuditMetadata

    @property
    def doc(self) -> dict:
        return self.cycles[self.cycle]

    @property
    def previous(self) -> str | None:
        earlier = [c for c in self.cycles if c < self.cycle]
        return max(earlier) if earlier else None

    @cached_property
    def descriptor_sha(self) -> str:
        return hashlib.sha256((self.package_folder / DESCRIPTOR).read_bytes()).hexdigest()

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def rows(self, name: str) -> list[dict]:
        """A table of the package, typed by its schema as every stage reads it (empty cells None)."""
        if name not in self._tables:
            res = self.resource(name)
            rows = records(read_table(self.package_folder / res["path"], res["schema"]))
            # an empty number cell is NaN in a float column: None, as in every other column
            self._tables[name] = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows]
        return self._tables[name]

    def field_titles(self, name: str) -> dict[str, str]:
        return {f["name"]: f.get("title", f["name"]) for f in self.resource(name)["schema"]["fields"]}

    @cached_property
    def _tables(self) -> dict[str, list[dict]]:
        return {}


def load_input(park_id: str, cycle: str, results_root: Path, data_root: Path, warnings: list[dict]) -> ReportInput:
    """The report's inputs for one park and cycle. StaleResults when results/ has no score.json for
    them or its recorded input hashes differ from the data package on disk; MetadataError
    (metadata.py) when the package's audit metadata is malformed."""
    park_dir = Path(results_root) / park_id
    cycles = {}
    for path in sorted(park_dir.glob("*/score.json")):
        c = path.parent.name
        if CYCLE_RE.match(c) and c <= cycle:
            cycles[c] = json.loads(path.read_text(encoding="utf-8"))
    if cycle not in cycles:
        raise StaleResults(f"{results_root}/{park_id}/{cycle}/score.json 不存在，请先运行 parkaudit build / "
                           f"no results for {park_id} {cycle}: run parkaudit build first")
    folder = Path(data_root) / park_id / cycle
    changed = [f["file"] for f in cycles[cycle].get("inputs", {}).get("files", [])
               if _sha256(Path(data_root) / f["file"]) != f["sha256"]]
    if changed:
        raise StaleResults(f"{park_id} {cycle} 的评分结果与数据不符（{', '.join(changed[:3])} 已改动），请先运行 parkaudit build / "
                           f"the results of {park_id} {cycle} were made from other data ({', '.join(changed[:3])} changed): "
                           "run parkaudit build first")
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    meta = audit_metadata(descriptor, f"{park_id}/{cycle}/{DESCRIPTOR}")
    return ReportInput(park_id, cycle, cycles, folder, descriptor, list(warnings), meta)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
