"""The overview report as a PDF, with Qt's own PDF writer (no new dependency).

The report's content (app/services/report/) is laid out as one QTextDocument (HTML tables
that wrap their text and repeat their header row on a new page; the charts as images at
print resolution) and painted page by page between a header and a footer that carry the
protective marking, FICTIONAL for the demo, and "Page N of M".
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from app.services.report.chart_words import describe_chart
from app.services.report.content import BarChart, CoverageChart, Note, Report, Table
from app.views.report.charts import bar_image, coverage_image

RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_MM = 16
BAND_PT = 22.0  # height of the header and of the footer, inside the margins
BODY_PT = 9.5  # the text's size in points

_app: QApplication | None = None


def ensure_gui_application() -> None:
    """Fonts and painting need a Qt application. The command line never shows a window, so
    when none exists it starts one on the "offscreen" platform: no display needed. A
    QApplication rather than a QGuiApplication, so that a process that goes on to show
    widgets (the tests, which call the verb in-process) can use the same one."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QApplication(["circles", "-platform", "offscreen"])


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).removesuffix("%").isdigit()


def _table_html(t: Table) -> str:
    """A table whose caption and column headers repeat at the top of each page it runs
    onto (both are header rows), so a caption is never left alone at the foot of a page."""
    widths = t.widths or [round(100 / len(t.headers))] * len(t.headers)
    if not t.rows:
        caption = f'<p class="caption">{_esc(t.caption)}</p>' if t.caption else ""
        return f'{caption}<p class="empty">{_esc(t.empty)}</p>'
    # A column of figures is right-aligned; a dash stands for none, but a column of dashes
    # alone is text.
    numeric = [
        all(_is_number(r[i]) or r[i] == "—" for r in t.rows)
        and any(_is_number(r[i]) for r in t.rows)
        for i in range(len(widths))
    ]
    head = "".join(
        f'<th width="{w}%" align="{"right" if num else "left"}">{_esc(h)}</th>'
        for h, w, num in zip(t.headers, widths, numeric, strict=True)
    )
    caption = (
        f'<tr><td colspan="{len(widths)}" class="caption"><b>{_esc(t.caption)}</b></td></tr>'
        if t.caption
        else ""
    )
    body = []
    for i, row in enumerate(t.rows):
        shade = ' bgcolor="#F3F5F8"' if i % 2 else ""
        cells = "".join(
            f'<td width="{w}%"{" align=right" if num else ""}>{_esc(c)}</td>'
            for c, w, num in zip(row, widths, numeric, strict=True)
        )
        body.append(f"<tr{shade}>{cells}</tr>")
    return (
        '<table width="100%" cellspacing="0" cellpadding="3" style="margin-top: 12px;">'
        f'<thead>{caption}<tr bgcolor="#DDE3EA">{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


STYLE = """
body { color: #1A1A1A; }
h1 { font-size: 20pt; font-weight: bold; margin-bottom: 4pt; }
h2 { font-size: 14pt; font-weight: bold; color: #1F3A5F; margin-top: 18px; margin-bottom: 4px; }
p { margin-top: 3pt; margin-bottom: 3pt; }
p.caption { font-weight: bold; margin-top: 12px; margin-bottom: 3px; }
p.empty { color: #555555; font-style: italic; }
p.chart { font-weight: bold; margin-top: 14px; margin-bottom: 2px; }
p.words { font-size: 8.5pt; color: #333333; }
th { font-weight: bold; }
"""


def build_document(report: Report, width_pt: float) -> QTextDocument:
    """The whole report as one document, `width_pt` points wide."""
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(STYLE)
    doc.setDocumentMargin(0)
    parts = [f"<h1>Overview report</h1><p><b>{_esc(report.title)}</b></p>"]
    facts = "".join(
        f'<tr><td width="30%"><b>{_esc(k)}</b></td><td width="70%">{_esc(v)}</td></tr>'
        for k, v in report.facts
    )
    parts.append(f'<table width="100%" cellpadding="3" cellspacing="0">{facts}</table>')
    parts.append(
        "<p>Compiled for the safeguarding partnership at the close of the multi-agency "
        "response to a possible self-harm group. Figures are as recorded in Circles on the "
        "day above; prompts are decision support, never decisions.</p>"
    )
    if report.is_demo:
        parts.append("<p><b>FICTIONAL demo data: no real person is described.</b></p>")
    css_px = width_pt * 96 / 72  # image sizes in the text are in CSS pixels
    n = 0
    for section in report.sections:
        brk = ' style="page-break-before: always;"' if section.new_page else ""
        parts.append(f"<h2{brk}>{_esc(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Note):
                parts.append(f"<p>{_esc(block.text)}</p>")
            elif isinstance(block, Table):
                parts.append(_table_html(block))
            elif isinstance(block, CoverageChart | BarChart):
                n += 1
                img = (
                    coverage_image(block, width_pt)
                    if isinstance(block, CoverageChart)
                    else bar_image(block, width_pt)
                )
                url = QUrl(f"chart:{n}")
                doc.addResource(QTextDocument.ResourceType.ImageResource, url, img)
                h = css_px * img.height() / img.width()
                # The chart in words with its figures, after the picture and as its
                # alternative text: what a screen reader reads of the PDF.
                words = _esc(describe_chart(block))
                parts.append(
                    f'<p class="chart">{_esc(block.title)}</p>'
                    f'<p><img src="chart:{n}" width="{css_px:.0f}" height="{h:.0f}"'
                    f' alt="{words}"></p>'
                    f'<p class="words">{words}</p>'
                )
    doc.setHtml(f"<html><body>{''.join(parts)}</body></html>")
    return doc


def render_pdf(report: Report, path: Path) -> int:
    """Write the report to `path` as a PDF; the number of pages."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"Overview report — {report.title}")
    writer.setCreator("Circles")
    dots = RESOLUTION / 72  # device dots per point
    page = writer.pageLayout().paintRectPoints()
    band = BAND_PT * dots
    body = QRectF(0, band, page.width() * dots, page.height() * dots - 2 * band)
    doc = build_document(report, page.width())
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write the PDF to {path.name}.")
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            _band(painter, report, QRectF(0, 0, body.width(), band), i, pages, top=True)
            painter.save()
            painter.translate(body.left(), body.top() - i * body.height())
            doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
            painter.restore()
            _band(
                painter, report, QRectF(0, body.bottom(), body.width(), band), i, pages, top=False
            )
    finally:
        painter.end()
    return pages


def _band(
    painter: QPainter, report: Report, rect: QRectF, index: int, pages: int, *, top: bool
) -> None:
    """The header (marking, report title) or footer (marking, page N of M, as-of day)."""
    font = QFont()
    font.setPointSizeF(8)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    centre = Qt.AlignmentFlag.AlignCenter
    painter.drawText(rect, left, report.header)
    if top:
        font.setBold(False)
        painter.setFont(font)
        title = painter.fontMetrics().elidedText(
            f"Overview report: {report.title}",
            Qt.TextElideMode.ElideRight,
            int(rect.width() * 0.55),
        )
        painter.drawText(rect, right, title)
        y = rect.bottom() - rect.height() * 0.15
    else:
        painter.drawText(rect, centre, f"Page {index + 1} of {pages}")
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(rect, right, f"As of {report.as_of:%d/%m/%Y}")
        y = rect.top() + rect.height() * 0.15
    painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
