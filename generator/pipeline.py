"""validate → score → render → site, as one call. Each stage runs to completion in memory before
the next one writes, so bad data stops the build before anything is written, and the previous
results, pages and site stay as they were."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .indicator_config import load_config
from .layout import discover_packages
from .load import load_energy_coefficients
from .results import score_package, write_results
from .validate import Report, validate_paths


class BuildError(Exception):
    def __init__(self, message: str, report: Report | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class BuildSummary:
    packages: int
    cycle: str | None
    pages: int
    written: int
    unchanged: int
    site: Path | None


def score_all(data_root: Path, config, refs) -> list[dict]:
    coefficients = load_energy_coefficients(data_root)
    cache: dict = {}
    docs, park = [], None
    for ref in refs:
        if ref.park_id != park:  # prev(...) reads only the same park: keep one park's cycles in memory
            cache.clear()
            park = ref.park_id
        docs.append(score_package(ref.folder, config, data_root, coefficients, cache))
    return docs


def warnings_by_package(report: Report, refs) -> dict:
    """(park, cycle) → that package's validation warnings as dicts, for its data-quality page."""
    return {(r.park_id, r.cycle): [f.to_dict() for f in report.for_package(r) if f.severity == "warning"] for r in refs}


def score_and_render(repo: Path, refs, report: Report, *, results_root: Path, docs_dir: Path | None, cycle: str | None = None,
                     data_root: Path | None = None):
    """Score the (valid) packages into results_root, then render the pages of `cycle` from them."""
    from .render import render

    data_root = Path(data_root or Path(repo) / "data")
    config = load_config(Path(repo) / "indicators.yaml")
    for doc in score_all(data_root, config, refs):
        write_results(doc, results_root)
    return render(repo, cycle=cycle, results_root=results_root, data_root=data_root, docs_dir=docs_dir,
                  validation=warnings_by_package(report, refs))


def build(repo: Path, *, cycle: str | None = None, site_dir: Path | None = None, with_site: bool = True,
          data_root: Path | None = None, results_root: Path | None = None, docs_dir: Path | None = None) -> BuildSummary:
    repo = Path(repo)
    data_root = Path(data_root or repo / "data")
    results_root = Path(results_root or repo / "results")
    refs = discover_packages(data_root)
    if not refs:
        raise BuildError(f"找不到数据包 / no data package under {data_root}")
    cycles = sorted({ref.cycle for ref in refs})
    if cycle is not None and cycle not in cycles:
        raise BuildError(f"没有 {cycle} 年度的数据包 / no data package for cycle {cycle} (have: {', '.join(cycles)})")
    report = validate_paths([ref.folder for ref in refs])
    if report.has_errors:
        raise BuildError("数据校验未通过，未构建 / validation failed, nothing was built", report)
    load_config(repo / "indicators.yaml")  # a broken configuration stops the build before anything is written
    rendered = score_and_render(repo, refs, report, results_root=results_root, docs_dir=docs_dir, cycle=cycle, data_root=data_root)
    site = None
    if with_site:
        from .site import build_site

        site = build_site(repo, Path(site_dir or repo / "site"))
    return BuildSummary(len(refs), cycle, rendered.pages, len(rendered.written), rendered.unchanged, site)


def tree_bytes(root: Path) -> dict[str, bytes]:
    root = Path(root)
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stale_outputs(repo: Path) -> list[str]:
    """Committed outputs (results/, docs/reports/) that differ from what the current data and code
    produce: regenerated into a temporary folder and compared byte by byte; nothing in the
    repository is written."""
    import tempfile

    from .render import REPORTS

    repo = Path(repo)
    data_root = repo / "data"
    refs = discover_packages(data_root)
    report = validate_paths([ref.folder for ref in refs])
    if report.has_errors:
        raise BuildError("数据校验未通过 / validation failed", report)
    with tempfile.TemporaryDirectory(prefix="parkaudit-check-") as tmp:
        tmp = Path(tmp)
        score_and_render(repo, refs, report, results_root=tmp / "results", docs_dir=tmp / "docs", data_root=data_root)
        stale = []
        for committed, fresh, label in ((repo / "results", tmp / "results", "results"), (repo / "docs" / REPORTS, tmp / "docs" / REPORTS, f"docs/{REPORTS}")):
            old, new = tree_bytes(committed), tree_bytes(fresh)
            stale += [f"{label}/{name}" for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
        return stale
