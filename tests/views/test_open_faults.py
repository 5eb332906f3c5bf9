"""Faults while opening or creating a response in the app: a message box with one plain
sentence, the app goes on, and no file is harmed or left half-made."""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import Engine, event

from app.models import lock as lock_module
from app.models.database import create_database
from app.models.lock import lock_path_for
from app.services.files.demo import build_demo
from app.views.shell.main_window import data_folder


def make(path):
    today = date.today()
    create_database(
        path,
        title="Open faults (fictional)",
        lead_area="Testshire",
        referral_date=today,
        review_date=today + timedelta(days=28),
    ).close()
    return path


def shown(window, name: str) -> list[str]:
    """The texts of this window's message boxes of that name on screen."""
    return [
        box.text()
        for box in window.findChildren(QMessageBox)
        if box.isVisible() and box.objectName() == name
    ]


def close_boxes(window) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


@pytest.fixture
def full_disk():
    """Every engine refuses statements matching a test, as a full disk would."""
    tests = []

    def before(_conn, _cursor, statement, *_rest):
        if any(test(statement) for test in tests):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", before)
    yield tests.append
    event.remove(Engine, "before_cursor_execute", before)


def test_a_response_missing_a_table_is_called_damaged(window, qt_sandbox):
    path = make(qt_sandbox / "r.circles")
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP TABLE assessment")
    con.commit()
    con.close()
    before = path.read_bytes()
    window.show()
    assert window.open_path(path) is False
    assert shown(window, "damagedBox") == [
        "r.circles is damaged and there is no backup of it on this computer."
    ]
    assert window.store is None
    assert path.read_bytes() == before
    close_boxes(window)


def test_a_link_at_the_lock_path_is_refused_in_a_message(window, qt_sandbox):
    path = make(qt_sandbox / "r.circles")
    victim = qt_sandbox / "victim.txt"
    victim.write_text("Someone else's file.\n")
    lock_path_for(path).symlink_to(victim)
    window.show()
    assert window.open_path(path) is False
    assert window.last_error == (
        "r.circles.lock, beside r.circles, is a link or not an ordinary file, so Circles will "
        "not write to it; remove it and try again."
    )
    assert shown(window, "circlesError") == [window.last_error]
    assert victim.read_text() == "Someone else's file.\n"
    close_boxes(window)


def test_a_read_only_file_opens_read_only_even_for_an_administrator(window, qt_sandbox):
    # No os.access stand-in here: as root it says "writable", the mode bits say otherwise.
    folder = qt_sandbox / "responses"
    folder.mkdir()
    path = make(folder / "locked.circles")
    path.chmod(0o444)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    window.show()
    assert window.open_path(path)
    assert window.store.readonly
    assert "locked.circles is open read-only (the file is marked read-only)" in (
        window.banner.text()
    )
    window.store.db.close()
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before  # no lock, no -wal or -shm, same bytes, same time


def test_creating_a_response_on_a_full_disk_says_so(window, qt_sandbox, full_disk):
    full_disk(lambda sql: sql.startswith("INSERT INTO response"))
    path = qt_sandbox / "new.circles"
    values = {
        "title": "New (fictional)",
        "lead_area": "Testshire",
        "referral_date": date.today(),
        "review_date": date.today() + timedelta(days=28),
    }
    window.show()
    assert window.create_response(path, values) is False
    assert window.last_error == "The disk is full; the response was not created."
    assert shown(window, "circlesError") == [window.last_error]
    assert not [p for p in qt_sandbox.iterdir() if "new.circles" in p.name]
    close_boxes(window)


def test_the_demo_on_a_full_disk_says_so_and_keeps_the_previous_one(window, qt_sandbox, full_disk):
    path = data_folder() / "Fictional demo.circles"
    build_demo(path).close()
    before = path.read_bytes()
    full_disk(lambda sql: sql.startswith("INSERT INTO young_person"))
    window.show()
    window.open_demo()
    assert window.last_error == "The disk is full; the response was not created."
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["Fictional demo.circles"]
    close_boxes(window)


class NoSpaceOs:
    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def write(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_opening_on_a_full_disk_says_so_and_leaves_no_lock(window, qt_sandbox, monkeypatch):
    path = make(qt_sandbox / "r.circles")
    monkeypatch.setattr(lock_module, "os", NoSpaceOs())
    window.show()
    assert window.open_path(path) is False
    assert window.last_error == (
        "The disk is full, so Circles cannot mark r.circles as in use; nothing was changed."
    )
    assert shown(window, "circlesError") == [window.last_error]
    assert not lock_path_for(path).exists()
    monkeypatch.undo()
    assert window.open_path(path)  # space freed: it opens
    close_boxes(window)


def test_opening_when_sqlite_finds_the_disk_full_says_so(window, qt_sandbox):
    path = make(qt_sandbox / "r.circles")

    def refuse(_dbapi_connection, _record):
        # Switching to WAL creates the -wal and -shm files: a full disk refuses them.
        raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "connect", refuse)
    window.show()
    try:
        assert window.open_path(path) is False
    finally:
        event.remove(Engine, "connect", refuse)
    assert window.last_error == (
        "The disk is full; free some space and try again. Nothing was changed."
    )
    assert shown(window, "circlesError") == [window.last_error]
    assert not lock_path_for(path).exists()
    close_boxes(window)
