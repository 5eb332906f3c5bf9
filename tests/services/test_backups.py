"""Backups: verified snapshots in the data folder, retention, and restores that keep the
current file aside."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest

from app.models.database import open_database
from app.models.entities import YoungPerson
from app.models.lock import FileBusyError
from app.services.editing.editor import Editor
from app.services.files import backups
from app.services.people.young_people import add_person


def people_in(path) -> int:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM young_person").fetchone()[0]
    finally:
        con.close()


def add(db, name: str) -> None:
    Editor(db).do(
        lambda s: add_person(s, db.response_id, {"given_name": name, "family_name": "Test"})
    )


def test_a_backup_of_the_open_file_holds_the_latest_edits_and_is_private(new_db, tmp_path):
    data = tmp_path / "data"
    add(new_db, "Ada")
    add(new_db, "Bo")  # still in the -wal file: a plain copy of the .circles would miss it
    made = backups.make_backup(new_db.path, data, reason="open")
    assert made.path.parent == backups.folder_for(new_db.path, data)
    assert made.path.parent.parent == data / "backups"
    assert people_in(made.path) == 2
    assert backups.verify(made.path) is None
    assert backups.summarise(made).people == 2  # type: ignore[union-attr]
    assert backups.list_backups(new_db.path, data) == [made]
    assert made.reason_text == "on opening"
    if os.name == "posix":
        assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700
    # A backup is a single self-contained file.
    assert not made.path.with_name(made.path.name + "-wal").exists()


def test_two_files_with_the_same_name_keep_separate_backups(tmp_path, new_db):
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    other = other_dir / new_db.path.name
    assert backups.folder_for(new_db.path, tmp_path) != backups.folder_for(other, tmp_path)


def test_a_damaged_file_gives_no_backup(new_db, tmp_path):
    path = new_db.path
    new_db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\x55" * page  # scribble over a table page
    path.write_bytes(bytes(data))
    with pytest.raises(backups.BackupError):
        backups.make_backup(path, tmp_path / "data")
    assert backups.list_backups(path, tmp_path / "data") == []
    folder = backups.folder_for(path, tmp_path / "data")
    assert not any(folder.iterdir())  # not even the temporary file is left


def test_retention_keeps_the_last_ten_and_one_a_day_for_thirty_days(tmp_path):
    folder = tmp_path / "backups" / "x"
    folder.mkdir(parents=True)
    now = datetime(2026, 11, 22, 18, 0, 0)
    # Every 12 hours for 45 days: 90 backups.
    for i in range(90):
        when = now - timedelta(hours=12 * i)
        (folder / f"{when:%Y-%m-%d %H%M%S} hourly.circles").write_bytes(b"x")
    removed = backups.prune(folder, now=now)
    kept = backups.backups_in(folder)
    assert len(removed) == 90 - len(kept)
    newest_ten = [now - timedelta(hours=12 * i) for i in range(10)]
    assert all(any(b.made_at == t for b in kept) for t in newest_ten)
    days = {b.made_at.date() for b in kept}
    assert days == {(now - timedelta(days=d)).date() for d in range(30)}
    # One per day outside the last ten: 30 days + the 5 older-of-two among the last ten.
    assert len(kept) == 35
    assert min(b.made_at for b in kept) == datetime(2026, 10, 24, 18, 0, 0)


def test_pruning_happens_when_backing_up(new_db, tmp_path):
    data = tmp_path / "data"
    start = datetime(2026, 1, 1, 9, 0, 0)
    for i in range(14):
        backups.make_backup(new_db.path, data, reason="hourly", now=start + timedelta(minutes=i))
    # All on one day: only the last ten are kept.
    assert len(backups.list_backups(new_db.path, data)) == 10


def test_restore_keeps_the_current_file_aside(new_db, tmp_path):
    data = tmp_path / "data"
    add(new_db, "Ada")
    made = backups.make_backup(new_db.path, data)
    add(new_db, "Bo")
    add(new_db, "Cy")
    path = new_db.path
    new_db.close()
    kept = backups.restore(made, path)
    assert kept is not None and kept.parent == path.parent
    assert kept.name.startswith(f"{path.stem} (before restore ")
    assert people_in(kept) == 3  # nothing entered is lost: the newer file is kept
    assert people_in(path) == 1
    db = open_database(path)
    try:
        with db.read() as s:
            assert [p.given_name for p in s.query(YoungPerson)] == ["Ada"]
        add(db, "Dee")  # the restored file is a normal, editable response
    finally:
        db.close()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_restore_is_refused_while_the_file_is_open_for_editing(new_db, tmp_path):
    made = backups.make_backup(new_db.path, tmp_path / "data")
    add(new_db, "Ada")
    with pytest.raises(FileBusyError):
        backups.restore(made, new_db.path)
    with new_db.read() as s:
        assert s.query(YoungPerson).count() == 1


def test_a_damaged_backup_is_not_restored_and_latest_good_skips_it(new_db, tmp_path):
    data = tmp_path / "data"
    good = backups.make_backup(new_db.path, data, now=datetime(2026, 1, 1, 9))
    bad = backups.make_backup(new_db.path, data, now=datetime(2026, 1, 1, 10))
    raw = bytearray(bad.path.read_bytes())
    raw[4096 * 2 : 4096 * 3] = b"\x55" * 4096
    bad.path.write_bytes(bytes(raw))
    assert backups.latest_good(new_db.path, data) == good
    path = new_db.path
    new_db.close()
    before = path.read_bytes()
    with pytest.raises(backups.BackupError, match="damaged"):
        backups.restore(bad, path)
    assert path.read_bytes() == before


def test_keeping_a_damaged_file_aside_moves_its_wal_too(new_db):
    add(new_db, "Ada")
    path = new_db.path
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    aside = backups.keep_damaged_aside(path)
    assert not path.exists() and not wal.exists()
    assert aside.name.startswith(f"{path.stem} (damaged ")
    assert aside.with_name(aside.name + "-wal").exists()
    new_db.close()
