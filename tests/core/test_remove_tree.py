"""core.remove_tree: shutil.rmtree(ignore_errors=True) over several threads; it removes the whole
tree it is given and nothing a symbolic link in it (or the path itself, when a link) points at."""

from __future__ import annotations

import os
from pathlib import Path

from generator.core import remove_tree
from generator.core import files as core_files


def _tree(root: Path, folders: int, files: int) -> int:
    """A site-like tree: most files two levels down under reports/, a few at each level above."""
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("home", encoding="utf-8")
    (root / "assets" / "app.js").write_text("js", encoding="utf-8")
    made = 2
    for i in range(folders):
        park = root / "reports" / f"park-{i:03}" / "2025"
        park.mkdir(parents=True)
        (root / "reports" / f"park-{i:03}" / "index.html").write_text(str(i), encoding="utf-8")
        made += 1
        for j in range(files):
            (park / f"page-{j}.html").write_bytes(b"x" * j)
            made += 1
    return made


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    (outside / "deep" / "keep.txt").write_text("keep", encoding="utf-8")
    return outside


def test_a_tree_split_over_threads_is_removed_whole(tmp_path, monkeypatch):
    root = tmp_path / "site"
    assert _tree(root, folders=80, files=5) > 400
    parts = []
    real = core_files._rmtree_at
    monkeypatch.setattr(core_files, "_rmtree_at", lambda part: (parts.append(part[1]), real(part)))
    remove_tree(root)
    assert not os.path.lexists(root)
    assert len(parts) >= 64  # it was split (reports/ alone would be one part)
    assert sorted(parts)[:2] == ["park-000", "park-001"]  # the parks' folders, two levels down


def test_links_in_the_tree_are_removed_not_followed(tmp_path):
    outside = _outside(tmp_path)
    root = tmp_path / "site"
    _tree(root, folders=70, files=1)
    os.symlink(outside, root / "linked-folder")
    os.symlink(outside, root / "reports" / "park-001" / "linked-folder")
    os.symlink(outside / "keep.txt", root / "assets" / "linked-file")
    remove_tree(root)
    assert not os.path.lexists(root)
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == ["deep", "deep/keep.txt", "keep.txt"]


def test_a_path_that_is_a_link_or_missing_removes_nothing(tmp_path):
    outside = _outside(tmp_path)
    link = tmp_path / "site"
    os.symlink(outside, link)
    remove_tree(link)
    remove_tree(tmp_path / "missing")
    assert os.path.islink(link)
    assert (outside / "deep" / "keep.txt").read_text(encoding="utf-8") == "keep"


def test_a_folder_swapped_for_a_link_while_it_is_removed_is_not_followed(tmp_path, monkeypatch):
    """Just before the top folder, or one below it, is listed, it becomes a link to a folder
    outside: what the link points at stays whole (the tree is worked on through the handles of
    the folders opened, never by their names again)."""
    real_scandir = os.scandir
    for swapped in ("", "reports"):
        outside = _outside(tmp_path / f"outside-{swapped or 'top'}")
        root = tmp_path / f"site-{swapped or 'top'}"
        _tree(root, folders=3, files=2)  # few folders: split two levels down
        victim_path = root / swapped if swapped else root
        moved = tmp_path / f"moved-{swapped or 'top'}"
        done = []

        def swapping_scandir(arg=".", victim_path=victim_path, moved=moved, outside=outside, done=done):
            listed = os.readlink(f"/proc/self/fd/{arg}") if isinstance(arg, int) else os.fspath(arg)
            if listed == str(victim_path) and not done:
                done.append(listed)
                os.rename(victim_path, moved)
                os.symlink(outside, victim_path)
            return real_scandir(arg)

        monkeypatch.setattr(os, "scandir", swapping_scandir)
        remove_tree(root)
        monkeypatch.setattr(os, "scandir", real_scandir)
        assert done, swapped
        assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == ["deep", "deep/keep.txt", "keep.txt"], swapped
