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

from generator.core import SyncReport, UndoJournal, sync_tree


class ParkPagesWriter:
    """`writer(output)`, for core.map_parks' `each`: writes the park's pages (park_job.ParkOutput)
    into its folder under `reports` (making the folder hold exactly them) and returns the output
    without them. Remembers how each park's folder met its pages, for `counted`."""

    def __init__(self, reports: Path, journal: UndoJournal | None):
        self.reports, self.journal = Path(reports), journal
        self.synced: dict[str, SyncReport] = {}  # park → its sync_tree report, paths under docs/reports/
        self.pages: dict[str, int] = {}  # park → its pages (.md)
        self.failed = False

    @property
    def parks(self) -> set[str]:
        return set(self.synced)

    def __call__(self, out):
        self.failed = self.failed or out.has_errors
        if self.failed or not out.pages:  # only validated, or no cycle shown: the last step decides
            return out
        park = out.park_id
        synced = sync_tree(self.reports / park, out.pages, journal=self.journal)
        self.synced[park] = SyncReport([f"{park}/{rel}" for rel in synced.written], synced.unchanged,
                                       [f"{park}/{rel}" for rel in synced.removed])
        self.pages[park] = sum(1 for name in out.pages if name.endswith(".md"))
        out.pages = {}  # written: not kept here until the last park is done
        return out

    def counted(self, synced: SyncReport, files: dict, standing: set[str]) -> SyncReport:
        """The report of the whole of docs/reports/: `synced`, render's sync of its `files` (the
        folders of the `standing` parks, written here, left alone), with what was written here.
        A park made again by render was written here too: its files written here count as written."""
        here = {f for s in self.synced.values() for f in s.written}
        written = set(synced.written) | here
        unchanged = sum(1 for f in files if f not in written) + sum(self.synced[p].unchanged for p in standing)
        removed = set(synced.removed) | {f for s in self.synced.values() for f in s.removed}
        return SyncReport(sorted(written), unchanged, sorted(removed))
