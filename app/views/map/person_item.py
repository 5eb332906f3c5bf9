"""A young person on the map: shape and colour by recorded risk, letter, badges, label.

Below LOD_SHAPE the OverviewLayer (overview.py) draws everyone and this item paints nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.services.queries.map_data import PersonInfo
from app.views.common.presentation import person_line
from app.views.map.overview import LOD_SHAPE, OverviewLayer
from app.views.map.paint import (
    AT_RISK_PEN,
    BADGE_FONT,
    BLACK_PEN,
    HIGHLIGHT_PEN,
    LABEL_FONT,
    LABEL_METRICS,
    LETTER_FONT,
    LOD_BADGES,
    MARK_FONT,
    MARK_METRICS,
    OVERDUE_PEN,
    SELECT_PEN,
    SELECT_RING_INNER_PEN,
    SELECT_RING_PEN,
    WHITE_PEN,
    label_lod,
    lod_of,
    outside_repaint,
)
from app.views.map.style import (
    FADE_DIMMED,
    FADE_OUT_OF_SCOPE,
    HIGHLIGHT_COLOUR,
    NODE_RADIUS,
    RiskStyle,
    shape_path,
)

_MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_NODE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
)
_SELECTED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged


class PersonItem(QGraphicsItem):
    """A young person: shape and colour by recorded risk, letter, badges and a label."""

    def __init__(self, info: PersonInfo, style: RiskStyle, label: str) -> None:
        super().__init__()
        self.person_id = info.id
        self.info = info
        self.style = style
        self.label = label
        self.mark = ""
        # Where the label sits around the symbol and what it shows there (the full label,
        # initials when only they fit, or nothing); set by labels.arrange_labels.
        self.label_side = "below"
        self.shown_label = label
        self.highlighted = False
        self.dimmed = False
        self.on_moved: Callable[[PersonItem], None] | None = None
        self.overview: OverviewLayer | None = None  # draws this person when zoomed out
        self.setFlags(_NODE_FLAGS)
        self.setZValue(10)
        self._update_geometry()
        self.tooltip_ready = False  # written on first hover (ensure_tooltip): faster opening

    def ensure_tooltip(self) -> None:
        if not self.tooltip_ready:
            self._update_tooltip()

    def set_state(self, info: PersonInfo, style: RiskStyle, label: str) -> None:
        if label != self.label:
            self.shown_label = label
        self.info, self.style, self.label = info, style, label
        self._update_geometry()
        if self.tooltip_ready:
            self._update_tooltip()
        self.update()

    def set_mark(self, mark: str, highlighted: bool, dimmed: bool) -> None:
        if (mark, highlighted, dimmed) != (self.mark, self.highlighted, self.dimmed):
            self.mark, self.highlighted, self.dimmed = mark, highlighted, dimmed
            self._update_geometry()
            self.update()

    def set_label_place(self, side: str, text: str) -> None:
        if (side, text) != (self.label_side, self.shown_label):
            self.label_side, self.shown_label = side, text
            self._update_geometry()
            self.update()

    def label_rect(self, side: str | None = None, text: str | None = None) -> QRectF:
        """The label's rectangle in item coordinates (empty when no label is shown)."""
        return label_rect_for(self.shown_label if text is None else text, side or self.label_side)

    def symbol_rect(self) -> QRectF:
        """The symbol with its badges, in item coordinates (the box layouts keep apart,
        readable.SYMBOL_BOX)."""
        r = NODE_RADIUS + 10
        return QRectF(-r, -r, 2 * r, 2 * r - 2)

    def _update_tooltip(self) -> None:
        i = self.info
        lines = [person_line(i.reference, i.name), f"Assessed risk: {i.risk_detail}"]
        if i.setting:
            lines.append(f"Setting: {i.setting}")
        if i.coverage == "overdue":
            lines.append("Assessment overdue (review date passed, not assessed)")
        elif i.coverage == "at_risk":
            lines.append("Not booked in time (not booked, or booked after the review date)")
        if i.looked_after:
            lines.append("Looked after")
        if i.recent_concern:
            lines.append("Concern known within the prompt window")
        if i.inclusion != "in_scope":
            lines.append(
                "Under consideration"
                if i.inclusion == "under_consideration"
                else "Removed from scope"
            )
        lines.append(f"Next step: {i.next_step}")
        self.setToolTip("\n".join(lines))
        self.tooltip_ready = True

    def _update_geometry(self) -> None:
        self.prepareGeometryChange()
        # The highlight ring's pen reaches a little past the badges.
        rect = self.symbol_rect().adjusted(-3, -3, 3, 5)
        if self.shown_label:
            rect = rect.united(self.label_rect())
        if self.mark:
            mw = MARK_METRICS.horizontalAdvance(self.mark) + 10
            rect = rect.united(QRectF(NODE_RADIUS + 6, -10, mw, MARK_METRICS.height() + 6))
        self._rect = rect

    @property
    def bounds(self) -> QRectF:
        """boundingRect() without a call through Qt."""
        return self._rect

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        return shape_path(self.style.shape)

    def itemChange(self, change, value):  # noqa: ANN001, ANN201, N802
        # Called for every change of every item (tens of thousands while a big map is
        # built): compare with module constants and return `value` as the base class does.
        if change is _MOVED:
            if self.on_moved:
                self.on_moved(self)
        elif change is _SELECTED and self.overview is not None:
            self.overview.person_changed(self)
        return value

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = lod_of(painter)
        if lod < LOD_SHAPE:
            return  # zoomed out: the OverviewLayer draws everyone in a few batched calls
        if outside_repaint(painter, self._rect, self.scene()):
            return
        style = self.style
        selected = self.isSelected()
        # The selected person is always at full strength, even when a highlight fades
        # everyone else, so the one being talked about is never the faint one.
        dimmed = self.dimmed and not selected
        faded = dimmed or (self.info.inclusion != "in_scope" and not selected)
        if faded:
            painter.setOpacity(FADE_DIMMED if dimmed else FADE_OUT_OF_SCOPE)
        path = shape_path(style.shape)
        if self.highlighted:
            painter.setPen(HIGHLIGHT_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS + 9, NODE_RADIUS + 9)
        if self.info.coverage in ("overdue", "at_risk"):
            painter.setPen(OVERDUE_PEN if self.info.coverage == "overdue" else AT_RISK_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS + 5, NODE_RADIUS + 5)
        pen = QPen(BLACK_PEN)
        if self.info.inclusion == "under_consideration":
            pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(SELECT_PEN if selected else pen)
        painter.setBrush(QBrush(style.colour))
        painter.drawPath(path)
        if selected:
            painter.setPen(WHITE_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            # A strong ring: black outside white, visible on any fill and in greyscale.
            painter.setPen(SELECT_RING_PEN)
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS + 7, NODE_RADIUS + 7)
            painter.setPen(SELECT_RING_INNER_PEN)
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS + 4.5, NODE_RADIUS + 4.5)
        if lod >= LOD_BADGES:
            painter.setFont(LETTER_FONT)
            painter.setPen(style.text_colour)
            letter_rect = QRectF(
                -NODE_RADIUS,
                -NODE_RADIUS + (3 if style.shape == "triangle" else 0),
                2 * NODE_RADIUS,
                2 * NODE_RADIUS,
            )
            painter.drawText(letter_rect, Qt.AlignmentFlag.AlignCenter, style.letter)
            self._paint_badges(painter)
        if lod >= label_lod(painter) and self.shown_label:
            painter.setFont(LABEL_FONT)
            painter.setPen(QColor("#111111"))
            rect = self.label_rect()
            painter.fillRect(rect, QColor(255, 255, 255, 200))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.shown_label)
        if self.mark and lod >= LOD_BADGES:
            painter.setOpacity(1.0)
            mw = MARK_METRICS.horizontalAdvance(self.mark) + 10
            rect = QRectF(NODE_RADIUS + 6, -10, mw, MARK_METRICS.height() + 4)
            painter.setPen(QPen(QColor(HIGHLIGHT_COLOUR), 1.2))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setFont(MARK_FONT)
            painter.setPen(QColor("#00365A"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.mark)
        if faded:
            painter.setOpacity(1.0)

    def _paint_badges(self, painter: QPainter) -> None:
        painter.setFont(BADGE_FONT)
        r = NODE_RADIUS
        if self.info.looked_after:
            rect = QRectF(-r - 10, -r - 8, 18, 13)
            painter.setPen(QPen(QColor("#000000"), 1))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRect(rect)
            painter.setPen(QColor("#000000"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "LA")
        if self.info.recent_concern:
            rect = QRectF(r - 6, -r - 8, 15, 15)
            painter.setPen(QPen(QColor("#000000"), 1))
            painter.setBrush(QColor("#000000"))
            painter.drawEllipse(rect)
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "!")
        if self.info.coverage == "overdue":
            rect = QRectF(r - 4, r - 8, 14, 14)
            painter.setPen(QPen(QColor("#000000"), 1))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawEllipse(rect)
            c = rect.center()
            painter.drawLine(c, c + QPointF(0, -4.5))
            painter.drawLine(c, c + QPointF(3.5, 0))


LABEL_GAP = 4.0  # between the symbol (with its badges) and the label


def label_rect_for(text: str, side: str) -> QRectF:
    """Where a label of `text` goes on `side` of the symbol, in item coordinates."""
    if not text:
        return QRectF()
    w = LABEL_METRICS.horizontalAdvance(text) + 8
    h = LABEL_METRICS.height() + 2
    r = NODE_RADIUS
    if side == "above":
        return QRectF(-w / 2, -r - 10 - LABEL_GAP - h, w, h)
    if side == "right":
        return QRectF(r + 10 + LABEL_GAP, -h / 2, w, h)
    if side == "left":
        return QRectF(-r - 10 - LABEL_GAP - w, -h / 2, w, h)
    return QRectF(-w / 2, r + LABEL_GAP, w, h)
