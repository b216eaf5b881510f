"""Document → one self-contained HTML file (inline CSS and SVG; no timestamps, so builds are reproducible)."""

from __future__ import annotations

from html import escape

from kartlagg.reports.builder.charts import to_svg
from kartlagg.reports.builder.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    inline_html,
)

CSS = """
body{font:11pt/1.5 Georgia,"Times New Roman",serif;color:#1b1f24;max-width:46rem;margin:2rem auto;
padding:0 1rem}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}h1{font-size:1.7rem;margin-bottom:.2rem}
.subtitle{color:#4a5560;margin-top:0}.lead{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font:9.5pt/1.35 Helvetica,Arial,sans-serif}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:bold;padding-bottom:.3rem}
figure{margin:1.2rem 0}figure svg{width:100%;max-width:44rem;height:auto}
figcaption{font-size:.85rem;color:#4a5560}
.illustrative{border:2px dashed #8a4b00;color:#8a4b00;padding:.5rem 1rem}
"""


def render_html(doc: Document) -> str:
    out: list[str] = [
        "<!doctype html>",
        f'<html lang="{doc.language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title>",
    ]
    for name in sorted(doc.meta):
        out.append(f'<meta name="kartlagg:{escape(name)}" content="{escape(doc.meta[name])}">')
    out += [f"<style>{CSS.strip()}</style>", "</head>", "<body>", "<main>"]
    out.append(f"<h1>{escape(doc.title)}</h1>")
    out.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    first_paragraph = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
            out.append(f"<h{block.level}{anchor}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="lead"' if first_paragraph else ""
            first_paragraph = False
            out.append(f"<p{cls}>{inline_html(block.markup)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Figure):
            caption = f"<figcaption>{escape(block.caption)}</figcaption>" if block.caption else ""
            out.append(f'<figure id="fig-{block.chart.key}">{to_svg(block.chart)}{caption}</figure>')
        elif isinstance(block, Note):
            out.append(f'<p class="{escape(block.kind)}" role="note">{escape(block.text)}</p>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _table(table: Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{escape(table.caption)}</caption>")
    header = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(table.headers))
    parts.append(f"<thead><tr>{header}</tr></thead><tbody>")
    for row in table.rows:
        parts.append(
            "<tr>" + "".join(f"<td{cls(i)}>{escape(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)
