"""Start-up opens the first response after the window's shell has painted (issue 14: a
window in under 0.6 s): `circles FILE` shows the menus, the tabs' titles and "Opening
FILE…" first; the data layer, the map and the file load on the next turn of the event
loop (app/views/shell/opening.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.views.shell.after_paint import after_first_paint


def opening_text(path: str | None) -> str:
    """What the status bar says while the first response opens (no data layer needed)."""
    if path and "://" in path:  # a shared response's address: its name, never a password
        name = path.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "the shared response"
    else:
        name = Path(path).name if path else "My response.circles"
    return f"Opening {name}…"


def open_later(window: Any, path: str | None, before: Callable[[], object]) -> None:
    """Paint the window's shell first: its menus, the tabs' titles (placeholders, disabled)
    and the status bar saying what it opens; then, on the next turn of the event loop after
    that paint, run `before()` (the data folder's start-up chores) and open the response.
    `window.opening` is True until then (for --self-test)."""
    from app.views.shell.pages import PAGES  # titles only: no page's code is loaded

    window.opening = True
    window.statusBar().showMessage(opening_text(path))
    placeholders = []
    for spec in PAGES:
        blank = QWidget()
        blank.setObjectName("openingPlaceholder")
        window.tabs.addTab(blank, spec.title)
        placeholders.append(blank)
    window.tabs.setEnabled(False)  # nothing to click on until the response is open

    def go() -> None:
        try:
            before()
            _drop(window, placeholders)
            window.statusBar().clearMessage()
            from app.views.shell.opening import open_first_response

            open_first_response(window, path)
        finally:
            _drop(window, placeholders)  # also when opening failed: an empty, usable window
            window.opening = False

    after_first_paint(window, go)


def _drop(window: Any, placeholders: list[QWidget]) -> None:
    window.tabs.setEnabled(True)
    for blank in placeholders:
        index = window.tabs.indexOf(blank)
        if index >= 0:
            window.tabs.removeTab(index)
        blank.deleteLater()
    placeholders.clear()
