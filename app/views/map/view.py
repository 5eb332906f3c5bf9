"""The map view: zoom, pan, fit, the Select and Connect tools, and the overlays.

It turns mouse gestures into requests (signals) that the page turns into Store edits:
double-click on empty canvas = add a person there; double-click a person = edit them;
Connect tool (or Shift-drag) from one person to another = connect them; a drag of
selected people = one move step when the mouse is released.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from app.views.map import legend
from app.views.map.items import HubItem
from app.views.map.keyboard_focus import DIRECTIONS, move_focus, paint_focus
from app.views.map.overview import LOD_SHAPE
from app.views.map.person_item import PersonItem
from app.views.map.scene import MapScene
from app.views.map.style import MAP_BACKGROUND

MIN_ZOOM, MAX_ZOOM = 0.02, 4.0


class MapView(QGraphicsView):
    add_requested = Signal(QPointF)  # scene position
    edit_requested = Signal(int)  # person id
    connect_requested = Signal(int, int)
    moved = Signal(object, object)  # {person id: (x, y)}, {setting id: (x, y)}
    delete_requested = Signal()
    link_menu_requested = Signal(int, QPointF)  # connection id, global position
    escape_pressed = Signal()

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.tool = "select"
        self.caption = ""
        self.fictional = False
        self.legend_items: list[legend.Entry] = []
        self.legend_docked = False  # the legend is in its own panel (legend_panel.py)
        self.on_legend_tab: Callable[[], None] | None = None  # a click on the folded legend
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setBackgroundBrush(MAP_BACKGROUND)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._connect_from: int | None = None
        self.focused_person: int | None = None  # moved with the arrow keys
        self._rubber: QGraphicsLineItem | None = None
        self._press_positions: dict[object, QPointF] = {}
        self._panning: QPointF | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(180)
        self._idle.timeout.connect(lambda: self.set_fast(False))
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(180)
        self._settle.timeout.connect(lambda: self.viewport().update())
        self._fast = False

    # ----- level of detail while moving -------------------------------------------------
    def set_fast(self, on: bool) -> None:
        """No antialiasing while the picture moves; full quality once it rests."""
        if on == self._fast:
            if on:
                self._idle.start()
            return
        self._fast = on
        self.setRenderHint(QPainter.RenderHint.Antialiasing, not on)
        for layer in self.map_scene.all_layers():
            layer.fast = on
        if on:
            self._idle.start()
        else:
            self.viewport().update()

    # ----- zoom and pan -----------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom() * factor))
        f = new / self.zoom()
        if abs(f - 1.0) > 1e-6:
            self.set_fast(True)
            self.scale(f, f)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.2**steps)
        event.accept()

    def free_area(self) -> QRectF:
        """The part of the viewport not covered by the legend, the caption or the
        FICTIONAL badge, in viewport pixels: where Fit puts the people."""
        vp = QRectF(self.viewport().rect())
        top = 8.0
        if self.caption or self.fictional:
            top = 8 + 28 + 6
        bottom = self.legend_height() + 16 if self.legend_place() else 8.0
        area = QRectF(8, top, vp.width() - 16, vp.height() - top - bottom)
        if area.height() < 120 or area.width() < 120:
            return vp  # a tiny window: use all of it rather than nothing
        return area

    def fit_rect(self, rect: QRectF) -> None:
        """Show `rect` whole inside the free area (not under the legend or the caption),
        with a margin of a few pixels, at most at zoom 1.5."""
        if rect.isNull() or rect.isEmpty():
            rect = QRectF(-200, -200, 400, 400)
        area = self.free_area().adjusted(10, 10, -10, -10)
        zoom = min(area.width() / rect.width(), area.height() / rect.height(), 1.5)
        zoom = max(MIN_ZOOM, zoom)
        self.setSceneRect(self.scene_rect_with_room())
        self.setTransform(QTransform.fromScale(zoom, zoom))
        # centerOn() puts a scene point at the viewport's centre; the free area's centre
        # is lower (under the caption) and higher (above the legend), so shift by the
        # difference, in scene units.
        vp_centre = QRectF(self.viewport().rect()).center()
        shift = (vp_centre - area.center()) / zoom
        self.centerOn(rect.center() + shift)

    def fit(self) -> None:
        self.fit_rect(self.map_scene.visible_rect())

    def scene_rect_with_room(self) -> QRectF:
        rect = self.map_scene.content_rect()
        pad = max(rect.width(), rect.height(), 800)
        return rect.adjusted(-pad, -pad, pad, pad)

    def zoom_to_selection(self) -> None:
        rect = QRectF()
        for item in self.map_scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        if not rect.isNull():
            self.fit_rect(rect)

    def centre_on_people(self, ids: frozenset[int]) -> None:
        rect = QRectF()
        for pid in ids:
            item = self.map_scene.people.get(pid)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        if rect.isNull():
            return
        visible = self.mapToScene(self.free_area().toAlignedRect()).boundingRect()
        if visible.contains(rect):
            return  # already on screen: selecting someone never moves the map under you
        if rect.width() > visible.width() or rect.height() > visible.height():
            self.fit_rect(rect)
        else:
            self.centerOn(rect.center())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / 1.25)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self._cancel_connect()
            self.map_scene.clearSelection()
            self.escape_pressed.emit()  # the page clears a highlight
        elif (
            key in DIRECTIONS
            and not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            and move_focus(self, key)
        ):
            pass  # the focus moved to the nearest person that way; Ctrl+arrow pans
        elif key == Qt.Key.Key_Space and self.focused_person in self.map_scene.people:
            # Through the scene's selection, which the page passes to the Store.
            self.map_scene.clearSelection()
            self.map_scene.people[self.focused_person].setSelected(True)
        elif key in DIRECTIONS:
            d = {
                Qt.Key.Key_Left: (-60, 0),
                Qt.Key.Key_Right: (60, 0),
                Qt.Key.Key_Up: (0, -60),
                Qt.Key.Key_Down: (0, 60),
            }[key]
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + d[0])
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + d[1])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            people = self.selected_people()
            if self.focused_person in self.map_scene.people:
                self.edit_requested.emit(self.focused_person)
            elif len(people) == 1:
                self.edit_requested.emit(people[0])
        else:
            super().keyPressEvent(event)

    # ----- mouse ------------------------------------------------------------------------
    def person_at(self, pos: QPointF) -> PersonItem | None:
        for item in self.items(pos.toPoint()):
            if isinstance(item, PersonItem):
                return item
        return None

    def selected_people(self) -> list[int]:
        return sorted(
            i.person_id for i in self.map_scene.selectedItems() if isinstance(i, PersonItem)
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.focused_person = None  # the mouse took over from the arrow keys
        if event.button() == Qt.MouseButton.MiddleButton:
            self._panning = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        place = self.legend_place()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and place
            and place[0] == "folded"
            and place[1].contains(event.position())
            and self.on_legend_tab is not None
        ):
            self.on_legend_tab()  # the folded legend opens in its panel
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            person = self.person_at(event.position())
            connecting = self.tool == "connect" or (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            if person is not None and connecting:
                self._start_connect(person)
                event.accept()
                return
            if self.tool == "connect" and person is None:
                event.accept()
                return
            self._press_positions = (
                {
                    it: it.pos()
                    for it in self.map_scene.items()
                    if isinstance(it, PersonItem | HubItem)
                }
                if person is not None or self.itemAt(event.position().toPoint()) is not None
                else {}
            )
        if event.button() == Qt.MouseButton.RightButton:
            item = self.itemAt(event.position().toPoint())
            if not isinstance(item, PersonItem | HubItem):
                tol = 6 / max(self.zoom(), 0.01)
                key = self.map_scene.link_at(self.mapToScene(event.position().toPoint()), tol)
                if key is not None:
                    self.link_menu_requested.emit(key, event.globalPosition())
                    event.accept()
                    return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._panning is not None:
            delta = event.position() - self._panning
            self._panning = event.position()
            self.set_fast(True)
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            return
        if self._rubber is not None:
            line = self._rubber.line()
            self._rubber.setLine(QLineF(line.p1(), self.mapToScene(event.position().toPoint())))
            return
        if event.buttons() & Qt.MouseButton.LeftButton and self._press_positions:
            self.set_fast(True)
        super().mouseMoveEvent(event)
        if not event.buttons():
            self._link_tooltip(event)

    def _link_tooltip(self, event: QMouseEvent) -> None:
        if self.itemAt(event.position().toPoint()) is not None and not isinstance(
            self.itemAt(event.position().toPoint()), type(None)
        ):
            item = self.itemAt(event.position().toPoint())
            if isinstance(item, PersonItem | HubItem):
                return
        data = self.map_scene.data
        if data is None:
            return
        key = self.map_scene.link_at(
            self.mapToScene(event.position().toPoint()), 5 / max(self.zoom(), 0.01)
        )
        if key is None:
            QToolTip.hideText()
            return
        link = data.links[key]
        # Every connection between the same two people, one line each.
        same = (
            [
                lk.tooltip
                for lk in data.links.values()
                if {lk.a, lk.b} == {link.a, link.b}
                and lk.setting_id == link.setting_id
                or lk.id == key
            ]
            if link.b is not None
            else [link.tooltip]
        )
        ends = [data.people[link.a].reference]
        if link.b is not None:
            ends.append(data.people[link.b].reference)
        QToolTip.showText(
            event.globalPosition().toPoint(),
            " – ".join(ends) + "\n" + "\n".join(dict.fromkeys(same)),
            self,
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._panning is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._panning = None
            self.viewport().unsetCursor()
            return
        if self._rubber is not None:
            target = self.person_at(event.position())
            source = self._connect_from
            self._cancel_connect()
            if target is not None and source is not None:
                self.connect_requested.emit(source, target.person_id)
            return
        super().mouseReleaseEvent(event)
        if self._press_positions:
            people: dict[int, tuple[float, float]] = {}
            hubs: dict[int, tuple[float, float]] = {}
            for it, before in self._press_positions.items():
                if it.pos() != before:
                    if isinstance(it, PersonItem):
                        people[it.person_id] = (it.pos().x(), it.pos().y())
                    else:
                        hubs[it.hub_id] = (it.pos().x(), it.pos().y())
            self._press_positions = {}
            if people or hubs:
                self.moved.emit(people, hubs)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        person = self.person_at(event.position())
        if person is not None:
            self.edit_requested.emit(person.person_id)
        elif self.itemAt(event.position().toPoint()) is None or not isinstance(
            self.itemAt(event.position().toPoint()), HubItem
        ):
            self.add_requested.emit(self.mapToScene(event.position().toPoint()))
        event.accept()

    def _start_connect(self, person: PersonItem) -> None:
        self._connect_from = person.person_id
        self._rubber = QGraphicsLineItem(QLineF(person.pos(), person.pos()))
        pen = QPen(QColor("#0072B2"), 2.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._rubber.setPen(pen)
        self._rubber.setZValue(50)
        self.map_scene.addItem(self._rubber)

    def _cancel_connect(self) -> None:
        if self._rubber is not None:
            self.map_scene.removeItem(self._rubber)
        self._rubber = None
        self._connect_from = None

    # ----- overlays: legend, caption, marking -------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # The link layers draw only the lines meeting the rectangles being repainted.
        self.map_scene.paint_region = event.region()
        try:
            super().paintEvent(event)
        finally:
            self.map_scene.paint_region = None

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawBackground(painter, rect)
        # Every paint starts here with the view's transform: switch the people between
        # the batched overview and their own items before any of them is drawn.
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        overview = lod < LOD_SHAPE
        self.map_scene.set_overview(overview)
        # Zoomed out, repaint one rectangle around everything that changed: no person
        # item paints there, and Qt draws lines against one rectangle far faster than
        # against a band of many. Zoomed in, repaint only the band (people paint slowly).
        mode = (
            QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate
            if overview
            else QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate
        )
        if self.viewportUpdateMode() != mode:
            self.setViewportUpdateMode(mode)

    def legend_place(self) -> tuple[str, QRectF] | None:
        """("full" or "folded", rect) for the legend over the map, in viewport pixels."""
        if self.legend_docked:
            return None
        vp = self.viewport().rect()
        return legend.placement(self.legend_items, vp.width(), vp.height())

    def legend_height(self) -> float:
        place = self.legend_place()
        return place[1].height() if place else 0.0

    def overlay_rects(self) -> list[QRectF]:
        """Where the legend, the FICTIONAL badge and the caption sit, in viewport pixels."""
        vp = self.viewport().rect()
        out = []
        place = self.legend_place()
        if place:
            out.append(place[1])
        if self.fictional:
            out.append(QRectF(vp.width() - 110, 8, 100, 24))
        if self.caption:
            out.append(QRectF(8, 8, vp.width() - 130, 28))
        return out

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        painter.save()
        painter.resetTransform()
        vp = self.viewport().rect()
        place = self.legend_place()
        if place and place[0] == "full":
            legend.paint(painter, place[1].topLeft(), place[1].width(), self.legend_items)
        elif place:
            legend.paint_folded(painter, place[1])
        top = 8.0
        if self.fictional:
            f = QFont()
            f.setPixelSize(14)
            f.setBold(True)
            painter.setFont(f)
            r = QRectF(vp.width() - 110, 8, 100, 24)
            painter.fillRect(r, QColor("#6a3d9a"))
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, "FICTIONAL")
        if self.caption:
            f = QFont()
            f.setPixelSize(15)
            f.setBold(True)
            painter.setFont(f)
            r = QRectF(8, top, vp.width() - 130, 28)
            painter.fillRect(r, QColor(0, 114, 178, 230))
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(r.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter, self.caption)
        paint_focus(self, painter)
        painter.restore()

    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802
        super().focusInEvent(event)
        self.viewport().update()  # the focus ring

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802
        super().focusOutEvent(event)
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        # The view scrolls the pixels it has and repaints only the strip that comes into
        # view; the overlays are fixed to the viewport, so repaint where they were carried
        # to and where they belong (not the whole viewport: panning a big map at working
        # zoom would repaint every person on each step).
        vp = self.viewport()
        for r in self.overlay_rects():
            vp.update(r.adjusted(-2, -2, 2, 2).toAlignedRect())
            vp.update(r.translated(dx, dy).adjusted(-2, -2, 2, 2).toAlignedRect())
        # Once scrolling rests, one full repaint: lines cut at the strip edges can land a
        # pixel apart from a fresh drawing, and the resting picture should be exact.
        self._settle.start()
