"""`check`: SQLite's own integrity checks plus the invariants Circles relies on (no Qt).

Opens the file read-only and changes nothing. Each problem is one line for the user.
`inspect` tells *damage* (SQLite cannot read the file, or its integrity check fails:
restore a backup) from *problems* (the file is sound but breaks a rule Circles keeps,
e.g. a completed assessment with no completed date or risk: fix the entry).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.models import vocab
from app.models.database import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DamagedFileError,
    DatabaseFileError,
    read_header,
    readonly_uri,
)
from app.models.entities import Base
from app.models.tables import check_tables

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
    (
        "young person {0} appears in more than one response",
        "SELECT p.reference FROM young_person p JOIN young_person q "
        "ON q.id != p.id AND q.response_id != p.response_id "
        "AND lower(trim(q.given_name)) = lower(trim(p.given_name)) "
        "AND lower(trim(q.family_name)) = lower(trim(p.family_name)) "
        "AND q.date_of_birth IS p.date_of_birth GROUP BY p.id",
    ),
    (
        "young person {0} has a date of birth in the future",
        # Today is bound as :today (TODAY below), not SQLite's date('now'), so that a server's
        # check runs this very rule (app/services/files/integrity_server.py).
        "SELECT reference FROM young_person WHERE date_of_birth > :today",
    ),
    (
        "connection {0} repeats another active connection of the same kind",
        "SELECT c.id FROM connection c JOIN connection d ON d.id < c.id "
        "AND d.kind = c.kind AND d.status = 'active' AND c.status = 'active' "
        "AND ((d.person_a_id = c.person_a_id AND d.person_b_id = c.person_b_id) "
        "OR (d.person_a_id = c.person_b_id AND d.person_b_id = c.person_a_id)) GROUP BY c.id",
    ),
    (
        "assessment {0} is booked but has no booked date",
        "SELECT id FROM assessment WHERE status='booked' AND booked_date IS NULL",
    ),
    (
        "assessment {0} is not required but no reason is recorded",
        "SELECT id FROM assessment WHERE status='not_required' "
        "AND (not_required_reason IS NULL OR trim(not_required_reason)='')",
    ),
    (
        "the response's review date ({0}) is before its referral date",
        "SELECT review_date FROM response WHERE review_date < referral_date",
    ),
]

# Columns that hold a code of app.models.vocab: any other value means a broken write.
CODED_COLUMNS: list[tuple[str, str, type[vocab.Labelled]]] = [
    ("response", "stage", vocab.Stage),
    ("young_person", "inclusion", vocab.Inclusion),
    ("connection", "mode", vocab.Mode),
    ("connection", "kind", vocab.ConnectionKind),
    ("connection", "confidence", vocab.Confidence),
    ("connection", "status", vocab.ConnectionStatus),
    ("assessment", "status", vocab.AssessmentStatus),
    ("concern", "category", vocab.ConcernCategory),
]


def today() -> dict[str, str]:
    """The rules' one parameter: today's date, as both engines compare it with a date."""
    return {"today": date.today().isoformat()}


@dataclass
class Report:
    """What `inspect` found: damage (restore a backup) and problems (fix the entries)."""

    damage: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return bool(self.damage)

    @property
    def all(self) -> list[str]:
        return self.damage + self.problems


def _cross_response_checks() -> list[tuple[str, str]]:
    """A row must not refer to a row of another response (young person, setting, ...)."""
    checks = []
    for t in Base.metadata.sorted_tables:
        if "response_id" not in t.c:
            continue
        for fk in t.foreign_keys:
            parent = fk.column.table
            if fk.parent.name == "response_id" or "response_id" not in parent.c:
                continue
            what = parent.name.replace("_", " ")
            checks.append(
                (
                    f"{t.name.replace('_', ' ')} {{0}} refers to a {what} of another response",
                    f'SELECT c.id FROM "{t.name}" c JOIN "{parent.name}" p '
                    f'ON p.id = c."{fk.parent.name}" WHERE p.response_id != c.response_id',
                )
            )
    return checks


def check_file(path: str | Path) -> list[str]:
    """Every problem found in the file, one sentence each; an empty list when healthy."""
    from app.models.server import is_server_url

    if is_server_url(path):  # a shared response (app/services/files/integrity_server.py)
        from app.services.files.integrity_server import check_server

        return check_server(
            str(path), INVARIANTS + _cross_response_checks(), coded_checks(), today()
        )
    return inspect(path).all


def coded_checks() -> list[tuple[str, str]]:
    """Per coded column: the SQL finding its rows with a code outside the vocabulary, and
    the sentence for one (to format with the row's id and value); the file's check and the
    server's (integrity_server.py) run the same ones."""
    checks = []
    for table, column, enum in CODED_COLUMNS:
        codes = ", ".join(f"'{code.value}'" for code in enum)
        sql = (
            f'SELECT id, "{column}" FROM "{table}" '
            f'WHERE "{column}" IS NOT NULL AND "{column}" NOT IN ({codes})'
        )
        checks.append((sql, f"{table.replace('_', ' ')} {{}} has an unknown {column} {{!r}}"))
    return checks


def _refused(report: Report, exc: DatabaseFileError) -> Report:
    """Opening's refusal as the report's last word: damage, or a broken rule of the file."""
    (report.damage if isinstance(exc, DamagedFileError) else report.problems).append(str(exc))
    return report


def inspect(path: str | Path) -> Report:
    """Check the file read-only, telling damage from broken rules."""
    path = Path(path).expanduser()
    report = Report()
    try:
        header = read_header(path)
    except DatabaseFileError as exc:
        return _refused(report, exc)
    problems = report.problems
    if header.schema_version < SCHEMA_VERSION:
        try:  # Circles' mark on someone else's tables is no file to upgrade
            check_tables(path, header)
        except DatabaseFileError as exc:
            return _refused(report, exc)
        problems.append(
            f"the file has schema version {header.schema_version}; opening it in "
            f"Circles upgrades it to {SCHEMA_VERSION}"
        )
        return report
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        report.damage.append(f"{path.name} cannot be opened: {exc}")
        return report
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            report.damage.extend(f"SQLite integrity check: {r}" for r in rows[:50])
            return report
        try:  # the same test as opening (app/models/database.py), in the same words
            check_tables(path, header)
        except DatabaseFileError as exc:
            return _refused(report, exc)
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
        for description, sql in INVARIANTS + _cross_response_checks():
            for (value,) in con.execute(sql, today()):
                problems.append(description.format(value))
        for sql, sentence in coded_checks():
            for row_id, value in con.execute(sql):
                problems.append(sentence.format(row_id, value))
    except sqlite3.DatabaseError as exc:
        report.damage.append(f"{path.name} is damaged: {exc}")
    finally:
        con.close()
    return report
