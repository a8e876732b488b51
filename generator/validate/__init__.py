"""The validate stage: is a park package fit to be scored and published? Findings are data: a
stable code, where it is (file, row, field) and a message in Chinese and English."""

from generator.validate._shared import SharedData
from generator.validate.findings import CATALOGUE, ERROR, WARNING, Finding, Rule
from generator.validate.rules import ACROSS_PARKS, EnterpriseIds, check_across_parks
from generator.validate.stage import Report, UsageError, display_path, package_enterprise_ids, resolve_targets, validate_package, validate_paths
from generator.validate.uscc import check_character
