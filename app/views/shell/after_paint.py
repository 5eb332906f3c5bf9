"""Run something once a widget has painted for the first time (issue 14: the window first).

Work that need not come before the user sees the window (freezing what opening a response
made out of the collector's way, starting the map's layout thread) waits for the first
paint: a zero-time timer alone can run before it, since Qt handles it first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def opening_text(path: str | None) -> str:
    """What the status bar says while the first response opens (no data layer needed)."""
    if path and "://" in path:  # a shared response's address: its name, never a password
        name = path.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "the shared response"
    else:
        name = Path(path).name if path else "My response.circles"
    return f"Opening {name}…"


def open_later(window: Any, path: str | None, before: Callable[[], object]) -> None:
    """Paint the window's shell first, saying what it opens; then, on the next turn of the
    event loop after that paint, run `before()` (the data folder's start-up chores) and
    open the response. `window.opening` is True until then (for --self-test)."""
    window.opening = True
    window.statusBar().showMessage(opening_text(path))

    def go() -> None:
        try:
            before()
            window.statusBar().clearMessage()
            from app.views.shell.opening import open_first_response

            open_first_response(window, path)
        finally:
            window.opening = False

    after_first_paint(window, go)
