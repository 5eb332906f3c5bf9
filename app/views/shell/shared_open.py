"""Opening a response on a shared PostgreSQL server in the window (issue 19).

File > Open shared response... asks for the server's address in parts (host, port, database,
user name, response, TLS mode) or pasted whole; `python -m app postgresql://...` and the
recent files come here too, through `MainWindow.open_shared`. There is no password field:
PostgreSQL's password file, a service file or the system's credential store supply it
(app/models/server.py), so no password is ever typed into Circles or kept in its settings.

A shared response has no file: no lock (the server arbitrates writers), no local backups
(the administrator backs the server up with pg_dump), no network-share warning. What it has
is other writers: the Store listens for their changes, and closing the response closes that
listener and every pooled connection (MainWindow.close_file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.models.database import Database, DatabaseFileError, open_database
from app.models.server import ServerLocation, parse_url
from app.views.shell import gc_policy, warm
from app.views.shell.server_fields import ServerDialog, remember_server, wrapped_label
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.views.shell.main_window import MainWindow

BACKUP_NOTE = (
    "A shared response is backed up on the server by its administrator (pg_dump), not by "
    "Circles on this computer."
)


def server_place(loc: ServerLocation) -> str:
    """'on DB at HOST', for the title bar and the status line."""
    host = loc.url.host or loc.url.query.get("host") or "the local socket"
    if isinstance(host, tuple):
        host = host[0]
    return f"on {loc.url.database} at {host}"


def show_place(label: QLabel, db: Database) -> str:
    """Put where the response is in the status line's `label` (a file's path, or for a
    shared response the server, never a file path: there is none); returns what the title
    bar adds after the response's title ("" for a file)."""
    if db.server is None:
        label.setText(str(db.path))
        label.setToolTip("")
        return ""
    label.setText(f"Shared response {server_place(db.server)}")
    label.setToolTip(db.location)
    return f" — {server_place(db.server)}"


def open_shared(window: MainWindow, address: str, *, readonly: bool = False) -> bool:
    """Open the response at `address` in `window`; on failure one sentence in a message box
    and the response already open stays open (it is closed only once the new one is open)."""
    try:
        db = open_database(address.strip(), readonly=readonly)
    except DatabaseFileError as exc:
        window.report(str(exc))
        return False
    try:
        store = Store(db, window)
    except Exception as exc:  # noqa: BLE001 - the listener's own connection failed
        db.close()
        assert db.server is not None
        window.report(f"The server {db.server.label} could not be listened to ({exc}).")
        return False
    window._set_store(store)
    window._remember_recent(db.location)
    window._show_banner(db)
    gc_policy.after_open()
    warm.idle_work(window).start()  # the other tabs' code, at the next quiet moment
    window.statusBar().showMessage(
        "Opened a shared response: other windows' changes show here as they are made.", 10000
    )
    return True


class SharedOpenDialog(ServerDialog):
    """Where the shared response is: its parts (server_fields.py), or an address pasted
    whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        pasted = QLineEdit()
        pasted.setObjectName("sharedAddress")
        pasted.setPlaceholderText("postgresql://USER@HOST/DB?response=TITLE-OR-ID")
        pasted.setToolTip("Paste a whole address here, or fill in the parts below.")
        response = QLineEdit()
        response.setObjectName("sharedResponse")
        response.setPlaceholderText("Title or id (may be left empty when there is one)")
        super().__init__(
            parent,
            "sharedOpenDialog",
            "A response kept on your partnership's PostgreSQL server, shared by several "
            "agencies' windows at once.",
            "shared",
            response,
            first_rows=(("&Address:", pasted),),
        )
        self.setWindowTitle("Open shared response")
        self.pasted, self.response = pasted, response
        self.problem = wrapped_label("", "sharedProblem")
        self.problem.setStyleSheet("color: #a00000;")
        self.problem.hide()
        self.lay.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def address(self) -> str:
        """The address pasted, else the one the parts make (no password: there is none)."""
        pasted = self.pasted.text().strip()
        return pasted or self.server.address(self.response.text())

    def _accept(self) -> None:
        if not self.pasted.text().strip() and not (
            self.database.text().strip() and self.user.text().strip()
        ):
            self._say("Give the database and your user name, or paste an address.")
            return
        try:
            loc = parse_url(self.address())
        except DatabaseFileError as exc:
            self._say(str(exc))
            return
        remember_server(loc)
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        # Grow to fit the sentence rather than squash the fields above it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


def open_shared_dialog(window: MainWindow) -> SharedOpenDialog:
    """File > Open shared response...: the dialog, then the response (the current one stays
    open when the server, database or response cannot be used)."""
    dialog = SharedOpenDialog(window)

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            window.open_shared(dialog.address())
        dialog.deleteLater()

    dialog.finished.connect(done)
    dialog.open()
    return dialog
