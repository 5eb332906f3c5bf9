"""Schema creation and upgrades, for a `.circles` file and a PostgreSQL database alike.

Since schema 5 the schema is created and upgraded by Alembic revisions
(app/models/revisions.py), recorded in Alembic's `alembic_version` table. Files made before
Alembic (versions 1-3, from Circles' hand-written upgrades) are first brought to version 4,
Alembic's baseline, the way they always were; a version-4 file is stamped at the baseline.

Upgrading a file, as before:
1. a verified backup of the file, through SQLite's backup API, beside it;
2. in one transaction: the hand-written steps to version 4 where needed (explicit `STEPS`,
   then the version-4 tables and columns the file lacks, added with their defaults), the
   Alembic revisions after the file's, and `PRAGMA user_version`, which follows the head so
   that an older Circles refuses a newer file.
A failure rolls everything back and leaves the file as it was (the backup stays too).
A PostgreSQL database is upgraded by `python -m app upgrade URL`, run by the administrator
role (app/models/server.py); the application role never needs schema rights.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Boolean, Connection, Date, DateTime, Float, Integer, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateTable

from app.models.entities import Base
from app.models.revisions import REVISIONS
from app.models.schema_v4 import v4_metadata
from app.models.sqlite_file import SCHEMA_VERSION, DatabaseFileError, backup_to

# from_version -> step run on the connection inside the upgrade transaction, for files
# older than version 4. Only renames, data moves and other non-additive changes need a step;
# new tables and columns are added automatically. New changes are Alembic revisions instead.
STEPS: dict[int, Callable[[Connection], None]] = {}
BASELINE_VERSION = 4


def _sql_default(column) -> str | None:  # noqa: ANN001
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    value = default.arg
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _sql_type(column) -> str:  # noqa: ANN001
    t = column.type
    if isinstance(t, Boolean | Integer):
        return "INTEGER"
    if isinstance(t, Float):
        return "FLOAT"
    if isinstance(t, DateTime):
        return "DATETIME"
    if isinstance(t, Date):
        return "DATE"
    return "VARCHAR"


def add_missing_schema(con: Connection) -> None:
    """Create the version-4 tables and columns a hand-upgraded (v1-v3) file lacks.

    The defaults are the models' own (the frozen version-4 tables carry none)."""
    existing = {
        r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    dialect = con.dialect
    for table in v4_metadata().sorted_tables:
        if table.name not in existing:
            con.exec_driver_sql(str(CreateTable(table).compile(dialect=dialect)))
            continue
        have = {r[1] for r in con.exec_driver_sql(f'PRAGMA table_info("{table.name}")')}
        for column in table.columns:
            if column.name in have:
                continue
            ddl = f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {_sql_type(column)}'
            model = Base.metadata.tables[table.name].c[column.name]
            default = _sql_default(model)
            if default is not None:
                ddl += f" DEFAULT {default}"
            con.exec_driver_sql(ddl)


# Alembic's own version table, as its `alembic stamp` writes it.
_VERSION_TABLE = sa.Table(
    "alembic_version",
    sa.MetaData(),
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def _record(con: Connection, revision: str) -> None:
    _VERSION_TABLE.create(con, checkfirst=True)
    con.execute(sa.delete(_VERSION_TABLE))
    con.execute(sa.insert(_VERSION_TABLE).values(version_num=revision))


def current_revision(con: Connection) -> str | None:
    from alembic.migration import MigrationContext  # Alembic loads when a schema is touched

    return MigrationContext.configure(con).get_current_revision()


def run_revisions(con: Connection) -> list[str]:
    """Apply the Alembic revisions after the database's, inside the caller's transaction.

    A database holding Circles' tables but no Alembic revision is at version 4, the
    baseline (a file of the hand-written upgrades, or one just brought to version 4)."""
    # Alembic (and Mako with it) loads only here: opening a current file never needs it,
    # and it was a fifth of the window's start-up.
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    sqlite = con.dialect.name == "sqlite"
    ctx = MigrationContext.configure(con, opts={"render_as_batch": sqlite})
    ops = Operations(ctx)
    current = ctx.get_current_revision()
    ids = [r.id for r in REVISIONS]
    if current is None and con.dialect.has_table(con, "response"):
        current = REVISIONS[0].id
        _record(con, current)
    if current is not None and current not in ids:
        raise DatabaseFileError(
            "The database was upgraded by a newer version of Circles; please update Circles."
        )
    start = ids.index(current) + 1 if current is not None else 0
    done: list[str] = []
    for revision in REVISIONS[start:]:
        revision.upgrade(ops)
        _record(con, revision.id)
        current = revision.id
        done.append(revision.id)
    return done


def _file_engine(path: Path):  # noqa: ANN202
    engine = create_engine(f"sqlite+pysqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        # Batch mode re-creates tables: keep SQLite from acting on foreign keys meanwhile.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate_file(path: Path, from_version: int) -> None:
    """Bring the file at `path` to the head in one transaction (no backup: see upgrade_file)."""
    engine = _file_engine(path)
    try:
        with engine.begin() as con:
            if 0 < from_version < BASELINE_VERSION:
                for version in range(from_version, BASELINE_VERSION):
                    step = STEPS.get(version)
                    if step is not None:
                        step(con)
                add_missing_schema(con)
                # Hand-upgraded files never had Alembic's table: a stray one is not theirs.
                con.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            run_revisions(con)
            con.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    finally:
        engine.dispose()


def upgrade_file(path: Path, from_version: int) -> Path:
    """Upgrade `path` in place after a backup; returns the backup's path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.before-upgrade-v{from_version}-{stamp}{path.suffix}")
    try:
        backup_to(path, backup)
        check = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise DatabaseFileError(f"{path.name} is damaged; it was not upgraded.")
        finally:
            check.close()
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseFileError(
            f"{path.name} needs upgrading, but a backup could not be made first ({exc})."
        ) from exc
    try:
        migrate_file(path, from_version)
    except (sqlite3.Error, SQLAlchemyError) as exc:
        words = getattr(exc, "orig", None) or exc
        raise DatabaseFileError(
            f"{path.name} could not be upgraded ({words}); it is unchanged, and a backup is at "
            f"{backup.name}."
        ) from exc
    return backup
