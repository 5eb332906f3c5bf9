"""The legend, drawn with a QPainter so the same code draws it on screen and in exports.

It flows left to right and wraps to the width it is given: risk shapes and colours, link
styles, badges and rings. Always visible: the view paints it over the map.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from app.views.map.style import (
    HIGHLIGHT_COLOUR,
    NODE_RADIUS,
    RiskStyle,
    link_pen,
    shape_path,
)

FONT = QFont()
FONT.setPixelSize(12)
BOLD = QFont(FONT)
BOLD.setBold(True)
_METRICS = QFontMetricsF(FONT)
_BOLD_METRICS = QFontMetricsF(BOLD)
ROW_H = 24.0
GLYPH_W = 30.0
PAD = 8.0


@dataclass
class Entry:
    kind: str  # "heading", "risk", "link", "badge"
    text: str
    style: RiskStyle | None = None
    mode: str = ""
    confidence: str = ""
    badge: str = ""


def entries(styles: dict[str, RiskStyle], window_days: int, highlight: bool = False) -> list[Entry]:
    out = [Entry("heading", "Assessed risk (recorded):")]
    out += [Entry("risk", s.label, style=s) for s in styles.values()]
    out.append(Entry("heading", "Connections:"))
    out += [
        Entry("link", "Real life", mode="real_life", confidence="confirmed"),
        Entry("link", "Online", mode="online", confidence="confirmed"),
        Entry("link", "Both", mode="both", confidence="confirmed"),
        Entry("link", "Suspected (fainter)", mode="real_life", confidence="suspected"),
    ]
    out.append(Entry("heading", "Marks:"))
    out += [
        Entry("badge", "Looked after", badge="LA"),
        Entry("badge", f"Concern in last {window_days} days", badge="!"),
        Entry("badge", "Assessment overdue", badge="overdue"),
        Entry("badge", "Not booked in time", badge="at_risk"),
    ]
    if highlight:
        out.append(Entry("badge", "Highlighted", badge="highlight"))
    return out


def _width(e: Entry) -> float:
    if e.kind == "heading":
        return _BOLD_METRICS.horizontalAdvance(e.text) + 8
    return GLYPH_W + 4 + _METRICS.horizontalAdvance(e.text) + 14


def layout(items: list[Entry], width: float) -> list[tuple[Entry, QPointF]]:
    """Where each entry goes, wrapping to `width` (headings start a new group)."""
    placed: list[tuple[Entry, QPointF]] = []
    x, y = PAD, PAD
    for e in items:
        w = _width(e)
        if x + w > width - PAD and x > PAD:
            x, y = PAD, y + ROW_H
        if e.kind == "heading" and x > PAD:
            x += 10
        placed.append((e, QPointF(x, y)))
        x += w
    return placed


def height_for(items: list[Entry], width: float) -> float:
    placed = layout(items, width)
    return (placed[-1][1].y() if placed else 0) + ROW_H + PAD


def paint(painter: QPainter, origin: QPointF, width: float, items: list[Entry]) -> QRectF:
    """Draw the legend with its top-left at `origin`; returns the rectangle it used."""
    h = height_for(items, width)
    rect = QRectF(origin, QPointF(origin.x() + width, origin.y() + h))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#777777"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRect(rect)
    for e, at in layout(items, width):
        p = QPointF(origin.x() + at.x(), origin.y() + at.y())
        mid = p.y() + ROW_H / 2
        if e.kind == "heading":
            painter.setFont(BOLD)
            painter.setPen(QColor("#000000"))
            painter.drawText(
                QRectF(p.x(), p.y(), _width(e), ROW_H), Qt.AlignmentFlag.AlignVCenter, e.text
            )
            continue
        glyph_c = QPointF(p.x() + GLYPH_W / 2, mid)
        if e.kind == "risk" and e.style is not None:
            painter.save()
            painter.translate(glyph_c)
            painter.scale(0.62, 0.62)
            painter.setPen(QPen(QColor("#1A1A1A"), 1.4))
            painter.setBrush(e.style.colour)
            painter.drawPath(shape_path(e.style.shape))
            painter.setFont(BOLD)
            painter.setPen(e.style.text_colour)
            r = NODE_RADIUS
            painter.drawText(
                QRectF(-r, -r + (3 if e.style.shape == "triangle" else 0), 2 * r, 2 * r),
                Qt.AlignmentFlag.AlignCenter,
                e.style.letter,
            )
            painter.restore()
        elif e.kind == "link":
            pen = link_pen(e.mode, e.confidence, cosmetic=False)
            pen.setWidthF(pen.widthF() + 0.4)
            painter.setPen(pen)
            painter.drawLine(QLineF(p.x() + 2, mid, p.x() + GLYPH_W - 2, mid))
        else:
            _paint_badge(painter, glyph_c, e.badge)
        painter.setFont(FONT)
        painter.setPen(QColor("#000000"))
        painter.drawText(
            QRectF(p.x() + GLYPH_W + 4, p.y(), _width(e) - GLYPH_W, ROW_H),
            Qt.AlignmentFlag.AlignVCenter,
            e.text,
        )
    painter.restore()
    return rect


def _paint_badge(painter: QPainter, c: QPointF, badge: str) -> None:
    small = QFont(BOLD)
    small.setPixelSize(10)
    painter.setFont(small)
    if badge == "LA":
        rect = QRectF(c.x() - 9, c.y() - 6.5, 18, 13)
        painter.setPen(QPen(QColor("#000000"), 1))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRect(rect)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "LA")
    elif badge == "!":
        rect = QRectF(c.x() - 7.5, c.y() - 7.5, 15, 15)
        painter.setPen(QPen(QColor("#000000"), 1))
        painter.setBrush(QColor("#000000"))
        painter.drawEllipse(rect)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "!")
    elif badge == "overdue":
        painter.setPen(QPen(QColor("#000000"), 3.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(c, 9, 9)
        painter.setPen(QPen(QColor("#000000"), 1.2))
        painter.drawLine(c, c + QPointF(0, -5))
        painter.drawLine(c, c + QPointF(4, 0))
    elif badge == "at_risk":
        painter.setPen(QPen(QColor("#000000"), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(c, 9, 9)
    elif badge == "highlight":
        painter.setPen(QPen(QColor(HIGHLIGHT_COLOUR), 4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(c, 8, 8)
