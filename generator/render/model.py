"""What the page modules share: a park's scored cycles, and the files of a chart and the tables
that the methodology pages print."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.core import TABLES, schemas_dir
from generator.render import charts
from generator.validate import CATALOGUE


@dataclass
class ParkResults:
    park_id: str
    cycles: dict[str, dict]  # cycle → score.json content, only cycles ≤ the site's cycle
    current: str

    @property
    def doc(self) -> dict:
        return self.cycles[self.current]



def chart_files(chart: charts.Chart, folder: str) -> dict[str, str]:
    return {
        f"{folder}/{chart.chart_id}.vl.json": json.dumps(chart.spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        f"{folder}/{chart.chart_id}.csv": chart.csv(),
    }


def schema_tables(data_root: Path) -> list[tuple[str, dict]]:
    return [(t, json.loads((schemas_dir(data_root) / f"{t}.json").read_text(encoding="utf-8"))) for t in TABLES]


def catalogue_rows() -> list[dict]:
    return [{"code": code, "severity": "错误" if r.severity == "error" else "警告", "zh": r.zh, "en": r.en} for code, r in CATALOGUE.items()]
