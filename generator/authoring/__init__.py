"""What park staff use to prepare data: the Excel template and its importer, new audit cycles, and
the schema copies in every descriptor brought up to date."""

from generator.authoring.excel import ImportError_, import_workbook, make_template
from generator.authoring.finalise import FinaliseError, finalise
from generator.authoring.scaffold import ENTERPRISE_YEARLY, FACILITIES_YEARLY, PARK_YEARLY, ScaffoldError, new_cycle
from generator.authoring.sync_schemas import SchemaSync, update_schema_copies
