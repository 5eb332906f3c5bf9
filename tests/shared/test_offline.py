"""A shared response when the server is lost and found again (issue 19): the window keeps its
picture and says it is offline, an edit from a form gives one plain sentence and the form
keeps what was typed, and when the server is back the window listens again and shows what
another window changed meanwhile. The other server faults met in practice (login refused,
no TLS, the database or the response gone, a right missing) each read as one sentence
without the driver's words."""

from __future__ import annotations

import time
from datetime import date, timedelta

import psycopg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import select

from app.__main__ import main
from app.models.database import DatabaseFileError, open_database
from app.models.entities import YoungPerson
from app.models.listen import Listener
from app.models.server_faults import ResponseGone, server_sentence
from app.services.files.demo import build_demo
from app.services.people import young_people as people
from app.views.concerns.form import ConcernDialog
from app.views.shell.offline import OFFLINE_TEXT, ONLINE_TEXT

TITLE = "FICTIONAL demo: Northfield response"
OFFLINE_SAVE = "The shared server cannot be reached; your change was not saved ("
DRIVER_WORDS = ("socket", "psycopg", "connection is bad", "FATAL", ".s.PGSQL", "SELECT")


def _state(window) -> QLabel:
    return window.findChild(QLabel, "serverState")


def _rows(window) -> dict[str, str]:
    return {p.reference: p.name for p in window.page_at(0).people_model.rows}


def _close_boxes(window) -> list[str]:
    texts = []
    for box in window.findChildren(QMessageBox):
        if box.isVisible():
            texts.append(box.text())
        box.close()
    return texts


def _no_driver_words(text: str) -> None:
    for words in DRIVER_WORDS:
        assert words not in text, text


def test_the_window_goes_offline_keeps_the_form_and_comes_back(pg, window, qtbot):
    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    window.show()
    store = window.store
    with store.read() as s:
        yp10 = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-10"))
    before = _rows(window)
    assert not _state(window).isVisible()  # all is well: nothing said
    dialog = ConcernDialog(store, person_id=yp10.id)
    qtbot.addWidget(dialog)
    dialog.show()

    try:
        pg.halt()
        # The listener's poll finds the server gone: the status line and title say so, and
        # the last picture stays on screen.
        qtbot.waitUntil(lambda: _state(window).isVisible(), timeout=5000)
        assert _state(window).text() == OFFLINE_TEXT
        assert "[offline]" in window.windowTitle()
        assert _rows(window) == before
        assert not _close_boxes(window)  # polling said nothing in a box
        dialog.category.setCurrentIndex(dialog.category.findData("self_injury"))
        dialog.date.set_value(date.today() - timedelta(days=3))
        dialog.agency.setCurrentText("CAMHS")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

        # An edit from a form (opened before the outage, filled in during it): one sentence
        # inside the form, which stays open with its values.
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert dialog.problem.text().startswith(OFFLINE_SAVE)
        _no_driver_words(dialog.problem.text())
        assert dialog.category.currentData() == "self_injury"
        assert dialog.agency.currentText() == "CAMHS"
        assert dialog.date.value() == date.today() - timedelta(days=3)

        # A page read while offline (a tab never shown yet) gives no traceback; undo says
        # the same sentence.
        window.tabs.setCurrentIndex(1)
        qtbot.wait(50)
        window.tabs.setCurrentIndex(0)
        # A young person selected on the map (the person panel reads): no traceback either.
        # The one box says the server cannot be reached; a second click soon after does
        # not say it again (the status line does).
        QTimer.singleShot(0, lambda: store.select_people({yp10.id}))
        qtbot.wait(100)
        QTimer.singleShot(0, lambda: store.select_people(set()))
        qtbot.wait(100)
        assert store.offline
        (said,) = _close_boxes(window)
        assert said.startswith("The shared server cannot be reached; Circles keeps trying")
    finally:
        pg.start()

    # Another writer changes a young person while this window was away: its notice was
    # never heard here, yet the window shows the change once it is back.
    other = open_database(pg.url("circles_app2", TITLE))
    try:
        from app.services.editing.editor import Editor

        Editor(other).execute(lambda s: people.update_person(s, yp10.id, {"given_name": "Rowan"}))
    finally:
        other.close()
    qtbot.waitUntil(lambda: _state(window).text() == ONLINE_TEXT, timeout=40000)
    assert "[offline]" not in window.windowTitle()
    qtbot.waitUntil(lambda: _rows(window)["YP-10"].startswith("Rowan"), timeout=5000)

    # The form's own save goes through now, with what was typed before the outage.
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    # And the listener hears new notices again: another writer's edit shows within seconds.
    other = open_database(pg.url("circles_app2", TITLE))
    try:
        from app.services.editing.editor import Editor

        Editor(other).execute(lambda s: people.update_person(s, yp10.id, {"given_name": "Sky"}))
    finally:
        other.close()
    qtbot.waitUntil(lambda: _rows(window)["YP-10"].startswith("Sky"), timeout=5000)
    assert not _close_boxes(window)
    window.close()


def test_undo_while_offline_says_the_sentence_and_keeps_the_stack(pg, window, qtbot):
    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    store = window.store
    with store.read() as s:
        yp5 = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-05"))
    assert store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Ash"}))
    try:
        pg.halt()
        window.undo_action.trigger()
        assert window.last_error.startswith(OFFLINE_SAVE)
        _no_driver_words(window.last_error)
        qtbot.waitUntil(lambda: store.undo_stack.index() == store.undo_stack.count())
        assert store.offline
        _close_boxes(window)
    finally:
        pg.start()
    qtbot.waitUntil(lambda: not store.offline, timeout=40000)
    window.undo_action.trigger()  # now it goes through
    qtbot.waitUntil(lambda: _rows(window)["YP-05"] != "Ash", timeout=5000)
    window.close()


def test_a_listener_made_again_hears_notices(pg):
    from app.models.listen import listen_again

    build_demo(pg.url()).close()
    db = open_database(pg.url("circles_app", TITLE))
    try:
        first = Listener(db)
        pg.halt()
        try:
            with pytest.raises(psycopg.OperationalError):
                for _ in range(50):
                    first.poll()
        finally:
            pg.start()
        first.close()
        db.engine.dispose()
        again = listen_again(db)
        with pg.admin() as con:
            con.execute(f'NOTIFY circles_{db.response_id}, \'{{"seq": 7, "all": true}}\'')
        heard: list = []
        for _ in range(500):  # the notice is on its way (at most 5 s here)
            heard += again.poll()
            if heard:
                break
            time.sleep(0.01)
        assert heard == [{"seq": 7, "all": True}]
        again.close()
        # The response deleted on the server meanwhile (here: a window on an id no longer
        # there): said as such, in one sentence.
        db.response_id += 1000
        with pytest.raises(ResponseGone) as gone:
            listen_again(db)
        assert server_sentence(gone.value) == (
            "This response was deleted on the shared server; ask its administrator, or keep "
            "what is on screen with File > Save a copy as..."
        )
    finally:
        db.close()


def test_a_missing_right_names_the_table(pg, window, qtbot):
    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    store = window.store
    with store.read() as s:
        yp5 = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-05"))
    with pg.admin() as con:
        con.execute("REVOKE UPDATE ON young_person FROM circles_app")
    assert store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Ash"})) is None
    assert window.last_error == (
        "Your login is not allowed to do this on the table young_person, so your change was "
        "not saved; ask the server's administrator for the right (a GRANT to your agency's "
        "application role)."
    )
    assert not store.offline  # a right missing is not an outage
    _close_boxes(window)
    window.close()


def test_the_command_line_says_the_server_is_unreachable(pg, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # not the real data folder
    build_demo(pg.url()).close()
    url = pg.url("circles_app", TITLE)
    try:
        pg.halt()
        assert main(["export", url, "--out", str(tmp_path / "out.xlsx")]) == 2
        err = capsys.readouterr().err
    finally:
        pg.start()
    assert "cannot be reached; check the network and try again." in err
    _no_driver_words(err)
    assert not (tmp_path / "out.xlsx").exists()


def test_the_database_gone_and_a_login_refused_read_plainly(pg):
    url = pg.url("circles_app").replace("/circles?", "/dropped?")
    with pytest.raises(DatabaseFileError) as exc:
        open_database(url)
    assert "The database is not on the server circles" not in str(exc.value)  # its own name
    assert str(exc.value).startswith("The database is not on the server dropped on ")
    with pytest.raises(DatabaseFileError) as exc:
        open_database(pg.url("no_such_role"))
    assert "refused your login" in str(exc.value) and "password file" in str(exc.value)
    _no_driver_words(str(exc.value))


@pytest.mark.parametrize(
    ("words", "sqlstate", "expected"),
    [
        ("fe_sendauth: no password supplied", None, "refused your login"),
        ('password authentication failed for user "school_app"', "28P01", "refused your login"),
        ("server does not support SSL, but SSL was required", None, "(TLS) connection"),
        ('database "circles" does not exist', "3D000", "The database is not on"),
        ("terminating connection due to administrator command", "57P01", "cannot be reached"),
        ("server closed the connection unexpectedly", None, "cannot be reached"),
        ("permission denied for table meeting", "42501", "on the table meeting"),
    ],
)
def test_server_faults_each_read_as_one_sentence(words, sqlstate, expected):
    exc = psycopg.OperationalError(f"connection failed: {words}")
    if sqlstate is not None:
        exc = type(
            "Fault",
            (psycopg.OperationalError,),
            {"sqlstate": sqlstate, "__module__": "psycopg.errors"},
        )(words)
    said = server_sentence(exc, saving=True)
    assert said is not None and expected in said
    assert said.count(". ") == 0 and "your change was not saved" in said  # one sentence
    _no_driver_words(said)
    assert words not in said


def test_a_response_deleted_while_offline_is_said_once(pg, window, qtbot):
    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    store = window.store
    rid = store.db.response_id
    store.connection.lost()  # as when the network drops
    store.db.response_id = rid + 1000  # ... and meanwhile the response went from the server
    qtbot.waitUntil(lambda: "deleted" in (window.last_error or ""), timeout=10000)
    assert window.last_error.startswith("This response was deleted on the shared server;")
    assert store.offline and _state(window).text() == OFFLINE_TEXT
    qtbot.wait(3500)  # another retry or two: not said again
    assert _close_boxes(window) == [window.last_error]
    store.db.response_id = rid
    qtbot.waitUntil(lambda: not store.offline, timeout=40000)
    window.close()


def test_the_export_while_offline_says_the_sentence(pg, window, qtbot, qt_sandbox):
    from app.views.exchange.export_action import ExportDialog

    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    window.show()
    out = qt_sandbox / "offline.xlsx"
    action = next(a for a in window.file_menu.actions() if a.objectName() == "exportWorkbookAction")
    action.trigger()
    (dialog,) = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    try:
        pg.halt()
        # The dialog was open when the server went: its export (the verb's own process)
        # fails in one sentence and writes nothing.
        dialog.path.setText(str(out))
        dialog.ok.click()

        def said() -> str:
            boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
            return " ".join(boxes) + (window.last_error or "")

        qtbot.waitUntil(lambda: "cannot be reached" in said(), timeout=60000)
        _no_driver_words(said())
        assert not out.exists()
        _close_boxes(window)
        # Asked for again once the window knows it is offline: one sentence, no dialog.
        qtbot.waitUntil(lambda: window.store.offline, timeout=5000)
        window.last_error = None
        action.trigger()
        assert "cannot be reached" in (window.last_error or "")
    finally:
        pg.start()
    _close_boxes(window)
    window.close()


def test_closing_while_offline_leaves_no_connection(pg, window, qtbot):
    build_demo(pg.url()).close()
    assert window.open_shared(pg.url("circles_app", TITLE))
    store = window.store
    try:
        pg.halt()
        qtbot.waitUntil(lambda: store.offline, timeout=5000)
        store.connection.retry_now()  # a retry under way as the window closes
        window.close()
    finally:
        pg.start()
    qtbot.wait(2500)  # any retry that was under way has ended by now

    def app_connections() -> int:
        with pg.admin("postgres") as con:
            return con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'circles_app'"
            ).fetchone()[0]

    assert app_connections() == 0
