"""The application's one event filter, shared by everything that watches every widget.

An event filter on the QApplication sees every event of every widget (some 3,000 on a
tab's first visit), each one a call from Qt into Python. The accessibility defaults
(a11y.py), dialogs fitted to the screen (screen_fit.py) and the warm-up's watch for input
(shell/warm.py) each used to install their own, so every event crossed into Python two or
three times. Here one filter reads the event's type once and looks it up among the few
types anyone listens for; every other event goes straight back to Qt.

Handlers are called with (object, event) and return True to stop the event, like
`eventFilter`; the one listening last is called first, as Qt calls its filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

__all__ = ["Handler", "listen", "listening", "unlisten"]

Handler = Callable[[QObject, QEvent], bool]

_NAME = "circlesAppEvents"


class _AppFilter(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_NAME)
        # Keyed by the type's int value: an event's type (an IntEnum) hashes and compares
        # as that int, so the lookup costs no Python-level comparison.
        self.handlers: dict[int, tuple[Handler, ...]] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        handlers = self.handlers.get(event.type())
        if handlers is None:
            return False
        for handler in handlers:
            if handler(obj, event):
                return True
        return False


def _filter(app: QApplication | None, make: bool) -> _AppFilter | None:
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    found = app.findChild(_AppFilter, _NAME)
    if found is None and make:
        found = _AppFilter(app)
        app.installEventFilter(found)
    return found


def listen(kinds: Iterable[QEvent.Type], handler: Handler, app: QApplication | None = None) -> bool:
    """Call `handler` for every event of these types, of any object (once: listening
    again with the same handler changes nothing). False when there is no application."""
    f = _filter(app, make=True)
    if f is None:
        return False
    for kind in kinds:
        key = int(kind.value)
        present = f.handlers.get(key, ())
        if handler not in present:
            f.handlers[key] = (handler, *present)
    return True


def unlisten(handler: Handler, app: QApplication | None = None) -> None:
    """No more events for `handler`."""
    f = _filter(app, make=False)
    if f is None:
        return
    for key, present in list(f.handlers.items()):
        kept = tuple(h for h in present if h != handler)
        if kept:
            f.handlers[key] = kept
        else:
            del f.handlers[key]


def listening(handler: Handler, app: QApplication | None = None) -> bool:
    """Whether `handler` is called for any event type."""
    f = _filter(app, make=False)
    return f is not None and any(handler in hs for hs in f.handlers.values())
