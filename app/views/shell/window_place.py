"""Where the main window sits on the screen, and Help > About (kept out of main_window.py,
which is about the open response)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app import __version__
from app.views.common.messages import show_info


def restore_geometry(window: QWidget, first_size: QSize) -> None:
    """The saved size and place, or `first_size` on the first run; always on screen."""
    geometry = QSettings().value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(first_size)
    fit_screen(window)


def fit_screen(window: QWidget) -> None:
    """Keep the window inside the screen's available area (no taskbar or panel over
    the status bar), on the first run and when a saved size came from a bigger screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    if room.width() <= 0 or room.height() <= 0:
        return
    frame = window.frameGeometry().size() - window.geometry().size()
    width = min(window.width(), room.width() - frame.width())
    height = min(window.height(), room.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
    if not room.contains(window.frameGeometry()):
        window.move(room.topLeft())


def show_about(window: QWidget) -> None:
    show_info(
        window,
        f"Circles {__version__}\n\n"
        "Circles maps young people identified for support in a self-harm "
        "group response, their connections, and whether each has been "
        "assessed by the review date. It records the risk a professional "
        "assessed; it never predicts one. If a death is suspected, follow the "
        "Child Death Review / suicide-cluster procedure instead.",
    )
