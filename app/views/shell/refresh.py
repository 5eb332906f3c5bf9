"""Refresh what is seen, once: a view hears of a change when it is on screen, or when shown.

Every screen used to reload on every edit, seen or not (one add at 2,000 young people
refreshed the hidden Meetings, Concerns and Coverage pages: about 2 s). Now a view
subscribes with `Store.when_seen(widget, slot, wants)`: a change it does not want (typed
flags on Changes) is ignored; one it wants is handed over at once if the widget is visible,
or kept (merged with any later ones) and handed over when the widget is next shown, before
it paints, so nothing on screen is ever stale. A window that was never shown (scripts,
tests that read models directly) refreshes at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.models.server_faults import server_fault
from app.services.editing.editor import Changes

Slot = Callable[[Changes], object]
Wants = Callable[[Changes], bool]


class WhenSeen(QObject):
    """One view's subscription to Store.changed (owned by, and gone with, the widget)."""

    def __init__(
        self,
        widget: QWidget,
        slot: Slot,
        wants: Wants | None = None,
        on_fault: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.slot = slot
        self.wants = wants
        self.on_fault = on_fault
        self.pending: Changes | None = None
        widget.installEventFilter(self)

    def seen(self) -> bool:
        try:
            if self.widget.isVisible():
                return True
            # A window never shown refreshes at once (nothing could be shown stale later
            # without a Show event, which a never-shown window does not send).
            return not self.widget.window().isVisible()
        except RuntimeError:  # the widget is being destroyed
            return False

    def on_changed(self, changes: Changes) -> None:
        if self.wants is not None and not self.wants(changes):
            return
        if self.seen():
            self.pending = None
            self._call(changes)
        else:
            self.pending = changes if self.pending is None else self.pending.merged(changes)

    def flush(self) -> None:
        """Hand over what was kept, if anything (the widget is being shown)."""
        if self.pending is not None:
            changes, self.pending = self.pending, None
            self._call(changes)

    def _call(self, changes: Changes) -> None:
        try:
            self.slot(changes)
        except Exception as exc:
            # A shared server lost (or a right missing) while this view read: the view
            # keeps its last picture, the change is kept for the next time it is shown
            # (the refresh after reconnecting brings everything anyway), and the Store
            # says it once, in the status line, never as a traceback.
            if self.on_fault is None or server_fault(exc) is None:
                raise
            self.pending = changes if self.pending is None else self.pending.merged(changes)
            self.on_fault(exc)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and obj is self.widget:
            self.flush()
        return False
