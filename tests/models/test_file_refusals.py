"""Opening never harms a file that is not Circles' to write: a link (or any odd file) at
the lock's path, a response marked read-only (even for an administrator: tests run as
root), a database carrying Circles' mark without its tables, a response missing a table."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.models.database import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DamagedFileError,
    DatabaseFileError,
    create_database,
    open_database,
)
from app.models.lock import FileLock, lock_path_for, read_lock_info

DATA = Path(__file__).parents[1] / "data"


def make(path: Path) -> Path:
    today = date.today()
    create_database(
        path,
        title="Refusals (fictional)",
        lead_area="Testshire",
        referral_date=today,
        review_date=today + timedelta(days=28),
    ).close()
    return path


def state(folder: Path, *, strict: bool = True) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder: its bytes and modification time.

    Not `strict`: without SQLite's own -wal and -shm files, which reading a writable file in
    WAL mode may create (they hold nothing of the response; the next writer removes them).
    """
    return {
        p.name: (p.read_bytes() if p.is_file() else b"", p.lstat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if strict or not p.name.endswith(("-wal", "-shm"))
    }


# ----- the lock never harms another file -------------------------------------------------------
def test_a_link_at_the_lock_path_is_refused_and_its_target_untouched(tmp_path):
    path = make(tmp_path / "r.circles")
    victim = tmp_path / "victim.txt"
    victim.write_text("Someone else's file: must survive.\n")
    lock_path_for(path).symlink_to(victim)
    before = state(tmp_path, strict=False)
    with pytest.raises(DatabaseFileError) as info:
        open_database(path)
    assert str(info.value) == (
        "r.circles.lock, beside r.circles, is a link or not an ordinary file, so Circles will "
        "not write to it; remove it and try again."
    )
    assert state(tmp_path, strict=False) == before
    assert read_lock_info(path) is None  # not read through the link either
    # Read-only opening takes no lock, so the file can still be looked at.
    open_database(path, readonly=True).close()
    assert victim.read_text() == "Someone else's file: must survive.\n"


def test_a_dangling_link_is_refused_and_nothing_is_created_at_its_target(tmp_path):
    path = make(tmp_path / "r.circles")
    target = tmp_path / "elsewhere" / "created-through-the-link"
    target.parent.mkdir()
    lock_path_for(path).symlink_to(target)
    with pytest.raises(DatabaseFileError, match="is a link or not an ordinary file"):
        FileLock(path).acquire()
    assert not target.exists()


def test_a_hard_link_or_a_pipe_at_the_lock_path_is_refused(tmp_path):
    path = make(tmp_path / "r.circles")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.link(victim, lock_path_for(path))
    with pytest.raises(DatabaseFileError, match="is a link or not an ordinary file"):
        open_database(path)
    assert victim.read_text() == "precious\n"
    lock_path_for(path).unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(lock_path_for(path))  # opening a pipe would wait for a writer forever
        with pytest.raises(DatabaseFileError, match="is a link or not an ordinary file"):
            open_database(path)


def test_an_ordinary_lock_left_by_a_crash_is_still_taken_over(tmp_path):
    path = make(tmp_path / "r.circles")
    lock_path_for(path).write_text('{"user": "gone", "pid": 1, "host": "elsewhere"}\n')
    db = open_database(path)
    try:
        assert db.unclean_shutdown and db.lock.left_behind.user == "gone"
    finally:
        db.close()
    assert not lock_path_for(path).exists()


# ----- read-only by its mode bits, even for an administrator -----------------------------------
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o044])
def test_a_read_only_file_stays_unwritten(tmp_path, mode):
    path = make(tmp_path / "r.circles")
    path.chmod(mode)
    before = state(tmp_path)
    db = open_database(path)
    try:
        assert db.readonly and db.lock is None
        assert db.readonly_reason == "the file is marked read-only"
        with db.read() as s:
            assert s.scalar(text("SELECT count(*) FROM response")) == 1
    finally:
        db.close()
    assert state(tmp_path) == before  # no -wal, no -shm, no lock, same bytes and time


def test_a_read_only_folder_leaves_the_file_unwritten(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make(folder / "r.circles")
    folder.chmod(0o555)
    try:
        before = state(folder)
        db = open_database(path)
        assert db.readonly and db.readonly_reason == "Circles cannot write in its folder"
        db.close()
        assert state(folder) == before
    finally:
        folder.chmod(0o755)


def test_a_read_only_file_of_an_older_version_is_not_upgraded(tmp_path):
    path = tmp_path / "old.circles"
    path.write_bytes((DATA / "schema_v1.circles").read_bytes())
    path.chmod(0o444)
    before = state(tmp_path)
    with pytest.raises(DatabaseFileError, match="must be upgraded, but it is read-only"):
        open_database(path)
    assert state(tmp_path) == before  # not even a backup beside it


# ----- Circles' mark without Circles' tables ------------------------------------------------------
@pytest.mark.parametrize("version", [0, 1, SCHEMA_VERSION])
@pytest.mark.parametrize("tables", [[], ["CREATE TABLE notes (body TEXT)"]])
def test_circles_mark_without_its_tables_is_refused_before_any_write(tmp_path, version, tables):
    path = tmp_path / "other.circles"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute(f"PRAGMA user_version={version}")
    for ddl in tables:
        con.execute(ddl)
    con.commit()
    con.close()
    before = state(tmp_path)
    with pytest.raises(DatabaseFileError) as info:
        open_database(path)
    assert not isinstance(info.value, DamagedFileError)
    assert str(info.value) == (
        "other.circles carries the Circles mark but holds no Circles response; "
        "Circles leaves it as it is."
    )
    assert state(tmp_path) == before  # not upgraded, no backup, no lock, no WAL


# ----- a table missing: damaged, said up front -------------------------------------------------
def test_a_missing_table_is_damage_found_before_anything_is_written(tmp_path):
    path = make(tmp_path / "r.circles")
    con = sqlite3.connect(path)
    con.execute("DROP TABLE prompt_dismissal")
    con.commit()
    con.close()
    before = state(tmp_path, strict=False)
    for readonly in (False, True):
        with pytest.raises(DamagedFileError) as info:
            open_database(path, readonly=readonly)
        assert str(info.value) == (
            "r.circles is damaged (its prompt dismissal table is missing); "
            "restore it from a backup."
        )
    assert state(tmp_path, strict=False) == before


def test_an_older_file_missing_a_first_release_table_is_not_upgraded(tmp_path):
    path = tmp_path / "old.circles"
    path.write_bytes((DATA / "schema_v1.circles").read_bytes())
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP TABLE meeting")
    con.commit()
    con.close()
    before = state(tmp_path)
    with pytest.raises(DamagedFileError, match="its meeting table is missing"):
        open_database(path)
    assert state(tmp_path) == before


def test_an_older_file_lacking_only_later_tables_is_still_upgraded(tmp_path):
    path = tmp_path / "old.circles"
    path.write_bytes((DATA / "schema_v1.circles").read_bytes())
    db = open_database(path)
    db.close()


def test_the_first_release_tables_are_those_of_the_first_released_file():
    from app.models.tables import FIRST_TABLES

    con = sqlite3.connect(f"{(DATA / 'schema_v1.circles').resolve().as_uri()}?mode=ro", uri=True)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == FIRST_TABLES
