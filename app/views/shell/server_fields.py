"""Where a shared PostgreSQL server is, asked the same way by File > Open shared response...
and File > Move to shared server...: host, port, database, user name and TLS mode, made
into an address by `transfer.build_address`.

Both dialogs start from, and remember, the same server ("shared/" in QSettings): only
where the server is, who logs in and the TLS mode, never a password. There is no
password field: PostgreSQL's password file, a service file or the credential store
supplies it (app/models/server.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.server import ServerLocation
from app.services.files.transfer import build_address

SETTINGS = "shared/"  # host, port, database, user, sslmode: never a password (there is none)
TLS_MODES = [
    ("require", "Required (the default)"),
    ("verify-full", "Required, and the server's certificate checked (verify-full)"),
    ("disable", "None: a Unix socket on this computer only"),
]
PASSWORD_NOTE = (
    "No password here: PostgreSQL's password file (PGPASSFILE, ~/.pgpass), a service file "
    "or your computer's credential store supplies it."
)


class ServerFields(QObject):
    """The fields, owned by `parent`'s form; `changed` when any of them is edited.

    `prefix` names them for tests and the accessibility walks (prefix + "Host", "Port",
    "Database", "User", "Tls"); `database` and `user` are used when nothing is remembered.
    """

    changed = Signal()

    def __init__(self, parent: QWidget, prefix: str, *, database: str = "", user: str = ""):
        super().__init__(parent)
        settings = QSettings()
        self.host = QLineEdit(settings.value(SETTINGS + "host", "", type=str))
        self.host.setObjectName(prefix + "Host")
        self.host.setPlaceholderText("e.g. circles.council.example, or /run/postgresql")
        self.host.setToolTip("The server's name, or a Unix socket's folder (starting with /).")
        self.port = QSpinBox()
        self.port.setObjectName(prefix + "Port")
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value(SETTINGS + "port", 5432, type=int) or 5432))
        self.database = QLineEdit(settings.value(SETTINGS + "database", "", type=str) or database)
        self.database.setObjectName(prefix + "Database")
        self.user = QLineEdit(settings.value(SETTINGS + "user", "", type=str) or user)
        self.user.setObjectName(prefix + "User")
        self.user.setToolTip("Your agency's database login (its application role).")
        self.tls = QComboBox()
        self.tls.setObjectName(prefix + "Tls")
        for mode, text in TLS_MODES:
            self.tls.addItem(text, mode)
        saved = settings.value(SETTINGS + "sslmode", "require", type=str)
        self.tls.setCurrentIndex(max(0, self.tls.findData(saved)))
        self.tls.setToolTip(
            "verify-full also checks the server's certificate against its authority's, kept "
            "in ~/.postgresql/root.crt (README.md, Shared responses). A Unix socket does not "
            "use TLS."
        )
        self._socket = self._is_socket()
        self.host.textChanged.connect(self._host_changed)
        for field in (self.database, self.user):
            field.textChanged.connect(self.changed)
        self.port.valueChanged.connect(self.changed)
        self.tls.currentIndexChanged.connect(self.changed)

    def add_rows(self, form: QFormLayout, response: QLineEdit) -> None:
        """Host, port, database, user name, then the dialog's `response` field, then TLS."""
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User name:", self.user)
        form.addRow("&Response:", response)
        form.addRow("&Encryption (TLS):", self.tls)

    def address(self, response: str) -> str:
        """`postgresql://USER@HOST:PORT/DB?response=...&sslmode=...` (no password)."""
        return build_address(
            self.host.text(),
            self.port.value(),
            self.database.text(),
            self.user.text(),
            response,
            str(self.tls.currentData()),
        )

    def _is_socket(self) -> bool:
        return self.host.text().strip().startswith("/")

    def _host_changed(self) -> None:
        # A socket's folder: no TLS (libpq uses none there); back to a network host, TLS
        # required again rather than left off.
        socket = self._is_socket()
        if socket != self._socket:
            self._socket = socket
            wanted = "disable" if socket else "require"
            if socket or self.tls.currentData() == "disable":
                self.tls.setCurrentIndex(self.tls.findData(wanted))
        self.changed.emit()


def wrapped_label(text: str = "", object_name: str = "") -> QLabel:
    """A label that wraps to the dialog's width (intro, notes, the address, a problem)."""
    label = QLabel(text)
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


def password_note(object_name: str) -> QLabel:
    return wrapped_label(PASSWORD_NOTE, object_name)


def remember_server(loc: ServerLocation) -> None:
    """Keep where the server is and who logs in, for the next dialog of either kind: never
    a password (parse_url refuses an address with one) and not the response."""
    settings = QSettings()
    host = loc.url.host or loc.url.query.get("host") or ""
    settings.setValue(SETTINGS + "host", host if isinstance(host, str) else host[0])
    if loc.url.port:
        settings.setValue(SETTINGS + "port", loc.url.port)
    settings.setValue(SETTINGS + "database", loc.url.database or "")
    settings.setValue(SETTINGS + "user", loc.url.username or "")
    sslmode = loc.url.query.get("sslmode", "require")
    settings.setValue(SETTINGS + "sslmode", sslmode if isinstance(sslmode, str) else "require")


class ServerDialog(QDialog):
    """The frame of both server dialogs: `intro`, a form of `first_rows`, the server's
    fields with the dialog's `response` field, and the password note; the dialog adds the
    rest to `lay`. The fields are also the dialog's `host`, `port`, `database`, `user` and
    `tls`."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        intro: str,
        prefix: str,
        response: QLineEdit,
        *,
        first_rows: tuple[tuple[str, QWidget], ...] = (),
        database: str = "",
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(wrapped_label(intro))
        form = QFormLayout()
        for label, field in first_rows:
            form.addRow(label, field)
        self.server = ServerFields(self, prefix, database=database, user=user)
        self.host, self.port = self.server.host, self.server.port
        self.database, self.user, self.tls = self.server.database, self.server.user, self.server.tls
        self.server.add_rows(form, response)
        self.lay.addLayout(form)
        self.lay.addWidget(password_note(prefix + "PasswordNote"))
