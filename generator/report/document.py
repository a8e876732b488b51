"""The report of one park and cycle as a Document (model.py): the cover, the seven stages of the
park audit guideline (stages.py) and the annexes (annexes.py).

Headings, tables and figures are numbered here, as printed ("4.2", "表 4-3", "图 2-1"; annexes "附录
A", "表 A-1"), so that the PDF and the .docx number them alike."""

from __future__ import annotations

from generator.report import annexes, stages
from generator.report.inputs import ReportInput
from generator.report.metadata import report_date
from generator.report.model import Bullets, Column, Cover, Document, Figure, Heading, KeyValues, Meta, Paragraph, Table

FICTIONAL = "演示数据（虚构）"
NOT_GIVEN = "未提供"


class Composer:
    """Appends blocks to a document, numbering chapters, sections, tables and figures."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.chapter_label = ""
        self.sections = 0
        self.subsections = 0
        self.n_tables = 0
        self.n_figures = 0

    def chapter(self, label: str, title: str, anchor: str) -> None:
        """A stage ("4") or an annex ("附录 A"): a new page in both files."""
        self.chapter_label, self.sections, self.subsections, self.n_tables, self.n_figures = label, 0, 0, 0, 0
        self.doc.blocks.append(Heading(1, f"{label} {title}", anchor))

    def section(self, title: str) -> None:
        self.sections += 1
        self.subsections = 0
        self.doc.blocks.append(Heading(2, f"{self._number()}.{self.sections} {title}", f"{self._anchor()}-{self.sections}"))

    def subsection(self, title: str) -> None:
        self.subsections += 1
        number = f"{self._number()}.{self.sections}.{self.subsections}"
        self.doc.blocks.append(Heading(3, f"{number} {title}", f"{self._anchor()}-{self.sections}-{self.subsections}"))

    def text(self, text: str, style: str = "body") -> None:
        self.doc.blocks.append(Paragraph(text, style))

    def bullets(self, items) -> None:
        items = tuple(items)
        if items:
            self.doc.blocks.append(Bullets(items))

    def fields(self, items) -> None:
        self.doc.blocks.append(KeyValues(tuple(items)))

    def table(self, caption: str, columns, rows, note: str | None = None, empty: str = "（无）") -> None:
        self.n_tables += 1
        cols = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
        self.doc.blocks.append(Table(f"表 {self._number()}-{self.n_tables} {caption}", cols,
                                     tuple(tuple(str(v) for v in r) for r in rows), note, empty))

    def figure(self, caption: str, spec: dict, summary: str) -> None:
        self.n_figures += 1
        self.doc.blocks.append(Figure(f"图 {self._number()}-{self.n_figures} {caption}", spec, summary))

    def _number(self) -> str:
        return self.chapter_label.replace("附录 ", "")

    def _anchor(self) -> str:
        return "s" + self._number().lower()


def build_document(data: ReportInput) -> Document:
    doc = data.doc
    profile = doc["park"]["profile"]
    park_name = profile.get("park_name") or data.park_id
    meta = data.metadata
    date = report_date(meta)
    agency = meta.names("audit-agency")
    title = f"{park_name} {data.cycle} 年度清洁生产审核报告"
    fictional = bool(doc["park"].get("fictional"))
    cover = Cover(
        title=title,
        subtitle="产业园区清洁生产审核（依据《产业园区清洁生产审核指南》的七个阶段）",
        fields=(
            ("园区名称", park_name),
            ("目录代码", profile.get("catalog_code") or "—"),
            ("开发区类型", profile.get("zone_type") or "—"),
            ("审核年度", data.cycle),
            ("审核期", f"{meta.period[0]} 至 {meta.period[1]}" if meta.period else NOT_GIVEN),
            ("审核机构", agency or NOT_GIVEN),
            ("园区管理机构", meta.names("park-administration") or NOT_GIVEN),
            ("评审专家", meta.names("reviewing-expert") or NOT_GIVEN),
            ("报告日期", date[:10] if date else NOT_GIVEN),
            ("数据包", f"{data.descriptor.get('name', data.park_id)}（datapackage.json SHA-256 {data.descriptor_sha[:16]}）"),
        ),
        fictional=FICTIONAL if fictional else None,
    )
    document = Document(
        Meta(title=title, author=agency or "ParkAudit", subject=f"{park_name} {data.cycle} 年度产业园区清洁生产审核",
             keywords=("清洁生产审核", "产业园区", park_name, data.cycle), date=date,
             running_head=f"{park_name} · {data.cycle} 年度清洁生产审核报告" + (f" · {FICTIONAL}" if fictional else "")),
        cover,
    )
    c = Composer(document)
    for stage in stages.STAGES:
        stage(c, data)
    for annex in annexes.ANNEXES:
        annex(c, data)
    return document

