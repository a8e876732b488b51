"""The site stage, and the only one that knows the site engine (MkDocs + Material, mike)."""

from generator.site.mkdocs import SITE_MARKER, STAGING_PREFIX, SiteBuildError, StagedSite, build_site, discard, source_date_epoch, stage_site, start_site, state_path
