"""Opening, creating and upgrading response files (`.circles`, one SQLite file per response).

Every refusal is a `DatabaseFileError` whose message is one plain sentence for the user,
and every check before opening reads the file without writing to it, so a file Circles
refuses is left byte-for-byte as it was.

Opening for editing takes the one-writer lock (app/models/lock.py): a file open for editing
elsewhere raises `FileBusyError` (a DatabaseFileError naming who has it) and may be opened
read-only instead. A damaged file raises `DamagedFileError`, so the caller can offer a
backup. Files Circles creates (the database, backups, exports through
`private_temp_path` in app/services/files/private.py) are readable by their owner only where the
OS allows it: mode 0600 on Linux and macOS; on Windows, files in the user's profile are
private through the folder's access list, which Circles leaves alone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.models import faults
from app.models.entities import Base, Response

if TYPE_CHECKING:
    from app.models.lock import FileLock

# "CRLS": lets Circles, and `file`, recognise its own databases.
APPLICATION_ID = 0x43524C53
# Bump when the schema changes; app/models/migrations.py upgrades older files.
SCHEMA_VERSION = 4
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


def _configure(engine: Engine, *, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy emit BEGIN itself so that a session is one real transaction.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA synchronous=FULL")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")


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


def _engine_for(path: Path, *, readonly: bool) -> Engine:
    if readonly:
        uri = readonly_uri(path)
        engine = create_engine("sqlite+pysqlite:///" + uri + "&uri=true")
    else:
        engine = create_engine(f"sqlite+pysqlite:///{path}")
    _configure(engine, readonly=readonly)
    return engine


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


class Database:
    """An open response file: its engine, a session factory, and the response's id.

    `lock` is the one-writer lock when open for editing; `lock.left_behind` names the
    previous owner when their session ended uncleanly (a crash). `readonly_reason` says
    why a file is read-only when Circles decided it (busy elsewhere, read-only file, ...).
    """

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        readonly: bool,
        lock: FileLock | None = None,
        readonly_reason: str | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.lock = lock
        self.readonly_reason = readonly_reason
        self.session = sessionmaker(engine, expire_on_commit=False)
        with self.session() as s:
            rid = s.scalar(select(Response.id).order_by(Response.id).limit(1))
        if rid is None:
            raise DatabaseFileError(f"{path.name} holds no response.")
        self.response_id: int = rid

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self.session() as s:
            yield s

    @property
    def unclean_shutdown(self) -> bool:
        """The last session editing this file ended without closing it (a crash)."""
        return self.lock is not None and self.lock.left_behind is not None

    def close(self) -> None:
        # Disposing closes every connection, which checkpoints the WAL into the file;
        # the lock goes last, so nobody else writes before the checkpoint is done.
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def open_database(
    path: str | os.PathLike[str],
    *,
    readonly: bool = False,
    upgrade: bool = True,
    lock: bool = True,
) -> Database:
    """Open an existing response file, upgrading an older schema after a backup.

    For editing, the one-writer lock is taken first (unless `lock=False`), and
    `FileBusyError` is raised when another window or program has the file open for
    editing. A file or folder Circles cannot write to opens read-only.
    """
    from app.models.lock import FileLock
    from app.models.tables import check_tables

    path = Path(path).expanduser()
    header = read_header(path)
    reason: str | None = None
    file_locked = not os.access(path, os.W_OK) or unwritable(path)
    # WAL needs to create its -wal and -shm files beside the database.
    folder_locked = not os.access(path.parent, os.W_OK) or unwritable(path.parent)
    if not readonly and file_locked:
        readonly, reason = True, "the file is marked read-only"
    if not readonly and folder_locked:
        readonly, reason = True, "Circles cannot write in its folder"
    check_tables(path, header)
    held = FileLock(path).acquire() if (lock and not readonly) else None
    engine: Engine | None = None
    try:
        if header.schema_version < SCHEMA_VERSION:
            if readonly:
                raise DatabaseFileError(
                    f"{path.name} was made by an older version of Circles and must be "
                    "upgraded, but it is read-only."
                )
            if upgrade:
                from app.models.migrations import upgrade_file

                upgrade_file(path, header.schema_version)
        engine = _engine_for(path, readonly=readonly)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
        return Database(path, engine, readonly=readonly, lock=held, readonly_reason=reason)
    except Exception as exc:
        if engine is not None:
            engine.dispose()
        if held is not None:
            held.release()
        if isinstance(exc, DatabaseFileError):
            raise
        # sqlite3 / SQLAlchemy errors -> one sentence
        error = DamagedFileError if _is_damage(exc) else DatabaseFileError
        raise error(_sqlite_message(path, exc)) from exc


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600 where the OS has modes).

    Refuses (FileExistsError) to reuse an existing file, whose mode might be wider.
    Create database files this way before SQLite touches them: SQLite gives its -wal and
    -shm files the same permissions as the database.
    """
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


_create_owner_only = create_private_file


def init_schema(path: Path) -> None:
    """Create the current schema in an empty file (application id, version, WAL)."""
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA application_id={APPLICATION_ID}")
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        con.execute("PRAGMA journal_mode=WAL")
        con.commit()
    finally:
        con.close()
    engine = _engine_for(path, readonly=False)
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()


def create_database(
    path: str | os.PathLike[str],
    *,
    title: str,
    lead_area: str,
    referral_date,  # noqa: ANN001
    review_date,  # noqa: ANN001
    force: bool = False,
    fill: Callable[[Session, int], None] | None = None,
    **fields,  # noqa: ANN003
) -> Database:
    """Create a new response file. Refuses to replace an existing file unless `force`.

    The file is built under a temporary name in the same folder and moved into place, so
    a failure never leaves a half-made file, nor destroys the one being replaced. `fill`,
    when given, adds the response's contents (the demo's young people) in the same
    transaction as the response, before the move: the file appears whole or not at all.
    """
    from app.services.editing.validation import validate_response_fields

    path = Path(path).expanduser()
    validate_response_fields(
        title=title, lead_area=lead_area, referral_date=referral_date, review_date=review_date
    )
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder; give a file name ending {EXTENSION}.")
    if path.exists() and not force:
        raise DatabaseFileError(f"{path} already exists; use --force to replace it.")
    if not path.parent.exists():
        raise DatabaseFileError(f"The folder {path.parent} does not exist.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    strays = (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm"))
    try:
        for stray in strays:
            stray.unlink(missing_ok=True)
        _create_owner_only(tmp)
        init_schema(tmp)
        engine = _engine_for(tmp, readonly=False)
        try:
            with sessionmaker(engine).begin() as s:
                response = Response(
                    title=title,
                    lead_area=lead_area,
                    referral_date=referral_date,
                    review_date=review_date,
                    created_at=datetime.now(),
                    **fields,
                )
                s.add(response)
                if fill is not None:
                    s.flush()
                    fill(s, response.id)
        finally:
            engine.dispose()
        # Never replace a file that someone has open for editing: their connection would
        # go on writing to the replaced file and every later entry would be lost.
        from app.models.lock import FileLock

        with FileLock(path) if path.exists() else contextlib.nullcontext():
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, path)
    except DatabaseFileError:
        raise
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise DatabaseFileError(_create_message(path, exc)) from exc
    finally:
        for stray in strays:
            with contextlib.suppress(OSError):
                stray.unlink(missing_ok=True)
    return open_database(path)


def _create_message(path: Path, exc: BaseException) -> str:
    kind = faults.fault_kind(exc)
    if kind == faults.FULL:
        return "The disk is full; the response was not created."
    if kind == faults.DENIED:
        return f"Circles cannot write in {path.parent}: permission denied."
    if kind == faults.IO:
        return (
            "The disk could not be written (an input/output error); the response was not created."
        )
    if kind in (faults.READONLY, faults.CANTOPEN):
        return f"Circles cannot write in {path.parent}; the response was not created."
    return f"{path.name} could not be created ({faults.driver_words(exc)})."


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


def checkpoint(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
