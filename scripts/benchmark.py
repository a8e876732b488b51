"""Time every pipeline stage on synthetic national-scale data; print seconds, peak memory, pages, bytes.

    python scripts/benchmark.py [--sizes 1,89,2543] [--cycles 3] [--enterprises 150]
                                [--stages load,validate,compute,score,render,site] [--hugo] [--rebuilds N]

A script, not a test. For each size (number of parks) it generates a data set with
scripts/make_synthetic_data.py into --cache (reused when one with the same arguments is already
there), lays out a scratch project beside it (mkdocs.yml, indicators.yaml, the hand-written docs/,
data → the data set, results/), then runs each stage in a fresh Python subprocess through the
stage's Python API:

    load      generator.core.package.load_package, every package
    validate  generator.validate.stage.validate_paths on the data root, parks over PARKAUDIT_JOBS processes
    compute   load_package + generator.compute.variables.compute_cycle, every package, in one process
              (a part of score, timed alone)
    score     generator.score.score_all + result_files/write_folder (as `parkaudit score`, without its
              validation: parks spread over PARKAUDIT_JOBS processes), into results/
    columnar  issue 16's item 4 measured before building it: a columnar pass over all packages at once
              (polars, DuckDB) against today's per-package validation and compute, one process
              (scripts/columnar_peers.py; skipped unless polars or DuckDB is importable, which are not
              dependencies)
    writer    the score.json text of every document in results/, by the Python writer of before
              (core.json_text.dump_json_python) and by orjson (core.dump_json), one process; the
              files must come out the same
    render    generator.render.stage.render (results/ → docs/reports/), parks over PARKAUDIT_JOBS processes
    report    generator.report.park_report (PDF + .docx) of the first REPORT_PARKS parks, one process:
              seconds per report (build and rebuild below run without reports, PARKAUDIT_REPORTS=0)
    presite   generator.build.pipeline.build(incremental=False, with_site=False): every stage before the
              site engine as a build runs them (each park validated, scored and rendered in one go)
    site      generator.site.mkdocs.build_site (mkdocs build of the scratch project)
    web       the built site in headless Chromium (Playwright, /usr/bin/chromium), served on localhost:
              bytes the home page transfers (with and without the search index), the size of the
              search index files (all, the largest, the base of a split index), the time from typing
              "合成园区0042" into the search box of a freshly loaded home page to the first result,
              and the bytes one search downloads (index files and search worker, shards included) for
              that query and for the full name of one of that park's enterprises; at sizes below
              2,543 the targets table estimates the index at 2,543 parks from them
    build     generator.build.pipeline.build(incremental=False): validate to site, from no build state
    rebuild   one value of one park changed, then generator.build.pipeline.build (incremental), which
              reuses everything the build stage recorded for the other parks; with --rebuilds N, N times
              one after another (another park each time), reported as the median: one run's noise
              (±0.05-0.1 s at 89 parks) is as large as the 10 % target's margin

Seconds are the stage call alone (wall clock; interpreter start and imports excluded); CPU s is
the user + system time of the whole subprocess (start-up included), steadier than wall time on a
machine that is busy with other work. Peak MiB is the
subprocess's maximum resident set, from the kernel's accounting for that child (os.wait4: the
same figure as resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, but for one child, where
RUSAGE_CHILDREN is the maximum over every child waited for so far); for `site` it includes the
mkdocs process that build_site starts. A stage that generator/ does not provide (yet) is skipped
with a note. The table ends with the issue's targets (issue 16), each with its figure. With --hugo, the rendered Markdown is also built by Hugo (/usr/bin/hugo) with a
minimal theme-less configuration, and the mkdocs time per page is compared with Hugo's.

Nothing is written into the repository: everything goes under --cache (default
/tmp/parkaudit-bench). --json FILE also saves the measurements.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource  # noqa: F401 - documented above; os.wait4 returns the same struct
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGES = ("load", "validate", "compute", "columnar", "score", "writer", "render", "report", "presite", "site", "web", "build", "rebuild")
DEFAULT_CACHE = Path("/tmp/parkaudit-bench")
HUGO = "/usr/bin/hugo"


# ==============================================================================================
# Child side: run one stage, print one JSON line
# ==============================================================================================

def _refs(data: Path):
    from generator.core import discover_packages

    return discover_packages(data)


def _tree_size(root: Path, suffix: str | None = None) -> tuple[int, int]:
    """(files, bytes) under root, optionally only files ending with suffix."""
    n = size = 0
    if root.exists():
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                if suffix is None or f.endswith(suffix):
                    n += 1
                    size += os.path.getsize(os.path.join(dirpath, f))
    return n, size


def _find(module_name: str, names: tuple[str, ...]):
    """The first of `names` that module_name defines, or (None, note)."""
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None, f"{module_name} 不存在 / does not exist yet"
        raise
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn, None
    return None, f"{module_name} has none of {', '.join(names)}"


def _call_by_names(fn, values: dict):
    """Call fn with the arguments it names among `values`; None + note if it needs others."""
    sig = inspect.signature(fn)
    args, kwargs = [], {}
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in values:
            if p.kind == p.POSITIONAL_ONLY:
                args.append(values[p.name])
            else:
                kwargs[p.name] = values[p.name]
        elif p.default is p.empty:
            return None, f"cannot call {fn.__module__}.{fn.__name__}{sig}: no value for '{p.name}'"
    return (args, kwargs), None


def stage_load(repo: Path, data: Path) -> dict:
    from generator.core import load_package

    refs = _refs(data)
    start = time.perf_counter()
    rows = 0
    for ref in refs:
        pkg = load_package(ref.folder)
        rows += sum(len(t) for t in pkg.tables.values())
    return {"seconds": time.perf_counter() - start, "packages": len(refs), "rows": rows}


def stage_validate(repo: Path, data: Path) -> dict:
    from generator.validate import validate_paths

    start = time.perf_counter()
    report = validate_paths([data])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "packages": len(report.packages), "errors": len(report.errors),
            "warnings": len(report.warnings)}


def stage_compute(repo: Path, data: Path) -> dict:
    from generator.compute import compute_cycle
    from generator.core import load_energy_coefficients, load_package
    from generator.score import load_config

    config = load_config(repo / "indicators.yaml")
    refs = _refs(data)
    start = time.perf_counter()
    coefficients = load_energy_coefficients(data)
    for ref in refs:
        compute_cycle(load_package(ref.folder), coefficients, config.key_enterprises)
    return {"seconds": time.perf_counter() - start, "packages": len(refs)}


def stage_score(repo: Path, data: Path) -> dict:
    from generator.core import write_folder
    from generator.score import load_config, result_files, score_all

    config = load_config(repo / "indicators.yaml")
    refs = _refs(data)
    out = repo / "results"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    for doc in score_all(data, config, refs):  # as `parkaudit score`: parks over every core
        write_folder(result_files(doc, config), out / doc["park"]["id"] / doc["park"]["cycle"])
    seconds = time.perf_counter() - start
    files, size = _tree_size(out)
    return {"seconds": seconds, "packages": len(refs), "files": files, "bytes": size}


RENDER_CANDIDATES = ("render", "render_all", "render_reports")


def stage_render(repo: Path, data: Path, func: str | None = None) -> dict:
    if func:
        module_name, _, name = func.partition(":")
        fn, note = _find(module_name, (name,))
    else:
        fn, note = _find("generator.build", ("render_pages",))
    if fn is None:
        return {"skipped": note}
    if not (repo / "results").is_dir():
        return {"skipped": "no results/ (run the score stage first)"}
    docs = repo / "docs"
    reports = docs / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    values = {"repo": repo, "results_root": repo / "results", "results": repo / "results", "data_root": data,
              "data": data, "docs_dir": docs, "docs": docs, "config_path": repo / "indicators.yaml"}
    call, note = _call_by_names(fn, values)
    if call is None:
        return {"skipped": note}
    os.chdir(repo)  # relative defaults land in the scratch project, never in the repository
    start = time.perf_counter()
    result = fn(*call[0], **call[1])
    seconds = time.perf_counter() - start
    pages, _ = _tree_size(reports, ".md")
    files, size = _tree_size(reports)
    return {"seconds": seconds, "pages": getattr(result, "pages", pages), "files": files, "bytes": size}


def stage_site(repo: Path, data: Path, func: str | None = None) -> dict:
    if func:
        module_name, _, name = func.partition(":")
        fn, note = _find(module_name, (name,))
    else:
        fn, note = _find("generator.site.mkdocs", ("build_site",))
    if fn is None:
        return {"skipped": note}
    pages, _ = _tree_size(repo / "docs" / "reports", ".md")
    if not pages:
        return {"skipped": "no rendered pages in docs/reports/ (render skipped or produced none)"}
    out = repo / "site"
    values = {"repo": repo, "out": out, "site_dir": out, "config": "mkdocs.yml"}
    call, note = _call_by_names(fn, values)
    if call is None:
        return {"skipped": note}
    os.chdir(repo)
    start = time.perf_counter()
    fn(*call[0], **call[1])
    seconds = time.perf_counter() - start
    html, _ = _tree_size(out, ".html")
    files, size = _tree_size(out)
    total_md, _ = _tree_size(repo / "docs", ".md")
    return {"seconds": seconds, "pages": total_md, "html_pages": html, "files": files, "bytes": size}


REPORT_PARKS = 3


def stage_columnar(repo: Path, data: Path) -> dict:
    import importlib.util

    spec = importlib.util.spec_from_file_location("columnar_peers", REPO / "scripts" / "columnar_peers.py")
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)
    start = time.perf_counter()
    out = peers.measure(data)
    if "today" in out:
        out.update(seconds=time.perf_counter() - start, note=peers.summary(out))
    return out


def stage_writer(repo: Path, data: Path) -> dict:
    from generator.core import dump_json
    from generator.core.json_text import dump_json_python

    files = sorted((repo / "results").glob("*/*/score.json")) if (repo / "results").is_dir() else []
    if not files:
        return {"skipped": "no results/ (run the score stage first)"}
    texts = [f.read_text(encoding="utf-8") for f in files]
    docs = [json.loads(t) for t in texts]
    timings = {}
    for name, fn in (("python", dump_json_python), ("orjson", dump_json)):
        best = None
        for _ in range(3):
            start = time.perf_counter()
            out = [fn(d) for d in docs]
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
        if out != texts:
            return {"failed": f"the {name} writer does not give the committed bytes"}
        timings[name] = best
    return {"seconds": timings["orjson"], "python_seconds": timings["python"], "files": len(files), "bytes": sum(len(t.encode()) for t in texts)}


def stage_web(repo: Path, data: Path) -> dict:
    import functools
    import http.server
    import threading

    site = repo / "site"
    if not (site / "index.html").is_file():
        return {"skipped": "no site/ (run the site stage first)"}
    index_files = sorted((site / "search").glob("*")) if (site / "search").is_dir() else []
    sizes = {f.name: f.stat().st_size for f in index_files if f.is_file()}
    out = {"index_bytes": sum(sizes.values()), "index_largest": max(sizes.values(), default=0), "index_files": len(sizes)}
    out.update(_index_shape(site, sum(1 for p in data.iterdir() if p.is_dir() and p.name.startswith("syn-"))))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        out["note"] = "no chromium/playwright: home page and first result not measured"
        return out

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    parks = sum(1 for p in data.iterdir() if p.is_dir() and p.name.startswith("syn-"))
    query = f"合成园区{min(42, max(1, parks)):04d}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            loaded: dict[str, int] = {}

            def finished(request):
                try:
                    s = request.sizes()
                    loaded[request.url] = s["responseBodySize"] + s["responseHeadersSize"]
                except Exception:  # noqa: BLE001 - a request without sizes counts nothing
                    pass

            page.on("requestfinished", finished)
            page.goto(f"{url}/index.html", wait_until="networkidle")
            page.wait_for_timeout(1000)
            index = sum(n for u, n in loaded.items() if "/search/" in u)
            out.update(home_bytes=sum(loaded.values()), home_bytes_without_index=sum(loaded.values()) - index,
                       home_loads_index=index > 0, home_requests=len(loaded))
            page.close()
            page = browser.new_page()
            page.goto(f"{url}/index.html", wait_until="load")
            box = page.locator(".md-search__input")
            box.click()
            start = time.perf_counter()
            page.keyboard.insert_text(query)
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__link", timeout=60000)
            out["first_result_seconds"] = time.perf_counter() - start
            first = page.eval_on_selector(".md-search-result__link", "e => e.href")
            out["first_result"] = first.replace(url, "")
            out["query"] = query
            page.close()
            # what one search downloads, from a fresh page: the park's name, then an enterprise's
            park = f"syn-{int(query[-4:]):05d}"
            out["search_downloads"] = {q: _search_download(browser, url, site, q, park) for q in (query, _an_enterprise(data, query))}
            browser.close()
    finally:
        httpd.shutdown()
    out["seconds"] = out.get("first_result_seconds")
    return out


def _index_shape(site: Path, parks: int) -> dict:
    """The base of a split index (search_index.json), and the part of it that does not grow with
    the number of parks (every entry that is not a park's, and the config without the shard list),
    for the estimate at 2,543 parks."""
    import re

    path = site / "search" / "search_index.json"
    if not path.is_file():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    shards = (index["config"].get("parkaudit") or {}).get("shards", [])
    size = lambda value: len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))  # noqa: E731
    config = {k: v for k, v in index["config"].items() if k != "parkaudit"}
    fixed = size(config) + sum(size(d) + 1 for d in index["docs"] if not re.match(r"reports/(?!methodology/)[^/]+/", d["location"]))
    return {"index_split": bool(shards), "index_shards": len(shards), "index_base": path.stat().st_size, "index_base_fixed": fixed,
            "parks": parks}


def _an_enterprise(data: Path, query: str) -> str:
    """The longest enterprise name of the park that `query` names (合成园区0042: syn-00042), latest cycle."""
    import csv

    park = data / f"syn-{int(query[-4:]):05d}"
    latest = max(p for p in park.iterdir() if p.is_dir())
    with open(latest / "enterprises.csv", encoding="utf-8-sig", newline="") as fh:
        return max((r["enterprise_name"] for r in csv.DictReader(fh)), key=len)


def _search_download(browser, url: str, site: Path, query: str, park: str) -> dict:
    """Bytes of the files under /search/ and of the search worker that the page asks for from
    opening the search box to three seconds after the first result (a split index's shards are
    fetched after it, and the worker builds its index again before it reports them finished, so
    the requests are counted as they start, by the size of the file served); and the seconds from
    typing until the first result is a page of `park` (a split index answers first from its base,
    then again with the shards), waited for up to 60 s."""
    from urllib.parse import unquote, urlsplit

    page = browser.new_page()
    asked: set[str] = set()

    def request(req):
        path = unquote(urlsplit(req.url).path)
        if "/search/" in path or "/workers/" in path:
            asked.add(path)

    page.on("request", request)
    page.goto(f"{url}/index.html", wait_until="networkidle")
    page.locator(".md-search__input").click()
    start = time.perf_counter()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    right = None
    while right is None and time.perf_counter() - start < 60:
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        if links and f"/reports/{park}/" in links[0]:
            right = time.perf_counter() - start
        else:
            page.wait_for_timeout(100)
    page.wait_for_timeout(3000)
    first = page.eval_on_selector(".md-search-result__link", "e => e.href").replace(url, "")
    page.close()
    files = sorted(asked)
    return {"bytes": sum((site / p.lstrip("/")).stat().st_size for p in files if (site / p.lstrip("/")).is_file()),
            "files": [p.rsplit("/", 1)[1] for p in files], "first_result": first, "right_page_first_seconds": right}


def stage_report(repo: Path, data: Path) -> dict:
    from generator.report import park_report

    parks = sorted(p for p in (repo / "results").iterdir() if p.is_dir())[:REPORT_PARKS] if (repo / "results").is_dir() else []
    if not parks:
        return {"skipped": "no results/ (run the score stage first)"}
    start = time.perf_counter()
    made = [park_report(p.name, max(c.name for c in p.iterdir() if c.is_dir()), repo / "results", data, []) for p in parks]
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "reports": len(made), "per_report": seconds / len(made), "bytes": sum(len(b) for m in made for b in m.values())}


def stage_presite(repo: Path, data: Path) -> dict:
    """`parkaudit build --full --no-site`: validate, score and render as one build does them."""
    from generator.build import build

    os.chdir(repo)
    start = time.perf_counter()
    summary = build(repo, incremental=False, with_site=False)
    return {"seconds": time.perf_counter() - start, "pages": summary.pages, "parks_rebuilt": summary.parks_rebuilt}


def stage_build(repo: Path, data: Path) -> dict:
    """`parkaudit build --full`: every stage, validate to site, from no build state."""
    from generator.build import build

    os.chdir(repo)
    os.environ["PARKAUDIT_REPORTS"] = "0"  # the reports are timed by the report stage
    start = time.perf_counter()
    summary = build(repo, incremental=False)
    return {"seconds": time.perf_counter() - start, "pages": summary.pages, "parks_rebuilt": summary.parks_rebuilt}


def stage_rebuild(repo: Path, data: Path) -> dict:
    """One value of one park changed, then `parkaudit build` (incremental, from the state the
    build stage left). The park's folder becomes a real copy first: the data set stays intact."""
    import csv

    from generator.build import build

    park_link = sorted(p for p in (repo / "data").iterdir() if p.is_symlink() and p.name not in ("schemas", "reference"))[0]
    target = park_link.resolve()
    park_link.unlink()
    shutil.copytree(target, park_link)
    emissions = sorted(park_link.glob("*/emissions.csv"))[-1]
    with emissions.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("actual")
    row = next(r for r in rows[1:] if r[col])
    row[col] = f"{float(row[col]) * 1.1:.3f}"
    with emissions.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    os.chdir(repo)
    os.environ["PARKAUDIT_REPORTS"] = "0"
    start = time.perf_counter()
    summary = build(repo)
    return {"seconds": time.perf_counter() - start, "pages": summary.pages, "parks_rebuilt": summary.parks_rebuilt,
            "parks_reused": summary.parks_reused, "changed": f"{park_link.name}/{emissions.parent.name}/emissions.csv"}


CHILD_STAGES = {"load": stage_load, "validate": stage_validate, "compute": stage_compute, "columnar": stage_columnar, "score": stage_score,
                "writer": stage_writer, "render": stage_render, "report": stage_report, "presite": stage_presite, "site": stage_site,
                "web": stage_web, "build": stage_build, "rebuild": stage_rebuild}


def child_main(stage: str, repo: Path, data: Path, func: str | None) -> int:
    sys.path.insert(0, str(REPO))
    fn = CHILD_STAGES[stage]
    try:
        out = fn(repo, data, func) if stage in ("render", "site") else fn(repo, data)
    except Exception as exc:  # noqa: BLE001 - reported as a failed stage, with its type
        import traceback

        traceback.print_exc()
        out = {"failed": f"{type(exc).__name__}: {exc}"[:300]}
    print("BENCH-RESULT " + json.dumps(out, ensure_ascii=False), flush=True)
    return 0


# ==============================================================================================
# Parent side
# ==============================================================================================

def run_measured(cmd: list[str], log: Path, cwd: Path | None = None, env: dict | None = None) -> tuple[int, float, float, str, float]:
    """(exit status, wall seconds, peak MiB, stdout, CPU seconds) of one subprocess, its rusage
    from wait4 (which includes the children it waited for, e.g. mkdocs under build_site)."""
    start = time.perf_counter()
    with open(log, "ab") as err, tempfile.TemporaryFile(dir=log.parent) as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return proc.returncode, wall, usage.ru_maxrss / 1024.0, text, usage.ru_utime + usage.ru_stime


def _synthetic_digest() -> str:
    """What make_synthetic_data.py would record now (its own code, the demo generator, schemas)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_synthetic_data", REPO / "scripts" / "make_synthetic_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_synthetic_data", module)
    spec.loader.exec_module(module)
    return module.source_digest()


def ensure_dataset(cache: Path, parks: int, cycles: int, enterprises: int, seed: str, log: Path) -> tuple[Path, dict, dict | None]:
    """The data root for these arguments, generated unless already cached; (path, its metadata,
    the generation measurement or None when reused)."""
    data = cache / f"data-p{parks}-c{cycles}-e{enterprises}-s{seed}"
    marker = data / "synthetic.json"
    want = {"parks": parks, "cycles": cycles, "enterprises": enterprises, "seed": str(seed)}
    if marker.is_file():
        meta = json.loads(marker.read_text(encoding="utf-8"))
        if meta.get("arguments") == want and meta.get("source_sha256") == _synthetic_digest():
            return data, meta, None
    cmd = [sys.executable, str(REPO / "scripts" / "make_synthetic_data.py"), "--parks", str(parks), "--cycles",
           str(cycles), "--enterprises", str(enterprises), "--seed", str(seed), "--out", str(data)]
    status, wall, peak, _, cpu = run_measured(cmd, log)
    if status != 0:
        raise SystemExit(f"data generation failed, see {log}")
    meta = json.loads(marker.read_text(encoding="utf-8"))
    return data, meta, {"seconds": wall, "peak_mib": peak, "cpu": cpu}


def hand_written_docs() -> list[Path]:
    """docs/ files under version control (the generated docs/reports/ is not copied)."""
    try:
        out = subprocess.run(["git", "ls-files", "docs"], cwd=REPO, capture_output=True, text=True, check=True)
        files = [REPO / line for line in out.stdout.splitlines() if line]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in (REPO / "docs").rglob("*") if p.is_file()]
    return [f for f in files if f.is_file() and "reports" not in f.relative_to(REPO / "docs").parts[:1]
            and f.relative_to(REPO / "docs").parts[:2] != ("assets", "vendor")]


def mkdocs_extras(config: Path) -> list[str]:
    """Folders and files besides docs/ that mkdocs.yml names (theme.custom_dir, hooks)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name:… and the like
    try:
        cfg = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}
    except (OSError, yaml.YAMLError):
        return []
    theme = cfg.get("theme") if isinstance(cfg.get("theme"), dict) else {}
    extras = [theme["custom_dir"]] if isinstance(theme.get("custom_dir"), str) else []
    extras += [h for h in cfg.get("hooks") or [] if isinstance(h, str)]
    return extras


def scratch_project(cache: Path, data: Path, name: str) -> Path:
    """A project folder shaped like the repository, for stages that take a repo path."""
    repo = cache / f"work-{name}"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    for f in ("mkdocs.yml", "indicators.yaml"):
        shutil.copy2(REPO / f, repo / f)
    for rel in mkdocs_extras(REPO / "mkdocs.yml"):
        src = REPO / rel
        if src.is_dir():
            shutil.copytree(src, repo / rel)
        elif src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    for f in hand_written_docs():
        target = repo / f.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, target)
    # a real folder of links, so that the rebuild stage can replace one park by an edited copy
    (repo / "data").mkdir()
    for entry in sorted(data.iterdir()):
        os.symlink(entry, repo / "data" / entry.name)
    return repo


HUGO_CONFIG = """baseURL = "http://localhost/"
title = "ParkAudit benchmark"
contentDir = "content"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUT = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"


def hugo_build(reports: Path, workdir: Path, log: Path) -> dict:
    """Build the rendered Markdown with Hugo, no theme: layouts that print .Content, so every page
    is really rendered. An index.md next to other pages would make a Hugo leaf bundle that swallows
    them, so the copies are named _index.md (a branch bundle) instead."""
    shutil.rmtree(workdir, ignore_errors=True)
    content = workdir / "content" / "reports"
    shutil.copytree(reports, content, ignore=shutil.ignore_patterns("*.csv", "*.json", "*.js"))
    for md in sorted(content.rglob("index.md")):
        md.rename(md.with_name("_index.md"))
    (workdir / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = workdir / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (workdir / "layouts" / "index.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    md_pages, _ = _tree_size(content, ".md")
    status, wall, peak, _, cpu = run_measured([HUGO, "--quiet", "--source", str(workdir), "--destination",
                                          str(workdir / "public")], log)
    if status != 0:
        return {"failed": f"hugo exited {status}, see {log}"}
    html, _ = _tree_size(workdir / "public", ".html")
    files, size = _tree_size(workdir / "public")
    return {"seconds": wall, "cpu": cpu, "peak_mib": peak, "pages": md_pages, "html_pages": html, "bytes": size, "files": files}


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def print_row(row: dict) -> None:
    secs = f"{row['seconds']:.2f}" if row.get("seconds") is not None else ""
    cpu = f"{row['cpu']:.2f}" if row.get("cpu") is not None else ""
    peak = f"{row['peak_mib']:.0f}" if row.get("peak_mib") is not None else ""
    pages = str(row["pages"]) if row.get("pages") is not None else ""
    print(f"{row['size']:>6} | {row['stage']:<9} | {secs:>9} | {cpu:>8} | {peak:>8} | {pages:>6} | {fmt_bytes(row.get('bytes')):>10} | "
          f"{row.get('note', '')}", flush=True)


def marginal_ratio(rows: list[dict]) -> None:
    """With two or more sizes, compare mkdocs and Hugo on the extra pages of the largest size over
    the smallest: start-up costs cancel out."""
    by = {}
    for r in rows:
        if r["stage"] in ("site", "hugo") and r.get("seconds") is not None:
            by.setdefault(r["size"], {})[r["stage"]] = r
    sizes = sorted(s for s, d in by.items() if len(d) == 2)
    if len(sizes) < 2:
        return
    lo, hi = by[sizes[0]], by[sizes[-1]]
    dm_pages = hi["site"]["pages"] - lo["site"]["pages"]
    dh_pages = hi["hugo"]["pages"] - lo["hugo"]["pages"]
    if dm_pages <= 0 or dh_pages <= 0:
        return
    m = (hi["site"]["seconds"] - lo["site"]["seconds"]) / dm_pages
    h = (hi["hugo"]["seconds"] - lo["hugo"]["seconds"]) / dh_pages
    print(f"# marginal time per page, {sizes[0]} → {sizes[-1]} parks: mkdocs {m * 1000:.2f} ms, Hugo {h * 1000:.2f} ms"
          + (f", ratio {m / h:.1f}x" if h > 0 else ""))


MB = 1000 * 1000


def print_targets(rows: list[dict], hugo_asked: bool) -> None:
    """The targets of issue 16, each with the figure measured above (per size where it applies)."""
    by: dict[int, dict[str, dict]] = {}
    for r in rows:
        by.setdefault(r["size"], {})[r["stage"]] = r
    lines = []

    def add(target: str, size: int | None, figure: str, met: bool | None) -> None:
        verdict = "" if met is None else ("met" if met else "MISSED")
        lines.append((target, "" if size is None else str(size), figure, verdict))

    for size, st in sorted(by.items()):
        hugo = st.get("hugo")
        if hugo and hugo.get("mkdocs_over_hugo_per_page") is not None:
            ratio = hugo["mkdocs_over_hugo_per_page"]
            add("site engine ≤ 3× Hugo per page", size, f"{ratio:.1f}x wall, {hugo.get('mkdocs_over_hugo_per_page_cpu', float('nan')):.1f}x CPU", ratio <= 3)
        elif "site" in st and st["site"].get("seconds") is not None:
            site = st["site"]["result"]
            why = "Hugo not installed (/usr/bin/hugo)" if not os.path.exists(HUGO) else ("run with --hugo" if not hugo_asked else "Hugo failed")
            add("site engine ≤ 3× Hugo per page", size, f"{site['seconds'] / max(1, site['pages']) * 1000:.1f} ms/page; {why}", None)
        web = st.get("web", {}).get("result")
        if web:
            if size <= 89:
                add("search index ≤ 3 MB at 89 parks", size, f"{web['index_bytes'] / MB:.2f} MB", web["index_bytes"] <= 3 * MB if size == 89 else None)
            add("no index file > 5 MB (at 2,543 parks)", size, f"largest {web['index_largest'] / MB:.2f} MB", web["index_largest"] <= 5 * MB if size >= 2543 else None)
            downloads = web.get("search_downloads", {})
            if downloads:
                most = max(d["bytes"] for d in downloads.values())
                add("one search downloads a few MB at most", size, f"{most / MB:.2f} MB at most ({', '.join(downloads)})", None)
            if size < 2543 and web.get("parks"):
                add("no index file > 5 MB (at 2,543 parks)", 2543, estimate_at(web, 2543), None)
            if "first_result_seconds" in web:
                add("first result ≤ 1 s after typing (89 parks)", size, f"{web['first_result_seconds']:.2f} s ({web['query']} → {web['first_result']})",
                    web["first_result_seconds"] <= 1 if size == 89 else None)
                eager = web["home_loads_index"]
                shown = web["home_bytes_without_index"] if not eager else web["home_bytes"]
                add("home page ≤ 300 KB transferred (89 parks)", size,
                    f"{web['home_bytes'] / 1000:.0f} KB with the index, {web['home_bytes_without_index'] / 1000:.0f} KB without"
                    + (" (Material loads the index with the page)" if eager else " (index loads on first use)"),
                    shown <= 300_000 if size == 89 else None)
        presite = st.get("presite")
        if presite and presite.get("seconds") is not None:
            limit = 5 if size <= 89 else 150 if size >= 2543 else None
            add("stages before the site engine ≤ 5 s (89) / ≤ 150 s (2,543)", size, f"{presite['seconds']:.1f} s ({presite['cpu']:.0f} CPU-s)",
                presite["seconds"] <= limit if limit and size in (89, 2543) else None)
        build = st.get("build")
        if build and build.get("seconds") is not None:
            add("full build of 2,543 parks < 5 min", size, f"{build['seconds']:.0f} s", build["seconds"] < 300 if size >= 2543 else None)
            rebuild = st.get("rebuild")
            if rebuild and rebuild.get("seconds") is not None:
                share = rebuild["seconds"] / build["seconds"] * 100
                add("incremental rebuild ≤ 10 % of a full build", size, f"{rebuild['seconds']:.1f} s = {share:.1f} %", share <= 10)
        writer = st.get("writer", {}).get("result")
        if writer:
            add("results written by orjson, same bytes", size, f"{writer['seconds']:.3f} s vs {writer['python_seconds']:.3f} s before "
                f"({writer['python_seconds'] / writer['seconds']:.1f}x)", writer["seconds"] < writer["python_seconds"])
        # the columnar stage holds every package in polars and DuckDB at once: a measurement, not ParkAudit
        peaks = [(r.get("peak_mib"), name) for name, r in st.items() if r.get("peak_mib") and name != "columnar"]
        if peaks:
            peak, name = max(peaks)
            add("peak memory reported", size, f"{peak:.0f} MiB ({name})", None)
    if not lines:
        return
    print()
    print("# targets (issue 16)")
    width = max(len(t) for t, *_ in lines)
    for target, size, figure, verdict in lines:
        print(f"{target:<{width}} | {size:>6} | {verdict:<6} | {figure}")


def estimate_at(web: dict, parks: int) -> str:
    """The search index at `parks` parks, estimated from one measured size: the park entries grow
    with the parks, the hand-written pages do not; split as generator/site/search_index.py does."""
    sys.path.insert(0, str(REPO))
    from generator.site.search_index import SHARD_LIMIT, SPLIT_BYTES

    fixed = web.get("index_base_fixed", 0)
    per_park = (web["index_bytes"] - fixed) / web["parks"]  # shards, parks' names, filters: all per park
    total = fixed + per_park * parks
    if web.get("index_split"):
        base = fixed + (web["index_base"] - fixed) / web["parks"] * parks
    else:  # not split at the measured size: the base is the fixed part, names and filters ~1.5 % of the rest
        base = fixed + 0.015 * per_park * parks
    shards = max(1, -(-int(total - base) // SPLIT_BYTES))
    return (f"estimated from {web['parks']} parks: {total / MB:.0f} MB in a base of {base / MB:.2f} MB and ~{shards} shards "
            f"≤ {SPLIT_BYTES / MB:.1f} MB; one search ≤ {(base + SHARD_LIMIT * SPLIT_BYTES) / MB:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,89,2543", help="numbers of parks, comma-separated (default 1,89,2543)")
    parser.add_argument("--cycles", type=int, default=3, help="audit cycles per park (default 3)")
    parser.add_argument("--enterprises", type=int, default=150, help="mean enterprises per park (default 150)")
    parser.add_argument("--seed", default="1", help="data seed (default 1)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated, in pipeline order (default {','.join(STAGES)})")
    parser.add_argument("--hugo", action="store_true", help="also build the rendered Markdown with Hugo and compare")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"working folder (default {DEFAULT_CACHE})")
    parser.add_argument("--render-func", help="MODULE:FUNCTION to use for the render stage (default: generator.render.stage.render)")
    parser.add_argument("--site-func", help="MODULE:FUNCTION to use for the site stage (default: generator.site.mkdocs.build_site)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    parser.add_argument("--rebuilds", type=int, default=1,
                        help="run the rebuild stage this many times, one after another (each in a fresh process, one park "
                             "edited each time; the first after the full build): its row and target give the median (default 1)")
    # internal: run one stage in this (child) process
    parser.add_argument("--child-stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--child-repo", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-func", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_stage:
        return child_main(args.child_stage, args.child_repo, args.child_data, args.child_func)
    if args.rebuilds < 1:
        parser.error("--rebuilds must be at least 1")

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
    stages = [s for s in STAGES if s in stages]  # pipeline order: each stage reads the one before
    args.cache.mkdir(parents=True, exist_ok=True)
    log = args.cache / "benchmark.log"
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} CPU, cycles={args.cycles}, "
          f"enterprises≈{args.enterprises}, seed={args.seed}; stderr of the stages → {log}", flush=True)
    print(f"{'parks':>6} | {'stage':<9} | {'seconds':>9} | {'CPU s':>8} | {'peak MiB':>8} | {'pages':>6} | {'output':>10} | note")
    print("-" * 110)
    rows = []
    for size in sizes:
        data, meta, gen = ensure_dataset(args.cache, size, args.cycles, args.enterprises, args.seed, log)
        total_rows = meta["rows_total"]
        ent_rows = meta["rows"]["enterprises"]
        note = f"{meta['packages']} packages, {ent_rows:,} enterprise rows, {total_rows:,} rows"
        if gen is None:
            row = {"size": size, "stage": "generate", "note": note + " (cached)"}
        else:
            row = {"size": size, "stage": "generate", **gen, "note": note}
        row["bytes"] = _tree_size(data)[1]
        rows.append(row)
        print_row(row)
        repo = scratch_project(args.cache, data, f"p{size}-c{args.cycles}-e{args.enterprises}-s{args.seed}")
        results: dict[str, dict] = {}
        for stage in stages:
            func = args.render_func if stage == "render" else args.site_func if stage == "site" else None
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child-stage", stage, "--child-repo", str(repo),
                   "--child-data", str(data)] + (["--child-func", func] if func else [])
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"\n=== {size} parks: {stage} ===\n")
            # the checkout this script is in, for the stage and every process it starts (MkDocs' own
            # import the plugin: an editable install of another checkout would answer otherwise)
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
            runs = []  # (res, wall, peak, cpu) of each run: the rebuild stage may run --rebuilds times, one after another
            for _ in range(args.rebuilds if stage == "rebuild" else 1):
                status, wall, peak, out, cpu = run_measured(cmd, log, cwd=repo, env=env)
                lines = [ln for ln in out.splitlines() if ln.startswith("BENCH-RESULT ")]
                runs.append((json.loads(lines[-1][len("BENCH-RESULT "):]) if lines else {"failed": f"exit {status}, see {log}"}, wall, peak, cpu))
            timed = sorted((r for r in runs if "seconds" in r[0]), key=lambda r: r[0]["seconds"])
            res, wall, peak, cpu = timed[(len(timed) - 1) // 2] if timed else runs[-1]  # the median run (the lower of two)
            if len(runs) > 1 and timed:
                res = dict(res, runs=[r[0]["seconds"] for r in runs if "seconds" in r[0]])
            results[stage] = res
            row = {"size": size, "stage": stage, "wall": wall, "cpu": cpu, "peak_mib": peak}
            if "skipped" in res:
                row.update(seconds=None, cpu=None, peak_mib=None, note="skipped: " + res["skipped"])
            elif "failed" in res:
                row.update(seconds=None, note="FAILED: " + res["failed"])
            else:
                row.update(seconds=res["seconds"], pages=res.get("pages"), bytes=res.get("bytes"), result=res)
                extra = []
                if stage == "validate":
                    extra.append(f"{total_rows / res['seconds']:,.0f} rows/s; {res['errors']} errors, {res['warnings']} warnings")
                if stage in ("load", "compute", "score"):
                    extra.append(f"{res['seconds'] / res['packages'] * 1000:.0f} ms/package")
                if stage == "score":
                    extra.append(f"{res['files']} files")
                if stage == "render":
                    extra.append(f"{res['files']} files")
                if stage == "columnar":
                    extra.append(res["note"])
                if stage == "writer":
                    extra.append(f"score.json of {res['files']} packages: orjson {res['seconds']:.3f} s, the Python writer "
                                 f"{res['python_seconds']:.3f} s ({res['python_seconds'] / res['seconds']:.1f}x), same bytes")
                if stage == "web":
                    extra.append(f"index {fmt_bytes(res['index_bytes'])} in {res['index_files']} file(s), the largest "
                                 f"{fmt_bytes(res['index_largest'])}")
                    for q, d in res.get("search_downloads", {}).items():
                        right = d.get("right_page_first_seconds")
                        extra.append(f"searching {q} downloads {fmt_bytes(d['bytes'])} ({len(d['files'])} files), the park's page first "
                                     + (f"after {right:.1f} s" if right is not None else "not within 60 s"))
                    if "home_bytes" in res:
                        extra.append(f"home page {fmt_bytes(res['home_bytes'])} ({fmt_bytes(res['home_bytes_without_index'])} without the "
                                     f"index{', which it loads at once' if res['home_loads_index'] else ''}); "
                                     f"{res['query']} → first result in {res['first_result_seconds']:.2f} s: {res['first_result']}")
                    else:
                        extra.append(res.get("note", ""))
                if stage == "report":
                    extra.append(f"{res['per_report']:.1f} s/report (PDF + .docx) over {res['reports']} parks")
                if stage == "site":
                    extra.append(f"{res['html_pages']} HTML, {res['seconds'] / max(1, res['pages']) * 1000:.1f} ms/page")
                if stage == "build":
                    extra.append(f"full: {res['parks_rebuilt']} parks")
                if stage == "presite":
                    extra.append(f"validate + score + render of {res['parks_rebuilt']} parks, no site")
                if stage == "rebuild":
                    extra.append(f"{res['changed']} edited: {res['parks_rebuilt']} park rebuilt, {res['parks_reused']} reused")
                    if "seconds" in results.get("build", {}):
                        extra.append(f"{res['seconds'] / results['build']['seconds'] * 100:.1f} % of the full build")
                    if "runs" in res:
                        extra.append(f"the median of {len(res['runs'])} one after another: " + ", ".join(f"{t:.2f}" for t in res["runs"]) + " s")
                row["note"] = "; ".join(extra)
            rows.append(row)
            print_row(row)
        if args.hugo:
            site = results.get("site", {})
            reports = repo / "docs" / "reports"
            if _tree_size(reports, ".md")[0] == 0:
                row = {"size": size, "stage": "hugo", "note": "skipped: no rendered pages"}
            else:
                res = hugo_build(reports, args.cache / f"hugo-p{size}", log)
                if "failed" in res:
                    row = {"size": size, "stage": "hugo", "note": "FAILED: " + res["failed"]}
                else:
                    row = {"size": size, "stage": "hugo", "seconds": res["seconds"], "cpu": res["cpu"], "peak_mib": res["peak_mib"],
                           "pages": res["pages"], "bytes": res["bytes"], "result": res}
                    per_page = res["seconds"] / max(1, res["pages"])
                    note = f"{res['html_pages']} HTML, {per_page * 1000:.2f} ms/page (wall, incl. start-up)"
                    if "seconds" in site:
                        # mkdocs renders the hand-written pages too: compare per page
                        ratio = (site["seconds"] / max(1, site["pages"])) / per_page
                        note += f"; mkdocs/Hugo time per page = {ratio:.1f}x wall"
                        row["mkdocs_over_hugo_per_page"] = ratio
                        site_cpu = next((r.get("cpu") for r in rows if r["size"] == size and r["stage"] == "site"), None)
                        if site_cpu and res["cpu"]:
                            cpu_ratio = (site_cpu / max(1, site["pages"])) / (res["cpu"] / max(1, res["pages"]))
                            note += f", {cpu_ratio:.1f}x CPU"
                            row["mkdocs_over_hugo_per_page_cpu"] = cpu_ratio
                    row["note"] = note
            rows.append(row)
            print_row(row)
    marginal_ratio(rows)
    print_targets(rows, args.hugo)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
