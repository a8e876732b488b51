"""Publish one audit cycle as one version of the site, with mike, on a git branch (gh-pages).

Each cycle is a folder of its own on the branch; publishing cycle N+1 adds a folder, moves the
`latest` alias and rewrites versions.json, and does not touch a byte of cycle N's folder.
Publishing a cycle again is an erratum: it needs an explicit note, which is kept on the branch
(<cycle>/parkaudit-errata.json) and shown on every page of that version.

The site of a cycle is built from a staging copy of the docs with the pages rendered for that
cycle (each park's results up to that cycle), so the working tree is not changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import yaml

from generator.build.pipeline import BuildError, score_and_render, warnings_by_package
from generator.build.reports import make_reports, reports_wanted, write_reports
from generator.render import shown_cycles
from generator.report import REPORTS_DIR, MetadataError, MissingFont, choose_fonts
from generator.site import source_date_epoch

ERRATA_FILE = "parkaudit-errata.json"
LATEST = "latest"
# mike has no `python -m mike`; call its console entry point with this interpreter
MIKE = [sys.executable, "-c", "import sys; from mike.driver import main; sys.argv[0] = 'mike'; sys.exit(main())"]


# The page mike writes at the site's root (and for redirecting aliases), in Chinese: mike's own is English.
# mike fills in {{href}} (a relative path such as "latest/").
REDIRECT_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>正在打开最新审核周期</title>
  <noscript>
    <meta http-equiv="refresh" content="1; url={{href}}">
  </noscript>
  <script>
    window.location.replace("{{href}}" + window.location.search + window.location.hash);
  </script>
</head>
<body>
  <p>正在打开最新审核周期的公示页面。如果没有自动跳转，请点击：<a href="{{href}}">产业园区清洁生产审核公示（最新审核周期）</a>。</p>
</body>
</html>
"""


class PublishError(Exception):
    pass


def _git(repo: Path, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def published_versions(repo: Path, branch: str) -> list[dict]:
    proc = _git(repo, "show", f"{branch}:versions.json", check=False)
    return json.loads(proc.stdout) if proc.returncode == 0 else []


def _previous_errata(repo: Path, branch: str, cycle: str) -> list[dict]:
    proc = _git(repo, "show", f"{branch}:{cycle}/{ERRATA_FILE}", check=False)
    return json.loads(proc.stdout) if proc.returncode == 0 else []


def publish(repo: Path, cycle: str, *, erratum: str | None = None, branch: str = "gh-pages", push: bool = False,
            remote: str = "origin") -> dict:
    from generator.build.pipeline import final_refs
    from generator.validate import validate_paths

    repo = Path(repo).resolve()
    try:
        refs, _drafts = final_refs(repo / "data", cycle)  # draft cycles are never published
    except BuildError as exc:
        raise PublishError(str(exc)) from None
    versions = published_versions(repo, branch)
    already = any(v["version"] == cycle for v in versions)
    if already and not erratum:
        raise PublishError(f"{cycle} 年度已发布；重新发布须用 --erratum 说明更正内容 / cycle {cycle} is already published; "
                           "re-publishing needs --erratum with a note saying what was corrected")
    if erratum and not already:
        raise PublishError(f"{cycle} 年度尚未发布，无需更正 / cycle {cycle} has not been published, so there is nothing to correct")

    dirty = _git(repo, "status", "--porcelain", "--", "data", "indicators.yaml", "docs", "overrides", "mkdocs.yml", check=False).stdout.strip()
    if dirty:
        raise PublishError("工作区有未提交的改动，发布的站点将对应不到任何提交；请先提交 / uncommitted changes: a published site must "
                           "match a commit; commit first:\n" + dirty)
    # a later cycle, draft or final, does not block publishing this one
    refs = [r for r in refs if r.cycle <= cycle]
    report = validate_paths([r.folder for r in refs])
    if report.has_errors:
        raise BuildError("数据校验未通过，未发布 / validation failed, nothing published", report)
    epoch = source_date_epoch(repo)
    errata = _previous_errata(repo, branch, cycle) if already else []
    if erratum:
        errata.append({"date": datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d"), "note": erratum})

    with tempfile.TemporaryDirectory(prefix="parkaudit-publish-") as tmp:
        stage = Path(tmp)
        shutil.copytree(repo / "docs", stage / "docs", ignore=shutil.ignore_patterns("reports", "vendor", REPORTS_DIR))
        if (repo / "overrides").is_dir():
            shutil.copytree(repo / "overrides", stage / "overrides")
        score_and_render(repo, refs, report, results_root=stage / "results", docs_dir=stage / "docs", cycle=cycle)
        if reports_wanted(None, True):  # the audit reports of this version, as its pages link to them
            try:
                made = make_reports(shown_cycles(stage / "results", cycle), stage / "results", repo / "data",
                                    warnings_by_package(report, refs), choose_fonts())
            except (MissingFont, MetadataError) as exc:
                raise PublishError(str(exc)) from None
            write_reports(stage / "docs", made)
        if errata:
            (stage / "docs" / ERRATA_FILE).write_text(json.dumps(errata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        mk = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
        mk["docs_dir"] = str(stage / "docs")
        if mk.get("theme", {}).get("custom_dir"):
            mk["theme"]["custom_dir"] = str(stage / "overrides")
        mk.setdefault("extra", {})["version"] = {"provider": "mike", "default": LATEST}
        mk["extra"]["parkaudit_errata"] = errata
        mk["site_name"] = f"{mk.get('site_name', 'ParkAudit')}（{cycle} 年度）"
        config_file = stage / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(mk, allow_unicode=True, sort_keys=False), encoding="utf-8")
        redirect = stage / "redirect.html"
        redirect.write_text(REDIRECT_TEMPLATE, encoding="utf-8")

        newest = max([cycle] + [v["version"] for v in versions if v["version"].isdigit()])
        aliases = [LATEST] if cycle == newest else []
        message = (f"Erratum for cycle {cycle}: {erratum}" if erratum else f"Publish audit cycle {cycle}")
        cmd = [*MIKE, "deploy", "--config-file", str(config_file), "--branch", branch, "--remote", remote,
               "--message", message, "--title", f"{cycle} 年度", "--template", str(redirect)]
        if aliases:
            cmd.append("--update-aliases")
        if push:
            cmd.append("--push")
        cmd += [cycle, *aliases]
        # mike runs `mkdocs` from PATH: make it the one installed beside this interpreter
        env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PublishError(f"mike deploy 失败 / failed:\n{proc.stderr.strip()}")
        if aliases:
            cmd = [*MIKE, "set-default", "--config-file", str(config_file), "--branch", branch, "--remote", remote,
                   "--message", f"Default to the latest cycle ({cycle})", "--template", str(redirect)]
            if push:
                cmd.append("--push")
            proc = subprocess.run(cmd + [LATEST], cwd=repo, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise PublishError(f"mike set-default 失败 / failed:\n{proc.stderr.strip()}")
    return {"cycle": cycle, "aliases": aliases, "erratum": erratum, "versions": [v["version"] for v in published_versions(repo, branch)]}
