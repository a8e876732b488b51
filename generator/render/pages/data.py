"""Downloads: the current cycle's data package as it is (every file, with its row count), its
results files, and beside each CSV an Excel workbook with Chinese headers for people
(pages/_downloads.py). The CSVs stay as programs read them: English headers, no BOM. File names,
the package descriptor, score.json and the files' SHA-256 (as `sha256sum -c` reads them) are in a
closed technical note: a reader downloads "Excel" or "CSV" by what the table holds."""

from __future__ import annotations

import hashlib

from generator.render.model import ParkInput
from generator.render.pages import ParkPage
from generator.render.pages._downloads import people_files, xlsx_name

PAGE = ParkPage(slug="data", label="数据下载", position=90, template="park_data.html.j2")

RESULTS = (  # (file, what it holds), in the page's order
    ("indicators.csv", "指标值与等级"),
    ("key_enterprises.csv", "重点企业及入选依据"),
    ("chains.csv", "产业链/集群汇总"),
)


def size_label(n: int) -> str:
    """A file size as a reader reads it: 812 B, 12.3 KB, 1.4 MB."""
    if n < 1024:
        return f"{n}\u00a0B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f}\u00a0KB"  # never split from its number
    return f"{n / 1024 / 1024:.1f}\u00a0MB"


def context(park: ParkInput) -> dict:
    people = people_files(park)
    tables = []
    for res in park.descriptor["resources"]:
        data = park.package_files[res["path"]]
        xlsx = f"downloads/data/{xlsx_name(res['path'])}"
        tables.append({"title": res.get("title", res["name"]).split(" / ")[0], "file": res["path"], "size": size_label(len(data)),
                       "xlsx": xlsx_name(res["path"]) if xlsx in people else None,
                       "xlsx_size": size_label(len(people[xlsx])) if xlsx in people else None,
                       "rows": max(data.count(b"\n") - 1, 0), "sha": hashlib.sha256(data).hexdigest()})
    results = []
    for name, what in RESULTS:
        text = park.results_files[name].encode("utf-8")
        xlsx = people[f"downloads/{xlsx_name(name)}"]
        results.append({"file": name, "what": what, "size": size_label(len(text)), "xlsx": xlsx_name(name), "xlsx_size": size_label(len(xlsx))})
    score = park.results_files["score.json"].encode("utf-8")
    return {"tables": tables, "results": results, "score_size": size_label(len(score)),
            "descriptor_size": size_label(len(park.package_files.get("datapackage.json", b"")))}


def files(park: ParkInput) -> dict[str, bytes]:
    out = {f"downloads/data/{name}": data for name, data in park.package_files.items()}
    out.update({f"downloads/{name}": text.encode("utf-8") for name, text in park.results_files.items()})
    out.update(people_files(park))
    return out
