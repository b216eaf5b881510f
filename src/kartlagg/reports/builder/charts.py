"""Vector charts drawn from a handful of primitives, rendered both as SVG (HTML) and as a reportlab
Drawing (PDF), so the two formats show the same chart and the PDF chart stays vector.

One chart type covers every chart of the report: horizontal bars, grouped by series, with an optional
[min, max] range per bar (expected hires are ranges) and a marker for suppressed values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

PALETTE = ["#0b5cad", "#c9582b", "#1a6b32", "#6b4c9a", "#8a4b00", "#4a5560"]
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
WIDTH = 500.0
ROW = 14.0
GROUP_GAP = 8.0
LABEL_SIZE = 8.0
TITLE_SIZE = 10.0
MAX_LABEL_WIDTH = 190.0


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]
    # Optional [min, max] per value, drawn as a whisker across the bar.
    ranges: list[tuple[float, float] | None] | None = None


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    suppressed_label: str = "–"
    value_format: str = "{:.0f}"

    def formatted(self, value: float | None, rng: tuple[float, float] | None) -> str:
        if value is None:
            return self.suppressed_label
        if rng is not None and rng[0] != rng[1]:
            return f"{self.value_format.format(rng[0])}–{self.value_format.format(rng[1])}"
        return self.value_format.format(value)


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    text: str
    size: float = LABEL_SIZE
    anchor: str = "start"
    bold: bool = False
    fill: str = "#1b1f24"


@dataclass
class _Canvas:
    width: float
    height: float = 0.0
    items: list[_Rect | _Line | _Text] = field(default_factory=list)


def _clip(text: str, width: float, size: float) -> str:
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def layout(chart: BarChart) -> _Canvas:
    canvas = _Canvas(width=WIDTH)
    y = TITLE_SIZE + 4
    canvas.items.append(_Text(0, y, chart.title, TITLE_SIZE, bold=True))
    y += 8
    multi = len(chart.series) > 1
    if multi:
        x = 0.0
        for index, series in enumerate(chart.series):
            colour = PALETTE[index % len(PALETTE)]
            item_width = 12 + stringWidth(series.label, FONT, LABEL_SIZE) + 16
            if x and x + item_width > WIDTH:  # wrap the legend instead of running off the chart
                x, y = 0.0, y + 13
            canvas.items.append(_Rect(x, y, 9, 9, colour))
            canvas.items.append(_Text(x + 12, y + 8, series.label))
            x += item_width
        y += 16
    label_width = min(
        MAX_LABEL_WIDTH, max((stringWidth(c, FONT, LABEL_SIZE) for c in chart.categories), default=0) + 6
    )
    plot_x = label_width + 4
    plot_w = WIDTH - plot_x - 60
    top = 0.0
    for series in chart.series:
        for i, value in enumerate(series.values):
            rng = series.ranges[i] if series.ranges else None
            top = max(top, value or 0.0, rng[1] if rng else 0.0)
    top = top or 1.0
    scale = plot_w / top
    y0 = y
    for ci, category in enumerate(chart.categories):
        group_h = ROW * len(chart.series)
        canvas.items.append(
            _Text(
                label_width,
                y + group_h / 2 + LABEL_SIZE / 2 - 1,
                _clip(category, label_width - 6, LABEL_SIZE),
                anchor="end",
            )
        )
        for si, series in enumerate(chart.series):
            colour = PALETTE[si % len(PALETTE)]
            value = series.values[ci]
            rng = series.ranges[ci] if series.ranges else None
            bar_y = y + si * ROW + 2
            bar_h = ROW - 4
            end = plot_x
            if value is not None:
                end = plot_x + value * scale
                canvas.items.append(_Rect(plot_x, bar_y, max(value * scale, 0.5), bar_h, colour))
                if rng is not None and rng[0] != rng[1]:
                    lo, hi = plot_x + rng[0] * scale, plot_x + rng[1] * scale
                    mid = bar_y + bar_h / 2
                    canvas.items.append(_Line(lo, mid, hi, mid, "#1b1f24", 1.0))
                    canvas.items.append(_Line(lo, bar_y + 1, lo, bar_y + bar_h - 1, "#1b1f24", 1.0))
                    canvas.items.append(_Line(hi, bar_y + 1, hi, bar_y + bar_h - 1, "#1b1f24", 1.0))
                    end = max(end, hi)
            canvas.items.append(_Text(end + 4, bar_y + bar_h - 2, chart.formatted(value, rng)))
        y += group_h + GROUP_GAP
    canvas.items.append(_Line(plot_x, y0, plot_x, y - GROUP_GAP, "#4a5560", 0.8))
    canvas.height = y + 2
    return canvas


def _n(value: float) -> str:
    # Fixed precision keeps the SVG text byte-identical between builds.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def to_svg(chart: BarChart) -> str:
    canvas = layout(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(canvas.width)} {_n(canvas.height)}" '
        f'role="img" aria-labelledby="{chart.key}-t" '
        f'font-family="Helvetica, Arial, sans-serif">',
        f'<title id="{chart.key}-t">{escape(chart.title)}</title>',
    ]
    for item in canvas.items:
        if isinstance(item, _Rect):
            parts.append(
                f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}" '
                f'fill="{item.fill}"/>'
            )
        elif isinstance(item, _Line):
            parts.append(
                f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}" '
                f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"/>'
            )
        else:
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(
                f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" '
                f'text-anchor="{item.anchor}"'
                f'{weight} fill="{item.fill}">{escape(item.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def to_drawing(chart: BarChart, *, width: float | None = None) -> Drawing:
    """The same chart as reportlab vector shapes (y flipped: reportlab's origin is bottom-left)."""
    canvas = layout(chart)
    factor = (width / canvas.width) if width else 1.0
    drawing = Drawing(canvas.width * factor, canvas.height * factor)
    height = canvas.height
    for item in canvas.items:
        if isinstance(item, _Rect):
            drawing.add(
                Rect(
                    item.x,
                    height - item.y - item.h,
                    item.w,
                    item.h,
                    fillColor=HexColor(item.fill),
                    strokeColor=None,
                )
            )
        elif isinstance(item, _Line):
            drawing.add(
                Line(
                    item.x1,
                    height - item.y1,
                    item.x2,
                    height - item.y2,
                    strokeColor=HexColor(item.stroke),
                    strokeWidth=item.width,
                )
            )
        else:
            drawing.add(
                String(
                    item.x,
                    height - item.y,
                    item.text,
                    fontName=FONT_BOLD if item.bold else FONT,
                    fontSize=item.size,
                    textAnchor=item.anchor,
                    fillColor=HexColor(item.fill),
                )
            )
    if factor != 1.0:
        drawing.scale(factor, factor)
    return drawing
