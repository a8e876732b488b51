"""The render stage: scored results → pages, chart specs and downloads under docs/reports/.

Load (results/<park>/<cycle>/score.json, data packages, indicators.yaml, the validation warnings
the caller passes) → Process (one module per page type in pages/, charts) → the files as bytes.
Nothing is written here: generator/build writes them (only files whose bytes changed), so a
failure writes nothing, and an unchanged page keeps its bytes and its timestamp.

Templates produce each page's finished HTML body (the site engine adds the theme, navigation and
table of contents, and does not convert it: `body: html` in the front matter, see
generator/site/plugin.py), in `.md` files so that the engine still treats them as pages. Anything
that comes from data is escaped for where it lands: by default for HTML text and attribute values
(Jinja's finalize), with explicit filters for front matter (HTML inside YAML: the site engine
prints a page's title as HTML), URL parts and JSON.
Nothing here imports MkDocs: the site engine is the next, replaceable stage.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from markupsafe import escape as escape_markup

from generator.core import CYCLE_RE, compiled_templates, html_text, map_parks, script_json, yaml_string
from generator.core import html as escape_html
from generator.render import pages
from generator.render._headings import with_heading_ids
from generator.render.format import table_cell
from generator.render.model import ParkInput, ParkResults, SiteInput, chart_data_file, page_charts, profile
from generator.render.pages import portal
from generator.score import load_config

TEMPLATES = Path(__file__).parent / "templates"
REPORTS = "reports"
VENDOR_BUNDLE = Path("assets/vendor/vega-bundle.js")


def _escaped(value):
    """`value` as HTML, Jinja's finalize: text as it is, for autoescape escapes it next (escaping
    it here too made a Markup of every printed text twice, a million times at 89 parks), Markup as
    it is, anything else by core's html (None as nothing)."""
    if type(value) is str or isinstance(value, Markup):
        return value
    return Markup(escape_html(value))


def _html(value) -> Markup:
    """The `html` filter: core's html, which escapes Markup too (str() of it is plain text)."""
    return escape_markup(value) if type(value) is str else Markup(escape_html(value))


def _chart_rows(chart) -> Markup:
    """The rows of a chart's data table (the chart macro): each cell formatted as the table shows
    numbers (format.table_cell) and escaped. One filter call per table, where a loop in the macro
    made three filter calls and two escapes per cell."""
    columns = list(chart.columns)
    parts = []
    for row in chart.records():
        parts.append("<tr>")
        for c in columns:
            parts += ("<td>", _html(table_cell(row[c])), "</td>")
        parts.append("</tr>")
    return Markup("".join(parts))  # a str join: Markup's own + would escape the tags


# an indicator's level in a table: a badge for a level, "—" for none (not applicable, missing)
LEVEL_BADGES = {lv: Markup(f'<span class="pa-level-{lv}">{lv} 级</span>') for lv in ("I", "II", "III")} | {
    "below": Markup('<span class="pa-level-below">未达 III 级</span>')}
NO_LEVEL = Markup("—")


def _level_badge(level) -> Markup:
    return LEVEL_BADGES.get(level, NO_LEVEL) if isinstance(level, str) else NO_LEVEL


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with `row.name` read from a dict without first trying getattr: Jinja
    tries the attribute first, and for a dict that is an AttributeError raised and caught on
    every `e.name` of every table row (the pages' contexts are dicts). A name that a dict has as
    an attribute (`items`, `values`, …) still means the attribute, as in Jinja."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


# Compiled templates kept between runs, when `parkaudit build` asks (keep_compiled_templates): a
# one-park rebuild compiled its ~15 templates afresh, ~0.1 s of its ~1.3 s.
_COMPILED: dict = {}


@contextmanager
def keep_compiled_templates(root: Path):
    """Within the block, keep the compiled templates in `root` (core.compiled_templates, under the
    build's .parkaudit-cache/), in this process and the workers it forks. The environment's
    options below are part of what the compiled code depends on: this module names the folder."""
    _COMPILED["cache"] = compiled_templates(Path(root), Path(__file__).read_bytes())
    _ENV.clear()
    try:
        yield
    finally:
        _COMPILED.clear()
        _ENV.clear()


def _environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_COMPILED.get("cache"),
        autoescape=True,  # macros then return Markup, and plain values are escaped after finalize
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        html=_html,
        # A page's `title` and `description` in its front matter: MkDocs and Material take both for
        # HTML and print them unescaped, the title as text (<title>, the header, navigation, the
        # search index's page entry, which search results show as HTML) and the description in
        # an attribute (<meta name="description" content="…">). So each is HTML for where it lands,
        # then a YAML string. The title escapes as Material's search escapes the headings it
        # indexes (quotes stay quotes), so both entries of a page read alike.
        front_title=lambda v: Markup(yaml_string(html_text(v))),
        front_description=lambda v: Markup(yaml_string(escape_html(v))),
        script_json=lambda v: Markup(script_json(v)),
        urlpart=lambda v: Markup(quote(str(v), safe="")),
        chart_rows=_chart_rows,
        level_badge=_level_badge,
    )
    # a right-aligned table column, written as Python-Markdown writes a `--:` column (Material styles it)
    env.globals["RIGHT"] = Markup(' style="text-align: right;"')
    env.globals["PARK_PAGES"] = pages.park_nav()  # (slug, label) of every park page module, for the parknav macro
    return env


# --- inputs ------------------------------------------------------------------------------------
def load_results(results_root: Path, cycle: str | None, skip=(), only: str | None = None) -> list[ParkResults]:
    parks = []
    folders = [Path(results_root) / only] if only else sorted(p for p in Path(results_root).iterdir() if p.is_dir())
    for park_dir in (p for p in folders if p.name not in skip):
        docs = {c: json.loads((park_dir / c / "score.json").read_text(encoding="utf-8")) for c in _scored_cycles(park_dir, cycle)}
        if docs:
            parks.append(ParkResults(park_dir.name, docs, max(docs)))
    return parks


def _scored_cycles(park_dir: Path, cycle: str | None) -> list[str]:
    return [s.parent.name for s in sorted(park_dir.glob("*/score.json")) if CYCLE_RE.match(s.parent.name) and (cycle is None or s.parent.name <= cycle)]


def shown_cycles(results_root: Path, cycle: str | None = None) -> dict[str, str]:
    """park → the cycle its pages show when `render` renders `cycle` (default: the latest in
    results_root): its latest scored cycle up to `cycle`. Its package is the one whose validation
    warnings the caller passes to render."""
    cycle = cycle or latest_cycle(results_root)
    folders = sorted(p for p in Path(results_root).iterdir() if p.is_dir()) if Path(results_root).is_dir() else []
    return {p.name: max(found) for p in folders if (found := _scored_cycles(p, cycle))}


def available_cycles(results_root: Path) -> list[str]:
    return sorted({p.parent.name for p in Path(results_root).glob("*/*/score.json") if CYCLE_RE.match(p.parent.name)})


def latest_cycle(results_root: Path) -> str | None:
    cycles = available_cycles(results_root)
    return cycles[-1] if cycles else None


# --- render ------------------------------------------------------------------------------------
@dataclass
class RenderResult:
    files: dict[str, bytes] = field(default_factory=dict)  # relative to docs/reports/
    portal_rows: dict[str, dict] = field(default_factory=dict)  # park → its row on the portal

    @property
    def pages(self) -> int:
        return sum(1 for f in self.files if f.endswith(".md"))


def render(repo: Path, *, cycle: str | None = None, results_root: Path | None = None, data_root: Path | None = None,
           config_path: Path | None = None, validation: dict | None = None,
           reuse: dict[str, dict] | None = None, rendered: dict[str, tuple[dict, dict | None]] | None = None,
           parks: set[str] | None = None) -> RenderResult:
    """`validation` maps (park, cycle) to the validation warnings (Finding.to_dict()) of each
    package whose pages are rendered here (see shown_cycles): render does not validate.
    `reuse` maps parks whose pages are already up to date (see generator/build/state.py) to their
    portal rows: their pages are neither rendered nor touched, and their results are not read.
    `rendered` maps parks whose pages the caller already made (park_pages) to (files, portal row).
    `parks`, if given, are the only parks shown (results_root may still hold removed ones).
    Nothing is written: the caller puts `files` under docs/reports/ (generator/build)."""
    repo = Path(repo)
    results_root = Path(results_root or repo / "results")
    data_root = Path(data_root or repo / "data")
    config = load_config(config_path or repo / "indicators.yaml")
    cycle = cycle or latest_cycle(results_root)
    reuse = reuse or {}
    env = _environment()
    files: dict[str, str | bytes] = {}
    rows = dict(reuse)
    rendered = rendered or {}
    on_disk = [d.name for d in sorted(Path(results_root).iterdir())] if Path(results_root).is_dir() else []
    todo = [p for p in on_disk if (Path(results_root) / p).is_dir() and p not in reuse and p not in rendered and (parks is None or p in parks)]
    done = map_parks(_render_park, todo, results_root, cycle, data_root, validation or {}, config)
    for park_id, park_files, row in sorted(done + [(p, f, r) for p, (f, r) in rendered.items()], key=lambda t: t[0]):
        if row is not None:
            files.update({f"{park_id}/{k}": v for k, v in park_files.items()})
            rows[park_id] = row
    rows = {p: rows[p] for p in sorted(rows)}
    site = SiteInput(list(rows.values()), cycle, config, data_root)
    for module in pages.site_pages():
        files.update(module.files(site, lambda template, **context: _page(env, template, **context)))
    return RenderResult(files={k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}, portal_rows=rows)


def vega_bundle_stamp() -> str:
    """The first line of the Vega bundle file: the bundle depends only on the vl-convert version,
    and making it takes seconds, so a writer makes it again only when this line differs."""
    from importlib.metadata import version

    return f"/* vega bundle from vl-convert-python {version('vl-convert-python')} */\n"


def _render_park(park_id: str, results_root: Path, cycle: str | None, data_root: Path, validation: dict, config):
    """(park, its files, its portal row) — or no row for a park without results up to `cycle`."""
    parks = load_results(results_root, cycle, only=park_id)
    if not parks:
        return park_id, {}, None
    return (park_id, *park_pages(parks[0], data_root, validation.get((park_id, parks[0].current)), config=config))


def park_pages(park: ParkResults, data_root: Path, warnings: list[dict] | None, results_files: dict[str, str] | None = None, *, config):
    """(the park's files under docs/reports/<park>/, its portal row): every park page module's
    page (generator/render/pages/), the charts in its context and its own files. `warnings`: the
    validation warnings of the current cycle's package; `results_files`: that cycle's results
    files, when the caller made them already (they are offered for download); `config`: the
    loaded indicators.yaml (headline indicators, the column order of the results files)."""
    if warnings is None:
        raise ValueError(f"没有 {park.park_id}/{park.current} 的校验警告 / no validation warnings given for {park.park_id}/{park.current}: "
                         "the caller validates the package (render does not)")
    if "env" not in _ENV:
        _ENV["env"] = _environment()
    env = _ENV["env"]
    source = ParkInput(park.park_id, park.cycles, park.current, Path(data_root) / park.park_id / park.current, warnings, config, results_files)
    base = {"park": profile(park.doc), "cycle": park.current}
    files: dict[str, str | bytes] = {}
    for module in pages.park_pages():
        context = module.context(source)
        files.update(page_charts(context, module.PAGE.slug))
        files[f"{module.PAGE.slug}.md"] = _page(env, module.PAGE.template, **base, **context, chart_data=chart_data_file(module.PAGE.slug))
        if hasattr(module, "files"):
            files.update(module.files(source))
    return files, portal.row(park)


def _page(env: jinja2.Environment, template: str, **context) -> str:
    """A page: its template rendered, every heading given its id (_headings.py)."""
    return with_heading_ids(env.get_template(template).render(**context))


_ENV: dict = {}  # one Jinja environment per process: compiling the templates again costs ~50 ms


# --- save --------------------------------------------------------------------------------------
_BUNDLE_CACHE: dict[str, str] = {}


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one self-contained script, from vl-convert (no CDN)."""
    if "js" not in _BUNDLE_CACHE:
        import vl_convert

        _BUNDLE_CACHE["js"] = vl_convert.javascript_bundle()
    return _BUNDLE_CACHE["js"]


