"""The editable copy: the same document model as a Word file (python-docx), for audit agencies to
add their narrative before they sign.

Headings use Word's Heading 1–3 styles (a new page before each stage and annex), tables repeat
their header row on every page and keep rows whole, charts are PNG (Word has no portable SVG),
the page header and footer carry the running head and "page X / Y" (PAGE / NUMPAGES fields), and
the table of contents is a Word TOC field that Word fills with page numbers when the file is
opened (settings: updateFields). Same inputs, same bytes: the core properties carry the report's
date from the data, and the zip members get fixed timestamps."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

from generator.report import charts
from generator.report.fonts import FontChoice
from generator.report.model import Bullets, Document, Figure, Heading, KeyValues, Paragraph, Table

TEXT_WIDTH_CM = 17.0
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest zip timestamp: used when the report has no date


def to_docx(document: Document, fonts: FontChoice, *, png=charts.png) -> bytes:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2.4), Cm(2.2), Cm(2.0), Cm(2.0)
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = True  # no header or footer on the cover
    _styles(d, fonts, Pt)
    _header_footer(section, document.meta.running_head, Pt)
    _cover(d, document, Pt)
    _toc(d, document)
    for block in document.blocks:
        _block(d, block, fonts, png, Cm, Pt)
    _settings(d)
    _properties(d, document)
    out = io.BytesIO()
    d.save(out)
    return _repack(out.getvalue(), document.meta.date)


# --- styles, header, footer ------------------------------------------------------------------
def _east_asian(style_or_run_element, family: str) -> None:
    """Set the font of a run properties element for Latin and East Asian text alike."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _styles(d, fonts: FontChoice, Pt) -> None:
    from docx.shared import RGBColor

    normal = d.styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian(normal.element, fonts.body)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11), ("Title", 22), ("Caption", 9)):
        st = d.styles[name]
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0x00, 0x4D, 0x40) if name != "Caption" else RGBColor(0x37, 0x47, 0x4F)
        _east_asian(st.element, fonts.heading)
    d.styles["Caption"].font.italic = False
    d.styles["Caption"].font.bold = True


def _field(paragraph, code: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with `shown` as its last computed result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(tag, **attrs):
        r = OxmlElement("w:r")
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        r.append(el)
        return r

    paragraph._p.append(run_with("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"}))
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    r.append(instr)
    paragraph._p.append(r)
    paragraph._p.append(run_with("w:fldChar", **{"w:fldCharType": "separate"}))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(run_with("w:fldChar", **{"w:fldCharType": "end"}))


def _header_footer(section, running_head: str, Pt) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    head = section.header.paragraphs[0]
    head.text = running_head
    head.runs[0].font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(foot, "PAGE")
    foot.add_run(" / ")
    _field(foot, "NUMPAGES")


# --- content -----------------------------------------------------------------------------------
def _cover(d, document: Document, Pt) -> None:
    from docx.shared import RGBColor

    c = document.cover
    kicker = d.add_paragraph("产业园区清洁生产审核")
    kicker.runs[0].font.color.rgb = RGBColor(0x00, 0x69, 0x5C)
    d.add_paragraph(c.title, style="Title")
    d.add_paragraph(c.subtitle)
    if c.fictional:
        p = d.add_paragraph()
        run = p.add_run(c.fictional)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(12), RGBColor(0xB7, 0x1C, 0x1C)
    _key_values(d, c.fields, Pt)
    d.add_paragraph("本报告由 ParkAudit 依据公示的审核结果生成。").runs[0].font.size = Pt(8.5)


def _toc(d, document: Document) -> None:
    title = d.add_paragraph("目录", style="Title")
    title.paragraph_format.page_break_before = True
    p = d.add_paragraph()
    # the field's stored result lists the headings; Word replaces it with page numbers on opening
    _field(p, 'TOC \\o "1-2" \\h \\z \\u', "\n".join(h.text for h in document.headings(2)))


def _block(d, block, fonts: FontChoice, png, Cm, Pt) -> None:
    if isinstance(block, Heading):
        h = d.add_heading(block.text, level=block.level)
        h.paragraph_format.page_break_before = block.level == 1
        _bookmark(h, block.anchor)
    elif isinstance(block, Paragraph):
        p = d.add_paragraph(block.text)
        if block.style == "note":
            for r in p.runs:
                r.font.size = Pt(9)
                r.italic = True
    elif isinstance(block, Bullets):
        for item in block.items:
            d.add_paragraph(item, style="List Bullet")
    elif isinstance(block, KeyValues):
        _key_values(d, block.items, Pt)
    elif isinstance(block, Table):
        _table(d, block, Cm, Pt)
    elif isinstance(block, Figure):
        d.add_picture(io.BytesIO(png(block.spec, fonts.heading)), width=Cm(15.5))
        cap = d.add_paragraph(style="Caption")
        cap.add_run(block.caption)
        d.add_paragraph(block.summary).runs[0].font.size = Pt(9)
    else:
        raise TypeError(f"unknown block {type(block).__name__}")


def _bookmark(paragraph, name: str) -> None:
    """A bookmark with the heading's stable anchor (the PDF's link target), with a stable id."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    bid = str(sum(ord(ch) * 31 ** i for i, ch in enumerate(name)) % 2_000_000_000)
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), bid)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _key_values(d, items, Pt) -> None:
    t = d.add_table(rows=0, cols=2)
    for k, v in items:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = k, v
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10)
        cells[0].paragraphs[0].runs[0].bold = True
    d.add_paragraph()


def _table(d, t: Table, Cm, Pt) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cap = d.add_paragraph(style="Caption")
    cap.add_run(t.caption)
    cap.paragraph_format.keep_with_next = True
    table = d.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    total = sum(c.width for c in t.columns)
    size = Pt(7.5) if len(t.columns) >= 7 else Pt(8.5)
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table reaches
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    rows = t.rows or ((t.empty,) + ("",) * (len(t.columns) - 1),)
    for row in rows:
        cells = table.add_row()
        keep = OxmlElement("w:cantSplit")  # a row is never cut across two pages
        keep.set(qn("w:val"), "true")
        cells._tr.get_or_add_trPr().append(keep)
        for cell, col, value in zip(cells.cells, t.columns, row):
            cell.text = value
    for i, col in enumerate(t.columns):
        width = Cm(TEXT_WIDTH_CM * col.width / total)
        for r, row in enumerate(table.rows):
            cell = row.cells[i]
            cell.width = width
            para = cell.paragraphs[0]
            if col.align == "right":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in para.runs:
                run.font.size = size
                run.bold = r == 0 or run.bold
    header_cells = header.cells
    for cell, col in zip(header_cells, t.columns):
        cell.text = col.title
        for run in cell.paragraphs[0].runs:
            run.font.size, run.bold = size, True
    if t.note:
        d.add_paragraph(t.note).runs[0].font.size = Pt(8)


# --- package -------------------------------------------------------------------------------------
def _settings(d) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")  # Word computes the TOC's page numbers when the file is opened
    update.set(qn("w:val"), "true")
    d.settings.element.append(update)


def _properties(d, document: Document) -> None:
    m = document.meta
    p = d.core_properties
    p.title, p.author, p.subject, p.keywords = m.title, m.author, m.subject, ", ".join(m.keywords)
    p.last_modified_by, p.revision, p.language, p.comments = "ParkAudit", 1, m.language, ""
    if m.date:
        when = datetime.fromisoformat(m.date.replace("Z", "+00:00")).astimezone(timezone.utc)
        p.created = p.modified = when
        p.last_printed = when
    else:  # no date in the data: the file carries none (python-docx would write the time of the build)
        from docx.oxml.ns import qn

        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for el in p._element.findall(qn(tag)):
                p._element.remove(el)


def _repack(data: bytes, date: str | None) -> bytes:
    """The same zip with fixed member timestamps (python-docx stamps each member with the time
    it was written)."""
    stamp = ZIP_EPOCH if not date else tuple(int(x) for x in (date[0:4], date[5:7], date[8:10], date[11:13], date[14:16], date[17:19]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=max(stamp, ZIP_EPOCH))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
