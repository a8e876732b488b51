"""The document model of the audit report: what the PDF and the .docx both print.

A report is a cover, then a flat list of blocks (headings, paragraphs, lists, tables, figures).
The writers (pdf.py through html.py, docx.py) only lay these out: every word and number is decided
once, here and in document.py, so the two files cannot say different things. The table of contents
is made by each writer from the headings (its page numbers are the layout's business).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1: a stage or an annex (starts a new page), 2 and 3 below it
    text: str  # with its number, as printed: "4 审核", "4.2 综合评价指数"
    anchor: str  # a stable id: the table of contents links to it


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note (smaller, muted) | warning (an admonition the reader must not miss)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    title: str
    align: str = "left"  # left | right (numbers)
    width: float = 1.0  # relative width


@dataclass(frozen=True)
class Table:
    caption: str  # "表 4-1 综合评价指数"
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]  # cells as printed; a table breaks across pages, its header repeated
    note: str | None = None
    empty: str = "（无）"  # printed instead of an empty table

    def __post_init__(self):
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.caption}: a row has {len(row)} cells for {len(self.columns)} columns")


@dataclass(frozen=True)
class Figure:
    caption: str  # "图 4-1 …"
    spec: dict  # a Vega-Lite spec (charts.py), drawn as SVG in the PDF and PNG in the .docx
    summary: str  # one sentence that says what the chart shows (also its text alternative)
    width_mm: float = 160.0


@dataclass(frozen=True)
class KeyValues:
    """Label: value lines, as on the cover and in the audit organisation."""

    items: tuple[tuple[str, str], ...]


Block = Heading | Paragraph | Bullets | Table | Figure | KeyValues


@dataclass(frozen=True)
class Cover:
    title: str  # the report's title: "<park> <cycle> 年度清洁生产审核报告"
    subtitle: str
    fields: tuple[tuple[str, str], ...]  # park, catalogue code, cycle, agency, date …
    fictional: str | None = None  # "演示数据（虚构）" where the package is fictional


@dataclass(frozen=True)
class Meta:
    """What the files say about themselves (PDF info, docx core properties)."""

    title: str
    author: str  # the audit agency, or ParkAudit when none is named
    subject: str
    keywords: tuple[str, ...]
    date: str | None  # ISO 8601 (YYYY-MM-DDTHH:MM:SSZ): the report's date, never the time of the build
    running_head: str  # the page header: park and cycle
    language: str = "zh-CN"


@dataclass
class Document:
    meta: Meta
    cover: Cover
    blocks: list[Block] = field(default_factory=list)

    def headings(self, max_level: int = 2) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]
