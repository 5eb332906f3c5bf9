"""File > Move to shared server... (a `.circles` file into a PostgreSQL database) and
File > Save a copy as... for a shared response (into a new `.circles` file). Registered in
MENU_INSTALLERS; the copying is app/services/files/transfer.py, run on a worker thread.

The dialog builds `postgresql://USER@HOST:PORT/DB?response=TITLE` from its fields and never
asks for a password: libpq's password file, a service file or the credential store supply
it (README.md, "Shared responses"). After the copy, which is checked row for row, the window
offers to open the shared response (`window.open_shared`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from app.models.database import EXTENSION, DatabaseFileError, current_user
from app.models.entities import Response
from app.models.server import parse_url
from app.services.files import transfer
from app.views.common.worker import Worker
from app.views.shell.folders import data_folder
from app.views.shell.server_fields import ServerDialog, remember_server, wrapped_label

if TYPE_CHECKING:
    from app.views.shell.store import Store
    from app.views.shell.window_api import ShellWindow


class MoveDialog(ServerDialog):
    """Where on the server (server_fields.py, remembered with File > Open shared
    response...'s) and the response's title there."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        response = QLineEdit(title)
        response.setObjectName("serverResponseTitle")
        super().__init__(
            parent,
            "moveToServerDialog",
            "Copy this response, with its audit log, into a shared PostgreSQL database so "
            "that several agencies can work on it at once. The copy is checked row for row. "
            "This file is kept as it is.",
            "server",
            response,
            database="circles",
            user=current_user(),
        )
        self.setWindowTitle("Move to shared server")
        self.title = response
        self.address = wrapped_label("", "serverAddress")
        self.lay.addWidget(self.address)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton("Move", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.lay.addWidget(self.buttons)
        self.server.changed.connect(self._changed)
        self.title.textChanged.connect(self._changed)
        self._changed()

    def url(self) -> str:
        return self.server.address(self.title.text())

    def accept(self) -> None:
        # The next Open shared response... (and Move) starts from this server.
        with contextlib.suppress(DatabaseFileError):
            remember_server(parse_url(self.url()))
        super().accept()

    def _changed(self) -> None:
        complete = all(f.text().strip() for f in (self.host, self.database, self.user))
        self.move_button.setEnabled(complete and bool(self.title.text().strip()))
        self.address.setText(f"Address: {self.url()}" if complete else "")


def _describe(exc: Exception) -> str:
    if isinstance(exc, transfer.TransferError | transfer.DatabaseFileError):
        return str(exc)
    return f"The response could not be copied ({exc}); nothing was copied."


def move_to_server(window: ShellWindow, address: str) -> Worker | None:
    """Copy the open file's response to `address` on a worker; then say what was copied."""
    store = window.store
    if store is None or store.db.shared:
        return None
    db = store.db
    window.statusBar().showMessage("Copying the response to the shared server...")
    worker = Worker(
        lambda _progress: transfer.copy_to_server(db, address, record=False), "move", _describe
    )

    def done(moved: object) -> None:
        assert isinstance(moved, transfer.Moved)
        try:
            transfer.record_move(db, moved)  # on this thread: the window's file
        except transfer.TransferError as exc:
            window.report(str(exc))
        show_banner = getattr(window, "_show_banner", None)
        if show_banner is not None:
            show_banner(db)
        window.statusBar().showMessage(moved.sentence, 20000)
        offer_to_open(window, moved)

    def failed(sentence: str) -> None:
        window.statusBar().clearMessage()
        window.report(sentence)

    worker.finished.connect(done)
    worker.failed.connect(failed)
    worker.start()
    window._move_worker = worker  # type: ignore[attr-defined] - kept for tests to wait on
    return worker


def offer_to_open(window: ShellWindow, moved: transfer.Moved) -> QMessageBox:
    """'Copied 40 young people, ...; the copy matches row for row.' [Open shared response]"""
    box = QMessageBox(QMessageBox.Icon.Information, "Moved to shared server", moved.sentence)
    box.setParent(window, box.windowFlags())
    box.setObjectName("movedBox")
    box.setInformativeText(
        "This file is kept as it was; changes made in it from now on will not reach the "
        "shared copy. Work on the shared response from now on."
    )
    yes = box.addButton("Open shared response", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)

    def answered(_result: int) -> None:
        if box.clickedButton() is yes:
            window.open_shared(moved.destination)

    box.finished.connect(answered)
    box.open()
    return box


def open_move_dialog(window: ShellWindow) -> MoveDialog | None:
    store = window.store
    if store is None or store.db.shared or store.readonly:
        return None
    with store.read() as s:
        response = s.get(Response, store.response_id)
        title = response.title if response is not None else ""
    dialog = MoveDialog(title, window)

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            move_to_server(window, dialog.url())
        dialog.deleteLater()

    dialog.finished.connect(done)
    dialog.open()
    return dialog


# ----- a shared response saved as a file ----------------------------------------------------
def save_shared_copy_as(window: ShellWindow) -> None:
    """File > Save a copy as... when the window shows a shared response."""
    store = window.store
    if store is None:
        return
    with store.read() as s:
        response = s.get(Response, store.response_id)
        title = response.title if response is not None else "Shared response"
    safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in title).strip()
    path, _ = QFileDialog.getSaveFileName(
        window,
        "Save a copy as",
        str(data_folder() / f"{safe or 'Shared response'}{EXTENSION}"),
        f"Circles response (*{EXTENSION})",
    )
    if path:
        save_shared_copy(window, Path(path))


def save_shared_copy(window: ShellWindow, target: Path) -> Worker | None:
    """Write the shared response into a new `.circles` file on a worker."""
    store = window.store
    if store is None or not store.db.shared:
        return None
    db = store.db
    worker = Worker(lambda _progress: transfer.copy_to_file(db, target), "save-copy", _describe)

    def done(moved: object) -> None:
        assert isinstance(moved, transfer.Moved)
        window.statusBar().showMessage(
            f"{moved.sentence} Saved as {moved.destination}.".replace("row. ", "row; "), 20000
        )

    worker.finished.connect(done)
    worker.failed.connect(window.report)
    worker.start()
    window._move_worker = worker  # type: ignore[attr-defined] - kept for tests to wait on
    return worker


def install_shared_actions(window: ShellWindow, store: Store) -> None:
    move = QAction("&Move to shared server...", window)
    move.setObjectName("moveToServerAction")
    move.setEnabled(not store.db.shared and not store.readonly)
    move.triggered.connect(lambda: open_move_dialog(window))
    window.add_page_action("File", move)
