"""Start-up paints the window first, then opens the response (issue 14: a window in under
0.6 s): what `circles FILE` does (app/views/shell/app_main.py run_gui), step by step. The
user sees the menus, the tabs' titles and "Opening FILE…" before any of the response is
read; then the response's map and status line. No time is asserted: the order is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.services.files.demo import build_demo
from app.views.map.page import MapPage
from app.views.shell.open_later import open_later
from app.views.shell.pages import PAGES


def _tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_window_paints_before_the_response_opens_then_shows_it(window, qtbot, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    chores: list[str] = []
    window.show()
    open_later(window, str(path), before=lambda: chores.append("data folder"))

    # Painted first: menus, every tab's title, and what it is opening; nothing read yet.
    assert window.isVisible() and window.store is None and window.opening
    assert _tab_titles(window) == [spec.title for spec in PAGES]
    assert window.statusBar().currentMessage() == "Opening demo.circles…"
    assert [a.text() for a in window.menuBar().actions()][:2] == ["&File", "&Edit"]
    assert chores == [] and not window.status_fictional.isVisible()

    # Then the response: its map with its young people, its title in the status line.
    qtbot.waitUntil(lambda: window.store is not None and not window.opening, timeout=60000)
    assert chores == ["data folder"]
    page = window.page_at(0)
    assert isinstance(page, MapPage) and len(page.scene.people) > 0
    assert _tab_titles(window) == [spec.title for spec in PAGES]  # real pages, not twice
    assert window.tabs.isEnabled()
    assert "FICTIONAL" in window.windowTitle() and window.status_fictional.isVisible()
    assert window.statusBar().currentMessage() != "Opening demo.circles…"
    assert str(path) in window.recent_files()


def test_a_file_that_cannot_open_after_the_paint_says_why_and_the_window_works(
    window, qtbot, qt_sandbox
):
    missing = qt_sandbox / "gone" / "lost.circles"
    window.show()
    open_later(window, str(missing), before=lambda: None)
    assert window.statusBar().currentMessage() == "Opening lost.circles…"
    qtbot.waitUntil(lambda: not window.opening, timeout=60000)
    # One sentence about the file; the default response (created on first run) opens
    # instead, with one set of pages and no placeholder left behind.
    shown = [m.text() for m in window.findChildren(QMessageBox) if m.isVisible()]
    assert len(shown) == 1 and "lost.circles" in shown[0], shown
    assert window.store is not None
    assert Path(window.store.db.path).name == "My response.circles"
    assert _tab_titles(window) == [spec.title for spec in PAGES]
    names = {window.tabs.widget(i).objectName() for i in range(window.tabs.count())}
    assert "openingPlaceholder" not in names
