"""What park staff use to prepare data: the Excel workbook generated from the schemas and its
importer, the import of the reports enterprises already file, new audit cycles, and the schema
copies in every descriptor brought up to date."""

from generator.authoring.finalise import FinaliseError, finalise
from generator.authoring.importer import ImportError_, ImportResult, import_workbook
from generator.authoring.labels import MapError
from generator.authoring.permit_reports import ReportImport, format_report_import, import_reports
from generator.authoring.report_samples import write_samples
from generator.authoring.scaffold import ENTERPRISE_YEARLY, FACILITIES_YEARLY, PARK_YEARLY, ScaffoldError, new_cycle
from generator.authoring.sheet_findings import SheetFinding, format_findings
from generator.authoring.sync_schemas import SchemaSync, update_schema_copies
from generator.authoring.workbook import TemplateError, make_template, template_bytes
