"""The map's Layout menu: a layout worked out off the GUI thread and stored as one undoable
step (kept in memory only on a read-only file). The worker gets a plain function over
plain data (ids, id pairs, id -> (x, y)) read here, and hands back id -> (x, y)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from app.services.network import layouts
from app.services.network.positions import place_on_map
from app.views.common.messages import show_error
from app.views.common.worker import Worker

if TYPE_CHECKING:
    from app.views.map.page import MapPage

Point = tuple[float, float]


def _layout(page: MapPage, kind: str) -> tuple[Callable[[], dict[int, Point]], str]:
    """The function to run for `kind` and the undo step's label."""
    data = page.data
    nodes = list(page.scene.people)
    edges = [(lk.a, lk.b) for lk in data.links.values() if lk.b is not None]
    current = page.scene.positions()
    pinned = {pid for pid, p in data.people.items() if p.pinned}
    if kind == "force_new":
        fixed = pinned | {pid for pid, p in data.people.items() if p.x is not None}
        fn = partial(layouts.force_directed, nodes, edges, current, fixed)
        return fn, "Lay out people not yet placed"
    if kind == "group":
        groups = {pid: p.setting for pid, p in data.people.items() if p.setting}
        fn = partial(layouts.group_by, nodes, groups, edges, current, pinned)
        return fn, "Lay out grouped by setting"
    if kind == "circular":
        order = sorted(nodes, key=lambda pid: data.people[pid].reference)
        return partial(layouts.circular, order, current, pinned), "Lay out in a circle"
    return partial(layouts.force_directed, nodes, edges, current, pinned), "Lay out the map"


class LayoutRunner(QObject):
    """One layout at a time, its worker kept on `page.worker` (the opening layout uses the
    same slot, so neither overtakes the other); a child of the page, so a result arriving
    after the page is gone goes nowhere."""

    def __init__(self, page: MapPage) -> None:
        super().__init__(page)
        self.page = page
        self.label = ""

    def run(self, kind: str) -> None:
        """Start the layout `kind` unless one (or the opening layout) is running."""
        page = self.page
        if page.worker is not None:
            return
        fn, self.label = _layout(page, kind)
        self.set_busy(True)
        page.worker = Worker(lambda _progress: fn(), "map-layout")
        page.worker.finished.connect(self._done)
        page.worker.failed.connect(self._failed)
        page.worker.start()

    def ended(self) -> None:
        self.page.worker = None
        self.set_busy(False)

    def _failed(self, message: str) -> None:
        self.ended()
        show_error(self.page, message)

    def _done(self, result: dict[int, Point]) -> None:
        self.ended()
        page, label = self.page, self.label
        if page.store.readonly:
            page.scene.memory.update(result)
            page.scene.set_positions(result)
        else:
            page.store.run(lambda s: place_on_map(s, result, None, label))
        page.view.fit()

    def set_busy(self, on: bool) -> None:
        page = self.page
        page.busy_action.setVisible(on)
        page.busy_label_action.setVisible(on)
        page.busy.setVisible(on)
        page.busy_label.setVisible(on)
        page.layout_button.setEnabled(not on)
        page.setCursor(Qt.CursorShape.BusyCursor if on else Qt.CursorShape.ArrowCursor)
