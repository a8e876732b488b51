"""The one place that runs the stages in order: validate → score → render → site, per park in
worker processes, with build state for incremental builds, staging and publishing of outputs."""

from generator.build.pipeline import BuildError, BuildSummary, PagesWritten, build, render_pages, score_and_render, stale_outputs, tree_bytes
from generator.build.publish import PublishError, publish
from generator.build.reports import save_reports
from generator.build.transaction import BuildLocked, recover
