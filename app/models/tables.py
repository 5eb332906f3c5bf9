"""Which tables a response file must have, checked before anything is written into it.

Read only: a file carrying Circles' mark (its application id) but none of its tables is
someone else's and is refused as it is (never "upgraded" into a response); a file missing
a table is damaged, which opening, every verb and `check` then say the same way up front,
instead of failing at the first query that needs the table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.models.entities import Base
from app.models.sqlite_file import (
    SCHEMA_VERSION,
    DamagedFileError,
    DatabaseFileError,
    FileHeader,
    _is_damage,
    _sqlite_message,
    readonly_uri,
)

# The tables of the first released schema: every Circles response file has them. Tables
# added since are created by the upgrade (app/models/migrations.py), so an older file may
# lack those; a current one lacks none.
FIRST_TABLES = frozenset(
    {
        "action",
        "assessment",
        "attendance",
        "audit_entry",
        "concern",
        "connection",
        "decision",
        "meeting",
        "parental_contact",
        "plan",
        "response",
        "setting",
        "young_person",
    }
)


def missing_tables(tables: set[str], version: int) -> list[str]:
    """The tables a file of schema `version` must have and does not."""
    wanted = set(Base.metadata.tables) if version >= SCHEMA_VERSION else FIRST_TABLES
    return sorted(wanted - tables)


def check_tables(path: Path, header: FileHeader) -> None:
    """Refuse a file whose tables are not a Circles response's, reading only (run before
    the lock, WAL or an upgrade write anything)."""
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            rows = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        error = DamagedFileError if _is_damage(exc) else DatabaseFileError
        raise error(_sqlite_message(path, exc)) from exc
    tables = {r[0] for r in rows}
    if header.schema_version < 1 or not tables & FIRST_TABLES:
        raise DatabaseFileError(
            f"{path.name} carries the Circles mark but holds no Circles response; "
            "Circles leaves it as it is."
        )
    missing = missing_tables(tables, header.schema_version)
    if missing:
        what = f"its {missing[0].replace('_', ' ')} table is missing"
        if len(missing) > 1:
            what = f"{len(missing)} of its tables are missing"
        raise DamagedFileError(f"{path.name} is damaged ({what}); restore it from a backup.")
