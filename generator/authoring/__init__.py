"""What park staff use to prepare data: the Excel template and its importer, and new audit cycles."""

from generator.authoring.excel import ImportError_, import_workbook, make_template
from generator.authoring.scaffold import ENTERPRISE_YEARLY, FACILITIES_YEARLY, PARK_YEARLY, ScaffoldError, new_cycle
