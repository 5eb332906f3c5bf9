"""Opening files: bad input gets one sentence and the file is left byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from app.models.database import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DatabaseFileError,
    open_database,
)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_sentence(message: str) -> bool:
    return message.count("\n") == 0 and message.endswith(".") and len(message) < 300


def test_new_file_identifies_itself_and_is_private(new_db):
    path = new_db.path
    new_db.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_connections_enforce_foreign_keys_and_full_sync(new_db):
    with new_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@pytest.mark.parametrize(
    "case", ["missing", "folder", "text", "truncated", "other_sqlite", "newer", "empty"]
)
def test_bad_files_are_refused_in_one_sentence_and_left_unchanged(case, tmp_path, demo_db):
    path = tmp_path / "bad.circles"
    if case == "folder":
        path.mkdir()
    elif case == "text":
        path.write_text("These are meeting notes, not a database.\n" * 20)
    elif case == "truncated":
        demo_db.close()
        data = demo_db.path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif case == "other_sqlite":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    elif case == "newer":
        demo_db.close()
        path.write_bytes(demo_db.path.read_bytes())
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        con.commit()
        con.close()
    elif case == "empty":
        path.write_bytes(b"")
    before = digest(path) if path.is_file() else None
    with pytest.raises(DatabaseFileError) as info:
        open_database(path)
    assert one_sentence(str(info.value)), str(info.value)
    if case == "newer":
        assert "newer version of Circles" in str(info.value)
    if before is not None:
        assert digest(path) == before
    assert not path.with_name(path.name + "-wal").exists() or case in ("newer",)


def test_unreadable_file_is_refused(tmp_path, demo_db, monkeypatch):
    demo_db.close()
    real_open = type(demo_db.path).open

    def denied(self, *args, **kwargs):
        if self == demo_db.path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    # Root ignores chmod, so deny the read the way Windows or a non-root account would.
    monkeypatch.setattr(type(demo_db.path), "open", denied)
    with pytest.raises(DatabaseFileError, match="cannot be read: permission denied"):
        open_database(demo_db.path)


def test_read_only_file_opens_read_only_and_is_not_changed(demo_db, monkeypatch):
    demo_db.close()
    path = demo_db.path
    path.chmod(0o400)
    # Root can write anyway, so ask the way the app does: os.access.
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode == os.W_OK and str(p) == str(path) else real_access(p, mode, **kw)
        ),
    )
    before = digest(path)
    db = open_database(path)
    try:
        assert db.readonly
        from app.services.editing.editor import Editor
        from app.services.editing.validation import ValidationError
        from app.services.people.young_people import add_person

        with pytest.raises(ValidationError, match="read-only"):
            Editor(db).do(
                lambda s: add_person(s, db.response_id, {"given_name": "A", "family_name": "B"})
            )
    finally:
        db.close()
    assert digest(path) == before
