"""Downloads for people (issue 13, item 8): a chart's CSV opens in Chinese Excel (UTF-8 with a byte
order mark, Chinese headers with units) and reads back as the chart's data; sitemap.xml lists the
pages at the configured site URL."""

from __future__ import annotations

import csv
import json
import io
import re

import yaml

from ..csvedit import REPO

PARK = "anning-ip"


def test_chart_csv_has_a_bom_and_chinese_headers(demo_build):
    charts = demo_build.project / "site" / "reports" / PARK / "charts"
    files = sorted(charts.glob("*.csv"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no BOM, Chinese Excel reads it as GBK"
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert any(re.search(r"[\u4e00-\u9fff]", h) for h in header), f"{path.name}: {header}"
    rows = list(csv.DictReader(io.StringIO((charts / "pareto-energy_tce.csv").read_bytes().decode("utf-8-sig"))))
    assert rows and {"企业", "数值（tce）", "占比 %", "累计占比 %", "重点企业"} <= set(rows[0])
    assert float(rows[-1]["累计占比 %"]) == 100.0


def test_sitemap_lists_the_pages_at_the_site_url(demo_build):
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    sitemap = (demo_build.project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert f"{site_url}reports/{PARK}/index.html" in locs, locs[:5]
    assert all(loc.startswith(site_url) for loc in locs)


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _same(xlsx_value, csv_value: str, column: str) -> bool:
    if csv_value == "":
        return xlsx_value is None
    if isinstance(xlsx_value, (int, float)) and not isinstance(xlsx_value, bool):
        # Excel holds 15 significant digits (the exact value stays in the CSV and score.json); a
        # share, a fraction in the CSV, is the percentage its header says
        number = float(csv_value) * (100 if column.endswith("_share") else 1)
        return f"{number:.15g}" == f"{xlsx_value:.15g}"
    if csv_value in ("true", "false"):
        return xlsx_value == {"true": "是", "false": "否"}[csv_value]
    if re.fullmatch(r"[a-z][a-z0-9_;]*|[IV]+", csv_value) and column not in IDENTIFIERS:
        # a code: said in words for people (checked below), never the code itself
        return isinstance(xlsx_value, str) and re.search(r"[\u4e00-\u9fff]", xlsx_value) is not None
    return xlsx_value == csv_value or column in WORDED


# columns whose codes name a thing people look up (kept), and columns said in words (checked by example)
IDENTIFIERS = {"enterprise_id", "indicator", "industry_code", "park_id", "measure_id", "name_en", "unit", "pollutant"}
WORDED = {"requirement", "level_or_status", "target", "benchmark_I", "benchmark_II", "benchmark_III"}


def test_every_csv_has_an_xlsx_with_chinese_headers_and_the_same_values(demo_build):
    downloads = demo_build.project / "site" / "reports" / PARK / "downloads"
    csvs = sorted(downloads.rglob("*.csv"))
    assert len(csvs) >= 10
    for path in csvs:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: the machine CSV keeps no BOM"
        header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        assert all(re.fullmatch(r"[A-Za-z0-9_]+", h) for h in header), f"{path.name}: English headers for programs"
        xlsx_header, *xlsx_rows = _xlsx_rows(path.with_suffix(".xlsx").read_bytes())
        assert len(xlsx_header) == len(header) and len(xlsx_rows) == len(rows), path.name
        chinese = [h for h in xlsx_header if re.search(r"[\u4e00-\u9fff]", h)]
        assert len(chinese) >= len(header) * 0.6, f"{path.name}: {xlsx_header}"
        for r, x in zip(rows, xlsx_rows):
            for value, cell, name in zip(r, x, header):
                assert _same(cell, value, name), (path.name, name, value, cell)
    energy = _xlsx_rows((downloads / "data" / "energy.xlsx").read_bytes())[0]
    assert any("（" in h and "）" in h for h in energy), f"units in the headers: {energy}"


def _column(rows: list[list], label: str) -> list:
    i = rows[0].index(label)
    return [r[i] for r in rows[1:]]


def test_the_xlsx_for_people_says_codes_in_words(demo_build):
    """The CSV keeps its codes for programs; the .xlsx beside it says them as the pages do."""
    downloads = demo_build.project / "site" / "reports" / PARK / "downloads"
    key = _xlsx_rows((downloads / "key_enterprises.xlsx").read_bytes())
    reasons = "；".join(_column(key, "入选依据"))
    assert "综合能源消费量" in reasons and "强制性清洁生产审核名单" in reasons and "energy_tce" not in reasons
    assert set(_column(key, "强制性清洁生产审核增补")) <= {"是", "否"}
    shares = [v for v in _column(key, "综合能源消费量(当量值)占比 %") if v is not None]
    assert shares and max(shares) > 1, "a share is a percentage, as its header says, not a fraction"
    indicators = _xlsx_rows((downloads / "indicators.xlsx").read_bytes())
    outcomes = set(_column(indicators, "等级或符合情况"))
    assert outcomes and outcomes <= {"I 级", "II 级", "III 级", "未达 III 级", "达到", "未达到", "无法判断", "未统计", "不适用"}, outcomes
    assert set(_column(indicators, "评价方法")) == {"分级评价", "符合性判定"}
    requirements = [v for v in _column(indicators, "要求") if v]
    assert requirements and not [v for v in requirements if re.search(r"[a-z_]{3,}|>=|<=|==", v)], requirements
    conditions = [v for label in ("I 级基准值", "II 级基准值", "III 级基准值") for v in _column(indicators, label) if isinstance(v, str)]
    assert conditions and not [v for v in conditions if re.search(r"[a-z_]{3,}|>=|<=|==", v)], conditions
    chains = _xlsx_rows((downloads / "chains.xlsx").read_bytes())
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in chains[0]), chains[0]


def test_the_download_page_links_each_xlsx_with_its_size(demo_build):
    page = (demo_build.project / "site" / "reports" / PARK / "data.html").read_text(encoding="utf-8")
    for name in ("downloads/indicators.xlsx", "downloads/data/energy.xlsx"):
        link = re.search(rf'<a href="{re.escape(name)}">([^<]+)</a>（([\d.]+\u00a0(?:B|KB|MB))）', page)
        assert link and link.group(1) == "下载 Excel 表格", name


def test_xlsx_bytes_do_not_depend_on_the_build_time(demo_build):
    import time

    from generator.render.pages._downloads import table_xlsx

    data_dir = demo_build.project / "data" / PARK
    cycle = max(p.name for p in data_dir.iterdir() if p.is_dir())
    descriptor = json.loads((data_dir / cycle / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in descriptor["resources"] if r["name"] == "energy")
    first = table_xlsx(res, (data_dir / cycle / res["path"]).read_bytes())
    time.sleep(1.1)  # zip entries store times to two seconds
    time.sleep(1.1)
    assert table_xlsx(res, (data_dir / cycle / res["path"]).read_bytes()) == first
    # and the same bytes as the build made, earlier in this session
    assert (demo_build.project / "site" / "reports" / PARK / "downloads" / "data" / "energy.xlsx").read_bytes() == first


HOSTILE = '=HYPERLINK("http://x")'


def test_a_formula_from_data_stays_text_in_every_file_for_people(demo_build):
    from openpyxl import load_workbook

    from generator.render.pages._downloads import result_xlsx, table_xlsx

    data_dir = demo_build.project / "data" / PARK
    cycle = max(p.name for p in data_dir.iterdir() if p.is_dir())
    descriptor = json.loads((data_dir / cycle / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in descriptor["resources"] if r["name"] == "enterprises")
    header, *rows = list(csv.reader(io.StringIO((data_dir / cycle / res["path"]).read_text(encoding="utf-8"))))
    name = header.index("enterprise_name")
    for hostile_row, text in zip(rows, (HOSTILE, "+1+2", "-2+3", "@SUM(A1)")):
        hostile_row[name] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    book = load_workbook(io.BytesIO(table_xlsx(res, out.getvalue().encode("utf-8"))))
    cells = [book.active.cell(row=i, column=name + 1) for i in range(2, 6)]
    assert [c.value for c in cells] == [HOSTILE, "+1+2", "-2+3", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]  # never "f", a formula
    # the results: an enterprise named like a formula, and negative numbers that stay numbers
    results = demo_build.project / "results" / PARK / cycle
    header, *rows = list(csv.reader(io.StringIO((results / "key_enterprises.csv").read_text(encoding="utf-8"))))
    rows[0][header.index("enterprise_name")] = HOSTILE
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    doc = json.loads((results / "score.json").read_text(encoding="utf-8"))
    data = result_xlsx("key_enterprises.csv", out.getvalue(), doc)
    cell = load_workbook(io.BytesIO(data)).active.cell(row=2, column=header.index("enterprise_name") + 1)
    assert cell.value == HOSTILE and cell.data_type == "s"
    assert all(b"<f>" not in part for part in zipfile_texts(data))  # no formula anywhere in the workbook


def zipfile_texts(data: bytes):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n) for n in z.namelist()]
