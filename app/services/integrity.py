"""`check`: SQLite's own integrity checks plus the invariants Circles relies on (no Qt).

Opens the file read-only and changes nothing. Each problem is one line for the user.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.models.database import APPLICATION_ID, SCHEMA_VERSION, DatabaseFileError, read_header

# (description, SQL returning one row per offending record with an identifying value)
INVARIANTS: list[tuple[str, str]] = [
    (
        "connection {0} links a young person who does not exist",
        "SELECT c.id FROM connection c LEFT JOIN young_person a ON a.id=c.person_a_id "
        "LEFT JOIN young_person b ON b.id=c.person_b_id "
        "WHERE a.id IS NULL OR (c.person_b_id IS NOT NULL AND b.id IS NULL)",
    ),
    (
        "connection {0} links a young person to themselves",
        "SELECT id FROM connection WHERE person_a_id = person_b_id",
    ),
    (
        "connection {0} has neither a second young person nor a setting",
        "SELECT id FROM connection WHERE person_b_id IS NULL AND setting_id IS NULL",
    ),
    (
        "connection {0} joins young people of different responses",
        "SELECT c.id FROM connection c JOIN young_person a ON a.id=c.person_a_id "
        "JOIN young_person b ON b.id=c.person_b_id "
        "WHERE a.response_id != b.response_id OR a.response_id != c.response_id",
    ),
    (
        "assessment {0} was completed before it was booked",
        "SELECT id FROM assessment WHERE completed_date IS NOT NULL AND booked_date IS NOT NULL "
        "AND completed_date < booked_date",
    ),
    (
        "assessment {0} is completed but has no completed date or no assessed risk",
        "SELECT id FROM assessment WHERE status='completed' "
        "AND (completed_date IS NULL OR risk IS NULL OR risk='')",
    ),
    (
        "assessment {0} belongs to a young person of another response",
        "SELECT a.id FROM assessment a JOIN young_person p ON p.id=a.person_id "
        "WHERE a.response_id != p.response_id",
    ),
    ("concern {0} was known before it happened", "SELECT id FROM concern WHERE date_known < date"),
    (
        "young person {0} is removed from scope with no reason recorded",
        "SELECT reference FROM young_person WHERE inclusion='removed' "
        "AND (removed_reason IS NULL OR trim(removed_reason)='')",
    ),
    (
        "reference {0} is used by more than one young person",
        "SELECT reference FROM young_person GROUP BY response_id, reference HAVING count(*) > 1",
    ),
]


def check_file(path: str | Path) -> list[str]:
    """Every problem found in the file, one sentence each; an empty list when healthy."""
    path = Path(path).expanduser()
    try:
        header = read_header(path)
    except DatabaseFileError as exc:
        return [str(exc)]
    problems: list[str] = []
    if header.schema_version < SCHEMA_VERSION:
        problems.append(
            f"the file has schema version {header.schema_version}; opening it in "
            f"Circles upgrades it to {SCHEMA_VERSION}"
        )
        return problems
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"{path.name} cannot be opened: {exc}"]
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(f"SQLite integrity check: {r}" for r in rows[:50])
            return problems
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} refers to a missing {parent}")
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            problems.append("the file is not marked as a Circles response file")
        responses = con.execute("SELECT count(*) FROM response").fetchone()[0]
        if responses != 1:
            problems.append(f"the file should hold exactly one response; it holds {responses}")
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')}
            if "response_id" in cols and t != "response":
                n = con.execute(
                    f'SELECT count(*) FROM "{t}" WHERE response_id NOT IN (SELECT id FROM response)'
                ).fetchone()[0]
                if n:
                    problems.append(f"{n} {t.replace('_', ' ')} row(s) belong to no response")
        for description, sql in INVARIANTS:
            for (value,) in con.execute(sql):
                problems.append(description.format(value))
    except sqlite3.DatabaseError as exc:
        problems.append(f"{path.name} is damaged: {exc}")
    finally:
        con.close()
    return problems
