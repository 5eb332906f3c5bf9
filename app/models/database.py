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
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.models import faults
from app.models.entities import Response
from app.models.lock import FileLock
from app.models.migrations import migrate_file, upgrade_file
from app.models.server import ServerLocation, connect_server, create_on_server, is_server_url
from app.models.sqlite_file import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DatabaseFileError,
    _create_owner_only,
    _is_damage,
    _sqlite_message,
    read_header,
    readonly_uri,
    unwritable,
)

# The file-level names live in sqlite_file.py (so lock, migrations and tables need not import
# this module); they are re-exported here, where callers have always imported them from.
from app.models.sqlite_file import EXTENSION as EXTENSION
from app.models.sqlite_file import SQLITE_MAGIC as SQLITE_MAGIC
from app.models.sqlite_file import DamagedFileError as DamagedFileError
from app.models.sqlite_file import FileHeader as FileHeader
from app.models.sqlite_file import backup_to as backup_to
from app.models.sqlite_file import create_private_file as create_private_file
from app.models.sqlite_file import current_user as current_user
from app.models.tables import check_tables


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


def _engine_for(path: Path, *, readonly: bool) -> Engine:
    if readonly:
        uri = readonly_uri(path)
        engine = create_engine("sqlite+pysqlite:///" + uri + "&uri=true")
    else:
        engine = create_engine(f"sqlite+pysqlite:///{path}")
    _configure(engine, readonly=readonly)
    return engine


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
        response_id: int | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.lock = lock
        self.readonly_reason = readonly_reason
        self.session = sessionmaker(engine, expire_on_commit=False)
        # A response on a shared server (app/models/server.py): its address, else None.
        self.server: ServerLocation | None = None
        if response_id is None:
            with self.session() as s:
                response_id = s.scalar(select(Response.id).order_by(Response.id).limit(1))
        if response_id is None:
            raise DatabaseFileError(f"{path.name} holds no response.")
        self.response_id: int = response_id

    @classmethod
    def on_server(
        cls, loc: ServerLocation, engine: Engine, response_id: int, *, readonly: bool
    ) -> Database:
        """A response on a PostgreSQL server: no lock (the server arbitrates writers) and
        no file; `path` is only a name for messages (its `.name` is the label)."""
        db = cls(
            Path(loc.label.replace("/", "-")), engine, readonly=readonly, response_id=response_id
        )
        db.server = loc
        return db

    @property
    def shared(self) -> bool:
        return self.server is not None

    @property
    def location(self) -> str:
        """What a user types to open this response again: a file path or an address."""
        return self.server.address() if self.server is not None else str(self.path)

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
    A PostgreSQL address opens the response on the server (app/models/server.py).
    """
    if is_server_url(path):
        loc, engine, rid = connect_server(str(path))
        return Database.on_server(loc, engine, rid, readonly=readonly)
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
    # The schema comes from the Alembic revisions, the same ones a server database runs.
    migrate_file(path, 0)


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
    The caller checks the fields first (validate_response_fields in
    app/services/editing/validation.py): the models know no user-facing rules.
    A PostgreSQL address adds the response to that (migrated) database instead.
    """
    if is_server_url(path):
        address = create_on_server(
            str(path),
            fill=fill,
            title=title,
            lead_area=lead_area,
            referral_date=referral_date,
            review_date=review_date,
            **fields,
        )
        return open_database(address)
    path = Path(path).expanduser()
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


def checkpoint(db: Database) -> None:
    if db.shared:
        return  # the server keeps its own log
    with db.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
