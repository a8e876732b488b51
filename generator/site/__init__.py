"""The site stage, and the only one that knows the site engine (MkDocs + Material, mike)."""

from generator.site.mkdocs import SiteBuildError, build_site, source_date_epoch
