"""One place tells faults apart (app/models/faults.py): SQLite's error names first, then
errno, then words; SQLAlchemy's wrapper (which quotes SQL and values) is looked through."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from app.models import faults


def real_error(tmp_path, setup: str, statement: str) -> sqlite3.Error:
    con = sqlite3.connect(tmp_path / "x.db")
    try:
        con.executescript(setup)
        con.execute(statement)
    except sqlite3.Error as exc:
        return exc
    finally:
        con.close()
    raise AssertionError("no error")


def test_sqlite_names_its_own_errors(tmp_path):
    full = real_error(
        tmp_path,
        "CREATE TABLE t (x); PRAGMA max_page_count=3;",
        "INSERT INTO t SELECT zeroblob(100000)",
    )
    assert full.sqlite_errorname == "SQLITE_FULL"
    assert faults.fault_kind(full) == faults.FULL
    missing = real_error(tmp_path, "", "SELECT * FROM assessment")
    assert missing.sqlite_errorname == "SQLITE_ERROR"
    assert faults.fault_kind(missing) == faults.DAMAGED
    assert faults.fault_kind(real_error(tmp_path, "", "SELEC 1")) is None  # a plain mistake
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    con = sqlite3.connect(tmp_path / "junk.db")
    with pytest.raises(sqlite3.DatabaseError) as info:
        con.execute("SELECT * FROM sqlite_master")
    con.close()
    assert info.value.sqlite_errorname == "SQLITE_NOTADB"
    assert faults.fault_kind(info.value) == faults.DAMAGED


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), faults.FULL),
        (OSError(errno.EIO, "Input/output error"), faults.IO),
        (OSError(errno.EROFS, "Read-only file system"), faults.READONLY),
        (PermissionError(errno.EACCES, "Permission denied"), faults.DENIED),
        (sqlite3.OperationalError("database or disk is full"), faults.FULL),
        (sqlite3.OperationalError("disk I/O error"), faults.IO),
        (sqlite3.DatabaseError("database disk image is malformed"), faults.DAMAGED),
        (sqlite3.OperationalError("attempt to write a readonly database"), faults.READONLY),
        (sqlite3.OperationalError("database is locked"), faults.BUSY),
        (ValueError("something else"), None),
    ],
)
def test_words_and_errno_when_there_is_no_name(error, kind):
    assert faults.fault_kind(error) == kind
    wrapped = OperationalError("UPDATE young_person SET notes=?", ("Ada's notes",), error)
    assert faults.fault_kind(wrapped) == kind
    sentence = faults.fault_sentence(wrapped, "r.circles")
    assert "Ada" not in sentence and "UPDATE" not in sentence and "\n" not in sentence
