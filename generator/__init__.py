"""ParkAudit: docs-as-code publishing of industrial-park cleaner-production audits."""

__version__ = "0.1.0"
