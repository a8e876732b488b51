"""The render stage: scored results → Markdown pages, chart specs and downloads (as bytes; writing
them is generator/build's)."""

from generator.render.stage import (
    REPORTS,
    VENDOR_BUNDLE,
    ParkResults,
    RenderResult,
    available_cycles,
    latest_cycle,
    park_pages,
    render,
    shown_cycles,
    vega_bundle,
    vega_bundle_stamp,
)
from generator.render.format import DIRECTION_ZH, STATE_ZH, fmt, pct
