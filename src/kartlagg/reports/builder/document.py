"""The report as a list of blocks, rendered by html.py and pdf.py alike (one structure, two formats).

Prose uses a deliberately small markup, so editors can write it in the admin and both renderers can
honour it: blank line = new paragraph, "- " = bullet, **bold**, *italic*, [^n] = footnote marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from kartlagg.reports.builder.charts import BarChart


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    markup: str
    lead: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class Figure:
    chart: BarChart
    caption: str = ""


@dataclass(frozen=True)
class Note:
    text: str
    kind: str = "illustrative"


Block = Heading | Paragraph | Bullets | Table | Figure | Note


@dataclass
class Document:
    language: str
    title: str
    subtitle: str
    meta: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """All visible text, one block per line (used to compare editions)."""
        lines: list[str] = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(f"{'#' * block.level} {block.text}")
            elif isinstance(block, Paragraph):
                lines.append(plain(block.markup))
            elif isinstance(block, Bullets):
                lines.extend(f"- {plain(item)}" for item in block.items)
            elif isinstance(block, Table):
                lines.append(block.caption)
                lines.extend(" | ".join(row) for row in block.rows)
            elif isinstance(block, Figure):
                lines.append(block.chart.title)
                for series in block.chart.series:
                    values = ", ".join(
                        f"{c}: {block.chart.formatted(v, series.ranges[i] if series.ranges else None)}"
                        for i, (c, v) in enumerate(zip(block.chart.categories, series.values, strict=True))
                    )
                    lines.append(f"{series.label}: {values}")
            else:
                lines.append(block.text)
        return "\n".join(lines)


def parse_prose(text: str) -> list[Paragraph | Bullets]:
    """Split prose into paragraphs and bullet lists."""
    blocks: list[Paragraph | Bullets] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            blocks.append(Bullets([line.lstrip()[2:].strip() for line in lines]))
        else:
            blocks.append(Paragraph(" ".join(line.strip() for line in lines)))
    return blocks


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_NOTE = re.compile(r"\[\^(\w+)\]")


def inline_html(markup: str) -> str:
    """Markup → HTML (escaped first, so editors cannot inject tags)."""
    text = escape(markup, quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return _NOTE.sub(r"<sup>\1</sup>", text)


def inline_pdf(markup: str) -> str:
    """Markup → reportlab paragraph markup (a small XML dialect)."""
    text = escape(markup, quote=False)
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return _NOTE.sub(r"<super>\1</super>", text)


def plain(markup: str) -> str:
    return _NOTE.sub(r"\1", _ITALIC.sub(r"\1", _BOLD.sub(r"\1", markup)))
