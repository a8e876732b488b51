"""The data page speaks to readers: each table is downloaded as "Excel" or "CSV" by what it holds;
file names, the package descriptor, score.json and the checksums are in a closed technical note,
whose checksums `sha256sum -c` accepts for the files the page links to."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from .test_methodology_words import public_part

PARKS = ("anning-ip", "yanglin-etdz")


@pytest.mark.parametrize("park", PARKS)
def test_the_public_part_of_the_data_page_names_no_files_and_no_hashes(demo_build, park):
    page = (demo_build.project / "docs" / "reports" / park / "data.md").read_text(encoding="utf-8")
    public = public_part(page.split("-->", 1)[1])
    visible = re.sub(r"<[^>]+>", " ", public)
    assert "<code>" not in public
    for word in ("SHA-256", "Frictionless", "score.json", "datapackage", ".csv", ".json"):
        assert word not in visible, word
    assert not re.search(r"\b[0-9a-f]{16,}\b", visible)
    assert visible.count("下载 CSV") >= 9 and visible.count("下载 Excel 表格") >= 9
    assert '<details class="pa-tech"' in page and '<details class="pa-tech" open' not in page


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils' sha256sum is not installed")
@pytest.mark.parametrize("park", PARKS)
def test_the_checksums_in_the_technical_note_are_those_of_the_linked_files(demo_build, park, tmp_path):
    folder = demo_build.project / "docs" / "reports" / park
    page = (folder / "data.md").read_text(encoding="utf-8")
    note = re.search(r'<details class="pa-tech".*?</details>', page, flags=re.S).group(0)
    sums = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", note, flags=re.S).group(1))
    listed = [line.split("  ", 1)[1] for line in sums.splitlines()]
    linked = re.findall(r'<a href="downloads/data/([^"]+\.csv)" download>下载 CSV</a>', page)
    assert listed == linked and len(listed) >= 9
    for name in listed:
        shutil.copy(folder / "downloads" / "data" / name, tmp_path / name)
    (tmp_path / "SHA256SUMS").write_text(sums, encoding="utf-8")
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (tmp_path / listed[0]).write_bytes((tmp_path / listed[0]).read_bytes() + b"\n")  # a changed file fails the check
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True).returncode == 1
