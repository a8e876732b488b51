"""The site stage: mkdocs build into a temporary folder, then swap it into place.

This is the only module that knows about MkDocs; everything before it works without it. A failed
build leaves the previous site untouched. SOURCE_DATE_EPOCH pins the sitemap dates so the same
inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson

from generator.core import CACHE_DIR, QUIET, jobs, link_files, replace_dir
from generator.site.plugin import ENV_LINKED, ENV_PREVIOUS, ENV_PROGRESS, ENV_SHARD, ENV_STATE, ENV_STATE_OUT, GENERATED
from generator.site.search_index import SPLIT_BYTES, index_files, write_index_files

DEFAULT_EPOCH = "1700000000"  # used only when neither the caller nor git gives a date


class SiteBuildError(Exception):
    pass


def source_date_epoch(repo: Path) -> str:
    """The commit time of HEAD, so a rebuild of the same commit gives the same sitemap."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True, text=True, check=True)
        return out.stdout.strip() or DEFAULT_EPOCH
    except (OSError, subprocess.CalledProcessError):
        return DEFAULT_EPOCH


def state_path(repo: Path, out: Path) -> Path:
    """The incremental-build manifest of the site at `out` (one per output folder)."""
    key = hashlib.sha256(str(Path(out).absolute()).encode()).hexdigest()[:16]
    return Path(repo) / CACHE_DIR / f"site-{key}.json"


SITE_MARKER = ".parkaudit-site"  # in every site ParkAudit builds: a later build may replace that folder
STAGING_PREFIX = ".site-build-"


@dataclass
class StagedSite:
    """A site built beside its destination, not yet in place: `folder` becomes `out` and
    `manifest` becomes `state` (the incremental plugin's record of it) when the build commits."""

    folder: Path
    out: Path
    manifest: Path | None
    state: Path

    def reused_share(self) -> float:
        """The share of the site's pages this build linked from the previous site rather than
        built: "reused" of "rebuilt" + "reused", which the plugin (and merge_shards) write near
        the start of the manifest, read from its first bytes (the whole is ~10 MB at 89 parks).
        0 when the manifest does not say."""
        try:
            with open(self.manifest, "rb") as fh:
                head = fh.read(1024)
        except (OSError, TypeError):
            return 0.0
        counts = re.search(rb'"rebuilt":(\d+),"reused":(\d+)', head)
        if counts is None:
            return 0.0
        rebuilt, reused = int(counts.group(1)), int(counts.group(2))
        return reused / (rebuilt + reused) if rebuilt + reused else 0.0


def build_site(repo: Path, out: Path, config: str = "mkdocs.yml", *, incremental: bool = True) -> Path:
    """mkdocs build into `out`, swapped in whole when it has succeeded."""
    staged = stage_site(repo, out, config, incremental=incremental)
    try:
        replace_dir(staged.folder, staged.out)
        if staged.manifest is not None:
            os.replace(staged.manifest, staged.state)
    finally:
        discard(staged)
    return out


def discard(staged: StagedSite) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)
    if staged.manifest is not None:
        staged.manifest.unlink(missing_ok=True)


def stage_site(repo: Path, out: Path, config: str = "mkdocs.yml", *, incremental: bool = True, staging: Path | None = None,
               progress=QUIET) -> StagedSite:
    """mkdocs build into a staging folder beside `out` (or into `staging`, an empty folder there),
    reusing the pages of the site at `out` that did not change; `out` itself is not touched.
    `progress` (core.Progress): shows the pages built so far."""
    return start_site(repo, out, config, incremental=incremental, staging=staging, progress=progress).finish()


def start_site(repo: Path, out: Path, config: str = "mkdocs.yml", *, incremental: bool = True, staging: Path | None = None,
               progress=QUIET, early: bool = False, pages: int | None = None) -> SiteRun:
    """stage_site in two steps: the MkDocs processes start here and build on `finish()`.

    `early`: the pages are not all written yet. An incremental build (a previous site and its
    manifest at `out`) then starts its one MkDocs process now, which loads what does not depend on
    the pages (generator/site/warm_start.py) while the caller renders them. A clean build, whose
    number of processes depends on the pages, starts them now too when the caller says how many
    pages it expects (`pages`: the number decides only how the work is shared, never the output),
    else on `finish()`, counting them. `cancel()` ends the processes without a build."""
    repo, out = Path(repo).resolve(), Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    run = SiteRun(repo, out, config, incremental, staging, progress)
    if not early or run.previous:
        run.start()
    elif pages is not None:
        run.start(shards_for(pages))
    return run


class SiteRun:
    """The MkDocs processes of one site build (start_site)."""

    def __init__(self, repo: Path, out: Path, config: str, incremental: bool, staging: Path | None, progress):
        self.repo, self.out, self.config, self.progress, self.staging = repo, out, config, progress, staging
        self.state = state_path(repo, out)
        self.env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(repo))
        for name in (ENV_PREVIOUS, ENV_STATE, ENV_SHARD, ENV_STATE_OUT, ENV_PROGRESS, ENV_LINKED):
            self.env.pop(name, None)
        self.previous = incremental and out.is_dir() and self.state.is_file()
        if self.previous:
            self.env.update({ENV_PREVIOUS: str(out), ENV_STATE: str(self.state)})
        elif self.state.is_file():
            # a clean build too takes from the last manifest the search entries of the generated pages
            # whose source did not change, and the Chinese word segmentation (a cache: see generator/site/plugin.py)
            self.env[ENV_STATE] = str(self.state)
        self.docs = docs_dir(repo / config)
        self.procs: list[subprocess.Popen] = []
        self.stagings: list[Path] = []
        self.manifests: list[Path] = []
        self.counts: list[Path] = []
        self.listings: list[Path] = []  # where each process lists the generated files it left to us (ENV_LINKED)

    def start(self, shards: int | None = None) -> None:
        """Start the processes (they wait for "go"): one for an incremental build, else `shards`
        (by default as many as the pages under docs/ call for)."""
        shards = 1 if self.previous else shards or _shard_count(self.repo)
        first = Path(self.staging) if self.staging is not None else Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out.parent))
        self.stagings = [first] + [Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out.parent)) for _ in range(shards - 1)]
        self.manifests = [s.with_name(s.name + ".manifest.json") for s in self.stagings]
        self.counts = [s.with_name(s.name + ".progress") for s in self.stagings] if self.progress.enabled else []
        self.listings = [s.with_name(s.name + ".linked") for s in self.stagings]
        try:
            for i, (folder, manifest) in enumerate(zip(self.stagings, self.manifests)):
                shard_env = dict(self.env, **{ENV_STATE_OUT: str(manifest), ENV_LINKED: str(self.listings[i])},
                                 **({ENV_SHARD: f"{i}/{shards}"} if shards > 1 else {}),
                                 **({ENV_PROGRESS: str(self.counts[i])} if self.counts else {}))
                # --dirty: each staging folder starts empty, the plugin decides what is written, and
                # MkDocs does not empty the folder (--clean would) while finish() links files into it
                args = ["build", "--quiet", "-f", str(self.repo / self.config), "-d", str(folder), "--dirty"]
                # started through warm_start, which waits for "go" on its input (SiteRun.finish)
                self.procs.append(subprocess.Popen([sys.executable, "-m", WARM_START] + args, cwd=self.repo, env=shard_env, stdin=subprocess.PIPE,
                                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        except BaseException:
            self.cancel()
            raise

    def finish(self) -> StagedSite:
        """Build (the processes go on), merge the shards, and return the staged site; on any
        failure the staging folders are removed and SiteBuildError (or the error) raised."""
        if not self.procs:
            self.start()
        first = self.stagings[0]
        linked: list[str] = []

        def link_while_mkdocs_runs() -> None:  # while MkDocs builds the pages, on the other core
            linked.extend(generated_files(self.docs))
            link_generated(self.docs, first, linked)

        try:
            outputs = _wait(self.procs, self.counts, self.progress, "go\n", meanwhile=link_while_mkdocs_runs)
            errors = [err for proc, (_out, err) in zip(self.procs, outputs) if proc.returncode != 0]
            if errors:
                raise SiteBuildError("mkdocs build 失败 / failed:\n" + "\n".join(e.strip() for e in errors))
            for listing in self.listings:
                _check_linked(listing, linked)
            if len(self.stagings) > 1:
                merge_shards(self.stagings, self.manifests)
            # readable by a web server running as another user, whatever the umask of mkdtemp (0700)
            os.chmod(first, 0o755)
            (first / SITE_MARKER).write_text('{"generator": "parkaudit"}\n', encoding="utf-8")
        except BaseException:
            self._kill()
            discard(StagedSite(first, self.out, self.manifests[0], self.state))
            raise
        finally:
            self._drop_shards()
        return StagedSite(first, self.out, self.manifests[0] if self.manifests[0].is_file() else None, self.state)

    def cancel(self) -> None:
        """End the processes without a build (they have written nothing before "go") and remove
        what start() made; the caller's own `staging` folder is left to it."""
        self._kill()
        if self.stagings:
            if self.staging is None:
                shutil.rmtree(self.stagings[0], ignore_errors=True)
            self.manifests[0].unlink(missing_ok=True)
        self._drop_shards()

    def _kill(self) -> None:
        """End and reap the processes; once (a failed finish() is followed by the build's cancel())."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        self.procs = []

    def _drop_shards(self) -> None:
        for folder, manifest in zip(self.stagings[1:], self.manifests[1:]):
            shutil.rmtree(folder, ignore_errors=True)
            manifest.unlink(missing_ok=True)
        for count in self.counts + self.listings:
            count.unlink(missing_ok=True)


def docs_dir(config_file: Path) -> Path:
    """The docs_dir of an mkdocs.yml (its default, docs, when it names none), read without MkDocs
    (which the build does not import: it runs in its own processes). Tags such as
    !!python/name: or !ENV are read as nothing: only docs_dir matters here. An unreadable file
    gives the default: MkDocs, reading it next, reports what is wrong with it."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader, tags dropped
    except (OSError, ValueError, yaml.YAMLError):
        config = None  # MkDocs, reading it next, says what is wrong with it
    name = config.get("docs_dir") if isinstance(config, dict) else None
    return Path(config_file).parent / (name if isinstance(name, str) and name else "docs")


# names MkDocs reads as pages (mkdocs.utils.markdown_extensions)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def generated_files(docs: Path) -> list[str]:
    """The files under docs/reports/ that are not pages (the downloads and chart data `parkaudit
    render` writes), by their path in docs/, as MkDocs finds them: linked folders followed, names
    beginning with "." left out (its default exclude_docs). The plugin leaves these to the build
    (plugin.on_files), which checks that MkDocs would have published the same (_check_linked)."""
    root = Path(docs) / GENERATED
    out = []
    for top, folders, names in os.walk(root, followlinks=True):
        folders[:] = [d for d in folders if not d.startswith(".")]
        rel = Path(top).relative_to(docs).as_posix()
        out += [f"{rel}/{n}" for n in names if not n.startswith(".") and not n.lower().endswith(MARKDOWN_SUFFIXES)]
    return sorted(out)


def link_generated(docs: Path, site: Path, uris: list[str]) -> None:
    """Each file hard-linked into the staged site at the same path (a copy, timestamps kept, where
    links cannot be made: another file system). Safe because nothing writes such a file in place:
    render and the build's journal replace files in docs/ by a rename (core/files.py:
    write_if_changed, sync_tree, UndoJournal), which leaves the published inode as it was, and
    nothing writes into a built site (a build stages a new folder). Copying them was the largest
    single cost of a clean site build (~10,000 files, 140 MB at 89 parks)."""
    twice = link_files(str(docs), str(site), uris)
    if twice:
        raise SiteBuildError(f"站点中已有这些文件 / already in the site: {twice[:5]}")


def _check_linked(listing: Path, linked: list[str]) -> None:
    """The generated files MkDocs left to the build (its listing) are the ones the build linked:
    else mkdocs.yml excludes some of them (exclude_docs), or MkDocs finds files differently."""
    try:
        listed = listing.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise SiteBuildError(f"MkDocs 未列出留给构建的文件 / MkDocs did not list the files it left to the build ({listing.name})") from None
    if listed != linked:
        extra, missing = sorted(set(linked) - set(listed)), sorted(set(listed) - set(linked))
        raise SiteBuildError("生成的下载和图表文件与 MkDocs 要发布的不一致（mkdocs.yml 的 exclude_docs 不应排除 reports/ 下的文件）/ "
                             "the generated downloads and chart data differ from what MkDocs would publish (exclude_docs in mkdocs.yml "
                             f"must not leave out files under reports/): linked, not published: {extra[:5]}; published, not linked: {missing[:5]}")


WARM_START = "generator.site.warm_start"


def _wait(procs, counts: list[Path], progress, go: str, meanwhile=None) -> list[tuple[str, str]]:
    """Each process's (stdout, stderr) once all have ended, `go` sent to each, then `meanwhile()`
    called; meanwhile, on a terminal, the pages the MkDocs processes report built (their files in
    `counts`: "built total")."""
    outputs: list = [None] * len(procs)
    for proc in procs:
        try:
            proc.stdin.write(go)
            proc.stdin.flush()  # (communicate closes it)
        except BrokenPipeError:  # it has ended already (an error in mkdocs.yml): communicate reports it
            pass
    if meanwhile is not None:
        meanwhile()
    while any(o is None for o in outputs):
        for i, proc in enumerate(procs):
            if outputs[i] is None:
                try:  # a retried communicate loses no output
                    outputs[i] = proc.communicate(timeout=0.2 if counts else None)
                except subprocess.TimeoutExpired:
                    pass
        if counts:
            built = total = 0
            for count in counts:
                try:
                    b, t = (int(x) for x in count.read_text(encoding="utf-8").split())
                except (OSError, ValueError):  # not written yet, or caught mid-write
                    continue
                built, total = built + b, total + t
            progress.show("构建站点页面 / site pages built", built, total)
    return outputs


# Below this, starting another MkDocs costs more than it saves. Measured 2026-12-02 at 813 pages
# (static files linked, shards hashing only their own files): one process 6.7 CPU-s, two 8.9 (+2.2:
# a second interpreter, theme and jieba's dictionary, and the merge, 0.5). On an idle 2-core
# machine two halve the ~5 CPU-s that scale with the pages, so they win on wall time from ~200
# pages; on a loaded one (load 12, both measurements) one process was faster. Kept at 300.
SHARD_MIN_PAGES = 300


def shards_for(pages: int) -> int:
    """A clean build of a large site runs one MkDocs per core, each building a share of the pages."""
    return max(1, min(jobs(), pages // SHARD_MIN_PAGES))


def _shard_count(repo: Path) -> int:
    return shards_for(sum(1 for _ in (repo / "docs").rglob("*.md")))


def _move_missing(source: Path, target: Path) -> None:
    """Move into `target` what `source` holds and `target` lacks. A folder that `target` lacks
    moves whole, in one rename: a shard's parks are folders the other shards do not have, so a
    national build's second shard moves ~1,300 folders rather than each of its ~11,500 pages
    (this runs after MkDocs, with a core idle). A file that `target` has stays where it is
    (404.html and the sitemaps: every shard writes the same)."""
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            there = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                if not os.path.lexists(there):
                    os.replace(entry.path, there)
                elif there.is_dir():
                    _move_missing(Path(entry.path), there)
            elif entry.is_file() and not there.exists():
                os.replace(entry.path, there)


def merge_shards(stagings: list[Path], manifests: list[Path]) -> None:
    """Move every shard's files into the first staging folder and write the one search index and
    manifest of the whole site, as a single MkDocs run would have written them."""
    base = stagings[0]
    missing = [m.name for m in manifests if not m.is_file()]
    if missing:  # the search index is assembled from them: without one it would lack pages
        raise SiteBuildError(f"MkDocs 分片未写出清单 / a MkDocs shard wrote no manifest: {', '.join(missing)}")
    docs = [orjson.loads(m.read_bytes()) for m in manifests]
    for staging in stagings[1:]:
        _move_missing(staging, base)
    merged = dict(docs[0], files={})
    for doc in docs:
        merged["files"].update(doc["files"])
    merged["files"] = dict(sorted(merged["files"].items()))
    merged["rebuilt"], merged["reused"] = sum(d["rebuilt"] for d in docs), sum(d["reused"] for d in docs)
    runs = {k: v for doc in docs for k, v in doc.get("segments", {}).get("runs", {}).items()}
    merged["segments"] = dict(docs[0].get("segments", {}), runs=dict(sorted(runs.items())))
    index_path = base / "search" / "search_index.json"
    if index_path.is_file():
        # as the plugin writes it (generator/site/search_index.py: Material's format, UTF-8)
        index = json.loads(index_path.read_text(encoding="utf-8"))
        # (the shards wrote only the configuration: plugin.generate_index)
        entries = [e for uri in merged["page_order"] for e in merged["files"].get(uri, {}).get("search", [])]
        filters: dict[str, dict] = {}
        write_index_files(index_path.parent, index_files(index["config"], entries, merged.get("search_split_bytes", SPLIT_BYTES), filters))
        merged["shard_filters"] = filters
    manifests[0].write_bytes(orjson.dumps(merged))  # as the plugin writes it
