"""Fixtures shared by the view tests: the demo in a 1366x700 window, and large text."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.views.map.labels import follow_text_size


@pytest.fixture
def demo(window, qtbot):
    """The fictional demo open in the main window at 1366x700, shown."""
    window.open_demo()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def big_text():
    """Call it to make the application's text twice the usual size; undone afterwards."""
    app = QApplication.instance()
    before = QFont(app.font())
    bigger = QFont(before)
    bigger.setPixelSize(24)  # twice the usual 12 pixels (9 pt at 96 dpi)
    yield lambda: app.setFont(bigger)
    app.setFont(before)
    QApplication.processEvents()
    follow_text_size()  # the map's shared fonts back to the usual size for later tests


def focus_map(window, qtbot):  # noqa: ANN001, ANN201
    """The demo window active with the keyboard focus on the map view (the map page)."""
    window.open_demo()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.pages[0]
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    return page
