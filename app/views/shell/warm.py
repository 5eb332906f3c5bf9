"""Work done while the user is reading, not inside their next click (issue 14).

The window paints in a fraction of a second because the code behind the other tabs
(pyqtgraph, networkx, openpyxl, the pages themselves) loads when first used; left at that,
the first visit of a tab pays for those imports (0.2-0.3 s at the demo's 40 young people).
Once a response is open and its map has painted, and the user has then left mouse and
keyboard alone for a moment, that code is imported here, one module per turn of the event
loop, so a click is never kept waiting behind more than one of them. Any input stops the
work and restarts the wait; it goes on at the next quiet moment.

The collector's tidying after a tab's first build (`gc_policy.after_page_built`: collect the
build's garbage, freeze what lives as long as the file) waits for the same quiet moment, so
a click straight after a first visit does not wait for it either.

Imports run on the GUI thread on purpose: importing on a worker while the GUI thread
imports the same package (a tab clicked meanwhile) risks import-lock deadlocks and
"partially initialized module" errors. For the same reason, and so as not to slow it,
nothing is done while a worker thread runs (the map's layout of a large response).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from app.views.common import app_events
from app.views.shell import gc_policy

# How long mouse and keyboard must be left alone before the work starts (or goes on).
IDLE_MS = 700

# Heavy libraries first, one by one (each is a turn of its own), then each page's code in
# tab order (app/views/shell/pages.py), then what the exports load.
LIBRARIES = ("numpy", "pyqtgraph", "networkx", "openpyxl")
EXTRA = ("app.views.coverage.chart", "app.services.workbook")

# What a user does: any of these stops the work and restarts the wait.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


def modules(window: QObject) -> list[str]:
    """What to import, in order: the libraries, then the code of the window's pages in tab
    order (app/views/shell/pages.py; the map's is loaded already), then the extras."""
    slots = getattr(window, "slots", [])
    pages = [slot.spec.target.split(":")[0] for slot in slots[1:]]
    return [*LIBRARIES, *pages, *EXTRA]


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - left for the tab's own visit to report, as before
        pass


def _background_running() -> bool:
    """Work on a worker thread (app/views/common/worker.py) is under way: it would share
    Python's lock with the warm-up, and might be importing the same modules itself."""
    from app.views.common.worker import RUNNING

    return any(worker.thread.is_alive() for worker in list(RUNNING))


class IdleWork(QObject):
    """One window's warm-up and deferred collector work, run at quiet moments."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("idleWork")
        self.pending: list[str] = []  # modules still to import
        self.collect = False  # a tab was built: its garbage to collect, the rest to freeze
        self.started = False  # a response is open and its map has painted
        self.imported: list[str] = []  # what this warm-up imported (for tests, benchmark)
        self._watching = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._next_turn)
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._run_one)
        # A closed window's warm-up stops listening (Qt drops a deleted object's own event
        # filter by itself; the shared filter's handler is dropped here).
        self.destroyed.connect(lambda _=None, h=self._on_input: app_events.unlisten(h))

    @property
    def busy(self) -> bool:
        """Work is left to do (waiting for a quiet moment or under way)."""
        return self.started and (bool(self.pending) or self.collect)

    def start(self) -> None:
        """The response's map has painted: begin at the next quiet moment."""
        self.started = True
        self.pending = [m for m in modules(self.parent()) if m not in sys.modules]
        self._wait()

    def collect_later(self) -> None:
        """A tab was built: tidy the collector at the next quiet moment."""
        self.collect = True
        if self.started:
            self._wait()

    def _wait(self) -> None:
        if not self.busy:
            self._stop_watching()
            return
        if not self._watching:
            # Through the application's one event filter (app_events.py): no filter of
            # its own for every event of every widget.
            self._watching = app_events.listen(INPUT_EVENTS, self._on_input)
        self._step.stop()
        self._idle.start(IDLE_MS)

    def _stop_watching(self) -> None:
        if self._watching:
            app_events.unlisten(self._on_input)
            self._watching = False

    def _on_input(self, watched: QObject, event: QEvent) -> bool:
        self._wait()  # the user is busy: stop, and wait for the next quiet moment
        return False

    def _next_turn(self) -> None:
        self._step.start()

    def _run_one(self) -> None:
        """One piece of work in this turn of the event loop."""
        if _background_running():  # the map's layout at 2,000: not slowed by imports
            self._idle.start(IDLE_MS)
            return
        if self.collect:
            self.collect = False
            gc_policy.after_page_built()
        else:
            while self.pending:
                name = self.pending.pop(0)
                if name not in sys.modules:  # (a tab visited meanwhile may have loaded it)
                    _import(name)
                    self.imported.append(name)
                    if not self.pending:  # what was imported lives as long as the app
                        self.collect = True
                    break
        if not self.busy:
            self._stop_watching()
        elif not self._idle.isActive():  # input during this turn restarted the wait
            self._step.start()


def idle_work(window: QObject) -> IdleWork:
    """The window's idle work (made on first use)."""
    work = window.findChild(IdleWork, "idleWork", Qt.FindChildOption.FindDirectChildrenOnly)
    return work if work is not None else IdleWork(window)


def collect_when_idle(widget: QWidget) -> None:
    """Something made to last as long as the file (a page's rows read on a worker thread)
    is shown: the collector's tidying at the window's next quiet moment, as after a page's
    first build; at once when the widget is not in a response's window (a page on its own)."""
    window = widget.window()
    if window is not widget and getattr(window, "store", None) is not None:
        idle_work(window).collect_later()
    else:
        gc_policy.after_page_built()


def after_open(window: QObject, still_open: Callable[[], bool]) -> None:
    """The response's map has painted: tidy the collector now (as before), warm up later."""
    if still_open():
        gc_policy.after_open()
        idle_work(window).start()
