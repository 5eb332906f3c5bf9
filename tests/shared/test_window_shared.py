"""The app window on a shared PostgreSQL response (issue 19): File > Open shared response...,
what a shared response has instead of a file (no lock, no local backup, no share warning),
failures said in one sentence with the current response kept open, and no connection left
on the server once the window lets the response go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy.engine import make_url

from app.models.database import create_database
from app.models.lock import lock_path_for
from app.services.files.demo import build_demo
from app.views.shell.shared_open import SharedOpenDialog

TITLE = "FICTIONAL demo: Northfield response"


def _action(window, text: str):
    return next(a for a in window.file_menu.actions() if a.text().replace("&", "") == text)


def _open_button(dialog: SharedOpenDialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Open)


def _fill(dialog: SharedOpenDialog, pg, qtbot, *, response: str = TITLE) -> None:
    for field, value in (
        (dialog.host, pg.socket),
        (dialog.database, "circles"),
        (dialog.user, "circles_app"),
        (dialog.response, response),
    ):
        field.clear()
        qtbot.keyClicks(field, value)
    dialog.tls.setCurrentIndex(dialog.tls.findData("disable"))  # a Unix socket: no TLS


def _app_connections(pg) -> int:
    with pg.admin("postgres") as con:
        return con.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename IN ('circles_app', 'circles_app2')"
        ).fetchone()[0]


def _errors(window) -> list[str]:
    return [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_open_shared_response_from_the_file_menu(pg, window, qtbot, qt_sandbox):
    build_demo(pg.url()).close()
    file = qt_sandbox / "mine.circles"
    build_demo(file).close()
    assert window.open_path(file)
    window.show()
    _action(window, "Open shared response...").trigger()
    dialog = window.findChild(SharedOpenDialog)
    assert dialog is not None and dialog.isVisible()
    # No password field: the dialog says where the password comes from instead.
    assert "password file" in dialog.findChild(QLabel, "sharedPasswordNote").text()
    assert dialog.tls.currentData() == "require"  # TLS required unless the user says otherwise
    _fill(dialog, pg, qtbot)
    qtbot.mouseClick(_open_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store is not None and window.store.db.shared, timeout=5000)

    db = window.store.db
    assert db.lock is None  # the server arbitrates writers: no lock file
    assert not lock_path_for(file).exists()  # the file before it was let go, lock and all
    title = window.windowTitle()
    assert TITLE in title and f"on circles at {pg.socket}" in title
    assert window.status_file.text() == f"Shared response on circles at {pg.socket}"
    assert not window.banner.isVisible()  # no network-share warning for a server
    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Restore from backup..." not in texts and "Back up now" not in texts
    note = next(a for a in window.file_menu.actions() if a.objectName() == "sharedBackupNote")
    assert "pg_dump" in note.text() and "administrator" in note.toolTip()
    # The recent files remember the address (never a password: an address has none) and
    # the dialog remembers the server, not the response or any secret.
    recent = window.recent_files()[0]
    assert recent.startswith("postgresql://circles_app@/circles?") and "response=" in recent
    assert make_url(recent).password is None
    settings = QSettings()
    assert settings.value("shared/host") == pg.socket
    assert settings.value("shared/user") == "circles_app"
    assert not [k for k in settings.allKeys() if "password" in k.lower()]
    # The dialog starts from what it remembered.
    again = SharedOpenDialog(window)
    assert again.host.text() == pg.socket and again.database.text() == "circles"
    assert again.tls.currentData() == "disable"

    # Opening another response: the listener and the pool are gone from the server.
    assert _app_connections(pg) >= 1
    assert window.open_path(file)
    qtbot.waitUntil(lambda: _app_connections(pg) == 0, timeout=5000)
    # The recent entry opens it again; closing the window lets it go too.
    assert window.open_path(recent)
    assert window.store.db.shared
    window.close()
    qtbot.waitUntil(lambda: _app_connections(pg) == 0, timeout=5000)


def test_a_pasted_address_opens_and_failures_keep_the_current_response(
    pg, window, qtbot, qt_sandbox
):
    build_demo(pg.url()).close()
    file = qt_sandbox / "mine.circles"
    build_demo(file).close()
    assert window.open_path(file)
    with pg.admin("postgres") as con:
        con.execute("DROP DATABASE IF EXISTS unmigrated")
        con.execute("CREATE DATABASE unmigrated OWNER circles_admin")
    base = f"postgresql://circles_app@/circles?host={pg.socket}&sslmode=disable"
    cases = {
        "no such database": (base.replace("/circles?", "/nowhere?"), "The database is not on"),
        "no such response": (base + "&response=Nobody", "There is no response Nobody"),
        "schema too old": (base.replace("/circles?", "/unmigrated?"), "python -m app upgrade"),
        "server down": (base.replace(pg.socket, str(qt_sandbox)), "cannot be reached"),
    }
    for name, (address, words) in cases.items():
        for box in window.findChildren(QMessageBox):
            box.close()
        assert not window.open_shared(address), name
        (said,) = _errors(window)
        assert words in said, (name, said)
        assert said.count(". ") == 0 and "Traceback" not in said, said  # one sentence
        assert window.store is not None and window.store.db.path == file, name
    # Two responses in the database and none named: which one is for the user to say.
    create_database(
        pg.url(),
        title="FICTIONAL second response",
        lead_area="Fictional",
        referral_date=date(2026, 1, 5),
        review_date=date(2026, 2, 5),
    ).close()
    assert not window.open_shared(base)
    assert "holds 2 responses" in window.last_error
    # A password in a pasted address is refused inside the dialog, before any connection.
    _action(window, "Open shared response...").trigger()
    dialog = window.findChild(SharedOpenDialog)
    qtbot.keyClicks(dialog.pasted, base.replace("circles_app@", "circles_app:secret@"))
    qtbot.mouseClick(_open_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "password" in dialog.problem.text()
    assert "secret" not in dialog.problem.text()
    assert "secret" not in str(QSettings().allKeys()) + str(
        [QSettings().value(k) for k in QSettings().allKeys()]
    )
    dialog.pasted.clear()
    qtbot.keyClicks(dialog.pasted, base + "&response=" + TITLE.replace(" ", "%20"))
    qtbot.mouseClick(_open_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store.db.shared, timeout=5000)
    assert window.windowTitle().startswith(f"FICTIONAL — {TITLE} — on circles at")
    window.close_file()
    qtbot.waitUntil(lambda: _app_connections(pg) == 0, timeout=5000)


def test_reports_graphml_picture_and_prompt_helper_work_on_an_address(
    pg, window, qtbot, qt_sandbox, monkeypatch
):
    from app.services.editing.audit import newest_entry_id
    from app.services.workbook.background import BackgroundPromptRows
    from app.views.exchange.graphml_action import export_map_graphml
    from app.views.report.action import save_overview_report
    from app.views.shell.folders import data_folder

    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    suggested: list[str] = []
    out = {"Circles map": qt_sandbox / "map.graphml", "Overview": qt_sandbox / "report.pdf"}

    def save_as(_parent, _caption, start, *_args, **_kw):
        suggested.append(start)
        return str(next(v for k, v in out.items() if k in Path(start).name)), ""

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_as)
    assert export_map_graphml(window, window.store) == out["Circles map"]
    assert save_overview_report(window, window.store) == out["Overview"]
    # A shared response has no folder: the dialogs start in the user's data folder.
    assert all(Path(s).parent == data_folder() for s in suggested), suggested
    assert out["Circles map"].read_text(encoding="utf-8").count("<node ") > 30
    assert out["Overview"].read_bytes().startswith(b"%PDF")
    window.show()
    assert window.page_at(0).export_to(qt_sandbox / "map.png")
    assert (qt_sandbox / "map.png").stat().st_size > 1000
    # The export's prompts helper process opens the address itself.
    with window.store.read() as s:
        marker = newest_entry_id(s)
    helper = BackgroundPromptRows.start(window.store.db.location, date.today())
    assert helper is not None and helper.rows(marker)
    window.close()
