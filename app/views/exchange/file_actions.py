"""What every export's menu action does around its own work, written once: the page
action put in its menu (off for a read-only response where the export writes to the audit
log), and the save dialog whose answer gets its file type's suffix when the user left it
off. Used by the exchange actions and the overview report (app/views/report/action.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget


def add_action(
    window,  # noqa: ANN001 - the MainWindow (add_page_action)
    menu: str,
    text: str,
    name: str,
    run: Callable[[], object],
    *,
    tip: str = "",
    enabled: bool = True,
    shortcut: str = "",
) -> QAction:
    """A page action in `menu` ("File", "Response") that calls `run`."""
    action = QAction(text, window)
    action.setObjectName(name)
    if tip:
        action.setStatusTip(tip)
    action.setEnabled(enabled)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda: run())
    window.add_page_action(menu, action)
    return action


def with_suffix(path: Path, suffix: str) -> Path:
    """`path` ending in `suffix` (".pdf"): added when the user typed the name without it."""
    if path.suffix.lower() == suffix or not path.name:
        return path
    return path.with_name(path.name + suffix)


def ask_save_path(
    parent: QWidget, title: str, suggested: Path, filters: str, suffix: str
) -> tuple[Path | None, str]:
    """The file the user chose to write (None when cancelled), with `suffix`, and the file
    type chosen in the dialog (some exports read full or circulation from it)."""
    chosen, kind = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not chosen:
        return None, kind
    return with_suffix(Path(chosen), suffix), kind
