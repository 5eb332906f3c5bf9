"""What the shell's helpers (file safety, backups, menu installers) ask of the main window.

They take a `ShellWindow` rather than import main_window, which imports them: the window
passes itself in, and only main_window knows the whole class.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QStatusBar

    from app.views.shell.file_safety import BackupScheduler
    from app.views.shell.store import Store


class ShellWindow(Protocol):
    store: Store | None
    backups: BackupScheduler
    banner: QLabel
    last_error: str | None

    def report(self, text: str) -> None: ...

    def open_path(self, path: str | Path, *, readonly: bool = False) -> bool: ...
    def open_shared(self, address: str, *, readonly: bool = False) -> bool: ...

    def close_file(self) -> None: ...

    def add_page_action(self, menu: str, action: QAction) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
