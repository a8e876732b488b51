"""The PDF: the document's HTML (html.py) laid out on A4 by WeasyPrint (paged media: running
headers, "page X / Y" footers, a table of contents with target-counter page numbers, table
headers repeated after a page break), fonts embedded as subsets.

The same inputs give the same bytes: the PDF's dates are the report's date from the data (none
when the data gives none), its file identifier is a hash of the document's text, and WeasyPrint
numbers its objects in order; tests/report checks two builds byte for byte."""

from __future__ import annotations

import hashlib
import logging

from generator.report.fonts import FontChoice
from generator.report.html import to_html
from generator.report.model import Document

# WeasyPrint logs every CSS property it does not know and every font it cannot subset as a
# warning; the report's stylesheet is fixed and tested, so keep the command's output clean
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def to_pdf(document: Document, fonts: FontChoice) -> bytes:
    from weasyprint import HTML

    html = to_html(document, fonts)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return HTML(string=html, base_url=None).write_pdf(pdf_identifier=identifier, uncompressed_pdf=False, pdf_version="1.7",
                                                     custom_metadata=False, optimize_images=False)
