"""The two server dialogs (File > Open shared response... and File > Move to shared
server...) ask for the server the same way: the same fields and TLS choice, and the server
one of them was given is where the other starts. No server is needed: nothing connects."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy.engine import make_url

from app.services.files.demo import build_demo
from app.views.shell.shared_actions import MoveDialog
from app.views.shell.shared_open import SharedOpenDialog


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.clear()
    qtbot.keyClicks(field, text)


def test_the_move_dialog_remembers_the_server_for_open_shared(window, qtbot, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    move = next(a for a in window.file_menu.actions() if a.objectName() == "moveToServerAction")
    move.trigger()
    dialog = window.findChild(MoveDialog)
    # The same TLS choice as the open dialog, required unless the user says otherwise.
    assert [dialog.tls.itemData(i) for i in range(dialog.tls.count())] == [
        "require",
        "verify-full",
        "disable",
    ]
    assert dialog.tls.currentData() == "require"
    _type(qtbot, dialog.host, "circles.council.example")
    dialog.port.setValue(6543)
    _type(qtbot, dialog.user, "fictional_app")
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    url = make_url(dialog.url())
    assert (url.host, url.port, url.username, url.database) == (
        "circles.council.example",
        6543,
        "fictional_app",
        "circles",
    )
    assert url.query["sslmode"] == "verify-full" and url.password is None
    assert "verify-full" in dialog.address.text()  # the address shown before moving
    dialog.reject()  # cancelled: nothing remembered, nothing moved
    assert not QSettings().value("shared/host")

    # Accepted (built directly: from the menu, Move would start copying to the server).
    dialog = MoveDialog("FICTIONAL demo", window)
    _type(qtbot, dialog.host, "circles.council.example")
    _type(qtbot, dialog.user, "fictional_app")
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    dialog.move_button.click()
    opened = SharedOpenDialog(window)
    assert opened.host.text() == "circles.council.example"
    assert (opened.database.text(), opened.user.text()) == ("circles", "fictional_app")
    assert opened.tls.currentData() == "verify-full"
    assert not [k for k in QSettings().allKeys() if "password" in k.lower()]


def test_a_socket_folder_turns_tls_off_and_a_network_host_back_on(window, qtbot, qt_sandbox):
    window.show()
    opener = next(
        a
        for a in window.file_menu.actions()
        if a.text().replace("&", "") == "Open shared response..."
    )
    opener.trigger()
    dialog = window.findChild(SharedOpenDialog)
    assert dialog.isVisible()
    _type(qtbot, dialog.host, "/run/postgresql")
    assert dialog.tls.currentData() == "disable"  # a Unix socket does not use TLS
    _type(qtbot, dialog.database, "circles")
    _type(qtbot, dialog.user, "fictional_app")
    assert dialog.address().startswith("postgresql://fictional_app@/circles?")
    assert "host=%2Frun%2Fpostgresql" in dialog.address() or "host=/run" in dialog.address()
    _type(qtbot, dialog.host, "circles.council.example")
    assert dialog.tls.currentData() == "require"  # back on the network: TLS again
    assert "sslmode=require" in dialog.address()
    # Opened on a socket folder with no server in it (never the network in a test): one
    # sentence, and the server is remembered for both dialogs.
    _type(qtbot, dialog.host, str(qt_sandbox))
    assert dialog.tls.currentData() == "disable"
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "cannot be reached" in window.last_error  # one sentence, no driver text
    assert window.last_error.count(". ") == 0
    assert QSettings().value("shared/host") == str(qt_sandbox)
    move = MoveDialog("FICTIONAL demo", window)
    assert move.host.text() == str(qt_sandbox) and move.tls.currentData() == "disable"
