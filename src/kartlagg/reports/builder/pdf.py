"""Document → PDF with reportlab's platypus (pip-only: no Cairo, Pango or other system libraries).

Charts are reportlab vector shapes (charts.to_drawing), never images. `invariant=True` drops the
creation date and random file id, so the same inputs give the same PDF bytes.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from kartlagg.reports.builder.charts import to_drawing
from kartlagg.reports.builder.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    inline_pdf,
)

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#4a5560")
LINE = colors.HexColor("#d0d7de")
SOFT = colors.HexColor("#f4f6f8")
WARN = colors.HexColor("#8a4b00")

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=10.5, leading=14, textColor=INK, spaceAfter=6)
LEAD = ParagraphStyle("lead", parent=BODY, fontSize=11.5, leading=15.5, spaceAfter=10)
TITLE = ParagraphStyle(
    "title", fontName="Helvetica-Bold", fontSize=20, leading=24, textColor=INK, spaceAfter=4
)
SUBTITLE = ParagraphStyle(
    "subtitle", fontName="Helvetica", fontSize=11, leading=14, textColor=MUTED, spaceAfter=14
)
H2 = ParagraphStyle(
    "h2",
    keepWithNext=1,
    fontName="Helvetica-Bold",
    fontSize=14,
    leading=17,
    spaceBefore=12,
    spaceAfter=6,
    textColor=INK,
)
H3 = ParagraphStyle(
    "h3",
    keepWithNext=1,
    fontName="Helvetica-Bold",
    fontSize=11.5,
    leading=14,
    spaceBefore=8,
    spaceAfter=4,
    textColor=INK,
)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10, textColor=INK, alignment=TA_LEFT)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")
CAPTION = ParagraphStyle(
    "caption", fontName="Helvetica", fontSize=8, leading=10, textColor=MUTED, spaceAfter=8
)
TCAPTION = ParagraphStyle(
    "tcaption", keepWithNext=1, fontName="Helvetica-Bold", fontSize=9, leading=11, spaceBefore=4, spaceAfter=3
)
NOTE = ParagraphStyle(
    "note",
    fontName="Helvetica",
    fontSize=9,
    leading=12,
    textColor=WARN,
    borderColor=WARN,
    borderWidth=1,
    borderPadding=6,
    spaceBefore=4,
    spaceAfter=12,
)


def render_pdf(doc: Document) -> bytes:
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=doc.title,
        subject=doc.subtitle,
        author="kartlagg",
        creator="kartlagg",
        lang=doc.language,
        invariant=True,
    )
    story = _story(doc, template.width)
    footer = doc.title

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 10 * mm, footer[:110])
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _story(doc: Document, width: float) -> list[Any]:
    story: list[Any] = [
        RLParagraph(inline_pdf(doc.title), TITLE),
        RLParagraph(inline_pdf(doc.subtitle), SUBTITLE),
    ]
    first = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(RLParagraph(inline_pdf(block.text), H2 if block.level <= 2 else H3))
        elif isinstance(block, Paragraph):
            story.append(RLParagraph(inline_pdf(block.markup), LEAD if first else BODY))
            first = False
        elif isinstance(block, Bullets):
            story.append(
                ListFlowable(
                    [ListItem(RLParagraph(inline_pdf(item), BODY), leftIndent=12) for item in block.items],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                    bulletFontSize=8,
                )
            )
        elif isinstance(block, Table):
            story.extend(_table(block, width))
        elif isinstance(block, Figure):
            parts: list[Any] = [to_drawing(block.chart, width=min(width, 500.0))]
            if block.caption:
                parts.append(RLParagraph(inline_pdf(block.caption), CAPTION))
            parts.append(Spacer(1, 6))
            story.append(KeepTogether(parts))
        elif isinstance(block, Note):
            story.append(RLParagraph(inline_pdf(block.text), NOTE))
    return story


def _table(table: Table, width: float) -> list[Any]:
    right = ParagraphStyle("num", parent=CELL, alignment=2)
    right_head = ParagraphStyle("numhead", parent=HEAD, alignment=2)
    data = [
        [
            RLParagraph(inline_pdf(h), right_head if i in table.numeric else HEAD)
            for i, h in enumerate(table.headers)
        ]
    ]
    for row in table.rows:
        data.append(
            [RLParagraph(inline_pdf(c), right if i in table.numeric else CELL) for i, c in enumerate(row)]
        )
    widths = _column_widths(table, width)
    rl = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    rl.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out: list[Any] = []
    if table.caption:
        out.append(RLParagraph(inline_pdf(table.caption), TCAPTION))
    out += [rl, Spacer(1, 8)]
    return out


def _column_widths(table: Table, width: float) -> list[float]:
    """Share the width by the longest text per column (numbers narrow, text wide); a column is never
    narrower than its header's longest word, so headers and numbers do not break mid-word."""
    weights = []
    for i, header in enumerate(table.headers):
        cells = [row[i] for row in table.rows]
        longest_word = max((len(word) for word in header.split()), default=1)
        weights.append(max(8, longest_word + 3, min(60, max((len(c) for c in cells), default=1))))
    total = sum(weights)
    return [width * n / total for n in weights]
