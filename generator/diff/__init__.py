"""The diff stage: what changed, in audit terms, between two scored park-cycles (compare), said in
Markdown (markdown)."""

from generator.diff.compare import diff_results, has_changes, headline, one_sided, report
from generator.diff.markdown import NO_CHANGES, report_to_markdown, to_markdown
