"""A keyboard focus among the people on the map (issue 20): the arrow keys move it to
the nearest visible person in that direction, drawn as a dashed ring; the view shows a
focus ring of its own whenever it has the keyboard focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from app.views.map.spoken import announce, person_text

if TYPE_CHECKING:
    from app.views.map.view import MapView

FOCUS_COLOUR = QColor("#0072B2")  # the map's accent blue, clear on the light background

DIRECTIONS = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}


def _visible(view: MapView) -> dict[int, QPointF]:
    return {pid: it.pos() for pid, it in view.map_scene.people.items() if it.isVisible()}


def next_person(view: MapView, key: Qt.Key) -> int | None:
    """The person the arrow `key` moves the focus to, or None when nobody lies that way."""
    people = _visible(view)
    if not people:
        return None
    start = view.focused_person
    if start not in people:
        selected = [p for p in view.selected_people() if p in people]
        start = selected[0] if len(selected) == 1 else None
    if start is None:
        # The first key picks whoever is nearest the centre of the view.
        c = view.mapToScene(view.viewport().rect().center())
        return min(people, key=lambda p: (people[p] - c).manhattanLength())
    dx, dy = DIRECTIONS[key]
    origin = people[start]
    best: tuple[float, int] | None = None
    for pid, pos in people.items():
        if pid == start:
            continue
        vx, vy = pos.x() - origin.x(), pos.y() - origin.y()
        along = vx * dx + vy * dy
        if along <= 0:
            continue
        across = abs(vx * dy - vy * dx)
        # Straight ahead beats the same distance off to the side.
        score = along + 2 * across
        if best is None or score < best[0]:
            best = (score, pid)
    return None if best is None else best[1]


def move_focus(view: MapView, key: Qt.Key) -> bool:
    pid = next_person(view, key)
    if pid is None:
        return False
    set_focused(view, pid)
    return True


def set_focused(view: MapView, pid: int | None) -> None:
    view.focused_person = pid
    item = view.map_scene.people.get(pid) if pid is not None else None
    if item is not None:
        view.ensureVisible(item.sceneBoundingRect(), 40, 40)
        announce(view, f"Focused: {person_text(item.info)}")
    view.viewport().update()


def paint_focus(view: MapView, painter: QPainter) -> None:
    """Called with the painter in viewport pixels, after the overlays."""
    if not view.hasFocus():
        return
    vp = QRectF(view.viewport().rect())
    pen = QPen(FOCUS_COLOUR, 2)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(vp.adjusted(1, 1, -1, -1))
    item = view.map_scene.people.get(view.focused_person) if view.focused_person else None
    if item is None or not item.isVisible():
        return
    r = view.mapFromScene(item.mapRectToScene(item.symbol_rect())).boundingRect()
    ring = QRectF(r).adjusted(-4, -4, 4, 4)
    dashed = QPen(FOCUS_COLOUR, 2, Qt.PenStyle.DashLine)
    painter.setPen(dashed)
    painter.drawEllipse(ring)
