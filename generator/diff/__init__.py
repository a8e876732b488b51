"""The diff stage: what changed, in audit terms, between two scored park-cycles (compare), said in
Markdown (markdown), for two audit cycles or two git revisions (sources)."""

from generator.diff.compare import diff_results, has_changes, headline, one_sided, report
from generator.diff.markdown import NO_CHANGES, report_to_markdown, to_markdown
from generator.diff.sources import DiffUsageError, Side, compare_cycles, compare_revisions, compare_snapshots, diff_report, snapshot_park
