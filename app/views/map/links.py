"""Links drawn by a few layer items, each one `drawLines` call over the lines that cross
what is repainted (numpy finds them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import (
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.views.map.paint import (
    lod_of,
)
from app.views.map.style import (
    link_pen,
)


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

    def remove_keys(self, keys: Iterable[int]) -> bool:
        """Drop the lines of `keys` (an edit removed or changed them); True if any went."""
        rows = sorted(self.row_of[k] for k in keys if k in self.row_of)
        if not rows:
            return False
        for r in rows:  # repaint where they were
            x1, y1, x2, y2 = self.coords[r]
            self._dirty(_pieces(x1, y1, x2, y2, self._piece))
        gone = set(rows)
        keep = [i for i in range(len(self.keys)) if i not in gone]
        self.keys = [self.keys[i] for i in keep]
        self.ends = [self.ends[i] for i in keep]
        self.lines = [self.lines[i] for i in keep]
        self.coords = self.coords[keep] if keep else np.zeros((0, 4))
        new_row = {old: new for new, old in enumerate(keep)}
        self.hidden_rows = {new_row[r] for r in self.hidden_rows if r in new_row}
        self.row_of = {k: i for i, k in enumerate(self.keys)}
        self._update_rect()
        return True

    def add_links(self, entries: Iterable[tuple[int, object, object, bool]]) -> None:
        """Append lines (key, end, end, hidden) at their ends' current positions."""
        dirty: list[QRectF] = []
        rows = []
        for key, a, b, hidden in entries:
            pa, pb = self.position_of(a), self.position_of(b)
            row = (pa.x(), pa.y(), pb.x(), pb.y())
            i = len(self.keys)
            self.keys.append(key)
            self.ends.append((a, b))
            self.row_of[key] = i
            rows.append(row)
            if hidden:
                self.hidden_rows.add(i)
                self.lines.append(QLineF())
            else:
                self.lines.append(QLineF(*row))
                dirty += _pieces(*row, self._piece)
        if rows:
            self.coords = np.vstack([self.coords.reshape(-1, 4), np.array(rows, dtype=float)])
            self._update_rect()
            self._dirty(dirty)

    def set_row_hidden(self, row: int, hidden: bool) -> None:
        """One line shown or hidden by the filters (its end's visibility changed)."""
        if hidden == (row in self.hidden_rows):
            return
        x1, y1, x2, y2 = self.coords[row]
        if hidden:
            self.hidden_rows.add(row)
            self.lines[row] = QLineF()
        else:
            self.hidden_rows.discard(row)
            self.lines[row] = QLineF(x1, y1, x2, y2)
        self._dirty(_pieces(x1, y1, x2, y2, self._piece))

    def _dirty(self, rects: list[QRectF]) -> None:
        scene = self.scene()
        if scene is None or not rects:
            return
        pad = max(4.0, 3.0 / max(self._lod, 0.01))
        for rect in rects:
            scene.update(rect.adjusted(-pad, -pad, pad, pad))

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
