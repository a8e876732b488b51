"""The audit report of a demo park, as the demo build made it (PDF and .docx): what it says, its
fonts, its bytes, and the refusal to print without a CJK font.

The reports come from the session's `demo_build` (one report build for the whole suite); the
byte-for-byte test makes one more, with `parkaudit report`, in another process."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.report.document import build_document
from generator.report.inputs import load_input
from generator.report.model import Paragraph, Table

PARK, CYCLE = "anning-ip", "2025"
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")

if not POPPLER:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's poppler-utils (scripts/test installs it)")
    pytest.skip("pdftotext/pdffonts not installed (run ./scripts/test)", allow_module_level=True)


@pytest.fixture(scope="module")
def report(demo_build):
    folder = demo_build.project / "docs" / "audit-reports" / PARK
    return {"pdf": folder / f"{PARK}-{CYCLE}.pdf", "docx": folder / f"{PARK}-{CYCLE}.docx", "project": demo_build.project}


@pytest.fixture(scope="module")
def text(report):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(report["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    return out


def squeeze(s: str) -> str:
    """Text without white space: a table cell wraps a long name over lines."""
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def score(report):
    return json.loads((report["project"] / "results" / PARK / CYCLE / "score.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(report):
    project = report["project"]
    return build_document(load_input(PARK, CYCLE, project / "results", project / "data", []))


def test_the_build_made_a_report_per_park_of_the_site_cycle(demo_build):
    folder = demo_build.project / "docs" / "audit-reports"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        f"{p}/{p}-2025.{ext}" for p in ("anning-ip", "kunming-hitech", "qujing-etdz", "yanglin-etdz") for ext in ("docx", "pdf")]
    assert demo_build.summary.reports_made == 4
    site = demo_build.project / "site" / "audit-reports" / PARK / f"{PARK}-{CYCLE}.pdf"
    assert site.read_bytes() == (folder / PARK / f"{PARK}-{CYCLE}.pdf").read_bytes()  # published with the site


def test_the_pdf_says_park_grade_indices_and_every_indicator(text, score):
    flat = squeeze(text)
    graded = score["systems"]["park_cp"]
    assert score["park"]["profile"]["park_name"] in flat
    assert squeeze(graded["grade"]["label"]["zh"]) in flat
    for level in ("I", "II", "III"):
        assert f"Y_{level}" in flat
        assert graded["indices_display"][level] in flat
    missing = [ind["name"]["zh"] for ind in score["indicators"].values() if squeeze(ind["name"]["zh"]) not in flat]
    assert missing == []
    assert "演示数据（虚构）" in flat
    for stage in ("审核准备", "清洁生产水平分析", "审核分级清单及指标体系构建", "审核", "改进方案确定", "方案实施及效果评估", "持续性清洁生产"):
        assert stage in flat


def test_the_cover_names_who_audited_and_when(text, report):
    descriptor = json.loads((report["project"] / "data" / PARK / CYCLE / "datapackage.json").read_text(encoding="utf-8"))
    agency = next(c["title"] for c in descriptor["contributors"] if "audit-agency" in c["roles"])
    period = descriptor["parkaudit:audit_period"]
    cover = squeeze(text.split("\f")[0])  # pdftotext ends each page with a form feed
    assert squeeze(agency) in cover and period["start"] in cover and period["end"] in cover
    assert descriptor["created"][:10] in cover


def test_every_page_has_its_number_of_the_total(report, text):
    info = subprocess.run(["pdfinfo", str(report["pdf"])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 15
    for n in range(2, pages + 1):  # the cover has no footer
        assert f"{n} / {pages}" in text, n


def test_the_table_of_contents_gives_page_numbers(text):
    toc = text.split("\f")[1]
    assert re.search(r"1 审核准备\s*\.{5,}\s*\d+", toc), toc[:300]


def test_a_cjk_font_is_embedded(report):
    out = subprocess.run(["pdffonts", str(report["pdf"])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    cjk = [r for r in rows if re.search(r"CJK|Han|Hei|Song|Ming|WenQuanYi", r[0])]
    assert cjk, out
    assert all(r[-5] == "yes" for r in cjk), out  # emb column
    assert not any(r[1] == "Type" and r[2] == "3" for r in rows), out  # no glyphs drawn as Type 3 pictures


def test_the_report_command_gives_the_same_bytes_as_the_build(report, tmp_path):
    """Two layouts in two processes (the build's worker, this command), the same bytes: nothing
    in the files depends on the time or the process."""
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "report", PARK, "--repo", str(report["project"]), "--out", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / f"{PARK}-{CYCLE}.pdf").read_bytes() == report["pdf"].read_bytes()
    assert (tmp_path / f"{PARK}-{CYCLE}.docx").read_bytes() == report["docx"].read_bytes()


def test_the_docx_holds_the_same_headings_and_tables(report, model, text):
    import docx

    d = docx.Document(str(report["docx"]))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [h.text for h in model.headings(3)]
    flat = squeeze(text)
    assert all(squeeze(h) in flat for h in headings)  # and the PDF has them too
    tables = [b for b in model.blocks if isinstance(b, Table)]
    # every table of the model, in order (the cover's and the fields' label: value grids aside)
    data_tables = [t for t in d.tables if [c.text for c in t.rows[0].cells] in [[c.title for c in tb.columns] for tb in tables]]
    assert len(data_tables) == len(tables)
    for got, want in zip(data_tables, tables):
        assert [c.text for c in got.rows[0].cells] == [c.title for c in want.columns]
        body = [[c.text for c in row.cells] for row in got.rows[1:]]
        assert body == ([list(r) for r in want.rows] or [[want.empty] + [""] * (len(want.columns) - 1)])
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert [t.caption for t in tables] == [c for c in captions if c.startswith("表")]
    assert all(squeeze(t.caption) in flat for t in tables)
    props = d.core_properties
    assert props.title == model.meta.title and props.created.isoformat().startswith(model.meta.date[:10])


def test_without_a_cjk_font_the_command_refuses(report, tmp_path):
    conf = tmp_path / "fonts.conf"
    (tmp_path / "nofonts").mkdir()
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "nofonts"}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>',
                    encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "report", PARK, "--repo", str(report["project"]), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "找不到覆盖简体中文的字体" in proc.stderr and "No font covering Simplified Chinese was found" in proc.stderr
    assert "fonts-noto-cjk" in proc.stderr
    assert not out.exists()


def test_results_that_no_longer_match_their_data_are_refused(report, tmp_path):
    from generator.report import StaleResults

    data = tmp_path / "data"
    shutil.copytree(report["project"] / "data", data)
    path = data / PARK / CYCLE / "measures.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(StaleResults, match="parkaudit build"):
        load_input(PARK, CYCLE, report["project"] / "results", data, [])


def test_the_compliance_table_says_each_requirement_in_words(model, text, score):
    """The formal report is read by the authorities and the public: a requirement is "达标" or
    "≥ 6", never the code form the results keep for reviewers ("stable_compliance == 1")."""
    comp = next(s for s in score["systems"].values() if s["method"] == "compliance")
    table = next(b for b in model.blocks if isinstance(b, Table) and b.caption.endswith("HJ 274 各项要求"))
    column = [c.title for c in table.columns].index("要求")
    said = {row[1]: row[column] for row in table.rows}
    signs = {">=": "≥", "<=": "≤", "==": "=", "<": "<", ">": ">"}
    for i in (i for g in comp["groups"] for i in g["indicators"]):
        req = i["requirement"]
        if "condition" in req:
            assert said[i["name"]["zh"]] == req["description"]["zh"]
        else:
            assert said[i["name"]["zh"]].split() == [signs[req["op"]], i["requirement_text"].split()[-1]]
    flat = squeeze(text)
    codes = [t for g in comp["groups"] for i in g["indicators"] if (t := i["requirement_text"]) not in said.values()]
    assert codes  # the demo has conditions and ">=" comparisons: there is code form to leak
    leaked = [t for t in codes if squeeze(t) in flat]
    assert leaked == []


def test_the_grade_is_explained_in_words_per_level(model, text, score):
    """Each level's line says what it asks and, when unmet, why, in words the overview page uses:
    never the catch-all rule as a condition ("不达标：满足") nor an index in code form
    ("Y_II = 34.25 < 85")."""
    graded = next(s for s in score["systems"].values() if s["method"] == "graded")
    blocks = list(model.blocks)
    start = next(n for n, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == "等级判定的理由：")
    lines = blocks[start + 1].items
    conditional = [r for r in graded["grade_rules"] if r.get("min_index") or r.get("limiting_at_least")]
    assert [line.split("：")[0] for line in lines] == [r["label"]["zh"] for r in conditional]
    checks = {c["grade"]: c for c in graded["grade_checks"]}
    for rule, line in zip(conditional, lines):
        assert line.endswith("已达到。") == checks[rule["grade"]]["met"], line
        assert not re.search(r"Y_I+\s*=|[<>]=?\s*\d", line), line
        if (rule.get("min_index") or {}).get("level") and not checks[rule["grade"]]["met"]:
            level = rule["min_index"]["level"]
            assert f"{level} 级综合评价指数为 {graded['indices_display'][level]}" in line
    assert not any(line.startswith(graded["grade_rules"][-1]["label"]["zh"] + "：") for line in lines)
    flat = squeeze(text)
    assert squeeze(lines[0]) in flat


def test_the_report_prints_units_typeset(text):
    """m³, km², tCO₂ as in the site (render/format.unit_zh), in every table of the report, the
    changes table of chapter 7 included (it printed "m3/万元")."""
    assert "m³" in text and "CO₂" in text
    assert not re.findall(r"(?<![A-Za-z])k?m[23](?![0-9])|CO2", text)


def test_yanglins_report_explains_its_iii_index_under_100(demo_build):
    """As the overview does (render/grade_verdict.lower_levels_note): a II-level park whose III
    index is under III's requirement is told why that does not matter, in the PDF itself."""
    pdf = demo_build.project / "docs" / "audit-reports" / "yanglin-etdz" / "yanglin-etdz-2025.pdf"
    flat = squeeze(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    doc = json.loads((demo_build.project / "results" / "yanglin-etdz" / "2025" / "score.json").read_text(encoding="utf-8"))
    g = next(s for s in doc["systems"].values() if s["method"] == "graded")
    assert g["grade"]["grade"] == "II" and float(g["indices_display"]["III"]) < 100, "the demo's case changed"
    assert squeeze(f"III 级综合评价指数为 {g['indices_display']['III']}，虽低于") in flat
    assert squeeze("并不影响本周期的等级") in flat
