"""The report stage: a park's published results → the formal audit report (A4 PDF and an
editable .docx from the same document model), structured by the seven stages of the park audit
guideline. Returns bytes; writing them is generator/build's (and `parkaudit report`'s)."""

from generator.report.fonts import FontChoice, MissingFont, choose_fonts
from generator.report.inputs import StaleResults
from generator.report.metadata import AuditMetadata, MetadataError, audit_metadata
from generator.report.stage import FORMATS, REPORTS_DIR, park_report, report_name
