"""The report's charts, drawn with QPainter from the plain series of the report's content
(no pyqtgraph: the same picture on screen-less machines and in the command line).

Each is drawn into an image at print resolution, which the PDF places in the text."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from app.services.report.content import BarChart, CoverageChart

DPI = 200
INK = QColor("#222222")
GRID = QColor("#DDDDDD")
ASSESSED = QColor("#1F5FA8")
REVIEW = QColor("#B3261E")
AS_OF = QColor("#666666")
# Bars: assessed / done first, then open, then the rest (never a risk colour).
# Every bar at least 3:1 on the white page (tests/views/test_contrast.py).
BAR_COLOURS = (QColor("#1F5FA8"), QColor("#A86400"), QColor("#767676"), QColor("#B3261E"))


def _image(width_pt: float, height_pt: float) -> tuple[QImage, QPainter]:
    img = QImage(int(width_pt * DPI / 72), int(height_pt * DPI / 72), QImage.Format.Format_RGB32)
    # 72 dots per inch as far as fonts know, so a point is one unit before the scale below.
    per_metre = round(72 / 0.0254)
    img.setDotsPerMeterX(per_metre)
    img.setDotsPerMeterY(per_metre)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # Draw in points: one unit is 1/72 inch whatever the image's resolution.
    p.scale(DPI / 72, DPI / 72)
    return img, p


def _font(size: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def _pen(colour: QColor, width: float = 0.8, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width)
    pen.setStyle(style)
    return pen


def _label(p: QPainter, fm: QFontMetricsF, at: QPointF, text: str, colour: QColor) -> None:
    """Text on a white ground, so that no line runs through it."""
    box = QRectF(
        at.x() - 1, at.y() - fm.ascent() - 1, fm.horizontalAdvance(text) + 2, fm.height() + 1
    )
    p.fillRect(box, QColor("white"))
    p.setPen(_pen(colour))
    p.drawText(at, text)


def coverage_image(chart: CoverageChart, width_pt: float) -> QImage:
    height_pt = width_pt * 0.42
    img, p = _image(width_pt, height_pt)
    p.setFont(_font(7.5))
    fm = QFontMetricsF(p.font())
    plot = QRectF(34, 14, width_pt - 48, height_pt - 40)
    first = min([chart.start, *(d for d, _ in chart.assessed)])
    lo = min(first, chart.as_of) - timedelta(days=1)
    hi = max(chart.review_date, chart.as_of, *(d for d, _ in chart.projected or [])) + timedelta(
        days=3
    )
    span = max((hi - lo).days, 1)
    top = max(chart.needing, 1) * 1.15

    def x(day: date) -> float:
        return plot.left() + plot.width() * (day - lo).days / span

    def y(n: float) -> float:
        return plot.bottom() - plot.height() * n / top

    # Grid and axes: whole numbers up the side, dates along the bottom.
    step = max(1, round(top / 6))
    p.setPen(_pen(GRID, 0.5))
    for n in range(0, int(top) + 1, step):
        p.drawLine(QPointF(plot.left(), y(n)), QPointF(plot.right(), y(n)))
        p.setPen(_pen(INK))
        p.drawText(QRectF(0, y(n) - 6, plot.left() - 4, 12), Qt.AlignmentFlag.AlignRight, str(n))
        p.setPen(_pen(GRID, 0.5))
    days_per_tick = max(1, span // 8)
    day = lo
    p.setPen(_pen(INK))
    while day <= hi:
        label = f"{day:%d/%m}"
        p.drawLine(QPointF(x(day), plot.bottom()), QPointF(x(day), plot.bottom() + 3))
        p.drawText(QPointF(x(day) - fm.horizontalAdvance(label) / 2, plot.bottom() + 13), label)
        day += timedelta(days=days_per_tick)
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    p.drawLine(plot.bottomLeft(), plot.topLeft())
    # Needing assessment, review date and as-of day.
    p.setPen(_pen(INK, 0.8, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(plot.left(), y(chart.needing)), QPointF(plot.right(), y(chart.needing)))
    _label(
        p,
        fm,
        QPointF(plot.left() + 4, y(chart.needing) - 3),
        f"Needing assessment: {chart.needing}",
        INK,
    )
    for day, colour, text, dy in (
        (chart.review_date, REVIEW, f"Review date {chart.review_date:%d/%m}", 0),
        (chart.as_of, AS_OF, f"As of {chart.as_of:%d/%m}", 10),
    ):
        p.setPen(_pen(colour, 1.0))
        p.drawLine(QPointF(x(day), plot.top()), QPointF(x(day), plot.bottom()))
        w = fm.horizontalAdvance(text)
        left = x(day) + 3 if x(day) + 3 + w < plot.right() else x(day) - 3 - w
        _label(p, fm, QPointF(left, plot.top() + 8 + dy), text, colour)
    # The steps: flat until the day someone became assessed, then up to the new total.
    points = [QPointF(x(first), y(0))]
    last = 0
    for day, n in chart.assessed:
        if day > chart.as_of:
            break
        points += [QPointF(x(day), y(last)), QPointF(x(day), y(n))]
        last = n
    points.append(QPointF(x(chart.as_of), y(last)))
    p.setPen(_pen(ASSESSED, 1.6))
    p.drawPolyline(points)
    _label(p, fm, QPointF(x(chart.as_of) + 3, y(last) + 10), f"Assessed: {last}", ASSESSED)
    if chart.projected:
        proj = []
        for day, n in chart.projected:
            if proj:
                proj.append(QPointF(x(day), proj[-1].y()))
            proj.append(QPointF(x(day), y(n)))
        p.setPen(_pen(ASSESSED, 1.0, Qt.PenStyle.DotLine))
        p.drawPolyline(proj)
        end_day, end_n = chart.projected[-1]
        text = f"If bookings are kept: {end_n}"
        w = fm.horizontalAdvance(text)
        left = x(end_day) + 3 if x(end_day) + 3 + w < plot.right() else x(end_day) - 3 - w
        _label(p, fm, QPointF(left, y(end_n) - 3), text, ASSESSED)
    p.end()
    return img


def bar_image(chart: BarChart, width_pt: float) -> QImage:
    row_h, legend_h = 15.0, 16.0
    height_pt = legend_h + row_h * max(len(chart.categories), 1) + 20
    img, p = _image(width_pt, height_pt)
    p.setFont(_font(7.5))
    fm = QFontMetricsF(p.font())
    label_w = min(
        width_pt * 0.35, max([fm.horizontalAdvance(c) for c in chart.categories] or [0]) + 8
    )
    # Room on the right for the largest total.
    plot = QRectF(label_w, legend_h, width_pt - label_w - 30, row_h * len(chart.categories))
    # Legend.
    lx = label_w
    for i, (name, _values) in enumerate(chart.series):
        p.fillRect(QRectF(lx, 3, 8, 8), BAR_COLOURS[i % len(BAR_COLOURS)])
        p.setPen(_pen(INK))
        p.drawText(QPointF(lx + 11, 10), name)
        lx += 11 + fm.horizontalAdvance(name) + 14
    totals = [sum(v[i] for _n, v in chart.series) for i in range(len(chart.categories))]
    most = max(totals or [1]) or 1
    for i, category in enumerate(chart.categories):
        top = plot.top() + i * row_h + 2
        p.setPen(_pen(INK))
        text = fm.elidedText(category, Qt.TextElideMode.ElideRight, label_w - 6)
        p.drawText(
            QRectF(0, top, label_w - 6, row_h - 4),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        left = plot.left()
        for j, (_name, values) in enumerate(chart.series):
            w = plot.width() * values[i] / most
            if w <= 0:
                continue
            box = QRectF(left, top, w, row_h - 4)
            p.fillRect(box, BAR_COLOURS[j % len(BAR_COLOURS)])
            label = str(values[i])
            if fm.horizontalAdvance(label) + 4 < w:
                p.setPen(_pen(QColor("white")))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            left += w
        p.setPen(_pen(INK))
        p.drawText(QPointF(left + 3, top + row_h - 7), str(totals[i]))
    p.setPen(_pen(INK))
    p.drawLine(plot.topLeft(), plot.bottomLeft())
    p.end()
    return img
