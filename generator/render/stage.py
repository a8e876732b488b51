"""The render stage: scored results → Markdown pages, chart specs and downloads under docs/reports/.

Load (results/<park>/<cycle>/score.json, data packages, indicators.yaml) → Process (page models,
charts) → Save (only files whose bytes changed are written; files no longer produced are removed).
Every page is built in memory before anything is written, so a failure writes nothing, and an
unchanged page keeps its bytes and its timestamp, which keeps rebuilds incremental.

Templates produce Markdown. Anything that comes from data is escaped for where it lands: by
default for Markdown text (Jinja's finalize), with explicit filters for HTML, YAML and JSON.
Nothing here imports MkDocs: the site engine is the next, replaceable stage.
"""

from __future__ import annotations

import json
import os
from decimal import ROUND_HALF_UP, Decimal
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
import pandas as pd
from markupsafe import Markup

from generator.render import charts
from generator.core import escape
from generator.validate.findings import CATALOGUE
from generator.score.config import load_config
from generator.core.paths import CYCLE_RE, TABLES, schemas_dir
from generator.core.parallel import map_parks

TEMPLATES = Path(__file__).parent / "templates"
REPORTS = "reports"
VENDOR_BUNDLE = Path("assets/vendor/vega-bundle.js")
PARK_PAGES = (
    ("index", "概览"),
    ("indicators", "指标"),
    ("key-enterprises", "重点企业"),
    ("chains", "产业链"),
    ("enterprises", "企业"),
    ("measures", "改进方案"),
    ("changes", "变化"),
    ("quality", "数据质量"),
    ("data", "数据下载"),
)
LEVEL_ZH = {"I": "I 级", "II": "II 级", "III": "III 级", "below": "未达 III 级"}
STATE_ZH = {"value": "有数值", "missing": "未统计", "not_applicable": "不适用"}
STATUS_ZH = {"verified": "已核实", "provisional": "临时"}
DIRECTION_ZH = {"lower": "越低越好", "higher": "越高越好", "qualitative": "定性"}
HEADLINE_INDICATORS = ("energy_intensity", "fresh_water_intensity", "co2_intensity", "cod_intensity", "so2_intensity", "gsw_utilisation_rate")


# --- formatting --------------------------------------------------------------------------------
def fmt(value, places: int = 2) -> str:
    """A number for people: thousands separators, fixed decimals; '—' for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, str):
        return value
    if abs(value) >= 1000:
        places = 0
    return f"{value:,.{places}f}"


def pct(share) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _cell(value):
    """A number in a chart's data table: rounded half up (as the indicators are) to at most three
    decimals, trailing zeros dropped, so the table agrees with the figures on the page."""
    if isinstance(value, float):
        if pd.isna(value):
            return "—"
        d = Decimal(repr(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
        return f"{d:f}"
    return "" if value is None else value


UNITS_ZH = {"10^4 CNY": "万元", "10^4 CNY/a": "万元/年", "tce/a": "tce/年", "m3/a": "m3/年", "t/a": "t/年", "tCO2/a": "tCO2/年", "count": "个", "person": "人"}


def unit_zh(unit: str | None) -> str:
    return UNITS_ZH.get(unit or "", unit or "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # macros then return Markup, and plain values are escaped by finalize
        finalize=lambda v: v if isinstance(v, Markup) else Markup(escape.md_text(v)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        html=lambda v: Markup(escape.html(v)),
        yaml=lambda v: Markup(escape.yaml_string(v)),
        script_json=lambda v: Markup(escape.script_json(v)),
        urlpart=lambda v: Markup(quote(str(v), safe="")),
        code=lambda v: Markup(str(v).replace("`", "'").replace("|", "¦")),
        fmtcell=_cell,
    )
    env.globals["PARK_PAGES"] = PARK_PAGES
    return env


# --- inputs ------------------------------------------------------------------------------------
@dataclass
class ParkResults:
    park_id: str
    cycles: dict[str, dict]  # cycle → score.json content, only cycles ≤ the site's cycle
    current: str

    @property
    def doc(self) -> dict:
        return self.cycles[self.current]


def load_results(results_root: Path, cycle: str | None, skip=(), only: str | None = None) -> list[ParkResults]:
    parks = []
    folders = [Path(results_root) / only] if only else sorted(p for p in Path(results_root).iterdir() if p.is_dir())
    for park_dir in (p for p in folders if p.name not in skip):
        docs = {}
        for score in sorted(park_dir.glob("*/score.json")):
            c = score.parent.name
            if CYCLE_RE.match(c) and (cycle is None or c <= cycle):
                docs[c] = json.loads(score.read_text(encoding="utf-8"))
        if docs:
            parks.append(ParkResults(park_dir.name, docs, max(docs)))
    return parks


def available_cycles(results_root: Path) -> list[str]:
    return sorted({p.parent.name for p in Path(results_root).glob("*/*/score.json") if CYCLE_RE.match(p.parent.name)})


def latest_cycle(results_root: Path) -> str | None:
    cycles = available_cycles(results_root)
    return cycles[-1] if cycles else None


# --- render ------------------------------------------------------------------------------------
@dataclass
class RenderResult:
    files: dict[str, bytes] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    portal_rows: dict[str, dict] = field(default_factory=dict)  # park → its row on the portal

    @property
    def pages(self) -> int:
        return sum(1 for f in self.files if f.endswith(".md"))


def render(repo: Path, *, cycle: str | None = None, results_root: Path | None = None, data_root: Path | None = None,
           config_path: Path | None = None, docs_dir: Path | None = None, validation: dict | None = None,
           reuse: dict[str, dict] | None = None, rendered: dict[str, tuple[dict, dict | None]] | None = None,
           parks: set[str] | None = None, journal=None) -> RenderResult:
    """`reuse` maps parks whose pages are already up to date (see generator/buildcache.py) to their
    portal rows: their pages are neither rendered nor touched, and their results are not read.
    `rendered` maps parks whose pages the caller already made (park_pages) to (files, portal row).
    `parks`, if given, are the only parks shown (results_root may still hold removed ones).
    `journal` (fsutil.UndoJournal) keeps what the writes under docs/reports/ replace."""
    repo = Path(repo)
    results_root = Path(results_root or repo / "results")
    data_root = Path(data_root or repo / "data")
    docs_dir = Path(docs_dir or repo / "docs")
    config = load_config(config_path or repo / "indicators.yaml")
    cycle = cycle or latest_cycle(results_root)
    reuse = reuse or {}
    env = _environment()
    files: dict[str, str | bytes] = {}
    rows = dict(reuse)
    rendered = rendered or {}
    on_disk = [d.name for d in sorted(Path(results_root).iterdir())] if Path(results_root).is_dir() else []
    todo = [p for p in on_disk if (Path(results_root) / p).is_dir() and p not in reuse and p not in rendered and (parks is None or p in parks)]
    done = map_parks(_render_park, todo, results_root, cycle, data_root, validation or {})
    for park_id, park_files, row in sorted(done + [(p, f, r) for p, (f, r) in rendered.items()], key=lambda t: t[0]):
        if row is not None:
            files.update({f"{park_id}/{k}": v for k, v in park_files.items()})
            rows[park_id] = row
    rows = {p: rows[p] for p in sorted(rows)}
    files.update(_portal(env, list(rows.values()), cycle, config))
    files.update(_methodology(env, config, data_root))
    result = RenderResult(files={k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}, portal_rows=rows)
    sync_tree(docs_dir / REPORTS, result, keep=set(reuse), journal=journal)
    _write_vega_bundle(docs_dir / VENDOR_BUNDLE, journal)
    return result


def _write_vega_bundle(path: Path, journal=None) -> None:
    """The bundle depends only on the vl-convert version, which its first line records: making it
    takes seconds, so it is made again only when that line differs."""
    from importlib.metadata import version

    stamp = f"/* vega bundle from vl-convert-python {version('vl-convert-python')} */\n"
    try:
        with path.open(encoding="utf-8") as f:
            if f.readline() == stamp:
                return
    except OSError:
        pass
    _write_if_changed(path, stamp + vega_bundle(), journal)


def _render_park(park_id: str, results_root: Path, cycle: str | None, data_root: Path, validation: dict):
    """(park, its files, its portal row) — or no row for a park without results up to `cycle`."""
    parks = load_results(results_root, cycle, only=park_id)
    if not parks:
        return park_id, {}, None
    return (park_id, *park_pages(parks[0], data_root, validation.get((park_id, parks[0].current))))


def park_pages(park: ParkResults, data_root: Path, warnings: list[dict] | None, results_files: dict[str, str] | None = None):
    """(the park's files under docs/reports/<park>/, its portal row)."""
    from generator.render import park as render_park  # the park pages; kept apart to keep each module readable

    if "env" not in _ENV:
        _ENV["env"] = _environment()
    return render_park.park_files(_ENV["env"], park, data_root, warnings, results_files), render_park.portal_row(park)


_ENV: dict = {}  # one Jinja environment per process: compiling the templates again costs ~50 ms


def _portal(env, rows: list[dict], cycle, config) -> dict[str, str]:
    graded = next(s for s in config.systems.values() if s.method == "graded")
    chart = None
    if 0 < len(rows) <= 60:
        frame = pd.DataFrame([{"park": r["name"], "level": lv, "index": float(r["y_raw"][lv])} for r in rows for lv in ("I", "II", "III") if r["y_raw"].get(lv) is not None])
        if len(frame):
            best = max(rows, key=lambda r: r["y_raw"]["III"] or 0)
            chart = charts.grouped_bar(
                "portal-indices", "各园区综合评价指数", f"{len(rows)} 个园区中，{best['name']} 的 Y_III 最高，为 {best['y']['III']}。",
                frame, category="park", value="index", series="level",
                columns={"park": "园区", "level": "级别", "index": "综合评价指数"}, value_title="综合评价指数")
    text = env.get_template("portal.md.j2").render(parks=rows, cycle=cycle, system={"name": graded.name}, chart=chart)
    files = {"index.md": text}
    if chart:
        files.update(chart_files(chart, "charts"))
    return files


def chart_files(chart: charts.Chart, folder: str) -> dict[str, str]:
    return {
        f"{folder}/{chart.chart_id}.vl.json": json.dumps(chart.spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        f"{folder}/{chart.chart_id}.csv": chart.csv(),
    }


def _methodology(env, config, data_root: Path) -> dict[str, str]:
    from generator.render import methodology as render_method

    return {f"methodology/{k}": v for k, v in render_method.method_files(env, config, data_root).items()}


# --- save --------------------------------------------------------------------------------------
def sync_tree(target: Path, result: RenderResult, keep=(), journal=None) -> None:
    """Make `target` hold exactly result.files, plus the folders named in `keep`: write what
    changed, leave the rest untouched. `journal` keeps what is replaced or removed."""
    target.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(result.files.items()):
        if _write_if_changed(target / rel, data, journal):
            result.written.append(rel)
        else:
            result.unchanged += 1
    wanted = set(result.files)
    # the kept folders are not even walked: on a national rebuild they hold nearly every file
    walked = [p for top in target.iterdir() if top.name not in keep for p in [top, *(top.rglob("*") if top.is_dir() else ())]]
    for path in sorted(walked, reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in wanted:
            if journal is not None:
                journal.keep_old(path)
            path.unlink()
            result.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _write_if_changed(path: Path, data: bytes | str, journal=None) -> bool:
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == data:
        return False
    if journal is not None:
        journal.keep_old(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


_BUNDLE_CACHE: dict[str, str] = {}


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one self-contained script, from vl-convert (no CDN)."""
    if "js" not in _BUNDLE_CACHE:
        import vl_convert

        _BUNDLE_CACHE["js"] = vl_convert.javascript_bundle()
    return _BUNDLE_CACHE["js"]


def schema_tables(data_root: Path) -> list[tuple[str, dict]]:
    return [(t, json.loads((schemas_dir(data_root) / f"{t}.json").read_text(encoding="utf-8"))) for t in TABLES]


def catalogue_rows() -> list[dict]:
    return [{"code": code, "severity": "错误" if r.severity == "error" else "警告", "zh": r.zh, "en": r.en} for code, r in CATALOGUE.items()]
