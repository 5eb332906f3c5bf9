"""The map's other graphics items: a setting hub and a shaded area.

Level of detail keeps big maps fast: labels and badges only when legible (paint.py). The
people are person_item.py (drawn by the OverviewLayer, overview.py, when zoomed out) and
the links are batched layers (links.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.services.queries.map_data import HubInfo
from app.views.map.paint import (
    BADGE_FONT,
    LABEL_FONT,
    LABEL_METRICS,
    LOD_BADGES,
    SELECT_PEN,
    label_lod,
    lod_of,
)
from app.views.map.style import (
    HUB_RADIUS,
    NODE_RADIUS,
    shape_path,
)


class HubItem(QGraphicsItem):
    """A setting or online space drawn as a hub of its own shape."""

    def __init__(self, info: HubInfo) -> None:
        super().__init__()
        self.hub_id = info.id
        self.info = info
        self.on_moved: Callable[[HubItem], None] | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setZValue(8)
        kind = "Online space" if info.online else "Setting"
        self.setToolTip(f"{kind}: {info.name}")
        w = max(LABEL_METRICS.horizontalAdvance(info.name) + 8, 3 * HUB_RADIUS)
        self._rect = QRectF(
            -w / 2, -HUB_RADIUS * 1.4, w, HUB_RADIUS * 2.8 + LABEL_METRICS.height() + 6
        )

    @property
    def shape_name(self) -> str:
        return "hub_online" if self.info.online else "hub_place"

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        return shape_path(self.shape_name, HUB_RADIUS)

    def itemChange(self, change, value):  # noqa: ANN001, ANN201, N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.on_moved:
            self.on_moved(self)
        return super().itemChange(change, value)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = lod_of(painter)
        painter.setPen(SELECT_PEN if self.isSelected() else QPen(QColor("#333333"), 1.5))
        painter.setBrush(QColor("#E8F1FA") if self.info.online else QColor("#F2EFE6"))
        painter.drawPath(shape_path(self.shape_name, HUB_RADIUS))
        if lod >= LOD_BADGES:
            painter.setFont(BADGE_FONT)
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(-HUB_RADIUS, -HUB_RADIUS, 2 * HUB_RADIUS, 2 * HUB_RADIUS),
                Qt.AlignmentFlag.AlignCenter,
                "online" if self.info.online else "setting",
            )
        if lod >= label_lod(painter):
            painter.setFont(LABEL_FONT)
            w = LABEL_METRICS.horizontalAdvance(self.info.name) + 8
            rect = QRectF(-w / 2, HUB_RADIUS + 2, w, LABEL_METRICS.height() + 2)
            painter.fillRect(rect, QColor(255, 255, 255, 210))
            painter.setPen(QColor("#222222"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.info.name)


class AreaItem(QGraphicsItem):
    """A named shaded area behind a group of people (asked for by another screen)."""

    def __init__(self, name: str, colour: str) -> None:
        super().__init__()
        self.name = name
        self.colour = QColor(colour)
        self.setZValue(-5)
        self.path = QPainterPath()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_points(self, points: list[QPointF]) -> None:
        self.prepareGeometryChange()
        path = QPainterPath()
        if points:
            hull = _convex_hull(points)
            if len(hull) >= 3:
                poly = QPainterPath()
                poly.addPolygon(QPolygonF(hull))
                poly.closeSubpath()
                stroker = QPainterPathStroker()
                stroker.setWidth(NODE_RADIUS * 5)
                stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
                path = stroker.createStroke(poly).united(poly).simplified()
            else:
                for p in hull:
                    path.addEllipse(p, NODE_RADIUS * 2.5, NODE_RADIUS * 2.5)
                if len(hull) == 2:
                    line = QPainterPath(hull[0])
                    line.lineTo(hull[1])
                    stroker = QPainterPathStroker()
                    stroker.setWidth(NODE_RADIUS * 5)
                    path = path.united(stroker.createStroke(line)).simplified()
        self.path = path

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.path.boundingRect().adjusted(-2, -30, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        fill = QColor(self.colour)
        fill.setAlpha(60)
        edge = QColor(self.colour).darker(140)
        painter.setPen(QPen(edge, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawPath(self.path)
        rect = self.path.boundingRect()
        painter.setFont(LABEL_FONT)
        painter.setPen(QColor("#000000"))
        w = LABEL_METRICS.horizontalAdvance(self.name) + 10
        label = QRectF(rect.left() + 8, rect.top() - 22, w, LABEL_METRICS.height() + 4)
        painter.fillRect(label, QColor(255, 255, 255, 220))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self.name)


def _convex_hull(points: list[QPointF]) -> list[QPointF]:
    pts = sorted({(p.x(), p.y()) for p in points})
    if len(pts) <= 2:
        return [QPointF(x, y) for x, y in pts]

    def cross(o, a, b) -> float:  # noqa: ANN001
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return [QPointF(x, y) for x, y in lower[:-1] + upper[:-1]]
