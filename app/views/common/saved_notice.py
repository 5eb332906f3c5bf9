"""A line in the status bar saying a file was saved, with "Open folder": no box to dismiss.

Opening the folder is a local call to the desktop's file manager
(QDesktopServices.openUrl on a file: URL), never a network call.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolButton, QWidget

NOTICE_NAME = "savedNotice"


class SavedNotice(QWidget):
    """`text` (the full story in its tooltip), Open folder, and a close button."""

    def __init__(self, text: str, folder: Path, detail: str = "") -> None:
        super().__init__()
        self.setObjectName(NOTICE_NAME)
        self.folder = folder
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel(text)
        self.label.setObjectName("savedNoticeText")
        self.label.setToolTip(detail or text)
        self.open_button = QPushButton("Open folder")
        self.open_button.setObjectName("savedNoticeOpenFolder")
        self.open_button.setToolTip(str(folder))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_folder)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Hide this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.open_button)
        lay.addWidget(close)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def dismiss(self) -> None:
        parent = self.window()
        if isinstance(parent, QMainWindow):
            parent.statusBar().removeWidget(self)
        self.deleteLater()


def show_saved(window: QWidget, text: str, folder: Path, detail: str = "") -> SavedNotice | None:
    """Put the notice in `window`'s status bar, replacing an earlier one; None when the
    window has no status bar (the caller then says it another way)."""
    if not isinstance(window, QMainWindow):
        return None
    bar = window.statusBar()
    for old in bar.findChildren(SavedNotice):
        bar.removeWidget(old)
        old.deleteLater()
    bar.clearMessage()
    notice = SavedNotice(text, folder, detail)
    bar.addWidget(notice, 1)
    notice.show()
    return notice
