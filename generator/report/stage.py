"""The report stage: a park's published results → its audit report as PDF and .docx (bytes).

Load (inputs.py: results/<park>/<cycle>/score.json and earlier cycles, the data package, the
validation warnings the caller passes) → the document model (document.py) → two writers that only
lay it out (pdf.py through html.py, docx.py). Nothing is written here: generator/build puts the
files under docs/audit-reports/ with the rest of a build, and `parkaudit report` writes them where
it is told. The fonts are checked first (fonts.py): no CJK font, no report.
"""

from __future__ import annotations

from pathlib import Path

from generator.report.document import build_document
from generator.report.docx import to_docx
from generator.report.fonts import FontChoice, choose_fonts
from generator.report.inputs import load_input
from generator.report.pdf import to_pdf

REPORTS_DIR = "audit-reports"  # under docs/: the site publishes the files beside the pages that link to them
FORMATS = ("pdf", "docx")


def report_name(park_id: str, cycle: str, fmt: str) -> str:
    """The file name of a report, as the park pages link to it: <park>/<park>-<cycle>.<fmt>."""
    return f"{park_id}/{park_id}-{cycle}.{fmt}"


def park_report(park_id: str, cycle: str, results_root: Path, data_root: Path, warnings: list[dict], *,
                fonts: FontChoice | None = None, formats=FORMATS) -> dict[str, bytes]:
    """{report_name(...): bytes} for each of `formats`. `warnings`: the package's validation
    warnings (Finding.to_dict()), which the caller found (this stage does not validate)."""
    fonts = fonts or choose_fonts()
    document = build_document(load_input(park_id, cycle, Path(results_root), Path(data_root), warnings))
    writers = {"pdf": to_pdf, "docx": to_docx}
    return {report_name(park_id, cycle, fmt): writers[fmt](document, fonts) for fmt in formats}
