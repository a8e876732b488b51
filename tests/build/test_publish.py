"""parkaudit publish into a throwaway git repository: one version per cycle, earlier versions
byte-for-byte unchanged, the newest is the default, re-publishing needs an erratum note."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from ..sitebuild import Server, copy_project


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def tree(repo, path):
    """{file: blob id} of a folder on gh-pages."""
    out = git(repo, "ls-tree", "-r", "gh-pages", "--", path)
    return dict((line.split("\t")[1], line.split()[2]) for line in out.splitlines())


def publish(repo, *args):
    return subprocess.run([sys.executable, "-m", "generator", "publish", "--repo", str(repo), *args], cwd=repo, capture_output=True, text=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("publish"))
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", ".")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "data")
    git(project, "config", "user.name", "ParkAudit test")
    git(project, "config", "user.email", "test@example.invalid")
    return project


def test_three_cycles_published_in_turn_leave_earlier_ones_unchanged(repo):
    snapshots = {}
    for cycle in ("2023", "2024", "2025"):
        proc = publish(repo, cycle)
        assert proc.returncode == 0, proc.stderr
        for earlier, files in snapshots.items():
            assert tree(repo, earlier) == files, f"publishing {cycle} changed {earlier}"
        snapshots[cycle] = tree(repo, cycle)
        assert any(name.endswith("reports/anning-ip/index.html") for name in snapshots[cycle])
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert sorted(v["version"] for v in versions) == ["2023", "2024", "2025"]
    assert next(v for v in versions if v["version"] == "2025")["aliases"] == ["latest"]
    assert "latest" in git(repo, "show", "gh-pages:index.html")
    # each version shows its own cycle, and only the history up to it
    page_2023 = git(repo, "show", "gh-pages:2023/reports/anning-ip/index.html")
    assert "审核年度 <strong>2023</strong>" in page_2023 and "2025" not in page_2023.split("审核年度", 1)[1].split("</p>", 1)[0]
    assert "审核年度 <strong>2025</strong>" in git(repo, "show", "gh-pages:2025/reports/anning-ip/index.html")
    # every version carries the version selector (mike provider) and the superseded-cycle notice
    for cycle in ("2023", "2024", "2025"):
        html = git(repo, "show", f"gh-pages:{cycle}/reports/anning-ip/index.html")
        assert '"version": {"default": "latest", "provider": "mike"}' in html
        assert "查看最新审核周期" in html
        # and the script that keeps the page when the reader switches cycle (only published sites have it)
        assert "assets/javascripts/versions.js" in html


def test_republishing_needs_an_erratum_and_is_recorded(repo):
    before_2023 = tree(repo, "2023")
    before_2025 = tree(repo, "2025")
    refused = publish(repo, "2024")
    assert refused.returncode == 1 and "--erratum" in refused.stderr
    done = publish(repo, "2024", "--erratum", "更正 <安宁> 某企业二氧化硫排放量")
    assert done.returncode == 0, done.stderr
    page = git(repo, "show", "gh-pages:2024/reports/anning-ip/index.html")
    assert "更正记录" in page and "更正 &lt;安宁&gt; 某企业二氧化硫排放量" in page
    assert re.search(r'data-md-component="announce">\s*<aside class="md-banner">', page), "the erratum is a banner"
    # a cycle without errata has no banner at all (an empty one is a dark strip above the header)
    assert re.search(r'data-md-component="announce">\s*</div>', git(repo, "show", "gh-pages:2023/reports/anning-ip/index.html"))
    assert json.loads(git(repo, "show", "gh-pages:2024/parkaudit-errata.json"))[0]["note"] == "更正 <安宁> 某企业二氧化硫排放量"
    assert tree(repo, "2023") == before_2023 and tree(repo, "2025") == before_2025
    assert "Erratum for cycle 2024" in git(repo, "log", "-1", "--format=%s", "gh-pages")


def test_unknown_cycle_is_refused(repo):
    proc = publish(repo, "2031")
    assert proc.returncode == 1 and "2031" in proc.stderr
    assert publish(repo, "20x5").returncode == 2


def test_the_root_redirect_page_is_chinese(repo):
    page = git(repo, "show", "gh-pages:index.html")
    assert '<html lang="zh">' in page
    assert re.search(r"<p>[^<]*[\u4e00-\u9fff]{6,}", page), page  # a Chinese sentence, not mike's "Redirecting to"
    assert 'href="latest/"' in page and "Redirecting" not in page


def _served_site(repo, dest):
    """The gh-pages branch as a web server serves it (mike's `latest` is a symlink)."""
    dest.mkdir()
    subprocess.run(f"git archive gh-pages | tar -x -C '{dest}'", shell=True, cwd=repo, check=True)
    return dest


def test_switching_cycle_keeps_the_page(repo, browser, tmp_path):
    site = _served_site(repo, tmp_path / "pages")
    # a page that 2023 does not have: switching to 2023 from it lands on 2023's home page
    (site / "2023" / "reports" / "anning-ip" / "measures.html").unlink()
    with Server(site) as server:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        try:
            def choose(start, version):
                page.goto(f"{server.url}/{start}")
                page.wait_for_selector(".md-version__link", state="attached")
                with page.expect_navigation():
                    # the selector's list opens on hover; a click on the link is what a reader does
                    page.locator(".md-version__link", has_text=f"{version} 年度").first.evaluate("a => a.click()")
                page.wait_for_load_state()
                return page.url.removeprefix(server.url + "/")

            assert choose("2025/reports/anning-ip/indicators.html", "2024") == "2024/reports/anning-ip/indicators.html"
            assert choose("2024/reports/qujing-etdz/data.html", "2025") == "2025/reports/qujing-etdz/data.html"
            assert choose("2025/reports/anning-ip/measures.html", "2023") == "2023/"
            # the notice on a superseded cycle leads to the same page in the newest cycle
            page.goto(f"{server.url}/2023/reports/anning-ip/key-enterprises.html")
            with page.expect_navigation():
                page.locator("a.pa-newer-cycle").click()
            page.wait_for_load_state()
            assert page.url == f"{server.url}/2025/reports/anning-ip/key-enterprises.html"
        finally:
            page.close()
