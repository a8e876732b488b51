"""Nothing hidden (issue 13): at a laptop's 1366 px and a phone's 390 px, no table column of any page
type is clipped. Every header cell is either fully inside the visible part of its table's scroll
container and of the window, or its table is shown as stacked cards in which every cell carries
that header as its visible label; and no table hides columns behind a sideways scroll."""

from __future__ import annotations

import pytest

from ..sitebuild import Server
from .test_site_browser import PAGE_TYPES, open_page

WIDTHS = (1366, 390)

# Opens every <details> (chart data tables count too) and shows every tab, then reports every header
# cell that a reader cannot see, and every scroll container whose content is wider than its visible part.
MEASURE = """async () => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  // and every tab's content (a reader can choose each tab); tables.js lays out shown tables on resize
  document.querySelectorAll('article .tabbed-block').forEach(b => { b.style.display = 'block'; });
  window.dispatchEvent(new Event('resize'));
  await new Promise(r => setTimeout(r, 400));
  const problems = [];
  const clipBox = el => {
    let box = {left: 0, right: window.innerWidth};
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') {
        const r = a.getBoundingClientRect();
        box = {left: Math.max(box.left, r.left), right: Math.min(box.right, r.right)};
      }
    }
    return box;
  };
  document.querySelectorAll('article table').forEach((table, t) => {
    if (!table.tHead) return;
    const heads = [...table.tHead.rows[0].cells];
    heads.forEach((th, i) => {
      const name = th.textContent.replace('⇅', '').trim();
      const r = th.getBoundingClientRect();
      const box = clipBox(th);
      // visible at all: some of it lies inside every clipping ancestor (a visually hidden header
      // row, clipped to 1 px, is not)
      const shown = r.width > 2 && r.height > 2 && Math.min(r.right, box.right) - Math.max(r.left, box.left) > 2;
      if (shown) {
        if (r.left < box.left - 1 || r.right > box.right + 1) {
          problems.push(`table ${t} header "${name}" clipped: ${Math.round(r.left)}..${Math.round(r.right)} outside ${Math.round(box.left)}..${Math.round(box.right)}`);
        }
        return;
      }
      // a hidden header row is allowed only for stacked cards that label every cell with it
      for (const row of [...table.tBodies].flatMap(b => [...b.rows])) {
        const cell = row.cells[i];
        if (!cell) continue;
        // an empty cell is left off its card on purpose (parkaudit.css): nothing to read, nothing to clip
        if (cell.innerHTML === '' && getComputedStyle(cell).display === 'none') continue;
        const before = getComputedStyle(cell, '::before').content;
        const cr = cell.getBoundingClientRect();
        if (cell.dataset.paLabel !== name || before !== JSON.stringify(name)) {
          problems.push(`table ${t} header "${name}" hidden and its cells are not labelled (${before})`);
          break;
        }
        const box = clipBox(cell);
        if (cr.left < box.left - 1 || cr.right > box.right + 1) {
          problems.push(`table ${t} card cell "${name}" clipped`);
          break;
        }
      }
    });
  });
  document.querySelectorAll('article .md-typeset__scrollwrap, article table').forEach(el => {
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} scrolls sideways by ${el.scrollWidth - el.clientWidth}px`);
    }
  });
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 1) problems.push(`the page scrolls sideways by ${page}px`);
  return {problems, tables: document.querySelectorAll('article table').length};
}"""


@pytest.fixture(scope="module")
def served(demo_build):
    with Server(demo_build.project / "site") as server:
        yield server


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", sorted(set(PAGE_TYPES) - {"home"}))
def test_no_table_column_is_clipped(served, browser, kind, width):
    page, log = open_page(browser, f"{served.url}/{PAGE_TYPES[kind]}", width=width)
    try:
        page.wait_for_timeout(300)
        result = page.evaluate(MEASURE)
        # the demo's quality page has no warnings, hence no table
        assert result["tables"] or kind == "quality", f"{kind}: no table measured"
        assert not result["problems"], f"{kind} at {width}px: " + "; ".join(result["problems"])
        assert not log["console"], log["console"]
    finally:
        page.close()


def test_the_measure_fails_on_a_clipped_table(served, browser):
    """The check can fail: with the stacked-card fallback switched off and cells that do not wrap
    (as a table of long numbers and names would be), the enterprises page (a column per pollutant)
    clips at 390 px. (Without the nowrap, its nine columns now squeeze to fit, a character a line.)"""
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES['enterprises']}", width=390)
    try:
        # the cards' labels too: `*` does not match a ::before
        page.add_style_tag(content=".md-typeset table[data-pa-stacked], .md-typeset table[data-pa-stacked] * { all: revert !important; }"
                                   ".md-typeset table[data-pa-stacked] td::before { content: none !important; }"
                                   # (more specific than the revert above, which would undo it on re-stacked tables)
                                   ".md-typeset table[data-pa-stacked] tr > td, .md-typeset table[data-pa-stacked] tr > th,"
                                   ".md-typeset table td, .md-typeset table th { white-space: nowrap !important; }")
        page.evaluate("() => document.querySelectorAll('table').forEach(t => t.removeAttribute('data-pa-stacked'))")
        result = page.evaluate(MEASURE)
        assert any("clipped" in p or "sideways" in p for p in result["problems"]), result
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_link_to_an_anchor_below_card_tables_lands_on_it(served, browser, width):
    """The overview's HJ 274 figure links to indicators.html#hj274, below the indicators table. On a
    phone that table becomes cards after the browser has scrolled to the anchor, and the heading
    ended up 3,400 px below the screen; it must be where the browser put it, under the header."""
    page, log = open_page(browser, f"{served.url}/reports/anning-ip/index.html", width=width)
    try:
        page.click("a[href='indicators.html#hj274']")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        top = page.evaluate("document.getElementById('hj274').getBoundingClientRect().top")
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert header <= top <= header + 120, f"at {width}px the heading is {top:.0f}px from the top"
        if width < 480:
            assert page.locator("table[data-pa-stacked]").count()  # there were cards to lay out
        assert not log["console"], log["console"]
    finally:
        page.close()


def test_a_card_shows_no_label_without_a_value(served, browser):
    """On a phone an empty cell (the 单位 of a dimensionless or yes/no indicator) is left off its card
    rather than shown as a label with nothing beside it; at 1366 px the table keeps its empty cells."""
    count_empty = """() => [...document.querySelectorAll('article table[data-pa-stacked] td')]
        .filter(c => c.innerHTML === '').map(c => c.offsetHeight > 0)"""
    page, log = open_page(browser, f"{served.url}/reports/anning-ip/indicators.html", width=390)
    try:
        page.wait_for_timeout(300)
        shown = page.evaluate(count_empty)
        assert shown and not any(shown), shown  # the demo's HJ 274 table has yes/no rows without a unit
        assert not log["console"], log["console"]
    finally:
        page.close()


# Every visible card label that needs more width than its column and cannot wrap: it then runs
# over the value beside it (a short cell, a number or 否, is nowrap, and its label inherited that).
OVERPRINTED = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const bad = [];
  document.querySelectorAll('article table[data-pa-stacked] td[data-pa-label]').forEach(td => {
    if (!td.offsetHeight) return;
    const before = getComputedStyle(td, '::before');
    ctx.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
    const column = parseFloat(getComputedStyle(td).gridTemplateColumns.split(' ')[0]);
    const needed = ctx.measureText(td.dataset.paLabel).width;
    if (needed > column + 1 && before.whiteSpace !== 'normal') bad.push(`${td.dataset.paLabel}: ${needed.toFixed(0)} > ${column.toFixed(0)} px`);
  });
  return bad;
}"""


@pytest.mark.parametrize("kind", ["measures", "key-enterprises", "indicators", "enterprises"])
def test_no_card_label_runs_over_its_value(served, browser, kind):
    """"预期年经济效益 万元/年" beside 47.3 on a phone card: the label wraps in its own column."""
    page, log = open_page(browser, f"{served.url}/{PAGE_TYPES[kind]}", width=390)
    try:
        page.wait_for_timeout(300)
        assert page.locator("table[data-pa-stacked]").count(), f"{kind}: no cards at 390 px"
        assert page.evaluate(OVERPRINTED) == []
        assert not log["console"], log["console"]
    finally:
        page.close()


def test_the_overprint_check_can_fail(served, browser):
    page, _ = open_page(browser, f"{served.url}/{PAGE_TYPES['measures']}", width=390)
    try:
        page.add_style_tag(content=".md-typeset table[data-pa-stacked] td::before { white-space: nowrap !important; }")
        page.wait_for_timeout(200)
        assert any("万元" in p for p in page.evaluate(OVERPRINTED))
    finally:
        page.close()


# Every cell that holds one figure ("1.120", "12,689", "35.5%", "≤ 0.25"), and the lines its text is laid out on.
SPLIT_FIGURES = """() => {
  const figure = /^(?:[≤≥<>]\\s?)?[-+−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?%?$/;  // not a list of row numbers
  const cells = [...document.querySelectorAll('article td')].filter(td => figure.test(td.textContent.trim()));
  const split = cells.filter(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
  }).map(td => td.textContent.trim());
  return {cells: cells.length, split};
}"""


@pytest.mark.parametrize("kind", ["indicators", "key-enterprises", "enterprises", "chains", "measures"])
def test_a_printed_figure_is_never_split_across_lines(served, browser, kind):
    """On paper every table is a table again, wrapped to the page: a figure broken after its third
    character ("1.12" above "0") reads as another number."""
    page, _log = open_page(browser, f"{served.url}/{PAGE_TYPES[kind]}", width=700)  # A4's printable width
    try:
        page.emulate_media(media="print")
        page.wait_for_timeout(300)
        result = page.evaluate(SPLIT_FIGURES)
        assert result["cells"] > 5, f"{kind}: only {result['cells']} figures measured"
        assert not result["split"], f"{kind}: split across lines: {result['split'][:10]}"
    finally:
        page.close()
