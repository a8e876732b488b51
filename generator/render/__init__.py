"""The render stage: scored results → pages (their HTML, in .md files for the site engine), chart
specs and downloads (as bytes; writing them is generator/build's)."""

from generator.render.stage import (
    REPORTS,
    VENDOR_BUNDLE,
    ParkResults,
    RenderResult,
    available_cycles,
    keep_compiled_templates,
    latest_cycle,
    park_pages,
    render,
    shown_cycles,
    vega_bundle,
    vega_bundle_stamp,
)
from generator.render.pages import park_nav
from generator.render.format import DIRECTION_ZH, STATE_ZH, fmt, pct, requirement_zh, unit_text, unit_zh
from generator.render.compliance import compliance_groups, compliance_label, compliance_rows, compliance_summary, indicators_without_value
from generator.render.effects import LEVEL_ZH as MEASURE_LEVEL_ZH
from generator.render.effects import STATUS_COLOURS as MEASURE_STATUS_COLOURS
from generator.render.effects import STATUS_ORDER as MEASURE_STATUS_ORDER
from generator.render.effects import amount as substance_amount
from generator.render.effects import effects_sentence, substance_label, substance_unit
from generator.render.effects import payback as payback_text
from generator.render.effects import payback_lines
from generator.render.effects import rate as achievement_rate
from generator.render.grade_verdict import checks as grade_check_lines
from generator.render.grade_verdict import lower_levels_note
from generator.render.industry import division_heading
from generator.render.model import graded as graded_system
from generator.render.charts import add_shapes as add_chart_shapes
from generator.render.charts import shape_keys as chart_shape_keys
from generator.render.charts import shapes_since as chart_shapes_since
