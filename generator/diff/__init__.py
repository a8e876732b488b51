"""The diff stage: what changed, in audit terms, between two scored park-cycles."""

from generator.diff.compare import diff_results, has_changes, headline, one_sided, report, report_to_markdown, to_markdown
