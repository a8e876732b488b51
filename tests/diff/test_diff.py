"""parkaudit diff: changes in audit terms between two scorings, two cycles, two git revisions.

The main case changes ONE enterprise's SO2 emissions in the latest cycle of one park (YL032, a
small food company of yanglin-etdz, from 0.221 t to 150 t, permit raised to match so that only
the emission figure moves) and checks that the diff reports exactly its consequences, each
recomputed here from the CSV files:
- so2_intensity: value (Σ SO2 × 1000 / value added) and level I → II (benchmarks 0.3 / 0.6);
- Y_I falls by that indicator's contribution (category weight × effective weight × 100);
  Y_II and Y_III, the grade and HJ 274 do not change and are not reported;
- YL032 becomes a key enterprise for SO2 alone (its share passes 80 %), the others selected for
  SO2 lose that ground; the key list grows by one, which moves key_cp_audit_rate and
  key_disclosure_rate (rates over the key list, recomputed here);
- one tenfold-jump warning appears on that row;
- nothing else: no other indicator, no measure.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from generator import diff as D
from generator.cli import main
from generator.diff import Side, compare_snapshots, snapshot_park

from ..csvedit import REPO, copy_data, read_rows, set_cell

PARK = "yanglin-etdz"
CYCLE = "2025"
ENTERPRISE = "YL032"
NEW_SO2 = "150.000"


def _so2_row(data: Path) -> int:
    _, rows = read_rows(data / PARK / CYCLE / "emissions.csv")
    return next(i for i, r in enumerate(rows) if r["enterprise_id"] == ENTERPRISE and r["pollutant"] == "SO2")


def change_so2(data: Path) -> int:
    """The one edit: YL032's SO2 actual (and its permit, so that no permit rule fires)."""
    i = _so2_row(data)
    set_cell(data / PARK / CYCLE / "emissions.csv", i, "permitted", "300.000")
    return set_cell(data / PARK / CYCLE / "emissions.csv", i, "actual", NEW_SO2)


def snap(data: Path) -> dict:
    return snapshot_park(Side(data, REPO / "indicators.yaml"), PARK, [CYCLE])[CYCLE]


def q(x: Decimal, places: int) -> str:
    return str(x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def so2_intensity(data: Path) -> str:
    _, rows = read_rows(data / PARK / CYCLE / "emissions.csv")
    total = sum(Decimal(r["actual"]) for r in rows if r["pollutant"] == "SO2" and r["actual"])
    _, park = read_rows(data / PARK / CYCLE / "park.csv")
    return q(total * 1000 / Decimal(park[0]["industrial_value_added"]), 3)


def key_rate(data: Path, doc: dict, column: str) -> str:
    keys = {e["enterprise_id"] for e in doc["key_enterprises"]["enterprises"]}
    _, rows = read_rows(data / PARK / CYCLE / "enterprises.csv")
    done = sum(1 for r in rows if r["enterprise_id"] in keys and r[column] == "true")
    return q(Decimal(done) * 100 / Decimal(len(keys)), 1)


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("diff"), parks=(PARK,))
    before_intensity = so2_intensity(data)
    before = snap(data)
    row = change_so2(data)
    after = snap(data)
    d = compare_snapshots(PARK, before, after, CYCLE, CYCLE)
    return {"data": data, "before": before, "after": after, "diff": d, "row": row, "before_intensity": before_intensity}


def test_only_the_consequences_of_the_change_are_reported(changed):
    d, data, before, after = changed["diff"], changed["data"], changed["before"]["doc"], changed["after"]["doc"]
    assert d["changed"]
    # in the order of the graded system's categories, then the compliance system's groups
    # YL032 becomes a key enterprise: the audit rate moves (13 of 14 key enterprises audited →
    # 14 of 15, YL032 is audited), the disclosure rate does not (14 of 14 → 15 of 15, all disclose)
    assert [i["indicator"] for i in d["indicators"]] == ["so2_intensity", "key_cp_audit_rate"]
    by = {i["indicator"]: i for i in d["indicators"]}

    so2 = by["so2_intensity"]
    assert so2["unit"] == "kg/万元"
    assert so2["value"] == {"old": changed["before_intensity"], "new": so2_intensity(data)}
    assert (so2["value"]["old"], so2["value"]["new"]) == ("0.031", "0.473")
    assert so2["levels"] == [{"system": "park_cp", "old": "I", "new": "II"}]
    assert so2["state"] is None and so2["compliance"] == []

    audit = by["key_cp_audit_rate"]
    assert audit["value"] == {"old": key_rate(data, before, "cp_audit_completed"), "new": key_rate(data, after, "cp_audit_completed")}
    assert audit["value"] == {"old": "92.9", "new": "93.3"}  # 13 × 100 ÷ 14 = 92.86; 14 × 100 ÷ 15 = 93.33
    assert audit["levels"] == [] and audit["compliance"] == []  # value moved, level/status did not
    assert key_rate(data, before, "env_info_disclosed") == key_rate(data, after, "env_info_disclosed") == "100.0"


def test_y_i_falls_by_the_indicator_contribution_and_nothing_else_moves(changed):
    d, before = changed["diff"], changed["before"]["doc"]
    assert len(d["systems"]) == 1
    s = d["systems"][0]
    assert s["id"] == "park_cp" and s["grade"] is None and s["presence"] is None
    cat = next(c for c in before["systems"]["park_cp"]["categories"] if any(i["indicator"] == "so2_intensity" for i in c["indicators"]))
    item = next(i for i in cat["indicators"] if i["indicator"] == "so2_intensity")
    drop = Decimal(repr(cat["weight"])) * Decimal(repr(item["effective_weight"])) * 100
    assert [y["level"] for y in s["indices"]] == ["I"]
    y = s["indices"][0]
    assert str(Decimal(y["old"]) - Decimal(y["new"])) == q(drop, 2)
    # Y_I before: the weights (category × indicator) of the 15 indicators at level I in 2025 —
    # energy intensity .10, elasticity .04, SO2 .03, NOx .03, VOCs .02, permit compliance .06,
    # hazardous waste .05, CO2 reduction rate .04, renewable resources .035, central WWTP .025,
    # risk system .02, incidents .02, environmental management .015, disclosure .03, information
    # platform .02 — sum to .535; SO2 (.2 × .15 = .03) leaves level I
    assert (y["old"], y["new"]) == ("53.50", "50.50")


def test_key_enterprise_added_with_its_metrics(changed):
    ke, after = changed["diff"]["key_enterprises"], changed["after"]["doc"]
    assert ke["count"] == {"old": 14, "new": 15}
    assert [e["enterprise_id"] for e in ke["added"]] == [ENTERPRISE] and ke["removed"] == []
    added = ke["added"][0]
    assert added["reasons"] == ["so2"]
    so2 = next(m for m in added["metrics"] if m["metric"] == "so2")
    total = next(m["total"] for m in after["key_enterprises"]["by_metric"] if m["metric"] == "so2")
    assert so2["value"] == 150.0 and so2["unit"] == "t" and so2["name"]["zh"] == "二氧化硫排放量"
    assert so2["share"] == pytest.approx(150.0 / total, abs=1e-6) and so2["share"] > 0.8
    old_so2 = {e["enterprise_id"] for e in changed["before"]["doc"]["key_enterprises"]["enterprises"] if "so2" in e["reasons"]}
    assert [(e["enterprise_id"], e["gained"], e["lost"]) for e in ke["reasons_changed"]] == [(eid, [], ["so2"]) for eid in sorted(old_so2)]


def test_findings_and_measures(changed):
    d = changed["diff"]
    assert d["measures"] == {"added": [], "removed": [], "status_changed": []}
    assert d["findings"]["removed"] == []
    assert [(f["code"], f["file"], f["row"], f["field"], f["severity"]) for f in d["findings"]["added"]] == [
        ("tenfold-jump", f"data/{PARK}/{CYCLE}/emissions.csv", changed["row"], "actual", "warning")
    ]


def test_markdown_says_it_in_audit_terms(changed):
    md = D.to_markdown(changed["diff"])
    assert md.startswith("### 嵩明杨林经济技术开发区 (yanglin-etdz) · 2025\n")
    assert "| 单位工业增加值二氧化硫排放量 (SO2 emissions per unit of industrial value added) [so2\\_intensity] | kg/万元 | 0.031 → 0.473 | park\\_cp: I 级 (I) → II 级 (II) |" in md
    assert "| Y\\_I | 53.50 | 50.50 |" in md
    assert "| 新增 (added) | 云南骋桓食品有限公司 [YL032] | 二氧化硫排放量 | 二氧化硫排放量: 150 t（" in md
    assert "tenfold-jump" in md
    # nothing that did not change
    for absent in ("Y\\_II", "Y\\_III", "等级 (Grade)", "符合性 (Compliance)", "nox\\_intensity", "cod\\_intensity", "清洁生产方案"):
        assert absent not in md
    rep = D.report("revisions", {"ref": "a"}, {"ref": "b"}, [changed["diff"]])
    assert json.loads(json.dumps(rep, ensure_ascii=False, sort_keys=True)) == rep  # JSON-clean
    assert D.report_to_markdown(rep).count("### ") == 1


def test_no_change_says_so(changed):
    same = compare_snapshots(PARK, changed["after"], changed["after"], CYCLE, CYCLE)
    assert not same["changed"]
    assert D.to_markdown(same) == ""
    rep = D.report("cycles", {"ref": CYCLE}, {"ref": CYCLE}, [same])
    assert rep["entries"] == [] and not rep["changed"]
    assert D.NO_CHANGES in D.report_to_markdown(rep)


def test_pure_diff_of_two_score_documents_escapes_data(changed):
    """diff_results works on two score.json dicts alone (what the site will use); measures and
    text from data are escaped for Markdown table cells."""
    doc = changed["after"]["doc"]
    m = {"measure_id": "M1", "level": "园区", "enterprise_id": "", "chain": "", "title": "A|B <script>", "target": "energy", "status": "计划"}
    d = D.diff_results(doc, doc, old_measures=[m], new_measures=[dict(m, status="已完成"), dict(m, measure_id="M2", title="新方案")])
    assert d["measures"]["status_changed"][0]["old_status"] == "计划"
    assert [x["measure_id"] for x in d["measures"]["added"]] == ["M2"]
    assert d["indicators"] == [] and d["systems"] == [] and d["findings"] is None
    md = D.to_markdown(d)
    assert "A\\|B &lt;script&gt; [M1]" in md and "<script>" not in md
    assert "| 状态变化 (status changed) |" in md and "计划 → 已完成" in md
    assert D.diff_results(doc, doc)["changed"] is False


def test_a_side_that_fails_validation_is_not_scored_but_its_findings_are_compared(changed, tmp_path):
    data = copy_data(tmp_path, parks=(PARK,))
    row = set_cell(data / PARK / CYCLE / "emissions.csv", _so2_row(data), "actual", "abc")
    bad = snap(data)
    assert bad["doc"] is None and "2025" in bad["reason"]
    d = compare_snapshots(PARK, changed["before"], bad, CYCLE, CYCLE)
    assert d["changed"] and d["old"]["scored"] and not d["new"]["scored"]
    assert d["indicators"] == [] and d["systems"] == []  # nothing to compare scores with
    assert d["headline"]["systems"][0]["id"] == "park_cp"  # the old results are shown instead
    assert [(f["code"], f["row"], f["field"]) for f in d["findings"]["added"]] == [("type-error", row, "actual")]
    md = D.to_markdown(d)
    assert "新版本未能评分 (new version not scored)：数据校验未通过（2025）" in md
    assert "**原版本评分结果 (results of the old version)**" in md and "type-error" in md


# ---------------------------------------------------------------------------------------------
# the command: two cycles, two git revisions


def test_cycles_compare_measures_from_the_csv_files(tmp_path, capsys):
    data = copy_data(tmp_path, parks=(PARK,))
    assert main(["diff", "2024", "2025", "--park", PARK, "--data", str(data), "--results", str(tmp_path / "none"), "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["mode"] == "cycles" and rep["changed"]
    (entry,) = rep["entries"]
    assert (entry["old"]["cycle"], entry["new"]["cycle"]) == ("2024", "2025")

    def measures(cycle):
        with (data / PARK / cycle / "measures.csv").open(encoding="utf-8") as fh:
            return {r["measure_id"]: r["status"] for r in csv.DictReader(fh)}

    a, b = measures("2024"), measures("2025")
    m = entry["measures"]
    assert [x["measure_id"] for x in m["added"]] == sorted(set(b) - set(a))
    assert [x["measure_id"] for x in m["removed"]] == sorted(set(a) - set(b))
    assert [(x["measure_id"], x["old_status"], x["status"]) for x in m["status_changed"]] == sorted(
        (k, a[k], b[k]) for k in set(a) & set(b) if a[k] != b[k]
    )
    assert m["status_changed"], "the demo data has measures that progressed"


def test_cycles_read_committed_results_when_present(tmp_path, capsys, changed):
    """results/<park>/<cycle>/score.json is what cycles are compared on; a cycle without one is
    scored from the data."""
    data = copy_data(tmp_path, parks=(PARK,))
    doc = json.loads(json.dumps(changed["before"]["doc"]))
    doc["systems"]["park_cp"]["grade"] = {"grade": "III", "label": {"zh": "III 级（测试）", "en": "Level III (test)"}}
    stored = tmp_path / "results" / PARK / CYCLE / "score.json"
    stored.parent.mkdir(parents=True)
    stored.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["diff", "2024", CYCLE, "--data", str(data), "--results", str(tmp_path / "results")]) == 0
    md = capsys.readouterr().out
    assert "| 等级 (Grade) | 不达标 (Below level III) [below] | III 级（测试） (Level III \\(test\\)) [III] |" in md


def test_cycles_refuse_an_unknown_park(tmp_path, capsys):
    data = copy_data(tmp_path, parks=(PARK,))
    assert main(["diff", "2024", "2025", "--park", "nowhere", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "未知园区" in err and "unknown park" in err


def test_cycles_refuse_a_cycle_without_packages_and_a_missing_data_folder(tmp_path):
    data = copy_data(tmp_path, parks=(PARK,))
    with pytest.raises(D.DiffUsageError, match="no data package for cycle 2099"):
        D.diff_report("2024", "2099", data=data, results=tmp_path / "results", indicators=REPO / "indicators.yaml", parks=None, cwd=tmp_path)
    with pytest.raises(D.DiffUsageError, match="no data package for cycle 2024, 2025"):
        D.diff_report("2024", "2025", data=tmp_path / "nowhere", results=tmp_path / "results", indicators=REPO / "indicators.yaml", parks=None, cwd=tmp_path)


def test_a_park_lacking_a_cycle_is_noted_not_compared(tmp_path):
    data = copy_data(tmp_path, parks=(PARK, "anning-ip"))
    shutil.rmtree(data / "anning-ip" / "2023")
    rep = D.diff_report("2023", "2024", data=data, results=tmp_path / "none", indicators=REPO / "indicators.yaml", parks=None, cwd=tmp_path)
    assert [e["park"]["id"] for e in rep["entries"]] == [PARK]
    assert rep["notes"] == [{"zh": "anning-ip 没有 2023 年度的数据包，未比较", "en": "anning-ip has no package for 2023; not compared"}]


def _git(repo: Path, *args: str) -> str:
    r = subprocess.run(
        ["git", "-c", "user.name=ParkAudit Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return r.stdout


def _parkaudit(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def repo(tmp_path) -> Path:
    """A throwaway git repository: data/ (one park) and indicators.yaml, committed; then the SO2
    edit, committed."""
    root = tmp_path / "repo"
    root.mkdir()
    data = copy_data(root, parks=(PARK,))
    shutil.copy(REPO / "indicators.yaml", root / "indicators.yaml")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "data")
    change_so2(data)
    _git(root, "commit", "-q", "-a", "-m", "YL032 SO2")
    return root


def test_git_revisions(repo):
    r = _parkaudit(repo, "diff", "HEAD~1", "HEAD")
    assert r.returncode == 0, r.stderr
    md = r.stdout
    assert md.startswith("## 审核结果变化 (Changes in audit terms)\n")
    assert "### 嵩明杨林经济技术开发区 (yanglin-etdz) · 2025" in md
    assert "[so2\\_intensity] | kg/万元 | 0.031 → 0.473 | park\\_cp: I 级 (I) → II 级 (II) |" in md
    assert "| 新增 (added) | 云南骋桓食品有限公司 [YL032] |" in md
    assert "· 2024" not in md and "· 2023" not in md  # earlier cycles did not change
    assert D.NO_CHANGES not in md


def test_git_revisions_without_changes_and_bad_revisions(repo):
    r = _parkaudit(repo, "diff", "HEAD", "main", "--format", "json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["changed"] is False and rep["entries"] == [] and rep["old"]["commit"] == rep["new"]["commit"]
    r = _parkaudit(repo, "diff", "HEAD", "no-such-branch")
    assert r.returncode == 2 and "no-such-branch" in r.stderr and "unknown git revision" in r.stderr
