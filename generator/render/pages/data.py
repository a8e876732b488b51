"""Downloads: the current cycle's data package as it is (every file, with its row count and hash)
and its results files."""

from __future__ import annotations

import hashlib

from generator.render.model import ParkInput
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="data", label="数据下载", position=90, template="park_data.md.j2")


def context(park: ParkInput) -> dict:
    tables = []
    for res in park.descriptor["resources"]:
        data = park.package_files[res["path"]]
        tables.append({"title": res.get("title", res["name"]), "file": res["path"], "rows": max(data.count(b"\n") - 1, 0),
                       "sha": hashlib.sha256(data).hexdigest()[:16]})
    return {"tables": tables}


def files(park: ParkInput) -> dict[str, bytes]:
    out = {f"downloads/data/{name}": data for name, data in park.package_files.items()}
    out.update({f"downloads/{name}": text.encode("utf-8") for name, text in park.results_files.items()})
    return out
