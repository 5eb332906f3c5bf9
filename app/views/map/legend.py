"""The legend, drawn with a QPainter so the same code draws it on screen and in exports.

It flows left to right and wraps to the width it is given: risk shapes and colours, link
styles, badges and rings. Its text and glyphs follow the user's text size (style.text_scale).
The view paints it over the map when it takes at most a third of the map's height, and
folds it into a one-line "Legend" tab otherwise (legend_panel.py shows it in a panel).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from app.views.map.style import (
    HIGHLIGHT_COLOUR,
    NODE_RADIUS,
    RiskStyle,
    link_pen,
    shape_path,
    text_scale,
)

# Sizes at the usual font (style.BASE_TEXT_PX); all grow with the user's text size.
FONT_PX = 12
ROW_H = 24.0
GLYPH_W = 30.0
PAD = 8.0
# On screen the legend covers at most this share of the map view's height; taller (a
# small window, large text) it folds into one line, "Legend", that opens it in a panel.
MAX_SHARE = 1 / 3
FOLDED_TEXT = "Legend ▸"


@dataclass(frozen=True)
class Sizes:
    scale: float
    font: QFont
    bold: QFont
    metrics: QFontMetricsF
    bold_metrics: QFontMetricsF
    row_h: float
    glyph_w: float
    pad: float


@lru_cache(maxsize=8)
def _sizes_at(scale: float) -> Sizes:
    font = QFont()
    font.setPixelSize(round(FONT_PX * scale))
    bold = QFont(font)
    bold.setBold(True)
    return Sizes(
        scale,
        font,
        bold,
        QFontMetricsF(font),
        QFontMetricsF(bold),
        ROW_H * scale,
        GLYPH_W * scale,
        PAD * scale,
    )


def sizes(scale: float | None = None) -> Sizes:
    """The legend's fonts and spacing at `scale` (the application font's, by default)."""
    return _sizes_at(round(text_scale() if scale is None else scale, 2))


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


def _width(e: Entry, z: Sizes) -> float:
    if e.kind == "heading":
        return z.bold_metrics.horizontalAdvance(e.text) + 8 * z.scale
    return z.glyph_w + 4 * z.scale + z.metrics.horizontalAdvance(e.text) + 14 * z.scale


def layout(
    items: list[Entry], width: float, scale: float | None = None
) -> list[tuple[Entry, QPointF]]:
    """Where each entry goes, wrapping to `width` (headings start a new group)."""
    z = sizes(scale)
    placed: list[tuple[Entry, QPointF]] = []
    x, y = z.pad, z.pad
    for e in items:
        w = _width(e, z)
        if x + w > width - z.pad and x > z.pad:
            x, y = z.pad, y + z.row_h
        if e.kind == "heading" and x > z.pad:
            x += 10 * z.scale
        placed.append((e, QPointF(x, y)))
        x += w
    return placed


def height_for(items: list[Entry], width: float, scale: float | None = None) -> float:
    z = sizes(scale)
    placed = layout(items, width, scale)
    return (placed[-1][1].y() if placed else 0) + z.row_h + z.pad


def placement(items: list[Entry], view_w: float, view_h: float) -> tuple[str, QRectF] | None:
    """Where the legend goes over a map view of this size, in viewport pixels: ("full",
    rect) when it takes at most MAX_SHARE of the view's height, else ("folded", rect) for
    the one-line "Legend" tab; None with no entries."""
    if not items:
        return None
    width = view_w - 16
    h = height_for(items, width)
    if h <= view_h * MAX_SHARE:
        return "full", QRectF(8, view_h - h - 8, width, h)
    z = sizes()
    w = z.bold_metrics.horizontalAdvance(FOLDED_TEXT) + 2 * z.pad
    h = z.row_h
    return "folded", QRectF(8, view_h - h - 8, min(w, width), h)


def paint_folded(painter: QPainter, rect: QRectF) -> None:
    """The folded legend: a small tab saying "Legend" (a click opens the panel)."""
    painter.save()
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRect(rect)
    painter.setFont(sizes().bold)
    painter.setPen(QColor("#000000"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, FOLDED_TEXT)
    painter.restore()


def paint(
    painter: QPainter,
    origin: QPointF,
    width: float,
    items: list[Entry],
    scale: float | None = None,
) -> QRectF:
    """Draw the legend with its top-left at `origin`; returns the rectangle it used."""
    z = sizes(scale)
    h = height_for(items, width, scale)
    rect = QRectF(origin, QPointF(origin.x() + width, origin.y() + h))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#777777"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRect(rect)
    for e, at in layout(items, width, scale):
        p = QPointF(origin.x() + at.x(), origin.y() + at.y())
        mid = p.y() + z.row_h / 2
        if e.kind == "heading":
            painter.setFont(z.bold)
            painter.setPen(QColor("#000000"))
            painter.drawText(
                QRectF(p.x(), p.y(), _width(e, z), z.row_h), Qt.AlignmentFlag.AlignVCenter, e.text
            )
            continue
        glyph_c = QPointF(p.x() + z.glyph_w / 2, mid)
        # The glyphs are drawn at their usual size, scaled with the text around them.
        painter.save()
        painter.translate(glyph_c)
        painter.scale(z.scale, z.scale)
        if e.kind == "risk" and e.style is not None:
            painter.scale(0.62, 0.62)
            painter.setPen(QPen(QColor("#1A1A1A"), 1.4))
            painter.setBrush(e.style.colour)
            painter.drawPath(shape_path(e.style.shape))
            letter = QFont(z.bold)
            letter.setPixelSize(FONT_PX)
            painter.setFont(letter)
            painter.setPen(e.style.text_colour)
            r = NODE_RADIUS
            painter.drawText(
                QRectF(-r, -r + (3 if e.style.shape == "triangle" else 0), 2 * r, 2 * r),
                Qt.AlignmentFlag.AlignCenter,
                e.style.letter,
            )
        elif e.kind == "link":
            pen = link_pen(e.mode, e.confidence, cosmetic=False)
            pen.setWidthF(pen.widthF() + 0.4)
            painter.setPen(pen)
            half = GLYPH_W / 2
            painter.drawLine(QLineF(-half + 2, 0, half - 2, 0))
        else:
            _paint_badge(painter, QPointF(0, 0), e.badge)
        painter.restore()
        painter.setFont(z.font)
        painter.setPen(QColor("#000000"))
        painter.drawText(
            QRectF(p.x() + z.glyph_w + 4 * z.scale, p.y(), _width(e, z) - z.glyph_w, z.row_h),
            Qt.AlignmentFlag.AlignVCenter,
            e.text,
        )
    painter.restore()
    return rect


def _paint_badge(painter: QPainter, c: QPointF, badge: str) -> None:
    small = QFont()
    small.setBold(True)
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
