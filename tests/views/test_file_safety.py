"""The main window keeps entries safe: one writer, read-only offers, damaged files replaced
by the latest good backup (kept aside), backups on opening and after an hour of editing,
and warnings for read-only files and synced or network folders."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta

from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.database import create_database
from app.models.entities import YoungPerson
from app.models.lock import FileLock, LockInfo, lock_path_for
from app.services.files import backups
from app.services.people.young_people import add_person
from app.views.shell.main_window import data_folder, open_first_response


def visible_box(name: str) -> QMessageBox:
    boxes = [
        w
        for w in QApplication.topLevelWidgets() + QApplication.allWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == name
    ]
    assert boxes, f"no {name} is showing"
    return boxes[0]


def click(qtbot, box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def make_response(path, people: int = 0):
    today = date.today()
    db = create_database(
        path,
        title="Autumn response (fictional)",
        lead_area="Testshire",
        referral_date=today - timedelta(days=7),
        review_date=today + timedelta(days=21),
    )
    for i in range(people):
        from app.services.editing.editor import Editor

        Editor(db).do(
            lambda s, i=i: add_person(
                s, db.response_id, {"given_name": f"P{i}", "family_name": "Fictional"}
            )
        )
    return db


def people_in(window) -> int:
    with window.store.read() as s:
        return s.query(YoungPerson).count()


def test_a_busy_file_is_offered_read_only(window, qtbot, qt_sandbox):
    path = qt_sandbox / "busy.circles"
    make_response(path, people=2).close()
    holder = FileLock(path).acquire()  # another window has it open for editing
    try:
        window.show()
        assert window.open_path(path) is False
        box = visible_box("fileBusyBox")
        assert box.text().startswith("busy.circles is open for editing in another Circles window")
        box.grab().save(str(qt_sandbox / "busy_box.png"))
        click(qtbot, box, "Open read-only")
        assert window.store is not None and window.store.readonly
        assert window.banner.isVisible()
        assert "open read-only (it is open for editing in another Circles window since" in (
            window.banner.text()
        )
        assert people_in(window) == 2
        assert window.findChild(object, "restoreFromBackupAction").isEnabled() is False
        # Nothing can be entered, and the holder's file is untouched.
        rid = window.store.response_id
        assert (
            window.store.run(lambda s: add_person(s, rid, {"given_name": "X", "family_name": "Y"}))
            is None
        )
        assert "read-only" in (window.last_error or "")
    finally:
        holder.release()


def test_the_second_instance_of_the_app_offers_the_default_file_read_only(
    window, qtbot, qt_sandbox
):
    open_first_response(window, None)
    first_path = window.store.db.path
    from app.views.shell.main_window import MainWindow

    second = MainWindow()
    qtbot.addWidget(second)
    open_first_response(second, None)
    assert second.store is None
    box = visible_box("fileBusyBox")
    click(qtbot, box, "Open read-only")
    assert second.store.db.path == first_path and second.store.readonly
    second.store.db.close()


def test_a_read_only_file_opens_read_only_with_a_banner(window, qtbot, qt_sandbox, monkeypatch):
    path = qt_sandbox / "locked.circles"
    make_response(path, people=1).close()
    path.chmod(0o400)
    real_access = os.access
    # Tests run as root, who may write anyway: ask the way the app does.
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode == os.W_OK and str(p) == str(path) else real_access(p, mode, **kw)
        ),
    )
    before = path.read_bytes()
    window.show()
    assert window.open_path(path)
    assert window.store.readonly
    assert window.banner.isVisible()
    assert "locked.circles is open read-only (the file is marked read-only)" in (
        window.banner.text()
    )
    assert not window.details_action.isEnabled()
    assert "[read-only]" in window.windowTitle()
    rid = window.store.response_id
    assert (
        window.store.run(lambda s: add_person(s, rid, {"given_name": "X", "family_name": "Y"}))
        is None
    )
    assert window.last_error == "locked.circles is open read-only; changes are not saved."
    assert not lock_path_for(path).exists()  # a viewer takes no lock
    window.store.db.close()
    assert path.read_bytes() == before
    window.grab().save(str(qt_sandbox / "read_only_banner.png"))


def test_a_file_in_a_synced_folder_gets_a_warning(window, qt_sandbox):
    folder = qt_sandbox / "OneDrive - Testshire Council"
    folder.mkdir()
    make_response(folder / "r.circles").close()
    window.show()
    assert window.open_path(folder / "r.circles")
    assert window.banner.isVisible()
    assert "synced by OneDrive" in window.banner.text()
    assert not window.store.readonly  # a warning, not a refusal


def test_opening_makes_a_backup_and_an_hour_of_editing_another(window, qt_sandbox):
    path = qt_sandbox / "r.circles"
    make_response(path, people=1).close()
    assert window.open_path(path)
    made = backups.list_backups(path, data_folder())
    assert [b.reason for b in made] == ["open"]
    assert str(made[0].path).startswith(str(qt_sandbox))  # in the sandboxed data folder
    assert not window.backups.timer.isActive()
    rid = window.store.response_id
    window.store.run(lambda s: add_person(s, rid, {"given_name": "New", "family_name": "One"}))
    assert window.backups.timer.isActive()  # the hour of editing has started
    assert window.backups.timer.interval() == 60 * 60 * 1000
    window.backups.timer.timeout.emit()  # ... and has passed
    made = backups.list_backups(path, data_folder())
    assert made[0].reason == "hourly"
    assert backups.summarise(made[0]).people == 2  # type: ignore[union-attr]


def test_after_a_crash_a_sound_file_is_checked_and_opened(window, qt_sandbox):
    path = qt_sandbox / "r.circles"
    make_response(path, people=3).close()
    lock_path_for(path).write_text(LockInfo(user="jo", pid=999999999).to_text())
    window.show()
    assert window.open_path(path)
    assert "was checked and is sound" in window.statusBar().currentMessage()
    assert people_in(window) == 3


def damage(path) -> None:
    raw = bytearray(path.read_bytes())
    raw[4096 * 3 : 4096 * 4] = b"\x00\x13" * 2048
    path.write_bytes(bytes(raw))


def test_after_a_crash_a_damaged_file_is_kept_aside_and_the_backup_offered(
    window, qtbot, qt_sandbox
):
    path = qt_sandbox / "r.circles"
    make_response(path, people=4).close()
    backups.make_backup(path, data_folder())
    damage(path)
    lock_path_for(path).write_text(LockInfo(user="jo", pid=999999999).to_text())
    window.show()
    assert window.open_path(path) is False
    box = visible_box("damagedBox")
    assert box.text().startswith("r.circles is damaged")
    assert "4 young people" in box.informativeText()
    box.grab().save(str(qt_sandbox / "damaged_box.png"))
    click(qtbot, box, "Restore the backup")
    assert window.store is not None and people_in(window) == 4
    kept = [p for p in qt_sandbox.iterdir() if p.name.startswith("r (damaged ")]
    assert len(kept) == 1  # the damaged file is kept, not thrown away
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_a_file_too_damaged_to_open_is_offered_its_backup(window, qtbot, qt_sandbox):
    path = qt_sandbox / "r.circles"
    make_response(path, people=2).close()
    backups.make_backup(path, data_folder())
    path.write_bytes(path.read_bytes()[:5000])  # cut short
    assert window.open_path(path) is False
    box = visible_box("damagedBox")
    click(qtbot, box, "Cancel")
    assert window.store is None
    assert path.stat().st_size == 5000  # cancelling changes nothing


def test_a_damaged_file_without_backup_is_left_as_it_is(window, qt_sandbox):
    path = qt_sandbox / "r.circles"
    make_response(path).close()
    path.write_bytes(path.read_bytes()[:5000])
    assert window.open_path(path) is False
    box = visible_box("damagedBox")
    assert "there is no backup" in box.text()
    assert path.stat().st_size == 5000
    box.close()


def test_disk_full_during_an_edit_is_explained_and_the_app_goes_on(window, qtbot, qt_sandbox):
    path = qt_sandbox / "r.circles"
    make_response(path).close()
    assert window.open_path(path)
    store = window.store
    rid = store.response_id
    engine = store.db.engine
    from sqlalchemy import event

    full = {"on": False}

    def fail(_conn, _cursor, statement, *_rest):
        # A full disk refuses writes; reading still works.
        if full["on"] and statement.split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", fail)
    store.run(lambda s: add_person(s, rid, {"given_name": "Ada", "family_name": "One"}))
    full["on"] = True
    assert (
        store.run(lambda s: add_person(s, rid, {"given_name": "Bo", "family_name": "Two"})) is None
    )
    assert window.last_error.startswith("The disk is full; the change was not saved.")
    assert store.undo_stack.count() == 1
    # Undo fails too while the disk is full: the history stays in step with the file.
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: store.undo_stack.index() == 1)
    assert people_in(window) == 1
    full["on"] = False  # space freed: everything works again
    window.undo_action.trigger()
    assert people_in(window) == 0
    window.redo_action.trigger()
    assert store.run(lambda s: add_person(s, rid, {"given_name": "Bo", "family_name": "Two"}))
    assert people_in(window) == 2
    event.remove(engine, "before_cursor_execute", fail)
    for box in window.findChildren(QMessageBox):
        box.close()
