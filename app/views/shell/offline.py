"""A shared response when its server is lost and found again (issue 19).

On a partnership's network the server goes away in the middle of a meeting (a VPN drops, a
laptop moves to another Wi-Fi) and comes back minutes later. Then the window keeps the last
picture on screen, says in the status line that it is offline, refuses edits with one plain
sentence (the form stays open with what was typed), and retries in the background with a
growing pause (1 s, 2 s, 4 s ... at most 30 s). Each retry runs on a thread of its own, so a
server that does not answer never freezes the window (libpq's connect_timeout ends it).
When the server answers: the listener listens again, and only then the Store refreshes
everything once (the notices sent while this window was away are lost to it), so nothing
that changes after the refresh can be missed.

`Reconnector` is the Store's (one per shared response); `OfflineIndicator` is the status
line's label, and `watch(window, store)` puts it there.
"""

from __future__ import annotations

import sys
import threading
import time
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow
from shiboken6 import isValid

from app.models.listen import Listener, listen_again
from app.models.server_faults import OFFLINE, server_fault, server_sentence

if TYPE_CHECKING:
    from app.views.shell.store import Store

FIRST_PAUSE_MS = 1000
LONGEST_PAUSE_MS = 30000
OFFLINE_TEXT = "Shared server unreachable — retrying"
ONLINE_TEXT = "Shared server connected"


class Reconnector(QObject):
    """Whether the Store's server is reachable, and the background retries while it is not."""

    state_changed = Signal(bool)  # True: connected again; False: lost
    _probed = Signal(object, object)  # (Listener | None, fault sentence | exception | None)

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.store = store
        self.offline = False
        self.pause_ms = FIRST_PAUSE_MS
        self.lost_at: float | None = None  # time.monotonic() of the loss (the benchmark's)
        self.back_at: float | None = None  # when the window was live again
        self._probing = False
        self._closed = False
        self._said: str | None = None  # a lasting fault found while retrying, said once
        self._told_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.retry_now)
        self._probed.connect(self._on_probed)

    def fault(self, exc: BaseException) -> bool:
        """Note a failure; True when it means the server is unreachable (now offline)."""
        if server_fault(exc) != OFFLINE:
            return False
        self.lost()
        return True

    def tell_user(self, exc: BaseException) -> None:
        """Something the user asked for (a menu item, a click) could not read the server:
        said in a box, at most every 15 s (the status line says the rest of the time)."""
        now = time.monotonic()
        if self._told_at is not None and now - self._told_at < 15:
            return
        self._told_at = now
        said = server_sentence(exc, retrying=True)
        if said is not None:
            self.store.error.emit(said)

    def lost(self) -> None:
        if self.offline or self._closed:
            return
        self.offline = True
        self.lost_at = time.monotonic()
        self.pause_ms = FIRST_PAUSE_MS
        self.store.drop_listener()  # its connection is dead: a new one comes with the server
        # The pool's connections are dead too: pre-ping would find each one out, one by one.
        self.store.db.engine.dispose()
        self.state_changed.emit(False)
        self._timer.start(self.pause_ms)

    def retry_now(self) -> None:
        """Try the server once, on a thread of its own (never blocking the window)."""
        if not self.offline or self._probing or self._closed:
            return
        self._timer.stop()
        self._probing = True
        db = self.store.db

        def probe() -> None:
            listener: Listener | None = None
            outcome: object = None
            try:
                listener = listen_again(db)  # listening before the refresh: nothing missed
            except Exception as exc:  # noqa: BLE001 - any failure: still offline, said once
                outcome = exc
            if self._closed:  # the response was closed meanwhile: leave nothing open
                if listener is not None:
                    listener.close()
                return
            try:
                self._probed.emit(listener, outcome)
            except RuntimeError:  # the Store itself is gone
                if listener is not None:
                    listener.close()

        threading.Thread(target=probe, name="circles-reconnect", daemon=True).start()

    def _on_probed(self, listener: Listener | None, outcome: object) -> None:
        self._probing = False
        if self._closed:
            if listener is not None:
                listener.close()
            return
        if listener is None:
            if isinstance(outcome, BaseException) and server_fault(outcome) != OFFLINE:
                # The server answers but something lasting is wrong (the response was
                # deleted, the login refused): said once, in the window's message box.
                said = server_sentence(outcome)
                if said is not None and said != self._said:
                    self._said = said
                    self.store.error.emit(said)
            self.pause_ms = min(self.pause_ms * 2, LONGEST_PAUSE_MS)
            self._timer.start(self.pause_ms)
            return
        self.offline = False
        self._said = None
        self.store.resume(listener)
        self.back_at = time.monotonic()
        self.state_changed.emit(True)

    def close(self) -> None:
        self._closed = True
        self._timer.stop()


class OfflineIndicator(QLabel):
    """The status line's word on the server: hidden while all is well, red while offline,
    green for a few seconds when the server is back."""

    def __init__(self, window: QMainWindow, store: Store) -> None:
        super().__init__()
        self.setObjectName("serverState")
        self.window_ = window
        self.store = store
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.timeout.connect(self.hide)
        self.hide()
        assert store.connection is not None
        store.connection.state_changed.connect(self._on_state)

    def _on_state(self, online: bool) -> None:
        if not isValid(self) or not isValid(self.window_):
            return
        if online:
            self.setText(ONLINE_TEXT)
            self.setToolTip("Other windows' changes show here again.")
            self.setStyleSheet(
                "background: #1b6e20; color: white; font-weight: bold; padding: 1px 8px;"
            )
            self._hide_later.start(8000)
            title = self.window_.windowTitle().replace(" [offline]", "")
            self.window_.setWindowTitle(title)
        else:
            self._hide_later.stop()
            self.setText(OFFLINE_TEXT)
            self.setToolTip(
                "The last picture stays on screen; changes cannot be saved until the "
                "server answers again. Circles retries by itself."
            )
            self.setStyleSheet(
                "background: #9e1b32; color: white; font-weight: bold; padding: 1px 8px;"
            )
            if " [offline]" not in self.window_.windowTitle():
                title = self.window_.windowTitle().replace(" — Circles", " [offline] — Circles")
                self.window_.setWindowTitle(title)
        self.show()


_watched: weakref.WeakSet[Store] = weakref.WeakSet()


def _server_fault_hook(previous):  # noqa: ANN001, ANN202
    """sys.excepthook's stand-in while a shared response is open: a server fault escaping a
    slot (a panel reading the selection while the server is away) puts the window offline
    or says its sentence instead of printing a traceback; anything else goes on as before."""

    def hook(kind, exc, tb) -> None:  # noqa: ANN001
        if isinstance(exc, Exception) and server_fault(exc) is not None:
            for store in list(_watched):
                if isValid(store) and store.connection is not None:
                    store.read_failed(exc)
                    if server_fault(exc) == OFFLINE:
                        store.connection.tell_user(exc)
                    return
        previous(kind, exc, tb)

    hook.circles_server_hook = True  # type: ignore[attr-defined]
    return hook


def watch(window: QMainWindow, store: Store) -> OfflineIndicator | None:
    """Put the server's state in `window`'s status line (a shared response only)."""
    if store.connection is None:
        return None
    _watched.add(store)
    if not getattr(sys.excepthook, "circles_server_hook", False):
        sys.excepthook = _server_fault_hook(sys.excepthook)
    for old in window.findChildren(OfflineIndicator):
        window.statusBar().removeWidget(old)
        old.deleteLater()
    indicator = OfflineIndicator(window, store)
    window.statusBar().insertPermanentWidget(1, indicator)  # after the file's place
    return indicator
