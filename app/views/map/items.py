"""The map's graphics items: a person node, a setting hub, batched link layers, shaded areas.

Level of detail keeps big maps fast: labels and badges only when legible; when a node is
only a few pixels wide the OverviewLayer (overview.py) draws everyone as squares of their
risk colour in a few batched calls and person items paint nothing; links are drawn by a
few layer items, each one `drawLines` call over the lines that cross what is repainted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.services.queries.map_data import HubInfo, PersonInfo
from app.views.map.overview import LOD_SHAPE, OverviewLayer
from app.views.map.style import (
    HIGHLIGHT_COLOUR,
    HUB_RADIUS,
    NODE_RADIUS,
    OVERDUE_COLOUR,
    RiskStyle,
    link_pen,
    shape_path,
)

LABEL_FONT = QFont()
LABEL_FONT.setPixelSize(13)
LETTER_FONT = QFont()
LETTER_FONT.setPixelSize(13)
LETTER_FONT.setBold(True)
BADGE_FONT = QFont()
BADGE_FONT.setPixelSize(10)
BADGE_FONT.setBold(True)
MARK_FONT = QFont()
MARK_FONT.setPixelSize(11)
_LABEL_METRICS = QFontMetricsF(LABEL_FONT)
_MARK_METRICS = QFontMetricsF(MARK_FONT)

# Below these on-screen sizes (pixels per scene unit) details are not drawn.
LOD_LABEL = 0.38
LOD_BADGES = 0.3
# Below LOD_SHAPE the OverviewLayer draws everyone (see overview.py).

_MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_NODE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
)
_SELECTED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged

BLACK_PEN = QPen(QColor("#1A1A1A"), 1.4)
SELECT_PEN = QPen(QColor("#000000"), 3.0)
WHITE_PEN = QPen(QColor("#FFFFFF"), 1.0)
OVERDUE_PEN = QPen(QColor(OVERDUE_COLOUR), 3.2)
AT_RISK_PEN = QPen(QColor(OVERDUE_COLOUR), 1.6, Qt.PenStyle.DashLine)
HIGHLIGHT_PEN = QPen(QColor(HIGHLIGHT_COLOUR), 5.0)


def lod_of(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class PersonItem(QGraphicsItem):
    """A young person: shape and colour by recorded risk, letter, badges and a label."""

    def __init__(self, info: PersonInfo, style: RiskStyle, label: str) -> None:
        super().__init__()
        self.person_id = info.id
        self.info = info
        self.style = style
        self.label = label
        self.mark = ""
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

    def _update_tooltip(self) -> None:
        i = self.info
        lines = [f"{i.reference}  {i.name}", f"Assessed risk: {i.risk_detail}"]
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
        r = NODE_RADIUS + 8
        rect = QRectF(-r - 6, -r - 6, 2 * r + 12, 2 * r + 12)
        w = _LABEL_METRICS.horizontalAdvance(self.label) + 8
        rect = rect.united(QRectF(-w / 2, NODE_RADIUS + 4, w, _LABEL_METRICS.height() + 4))
        if self.mark:
            mw = _MARK_METRICS.horizontalAdvance(self.mark) + 10
            rect = rect.united(QRectF(NODE_RADIUS + 6, -10, mw, _MARK_METRICS.height() + 6))
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
        faded = self.dimmed or self.info.inclusion != "in_scope"
        if faded:
            painter.setOpacity(0.35 if self.dimmed else 0.55)
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
        painter.setPen(SELECT_PEN if self.isSelected() else pen)
        painter.setBrush(QBrush(style.colour))
        painter.drawPath(path)
        if self.isSelected():
            painter.setPen(WHITE_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
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
        if lod >= LOD_LABEL:
            painter.setFont(LABEL_FONT)
            painter.setPen(QColor("#111111"))
            w = _LABEL_METRICS.horizontalAdvance(self.label) + 8
            rect = QRectF(-w / 2, NODE_RADIUS + 4, w, _LABEL_METRICS.height() + 2)
            painter.fillRect(rect, QColor(255, 255, 255, 200))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)
        if self.mark and lod >= LOD_BADGES:
            painter.setOpacity(1.0)
            mw = _MARK_METRICS.horizontalAdvance(self.mark) + 10
            rect = QRectF(NODE_RADIUS + 6, -10, mw, _MARK_METRICS.height() + 4)
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
        w = max(_LABEL_METRICS.horizontalAdvance(info.name) + 8, 3 * HUB_RADIUS)
        self._rect = QRectF(
            -w / 2, -HUB_RADIUS * 1.4, w, HUB_RADIUS * 2.8 + _LABEL_METRICS.height() + 6
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
        if lod >= LOD_LABEL:
            painter.setFont(LABEL_FONT)
            w = _LABEL_METRICS.horizontalAdvance(self.info.name) + 8
            rect = QRectF(-w / 2, HUB_RADIUS + 2, w, _LABEL_METRICS.height() + 2)
            painter.fillRect(rect, QColor(255, 255, 255, 210))
            painter.setPen(QColor("#222222"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.info.name)


class LinkLayer(QGraphicsItem):
    """All links of one look (mode, suspected or not) in one item, drawn with drawLines.

    Ends are looked up through `position_of(end)` so that a drag moves only the links of
    the dragged people (`refresh_ends`).
    """

    def __init__(
        self, mode: str, confidence: str, position_of: Callable[[object], QPointF]
    ) -> None:
        super().__init__()
        self.mode, self.confidence = mode, confidence
        self.position_of = position_of
        self.setZValue(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.keys: list[int] = []
        self.ends: list[tuple[object, object]] = []
        self.row_of: dict[int, int] = {}
        self.coords = np.zeros((0, 4))
        self.lines: list[QLineF] = []
        self._rect = QRectF()
        self.hidden_rows: set[int] = set()  # filtered out: kept as empty lines
        self.fast = False  # set by the view while it moves: no antialiasing
        self._lod = 1.0  # of the last paint: how much scene one pixel is
        self._piece = 300.0  # longest piece of a line with its own dirty rectangle
        self._pens: dict[tuple[bool, int], QPen] = {}

    def set_links(
        self,
        entries: Iterable[tuple[int, object, object]],
        xy: Mapping[object, tuple[float, float]] | None = None,
    ) -> None:
        self.keys, self.ends = [], []
        self.hidden_rows = set()
        for key, a, b in entries:
            self.keys.append(key)
            self.ends.append((a, b))
        self.row_of = {k: i for i, k in enumerate(self.keys)}
        self._recompute_all(xy)

    def _xy(self, end: object) -> tuple[float, float]:
        p = self.position_of(end)
        return (p.x(), p.y())

    def _recompute_all(self, xy: Mapping[object, tuple[float, float]] | None = None) -> None:
        """All lines from their ends' positions (`xy`: positions already read, by end)."""
        if xy is None:
            xy = {e: self._xy(e) for pair in self.ends for e in pair}
        rows = [(*xy[a], *xy[b]) for a, b in self.ends]
        self.coords = np.array(rows, dtype=float).reshape(len(rows), 4)
        self.lines = [QLineF(*row) for row in rows]
        for row in self.hidden_rows:
            if row < len(self.lines):
                self.lines[row] = QLineF()
        self._update_rect()

    def set_hidden(self, rows: set[int]) -> None:
        if rows != self.hidden_rows:
            self.hidden_rows = rows
            self._recompute_all()
            self.update()

    def _update_rect(self) -> None:
        if len(self.coords) == 0:
            rect = QRectF()
        else:
            xs = np.concatenate([self.coords[:, 0], self.coords[:, 2]])
            ys = np.concatenate([self.coords[:, 1], self.coords[:, 3]])
            rect = QRectF(
                xs.min() - 4, ys.min() - 4, xs.max() - xs.min() + 8, ys.max() - ys.min() + 8
            )
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def refresh_ends(self, rows: Iterable[int]) -> None:
        """Move the lines in `rows` to their ends' current positions; repaint only them."""
        # One small rectangle per line (old and new place), not their union: a person with
        # a far link would otherwise repaint a large part of the map on every move.
        # A long line is cut into pieces, each with its own small rectangle: a far link's
        # bounding box would cover much of the map.
        dirty: list[QRectF] = []
        for i in rows:
            x1, y1, x2, y2 = self.coords[i]
            dirty += _pieces(x1, y1, x2, y2, self._piece)
            a, b = self.ends[i]
            pa, pb = self.position_of(a), self.position_of(b)
            self.coords[i] = (pa.x(), pa.y(), pb.x(), pb.y())
            self.lines[i] = QLineF() if i in self.hidden_rows else QLineF(pa, pb)
            dirty += _pieces(pa.x(), pa.y(), pb.x(), pb.y(), self._piece)
        if dirty:
            old = self._rect
            self._update_rect()
            scene = self.scene()
            if old == self._rect and scene is not None:
                # The pen is cosmetic (pixels), so pad by a few pixels' worth of scene units.
                # Through the scene, not self.update(): an item unites its pending updates
                # into one rectangle, which would bring back the large box.
                pad = max(4.0, 3.0 / max(self._lod, 0.01))
                for rect in dirty:
                    scene.update(rect.adjusted(-pad, -pad, pad, pad))

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def nearest(self, point: QPointF, tolerance: float) -> int | None:
        """The key of the line nearest to `point` within `tolerance` scene units."""
        if not len(self.coords) or not self.isVisible():
            return None
        p = np.array([point.x(), point.y()])
        a, b = self.coords[:, :2], self.coords[:, 2:]
        ab = b - a
        denom = np.einsum("ij,ij->i", ab, ab) + 1e-9
        t = np.clip(np.einsum("ij,ij->i", p - a, ab) / denom, 0, 1)
        closest = a + ab * t[:, None]
        d = np.hypot(*(closest - p).T)
        if self.hidden_rows:
            d[list(self.hidden_rows)] = np.inf
        i = int(np.argmin(d))
        return self.keys[i] if d[i] <= tolerance else None

    def _pen(self, lod: float) -> QPen:
        key = (self.fast, int(min(lod, 2.0) * 10))
        pen = self._pens.get(key)
        if pen is None:
            pen = link_pen(self.mode, self.confidence, cosmetic=True, zoom=lod)
            self._pens[key] = pen
        return pen

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.lines:
            return
        lod = lod_of(painter)
        self._lod = lod
        self._piece = 100.0 / max(lod, 0.01)  # about 100 pixels on screen
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not self.fast and lod > 0.3)
        painter.setPen(self._pen(lod))
        exposed = option.exposedRect
        if exposed.contains(self._rect) or len(self.lines) < 200:
            painter.drawLines(self.lines)
            return
        # Only the lines that cross the repainted rectangles (after a drag, the pieces of
        # the moved lines), not every line in their bounding box.
        rects = np.array(
            [(r.left(), r.top(), r.right(), r.bottom()) for r in _exposed_rects(painter, self)]
            or [(exposed.left(), exposed.top(), exposed.right(), exposed.bottom())]
        )
        idx = crossing(self.coords, rects)
        if len(idx) == len(self.lines):
            painter.drawLines(self.lines)
        elif len(idx):
            lines = self.lines
            painter.drawLines([lines[i] for i in idx.tolist()])


def crossing(coords: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """Rows of `coords` (x1, y1, x2, y2) whose segment meets any of `rects` (x0, y0, x1, y1)."""
    c = coords
    lo_x, hi_x = np.minimum(c[:, 0], c[:, 2])[:, None], np.maximum(c[:, 0], c[:, 2])[:, None]
    lo_y, hi_y = np.minimum(c[:, 1], c[:, 3])[:, None], np.maximum(c[:, 1], c[:, 3])[:, None]
    boxes_meet = (
        (hi_x >= rects[:, 0])
        & (lo_x <= rects[:, 2])
        & (hi_y >= rects[:, 1])
        & (lo_y <= rects[:, 3])
    )
    li, ri = np.nonzero(boxes_meet)
    if not len(li):
        return li
    # The boxes meet; the segment misses the rectangle only if all four corners lie on the
    # same side of its line.
    x1, y1, x2, y2 = c[li].T
    dx, dy = x2 - x1, y2 - y1
    r = rects[ri]
    sides = np.stack(
        [dx * (cy - y1) - dy * (cx - x1) for cx in (r[:, 0], r[:, 2]) for cy in (r[:, 1], r[:, 3])]
    )
    meets = ~((sides > 0).all(axis=0) | (sides < 0).all(axis=0))
    return np.unique(li[meets])


def _pieces(x1: float, y1: float, x2: float, y2: float, longest: float) -> list[QRectF]:
    """Bounding boxes of a line cut into pieces no longer than `longest`."""
    n = min(48, max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / longest) + 1))
    out = []
    for k in range(n):
        a, b = k / n, (k + 1) / n
        p = QPointF(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a)
        q = QPointF(x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)
        out.append(QRectF(p, q).normalized())
    return out


def outside_repaint(painter: QPainter, rect: QRectF, scene: object) -> bool:
    """True when `rect` (item coordinates) misses every rectangle the view is repainting.

    Qt picks the items to paint by the bounding box of the whole repainted region; after
    a drag with a long link that box covers much of the map, while the region itself is
    a thin band of small rectangles. Skipping the people outside it saves their paint."""
    region = getattr(scene, "paint_region", None)
    if region is None or region.rectCount() < 2:
        return False
    return not region.intersects(painter.worldTransform().mapRect(rect).toAlignedRect())


def _exposed_rects(painter: QPainter, item: QGraphicsItem) -> list[QRectF]:
    """The rectangles being repainted, in the item's coordinates, when the view said
    (MapView.paintEvent stores its update region on the scene); else none."""
    scene = item.scene()
    region = getattr(scene, "paint_region", None)
    if region is None or not 1 < region.rectCount() <= 160:
        return []
    inverse, ok = painter.worldTransform().inverted()
    if not ok:
        return []
    return [inverse.mapRect(QRectF(r)).adjusted(-2, -2, 2, 2) for r in region]


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
        w = _LABEL_METRICS.horizontalAdvance(self.name) + 10
        label = QRectF(rect.left() + 8, rect.top() - 22, w, _LABEL_METRICS.height() + 4)
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
