"""Each park's pages written under docs/reports/<park>/ as soon as its worker hands them over.

Why: the build used to keep every park's pages and downloads in this process until the last park
was done, then write them all, alone, while both cores waited. At 2,543 parks that was ~4 GB held
(most of the build's 5 GiB peak) and a minute of writing after the workers had finished. Written
as they come, the writing overlaps the workers' work and each park's files are let go at once.

Nothing is lost in safety: every write goes through the build's undo journal, as the other page
writes do, so a build that fails later (a park with an error, a rule across parks, the site) puts
the pages back as they were, and a killed one is rolled back by the next command. Once a park with
an error comes in, nothing more is written: the build will not be published.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import UndoJournal, sync_tree


class ParkPagesWriter:
    """`writer(output)`, for core.map_parks' `each`: writes the park's pages (park_job.ParkOutput)
    into its folder under `reports` (making the folder hold exactly them) and returns the output
    without them. Remembers, per park, what it wrote, for render_pages to count."""

    def __init__(self, reports: Path, journal: UndoJournal | None):
        self.reports, self.journal = Path(reports), journal
        self.written: dict[str, list[str]] = {}  # park → the files written (paths under docs/reports/)
        self.unchanged: dict[str, int] = {}  # park → files found as they were
        self.removed: dict[str, list[str]] = {}  # park → the files removed (no longer made)
        self.pages: dict[str, int] = {}  # park → its pages (.md)
        self.failed = False

    @property
    def parks(self) -> set[str]:
        return set(self.written)

    def __call__(self, out):
        if out.findings and out.has_errors:
            self.failed = True
        if self.failed or not out.pages:  # only validated, or no cycle shown: the last step decides
            return out
        park = out.park_id
        synced = sync_tree(self.reports / park, out.pages, journal=self.journal)
        self.written[park] = [f"{park}/{rel}" for rel in synced.written]
        self.removed[park] = [f"{park}/{rel}" for rel in synced.removed]
        self.unchanged[park] = synced.unchanged
        self.pages[park] = sum(1 for name in out.pages if name.endswith(".md"))
        out.pages = {}  # written: not kept here until the last park is done
        return out
