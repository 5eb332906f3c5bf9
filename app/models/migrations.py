"""Schema upgrades of older response files.

Chosen over Alembic: a response file is a small single-user SQLite file whose upgrades are
additive, and Alembic would add a migrations tree and its own version table for what is a
few dozen lines here. The steps:
1. a verified backup of the file, through SQLite's backup API, beside it;
2. in one transaction: the explicit steps in `STEPS` for each version passed, then new
   tables and new columns of the current models added (nullable, or with their default);
3. `PRAGMA user_version` set to the current version, in the same transaction.
A failure rolls everything back and leaves the file as it was (the backup stays too).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Date, DateTime, Float, Integer
from sqlalchemy.schema import CreateTable

from app.models.entities import Base
from app.models.sqlite_file import SCHEMA_VERSION, DatabaseFileError, backup_to

# from_version -> step run on a sqlite3 connection inside the upgrade transaction. Only
# renames, data moves and other non-additive changes need a step; new tables and columns
# are added automatically.
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {}


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


def add_missing_schema(con: sqlite3.Connection) -> None:
    """Create tables and add columns that the current models have and the file lacks."""
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    dialect = sqlite_dialect.dialect()
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            con.execute(str(CreateTable(table).compile(dialect=dialect)))
            continue
        have = {r[1] for r in con.execute(f'PRAGMA table_info("{table.name}")')}
        for column in table.columns:
            if column.name in have:
                continue
            ddl = f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {_sql_type(column)}'
            default = _sql_default(column)
            if default is not None:
                ddl += f" DEFAULT {default}"
            con.execute(ddl)


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
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("BEGIN IMMEDIATE")
        try:
            for version in range(from_version, SCHEMA_VERSION):
                step = STEPS.get(version)
                if step is not None:
                    step(con)
            add_missing_schema(con)
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise DatabaseFileError(
            f"{path.name} could not be upgraded ({exc}); it is unchanged, and a backup is at "
            f"{backup.name}."
        ) from exc
    finally:
        con.close()
    return backup
