"""The layout of the people never placed on the map, worked out off the GUI thread when a
file opens (issue 14): the window paints at once and the user can act while it runs.

Until it ends, the people not yet placed wait on a plain grid beside those already placed
(a remembered position, like every layout result: opening a file never writes to it). The
result is the one the scene worked out itself before (the same force-directed layout
around the same fixed people, seeded), so the same file opens with the same picture. It
replaces a waiting position only while that person still has it: anyone dragged (and so
stored) or laid out again in the meantime keeps where the user put them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.services.network import layouts
from app.services.queries.map_data import MapData
from app.views.common.worker import Worker
from app.views.shell.after_paint import after_first_paint

if TYPE_CHECKING:
    from app.views.map.page import MapPage

Point = tuple[float, float]
LAYING_OUT = "Laying out the young people not yet placed on the map..."
# From this many young people the opening layout runs in the background. Below it, laying
# out takes a fraction of a second and is done before the first paint, as it always was:
# a small response (the demo, an imported class list) never shows the waiting grid and
# then jumps, every time it is opened until someone moves a person.
BACKGROUND_FROM = 300


def waiting_places(missing: Sequence[int], stored: Mapping[int, Point]) -> dict[int, Point]:
    """A landscape grid for `missing`, to the right of the people already placed (or round
    the origin): cheap, deterministic, and no two people on the same spot."""
    if not missing:
        return {}
    step = layouts.SPACING
    cols = max(1, math.ceil(math.sqrt(len(missing) * 16 / 9)))
    rows = math.ceil(len(missing) / cols)
    if stored:
        x0 = max(x for x, _ in stored.values()) + 2 * step
        y0 = min(y for _, y in stored.values())
    else:
        x0, y0 = -(cols - 1) * step / 2, -(rows - 1) * step / 2
    return {pid: (x0 + (i % cols) * step, y0 + (i // cols) * step) for i, pid in enumerate(missing)}


class OpeningLayout(QObject):
    """Started by the map page's first load; `running` while the worker computes."""

    def __init__(self, page: MapPage) -> None:
        super().__init__(page)
        self.page = page
        self.waiting: dict[int, Point] = {}
        self.worker: Worker | None = None

    @property
    def running(self) -> bool:
        """Waiting for the map's first paint to start, or computing."""
        return self.worker is not None

    def start(self, data: MapData) -> bool:
        """Give the unplaced people a waiting place and lay them out in the background, when
        the scene would have laid everyone out on opening (many unplaced); else leave the
        few to the scene's quick placement, as before."""
        stored = {
            pid: (p.x, p.y) for pid, p in data.people.items() if p.x is not None and p.y is not None
        }
        scene = self.page.scene
        missing = [pid for pid in data.people if pid not in stored and pid not in scene.memory]
        if not missing or len(missing) <= len(stored) // 4 or len(data.people) < BACKGROUND_FROM:
            return False
        self.waiting = waiting_places(missing, stored)
        scene.memory.update(self.waiting)
        edges = [(lk.a, lk.b) for lk in data.links.values() if lk.b is not None]
        fn = partial(layouts.force_directed, list(data.people), edges, stored, set(stored))
        self.worker = Worker(lambda _progress: fn(), "map-opening-layout")
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)
        # The Layout menu off until this ends (a layout asked for meanwhile would be
        # overtaken by this one), and a word in the status line: not the toolbar's busy
        # bar, which at 1366 pixels beside the person panel pushed the toolbar into overflow.
        self.page.worker = self.worker
        self.page.layout_button.setEnabled(False)
        self._status(LAYING_OUT)
        # Started once the map has painted: its thread would otherwise take turns with the
        # GUI thread (Python's lock) on the way to the first paint and delay it.
        after_first_paint(self.page.view.viewport(), self._start_worker)
        return True

    def _start_worker(self) -> None:
        if self.worker is not None and not self.worker.thread.is_alive():
            self.worker.start()

    def _status(self, text: str | None) -> None:
        window = self.page.window_
        bar = window.statusBar() if hasattr(window, "statusBar") else None
        if bar is None:
            return
        if text is not None:
            # Never over a message that matters more (a crash check's "checked and sound",
            # a read-only reason): the grid and the greyed Layout menu say enough then.
            if not bar.currentMessage():
                bar.showMessage(text)
        elif bar.currentMessage() == LAYING_OUT:
            bar.clearMessage()

    def _ended(self) -> None:
        worker, self.worker = self.worker, None
        self._status(None)
        if self.page.worker is worker:
            self.page._layout_ended()

    def _failed(self, _message: str) -> None:
        # The people stay on the waiting grid, where they can be moved or laid out again.
        self._ended()

    def _done(self, result: dict[int, Point]) -> None:
        self._ended()
        page, scene = self.page, self.page.scene
        data = page.data
        apply = {
            pid: xy
            for pid, xy in result.items()
            if pid in self.waiting
            and pid in data.people
            and data.people[pid].x is None
            and scene.memory.get(pid) == self.waiting[pid]
        }
        self.waiting = {}
        if not apply:
            return
        scene.memory.update(apply)
        scene.set_positions(apply)
        if scene.show_hubs:  # settings placed round their members' waiting places: again
            for hid in [h for h in scene.hub_memory if data.hubs.get(h) and data.hubs[h].x is None]:
                del scene.hub_memory[hid]
            scene.set_show_hubs(True)
        page.view.setSceneRect(page.view.scene_rect_with_room())
        if not scene.selectedItems():
            page.view.fit()
        page.view.viewport().update()
