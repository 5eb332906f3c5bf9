"""The response file on disk, below the ORM: its mark and version, the refusals, its header.

Everything here works on the file itself (sqlite3 and the OS, no engine or session), so the
one-writer lock (lock.py), the upgrade (migrations.py) and the table check (tables.py) use it
without importing app/models/database.py, which imports them: no cycle.
`app.models.database` re-exports these names, where most callers import them from.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from app.models import faults

# "CRLS": lets Circles, and `file`, recognise its own databases.
APPLICATION_ID = 0x43524C53
# Follows the head Alembic revision (app/models/revisions.py); older files are upgraded
# on opening (app/models/migrations.py), and an older Circles refuses a newer file.
SCHEMA_VERSION = 5
EXTENSION = ".circles"
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseFileError(Exception):
    """A response file cannot be used; str(error) is one sentence for the user."""


class DamagedFileError(DatabaseFileError):
    """The file is damaged (SQLite cannot read it, or it is cut short)."""


@dataclass(frozen=True)
class FileHeader:
    page_size: int
    page_count: int
    schema_version: int
    application_id: int


def read_header(path: Path) -> FileHeader:
    """Check that `path` looks like a Circles file this version can open, reading only."""
    if not path.exists():
        raise DatabaseFileError(f"There is no file at {path}.")
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a Circles response file.")
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except PermissionError as exc:
        raise DatabaseFileError(f"{path} cannot be read: permission denied.") from exc
    except OSError as exc:
        raise DatabaseFileError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise DatabaseFileError(f"{path.name} is not a Circles response file.")
    (page_size,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", head[28:32])
    (user_version,) = struct.unpack(">I", head[60:64])
    (app_id,) = struct.unpack(">I", head[68:72])
    header = FileHeader(page_size, page_count, user_version, app_id)
    if app_id != APPLICATION_ID:
        raise DatabaseFileError(f"{path.name} is a database, but not a Circles response file.")
    if user_version > SCHEMA_VERSION:
        raise DatabaseFileError(
            f"{path.name} was saved by a newer version of Circles (file version "
            f"{user_version}, this version reads up to {SCHEMA_VERSION}); please update Circles."
        )
    wal = path.with_name(path.name + "-wal")
    # With a WAL file beside it, recent pages may live there, so the size check would lie.
    if not (wal.exists() and wal.stat().st_size > 0):
        if path.stat().st_size < page_size * page_count:
            raise DamagedFileError(
                f"{path.name} is damaged (the file is shorter than it should be); "
                "restore it from a backup."
            )
    return header


def current_user() -> str:
    """The OS user name, for the audit log."""
    for var in ("USERNAME", "USER", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - some locked-down accounts have no name to look up
        return "unknown"


def readonly_uri(path: Path) -> str:
    """A URI opening `path` read-only (sqlite3.connect(..., uri=True)).

    For a file nobody may write (`nobody_writes`) it is also immutable, which keeps SQLite
    from creating -wal and -shm files beside it, so such a file stays as it was."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if nobody_writes(path) else uri


def nobody_writes(path: Path) -> bool:
    """The file or its folder is read-only, and no -wal file holds recent changes.

    (Those changes can only be read SQLite's usual way, which needs the -shm file.)"""
    locked = not os.access(path, os.W_OK) or unwritable(path)
    locked = locked or not os.access(path.parent, os.W_OK) or unwritable(path.parent)
    return locked and not _wal_has_content(path)


def unwritable(path: Path) -> bool:
    """The file or folder is marked read-only in its mode bits.

    os.access answers 'writable' to an administrator for every file; a file marked
    read-only must stay unwritten even for them, so the bits are checked too: no write bit
    for anyone, or none for the owner when that is us."""
    try:
        st = path.stat()
    except OSError:
        return False
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222:
        return True
    getuid = getattr(os, "getuid", None)
    return getuid is not None and st.st_uid == getuid() and not mode & stat.S_IWUSR


def _wal_has_content(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _sqlite_message(path: Path, exc: BaseException) -> str:
    """One sentence for an error SQLite (or the OS) raised while opening `path`."""
    kind = faults.fault_kind(exc)
    if kind == faults.FULL:
        return "The disk is full; free some space and try again. Nothing was changed."
    if kind is None:
        return f"{path.name} could not be opened ({faults.driver_words(exc)})."
    return faults.fault_sentence(exc, path)


def _is_damage(exc: BaseException) -> bool:
    return faults.fault_kind(exc) == faults.DAMAGED


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600 where the OS has modes).

    Refuses (FileExistsError) to reuse an existing file, whose mode might be wider.
    Create database files this way before SQLite touches them: SQLite gives its -wal and
    -shm files the same permissions as the database.
    """
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


_create_owner_only = create_private_file


def backup_to(db_path: Path, target: Path) -> None:
    """Copy a database consistently through SQLite's backup API (never a plain file copy)."""
    src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if not target.exists():
            _create_owner_only(target)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
