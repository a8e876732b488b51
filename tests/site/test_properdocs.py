"""The site is portable to ProperDocs (the MkDocs fork that runs Material and plugins unchanged):
`properdocs build` of the demo gives the same files, byte for byte, as `parkaudit build` (MkDocs),
but for the generator tag, which names the engine. Material for MkDocs reaches its end of life in
2027; this keeps a second engine proven."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.build import tree_bytes
from generator.site import SITE_MARKER, source_date_epoch

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site(demo_build, tmp_path):
    properdocs = shutil.which("properdocs", path=os.path.dirname(sys.executable))
    if properdocs is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs properdocs (requirements.lock)")
        pytest.skip("properdocs not installed (run ./scripts/test)")
    project = demo_build.project
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKAUDIT_SITE_")}
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
    subprocess.run([properdocs, "build", "--quiet", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "pd")],
                   cwd=project, env=env, check=True, capture_output=True)
    ours, theirs = tree_bytes(project / "site"), tree_bytes(tmp_path / "pd")
    assert ours.pop(SITE_MARKER)
    assert len(theirs) > 30 and sorted(theirs) == sorted(ours)
    tags = {m for data in theirs.values() for m in GENERATOR_TAG.findall(data)}
    assert tags and all(b"ProperDocs" in t for t in tags), tags  # it really was ProperDocs
    differ = [name for name in ours if GENERATOR_TAG.sub(b"", ours[name]) != GENERATOR_TAG.sub(b"", theirs[name])]
    assert differ == []
