"""Run something once a widget has painted for the first time (issue 14: the window first).

Work that need not come before the user sees the window (freezing what opening a response
made out of the collector's way, starting the map's layout thread) waits for the first
paint: a zero-time timer alone can run before it, since Qt handles it first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], object]) -> None:
        super().__init__(widget)  # goes with the widget: never called for a widget gone
        self.fn = fn
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        fn, self.fn = self.fn, lambda: None
        fn()
        self.deleteLater()


def after_first_paint(widget: QWidget, fn: Callable[[], object]) -> None:
    """Call `fn()` on the GUI thread just after `widget` next paints (the first time)."""
    _FirstPaint(widget, fn)
