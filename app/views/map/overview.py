"""Everyone drawn at once when the map is zoomed out (the overview level of detail).

Below LOD_SHAPE a node is a few pixels wide, so each person is a square of their risk
colour. Painting 5,000 person items one Python `paint()` call at a time is what made big
maps slow; this one item draws them with one `drawRects` call per colour and fading
instead, while the person items stay in the scene (flagged as having no contents) for
hit-testing, selection, dragging and tooltips.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.views.map.paint import HIGHLIGHT_PEN, SELECT_PEN
from app.views.map.style import FADE_DIMMED, FADE_OUT_OF_SCOPE, NODE_RADIUS

if TYPE_CHECKING:
    from app.views.map.person_item import PersonItem

# Below this on-screen size (pixels per scene unit) people are drawn by the overview.
LOD_SHAPE = 0.22
SQUARE = NODE_RADIUS * 0.9  # half the side of an overview square, in scene units
_MARGIN = 4.0  # room for the selection and highlight outlines

GroupKey = tuple[int, float]  # (colour as ARGB, opacity)


def square_at(p: QPointF) -> QRectF:
    return QRectF(p.x() - SQUARE, p.y() - SQUARE, 2 * SQUARE, 2 * SQUARE)


class OverviewLayer(QGraphicsItem):
    """All people as squares of their risk colour, batched by colour and opacity."""

    def __init__(self, people: Mapping[int, PersonItem]) -> None:
        super().__init__()
        self.people = people
        self.setZValue(10)  # where the people are: above links, areas and hubs
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._groups: dict[GroupKey, list[QRectF]] | None = None
        self._slot: dict[int, tuple[GroupKey, int]] = {}
        self._colours: dict[int, QColor] = {}
        self._highlighted: list[PersonItem] = []
        self._rect = QRectF()

    # ----- keeping up with the people ---------------------------------------------------
    def invalidate(self) -> None:
        """Something other than one position changed (data, filters, highlight): rebuild
        when next asked (several changes in a row cost one rebuild)."""
        if self._groups is not None:
            self.prepareGeometryChange()  # Qt asks boundingRect() again, which rebuilds
            self._groups = None
        self.update()

    def _rebuild(self) -> None:
        groups: dict[GroupKey, list[QRectF]] = {}
        slot: dict[int, tuple[GroupKey, int]] = {}
        highlighted: list[PersonItem] = []
        xs: list[float] = []
        ys: list[float] = []
        s = SQUARE
        for pid, item in self.people.items():
            if not item.isVisible():
                continue
            if item.highlighted:
                highlighted.append(item)
            colour = item.style.colour
            key = (colour.rgba(), overview_opacity(item))
            if key[0] not in self._colours:
                self._colours[key[0]] = QColor(colour)
            rects = groups.setdefault(key, [])
            slot[pid] = (key, len(rects))
            p = item.pos()
            x, y = p.x(), p.y()
            rects.append(QRectF(x - s, y - s, 2 * s, 2 * s))
            xs.append(x)
            ys.append(y)
        self._groups, self._slot, self._highlighted = groups, slot, highlighted
        m = s + _MARGIN
        self._rect = (
            QRectF(min(xs) - m, min(ys) - m, max(xs) - min(xs) + 2 * m, max(ys) - min(ys) + 2 * m)
            if xs
            else QRectF()
        )

    def person_moved(self, item: PersonItem) -> None:
        """One person moved (a drag): repaint their old and new squares only."""
        if self._groups is None:
            return
        where = self._slot.get(item.person_id)
        if where is None:
            return
        key, i = where
        old = self._groups[key][i]
        new = square_at(item.pos())
        self._groups[key][i] = new
        if not self._rect.contains(new):
            self.prepareGeometryChange()
            self._rect = self._rect.united(new.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))
        # Through the scene: an item would unite the squares of several dragged people.
        scene = self.scene()
        if scene is not None:
            scene.update(old.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))
            scene.update(new.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))

    def person_restyled(self, person_id: int, item: PersonItem | None) -> None:
        """One person added, removed (item None) or drawn in another colour or fading,
        after an edit: their square moves to its group without rebuilding everyone's."""
        if self._groups is None:
            return
        if (item is not None and item.highlighted) or any(
            it.person_id == person_id for it in self._highlighted
        ):
            self.invalidate()  # the outlined few are listed apart: start again
            return
        scene = self.scene()
        where = self._slot.pop(person_id, None)
        if where is not None:
            key, i = where
            old = self._groups[key][i]
            self._groups[key][i] = QRectF()  # an empty square draws nothing
            if scene is not None:
                scene.update(old.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))
        if item is None or not item.isVisible():
            return
        colour = item.style.colour
        key = (colour.rgba(), overview_opacity(item))
        if key[0] not in self._colours:
            self._colours[key[0]] = QColor(colour)
        rects = self._groups.setdefault(key, [])
        self._slot[person_id] = (key, len(rects))
        new = square_at(item.pos())
        rects.append(new)
        grown = new.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        if not self._rect.contains(grown):
            self.prepareGeometryChange()
            self._rect = self._rect.united(grown)
        if scene is not None:
            scene.update(grown)

    def person_changed(self, item: PersonItem) -> None:
        """Selection changed: repaint that square (the outline is drawn from the item). A
        person faded by a highlight is drawn at full strength while selected, so their
        square moves to another opacity group."""
        if item.dimmed:
            self.invalidate()
            return
        self.update(square_at(item.pos()).adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))

    # ----- painting ---------------------------------------------------------------------
    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit: clicks belong to the person items underneath

    def boundingRect(self) -> QRectF:  # noqa: N802
        if self._groups is None:
            self._rebuild()  # prepareGeometryChange() was called by invalidate()
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if lod >= LOD_SHAPE:
            return  # zoomed in: every person item draws itself in full
        if self._groups is None:
            self._rebuild()
        assert self._groups is not None
        painter.setPen(Qt.PenStyle.NoPen)
        for (rgba, opacity), rects in self._groups.items():
            painter.setOpacity(opacity)
            painter.setBrush(self._colours[rgba])
            painter.drawRects(rects)
        painter.setOpacity(1.0)
        # Outlines: the few selected or highlighted people, over their squares.
        scene = self.scene()
        marked = list(self._highlighted)
        if scene is not None:
            marked += [
                it
                for it in scene.selectedItems()
                # A person item drawn by this layer (hubs are selectable too).
                if getattr(it, "overview", None) is self and not it.highlighted and it.isVisible()
            ]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for it in marked:
            painter.setOpacity(overview_opacity(it))
            painter.setPen(HIGHLIGHT_PEN if it.highlighted else SELECT_PEN)
            painter.drawRect(square_at(it.pos()))
        painter.setOpacity(1.0)


def overview_opacity(item: PersonItem) -> float:
    """The same fading as a zoomed-in node: dimmed by a highlight, or not in scope."""
    if item.dimmed and not item.isSelected():
        return FADE_DIMMED
    if item.info.inclusion != "in_scope":
        return FADE_OUT_OF_SCOPE
    return 1.0
