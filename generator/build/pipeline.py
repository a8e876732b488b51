"""validate → score → render → site, as one call. Each stage runs to completion in memory before
the next one writes, so bad data stops the build before anything is written, and the previous
results, pages and site stay as they were."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.build.chart_shapes import ChartShapes
from generator.build.id_cache import EnterpriseIdCache
from generator.build.pages_as_they_come import ParkPagesWriter
from generator.build.park_job import pages_by_park, publish_results, run_parks, staging_for
from generator.build.reports import build_reports, reports_folder, reports_wanted
from generator.build.state import BuildState, finding_from_state, park_fingerprints
from generator.build.transaction import Swap, Transaction, build_lock, recover, sweep_retired
from generator.core import CACHE_DIR, CYCLE_RE, Progress, UndoJournal, by_park, check_output_folder, discover_packages, parks_gc, split_drafts, sync_tree, write_if_changed
from generator.render import REPORTS, VENDOR_BUNDLE, available_cycles, keep_compiled_templates, park_nav, render, shown_cycles, vega_bundle, vega_bundle_stamp
from generator.report import MetadataError, MissingFont
from generator.score import load_config
from generator.site import SITE_MARKER, start_site, state_path
from generator.validate import ACROSS_PARKS, Finding, Report, check_across_parks, package_enterprise_ids, validate_paths


class BuildError(Exception):
    """The build stopped: bad data (`report` says why), or, with `usage`, arguments that name
    nothing to build (exit status 2)."""

    def __init__(self, message: str, report: Report | None = None, usage: bool = False):
        super().__init__(message)
        self.report = report
        self.usage = usage


@dataclass
class BuildSummary:
    packages: int
    cycle: str | None
    pages: int
    written: int
    unchanged: int
    site: Path | None
    parks_rebuilt: int = 0
    parks_reused: int = 0
    drafts: Report | None = None  # the draft cycles' validation: shown, never published, never blocking
    reports_made: int = 0  # parks whose audit reports (PDF, .docx) were made; the others' were kept


def warnings_by_package(report: Report, refs) -> dict:
    """(park, cycle) → that package's validation warnings as dicts, for its data-quality page."""
    return {(r.park_id, r.cycle): [f.to_dict() for f in report.for_package(r) if f.severity == "warning"] for r in refs}


def score_and_render(repo: Path, refs, report: Report, *, results_root: Path, docs_dir: Path | None, cycle: str | None = None,
                     data_root: Path | None = None, reuse: dict[str, dict] | None = None):
    """Score the packages of `refs`, validated into `report` without errors, into results_root,
    then render the pages of `cycle` (default: the latest in results_root) from them.
    `reuse`: parks whose pages are up to date, with their portal rows (see render.render)."""
    data_root = Path(data_root or Path(repo) / "data")
    warnings = warnings_by_package(report, refs)
    config = load_config(Path(repo) / "indicators.yaml")
    with staging_for(results_root) as staging:
        outputs = run_parks(refs, config, data_root, _site_cycle(cycle, refs, results_root), staging, warnings)
        return write_outputs(repo, outputs, staging, results_root=results_root, docs_dir=docs_dir, cycle=cycle, data_root=data_root,
                             warnings=warnings, reuse=reuse)


def _site_cycle(cycle: str | None, refs, results_root: Path) -> str:
    """The cycle the site shows: as render.render picks it, counting the packages about to be scored."""
    return cycle or max([r.cycle for r in refs] + available_cycles(results_root))


def write_outputs(repo: Path, outputs: list, staging: Path, *, results_root: Path, docs_dir: Path | None,
                  cycle: str | None, data_root: Path, warnings: dict, reuse: dict[str, dict] | None = None, redo=frozenset()):
    """Publish the parks' staged results (park_job.ParkOutput), then write every page
    (render.render: the parks' own, the portal's; those of the parks in `redo` made again)."""
    publish_results(outputs, staging, results_root)
    return render_pages(repo, cycle=cycle, results_root=results_root, data_root=data_root, docs_dir=docs_dir,
                        validation=warnings, reuse=reuse, rendered=pages_by_park(outputs, redo))


def findings_across_parks(outputs: list, reused=(), cache: EnterpriseIdCache | None = None, input_keys=None) -> list[Finding]:
    """The rules across parks (generator/validate/rules/across_parks.py) on every park: those the
    workers validated (the identifiers each returned) and the `reused` package refs, whose last
    build passed and whose files have not changed since (their identifiers are taken from `cache`
    under the park's input key, else read here). Made anew by every build: a park's findings
    across parks change when another park changes. `cache` is brought up to date for every park."""
    cache = cache if cache is not None else EnterpriseIdCache(Path(os.devnull))  # (one that is never saved)
    input_keys = input_keys or {}
    ids = [i for out in outputs for i in out.enterprise_ids]
    for out in outputs:
        cache.put(out.park_id, input_keys.get(out.park_id), out.enterprise_ids)
    for park_refs in by_park(reused):
        park = park_refs[0].park_id
        found = cache.get(park, input_keys.get(park))
        if found is None:
            found = [i for ref in park_refs if (i := package_enterprise_ids(ref, [])) is not None]
            cache.put(park, input_keys.get(park), found)
        ids += found
    return check_across_parks(ids)


def _parks_of(findings) -> set[str]:
    return {f.params["park"] for f in findings}


@dataclass
class PagesWritten:
    """What render_pages did: the render stage's result and how its files met docs/reports/."""

    pages: int
    portal_rows: dict[str, dict]
    written: list[str]
    unchanged: int
    removed: list[str]


def render_pages(repo: Path, *, docs_dir: Path | None = None, journal: UndoJournal | None = None,
                 streamed: ParkPagesWriter | None = None, **options) -> PagesWritten:
    """The render stage (generator.render.render, `options` are its arguments), its files written
    under docs/reports/ (only those whose bytes changed; the folders of parks in `reuse` are left
    alone) and the Vega bundle under docs/assets/vendor/. `journal` keeps what is replaced.
    `streamed`: the pages the workers' outputs brought were written as they came in; those of
    the parks in `rendered` stand, and are counted here (the others are made again by render)."""
    docs_dir = Path(docs_dir or Path(repo) / "docs")
    if options.get("validation") is None:
        options["validation"] = _shown_warnings(repo, options)
    result = render(repo, **options)
    standing = streamed.parks & set(options.get("rendered") or ()) if streamed is not None else set()
    synced = sync_tree(docs_dir / REPORTS, result.files, keep=set(options.get("reuse") or ()) | standing, journal=journal)
    pages = result.pages
    if streamed is not None:
        synced = streamed.counted(synced, result.files, standing)
        pages += sum(streamed.pages[p] for p in standing)
    stamp = vega_bundle_stamp()
    try:
        with (docs_dir / VENDOR_BUNDLE).open(encoding="utf-8") as f:
            current = f.readline() == stamp
    except OSError:
        current = False
    if not current:
        write_if_changed(docs_dir / VENDOR_BUNDLE, stamp + vega_bundle(), journal)
    return PagesWritten(pages, result.portal_rows, synced.written, synced.unchanged, synced.removed)


def _shown_warnings(repo: Path, options: dict) -> dict:
    """(park, cycle) → validation warnings of each package whose pages render will make, when the
    caller has not validated them (`parkaudit render`): the data-quality page lists them, and
    render does not validate."""
    results_root = Path(options.get("results_root") or Path(repo) / "results")
    data_root = Path(options.get("data_root") or Path(repo) / "data")
    done, parks = set(options.get("reuse") or ()) | set(options.get("rendered") or ()), options.get("parks")
    folders = [data_root / p / c for p, c in shown_cycles(results_root, options.get("cycle")).items() if p not in done and (parks is None or p in parks)]
    report = validate_paths(folders) if folders else Report()
    return warnings_by_package(report, report.packages)


def link_kept_results(results_root: Path, staging: Path, rebuilt: set[str], refs) -> None:
    """Complete the staged results tree: every package result the build did not redo is hard-linked
    from results_root (same bytes and timestamps, no copy). Results of packages no longer in data/
    (a park or cycle removed) are left out, so a removed park leaves the portal."""
    wanted = {(r.park_id, r.cycle) for r in refs}
    if not Path(results_root).is_dir():
        return
    for park_dir in sorted(p for p in Path(results_root).iterdir() if p.is_dir() and p.name not in rebuilt):
        for cycle_dir in sorted(c for c in park_dir.iterdir() if c.is_dir()):
            if CYCLE_RE.match(cycle_dir.name) and (park_dir.name, cycle_dir.name) in wanted:
                _link_tree(cycle_dir, Path(staging) / park_dir.name / cycle_dir.name)


def _link_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_dir():
            _link_tree(path, target / path.name)
        else:
            try:
                os.link(path, target / path.name)
            except OSError:  # no hard links here: a copy keeps bytes and timestamps too
                shutil.copy2(path, target / path.name)


def _site_made_by_us(repo: Path):
    def check(folder: Path) -> bool:
        return (folder / SITE_MARKER).is_file() or state_path(repo, folder).is_file()
    return check


def check_outputs(repo: Path, site_dir: Path | None) -> None:
    """Refuse (UnsafeOutput, exit status 2) a site folder whose replacement would lose data."""
    if site_dir is not None:
        check_output_folder(site_dir, repo, option="--site", made_by_us=_site_made_by_us(repo),
                            protected=[repo / name for name in PROTECTED])


PROTECTED = ("data", "docs", "results", "generator", "tests", "scripts", "overrides", ".git", ".github", CACHE_DIR)


def build(repo: Path, *, cycle: str | None = None, site_dir: Path | None = None, with_site: bool = True,
          data_root: Path | None = None, results_root: Path | None = None, docs_dir: Path | None = None,
          incremental: bool = True, reports: bool | None = None, progress: Progress | None = None) -> BuildSummary:
    """validate → score → render → reports → site, then one commit of results, pages, reports and
    site (generator/build/transaction.py). `reports`: make the parks' audit reports (PDF and
    .docx, generator/build/reports.py); by default when the site is built and PARKAUDIT_REPORTS
    is not 0. Incremental by default: parks whose inputs, results and
    pages are as the last build left them are reused (generator/build/state.py);
    `incremental=False` rebuilds everything. Both give the same bytes. A failure at any step, or a
    kill, leaves results, pages, site and build state as they were (after a kill: once the next
    command has recovered). `progress`: where to show how far the build is (default: a line on
    stderr when it is a terminal, nothing otherwise; generator/core/progress.py)."""
    repo = Path(repo)
    progress = progress if progress is not None else Progress()
    data_root = Path(data_root or repo / "data")
    results_root = Path(results_root or repo / "results")
    reports_root = Path(docs_dir or repo / "docs") / REPORTS
    site_dir = Path(site_dir or repo / "site") if with_site else None
    check_outputs(repo, site_dir)
    with build_lock(repo):
        recover(repo, leftovers_beside=[Path(os.path.realpath(results_root))] + ([site_dir] if site_dir else []))
        try:
            # the collector as the parks' workers have it (core/parallel.py), for the whole build: a first
            # build in a process otherwise walked every object its imports made, ~0.05 s of a one-park rebuild
            with sweep_retired(repo), parks_gc(), keep_compiled_templates(repo / CACHE_DIR / "jinja-render"):  # the workers fork inside: they share it
                return _build(repo, cycle, site_dir, data_root, results_root, reports_root, docs_dir, incremental,
                              reports_wanted(reports, site_dir is not None), progress)
        finally:
            progress.clear()


def final_refs(data_root: Path, cycle: str | None = None) -> tuple[list, list]:
    """(final packages, draft packages) under data_root. Drafts (generator.core.is_draft) are left
    out of everything a build publishes; a cycle that has only drafts cannot be built."""
    refs, drafts = split_drafts(discover_packages(data_root))
    if not refs:
        more = f"（{len(drafts)} 个草稿 / {len(drafts)} drafts）" if drafts else ""
        raise BuildError(f"找不到已完成的数据包{more} / no final data package under {data_root}", usage=True)
    cycles = sorted({ref.cycle for ref in refs})
    if cycle is not None and cycle not in cycles:
        draft = any(d.cycle == cycle for d in drafts)
        zh = f"{cycle} 年度的数据包仍是草稿，先运行 parkaudit finalise" if draft else f"没有 {cycle} 年度的数据包"
        en = f"the packages of cycle {cycle} are drafts; run parkaudit finalise first" if draft else f"no data package for cycle {cycle}"
        raise BuildError(f"{zh} / {en} (final cycles: {', '.join(cycles)})", usage=True)
    return refs, drafts


PARKS_DONE = "园区已校验、评分、生成页面 / parks validated, scored, rendered"


def _build(repo, cycle, site_dir, data_root, results_root, reports_root, docs_dir, incremental, with_reports, progress) -> BuildSummary:
    refs, drafts = final_refs(data_root, cycle)
    cycles = sorted({ref.cycle for ref in refs})
    config = load_config(repo / "indicators.yaml")  # a broken configuration stops the build before anything is written
    state = BuildState.load(repo, data_root, results_root, reports_root, reuse=incremental)
    ids_cache = EnterpriseIdCache.beside(state.path, reuse=incremental)
    input_keys: dict[str, str | None] = {}
    unhashed: dict = {}  # parks the state does not know: rebuilt, their fingerprints made by their workers
    fingerprints = park_fingerprints(repo, data_root, refs, state.parks, input_keys, unhashed)
    scored_parks = {p for p, fp in fingerprints.items() if p in unhashed or not state.results_valid(p, fp, results_root)}
    todo = [ref for ref in refs if ref.park_id in scored_parks]
    site_cycle = cycle or cycles[-1]
    published_results = Path(os.path.realpath(results_root))  # results/ may be a link to another filesystem: publish there
    txn = Transaction(repo).begin(reports_root.parent)
    site_run = None
    try:
        staged_results = txn.stage_beside(published_results)
        if site_dir is not None:  # MkDocs starts now and loads while the parks are made (site/warm_start.py)
            pages = len({ref.park_id for ref in refs if ref.cycle <= site_cycle}) * len(park_nav())  # (a clean build's shards)
            site_run = start_site(repo, site_dir, incremental=incremental, staging=txn.stage_beside(site_dir), progress=progress, early=True,
                                  pages=pages)
        # validated, scored and rendered per park in one go; nothing is published unless every park is valid
        shapes = ChartShapes(repo, reuse=incremental)  # before the workers fork: they start with the shapes of the last build
        streamed = ParkPagesWriter(reports_root, txn.undo)  # each park's pages, written as its worker hands them over
        outputs = run_parks(todo, config, data_root, site_cycle, staged_results, done=progress.counter(PARKS_DONE, len(by_park(todo))),
                            each=streamed, unhashed=unhashed)
        fingerprints.update({out.park_id: out.fingerprint for out in outputs if out.park_id in unhashed})
        report = Report(list(refs), [f for out in outputs for f in out.findings])
        for park in sorted(set(fingerprints) - scored_parks):  # unchanged parks: their findings of last time
            report.findings.extend(finding_from_state(f) for f in state.parks[park].findings if f["code"] not in ACROSS_PARKS)
        across = findings_across_parks(outputs, [r for r in refs if r.park_id not in scored_parks], ids_cache, input_keys)
        report.findings.extend(across)
        report.findings.sort(key=Finding.sort_key)
        if report.has_errors:
            raise BuildError("数据校验未通过，未构建 / validation failed, nothing was built", report)
        link_kept_results(results_root, staged_results, scored_parks, refs)
        # A park's pages list its warnings across parks, which its fingerprint does not cover: the
        # pages of a park with such a warning now, or after the last build, are made again here
        # (from its results) rather than by its worker or reused, and its findings recorded anew.
        had_across = {p for p in fingerprints if p in state.parks and any(f["code"] in ACROSS_PARKS for f in state.parks[p].findings)}
        redo = _parks_of(across) | (had_across - scored_parks)

        current = {}
        for ref in refs:
            if ref.cycle <= site_cycle:
                current[ref.park_id] = max(current.get(ref.park_id, ref.cycle), ref.cycle)
        reuse = {p: state.parks[p].portal_row for p in current
                 if p not in scored_parks and p not in redo and state.pages_valid(p, current[p], reports_root)}
        # the site engine reads docs/: pages are written in place, each write journalled so that a
        # failure (or, through recover(), a kill) before the commit puts the old pages back
        rendered = render_pages(repo, cycle=site_cycle, results_root=staged_results, data_root=data_root, docs_dir=docs_dir,
                                validation=warnings_by_package(report, refs), reuse=reuse, parks=set(fingerprints),
                                rendered=pages_by_park(outputs, redo), journal=txn.undo, streamed=streamed)
        shapes.save([out.chart_shapes for out in outputs])
        try:  # the audit reports of the cycle each park shows, from the same staged results as its pages
            made = build_reports(state, current, scored_parks, results_root=staged_results, data_root=data_root,
                                 docs_dir=reports_root.parent, warnings=warnings_by_package(report, refs), journal=txn.undo,
                                 wanted=with_reports, parks=set(fingerprints))
        except (MissingFont, MetadataError) as exc:
            raise BuildError(f"{exc}\n未构建 / nothing was built") from None
        swaps = [Swap(staged_results, published_results)]
        # what a rebuild replaces is mostly links to the files it keeps: results when few parks
        # were made anew, the site when it linked most pages from the previous one. Those are left
        # for the next build to remove on the other core; anything else is removed now (it would
        # keep a second copy on disk until then).
        retire = {published_results} if incremental and 2 * len(scored_parks) <= len(fingerprints) else set()
        if site_run is not None:
            site = site_run.finish()
            swaps.append(Swap(site.folder, site.out))
            if incremental and site.reused_share() >= 0.5:
                retire.add(site.out)
            if site.manifest is not None:
                txn.stagings.append(site.manifest)  # removed with the rest if the build does not commit
                swaps.append(Swap(site.manifest, site.state))
        txn.commit(swaps, retire=retire)
    except BaseException as exc:
        try:
            try:
                if site_run is not None:
                    site_run.cancel()
            finally:
                txn.abort()
        except Exception as undo:  # noqa: BLE001 - the build's own error is the one to report
            exc.add_note(f"未能全部恢复，下次构建会再试 / could not undo everything; the next build will try again: {undo}")
        raise
    for park in scored_parks | redo:
        state.record(park, fingerprints[park], [f for r in refs if r.park_id == park for f in report.for_package(r)], results_root)
    for park, row in rendered.portal_rows.items():
        if park not in reuse:
            state.record_pages(park, current[park], row, reports_root)
    for park, key in made.items():
        state.record_reports(park, key, reports_folder(reports_root.parent))
    state.record_inputs(fingerprints, input_keys)
    state.keep_only(fingerprints)
    state.save()
    ids_cache.keep_only(fingerprints)
    ids_cache.save()
    reused_pages = sum(1 for p in reuse for f in state.parks[p].pages if f.endswith(".md"))
    return BuildSummary(len(refs), cycle, rendered.pages + reused_pages, len(rendered.written), rendered.unchanged, site_dir,
                        parks_rebuilt=len(scored_parks), parks_reused=len(fingerprints) - len(scored_parks),
                        drafts=validate_paths([d.folder for d in drafts]) if drafts else None, reports_made=len(made))


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

    repo = Path(repo)
    data_root = repo / "data"
    refs, _drafts = split_drafts(discover_packages(data_root))  # drafts are never published, so never stale
    with tempfile.TemporaryDirectory(prefix="parkaudit-check-") as tmp:
        tmp = Path(tmp)
        outputs = run_parks(refs, load_config(repo / "indicators.yaml"), data_root, _site_cycle(None, refs, tmp / "results"), tmp / "staging") if refs else []
        across = findings_across_parks(outputs)
        report = Report(list(refs), sorted([f for out in outputs for f in out.findings] + across, key=Finding.sort_key))
        if report.has_errors:
            raise BuildError("数据校验未通过 / validation failed", report)
        write_outputs(repo, outputs, tmp / "staging", results_root=tmp / "results", docs_dir=tmp / "docs", cycle=None, data_root=data_root,
                      warnings=warnings_by_package(report, refs), redo=_parks_of(across))
        stale = []
        for committed, fresh, label in ((repo / "results", tmp / "results", "results"), (repo / "docs" / REPORTS, tmp / "docs" / REPORTS, f"docs/{REPORTS}")):
            old, new = tree_bytes(committed), tree_bytes(fresh)
            stale += [f"{label}/{name}" for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
        return stale
