"""Disk full and I/O errors during an edit: the edit is rolled back whole, the user gets one
plain sentence, and the next edit works."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from app.models.entities import AuditEntry, Connection, YoungPerson
from app.services.people.connections import add_connection
from app.services.people.young_people import add_person, delete_people


def counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return (
            s.query(YoungPerson).count(),
            s.query(Connection).count(),
            s.query(AuditEntry).count(),
        )


def fail_on_nth_write(engine, n: int, message: str):
    """Raise `message` as sqlite3.OperationalError on the Nth write from now (a full disk
    refuses writes; reads go on working)."""
    seen = {"n": 0}

    def before(_conn, _cursor, statement, *_rest):
        if statement.split()[0].upper() not in ("INSERT", "UPDATE", "DELETE"):
            return
        seen["n"] += 1
        if seen["n"] == n:
            raise sqlite3.OperationalError(message)

    event.listen(engine, "before_cursor_execute", before)
    return lambda: event.remove(engine, "before_cursor_execute", before)


def two_people_linked(editor) -> tuple[int, int]:
    rid = editor.db.response_id
    a = editor.do(lambda s: add_person(s, rid, {"given_name": "A", "family_name": "X"})).ops[0].id
    b = editor.do(lambda s: add_person(s, rid, {"given_name": "B", "family_name": "X"})).ops[0].id
    editor.do(
        lambda s: add_connection(
            s,
            rid,
            {
                "person_a_id": a,
                "person_b_id": b,
                "mode": "real_life",
                "kind": "friend",
                "source_agency": "School",
                "confidence": "reported",
            },
        )
    )
    return a, b


@pytest.mark.parametrize("n", range(1, 6))
@pytest.mark.parametrize("message", ["database or disk is full", "disk I/O error"])
def test_a_failure_at_any_statement_of_a_cascading_delete_changes_nothing(editor, n, message):
    from app.views.shell.store import user_message

    a, _b = two_people_linked(editor)
    before = counts(editor.db)
    remove = fail_on_nth_write(editor.db.engine, n, message)
    try:
        editor.do(lambda s: delete_people(s, [a]))
    except Exception as exc:  # noqa: BLE001 - what the Store turns into a sentence
        sentence = user_message(exc)
        assert "the change was not saved" in sentence
        assert "\n" not in sentence and "SQL" not in sentence and "INSERT" not in sentence
        assert counts(editor.db) == before  # the person, the link and the audit: all there
    else:
        # The delete writes 4 rows (2 deletes, 2 audit entries): n=5 lets it through whole.
        assert n == 5
        assert counts(editor.db)[:2] == (before[0] - 1, before[1] - 1)
    finally:
        remove()
    # Usable afterwards: the next edit (or the retried one) works and undoes.
    rid = editor.db.response_id
    editor.do(lambda s: add_person(s, rid, {"given_name": "C", "family_name": "X"}))
    editor.undo()


def test_a_failing_commit_rolls_the_edit_back(editor):
    rid = editor.db.response_id
    before = counts(editor.db)

    def refuse(_conn):
        raise sqlite3.OperationalError("database or disk is full")

    event.listen(editor.db.engine, "commit", refuse)
    try:
        with pytest.raises(Exception, match="disk is full"):
            editor.do(lambda s: add_person(s, rid, {"given_name": "A", "family_name": "X"}))
    finally:
        event.remove(editor.db.engine, "commit", refuse)
    assert counts(editor.db) == before
    assert editor.done == []
    editor.do(lambda s: add_person(s, rid, {"given_name": "A", "family_name": "X"}))
    assert counts(editor.db)[0] == before[0] + 1


def test_a_really_full_database_file(editor):
    """SQLite's own 'database or disk is full', from a file limited in size."""
    db = editor.db
    rid = db.response_id
    limit = {"pages": None}

    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_connection, _record):
        if limit["pages"] is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count={limit['pages']}")

    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.engine.dispose()
    limit["pages"] = pages + 3
    long_notes = "Fictional notes. " * 290  # about 5 KB (the notes limit): two pages each
    added = 0
    error = None
    for i in range(20):
        try:
            editor.do(
                lambda s, i=i: add_person(
                    s, rid, {"given_name": f"P{i}", "family_name": "X", "notes": long_notes}
                )
            )
            added += 1
        except Exception as exc:  # noqa: BLE001
            error = exc
            break
    assert error is not None, "the file never filled up"
    from app.views.shell.store import user_message

    assert user_message(error).startswith("The disk is full; the change was not saved.")
    assert counts(db)[0] == added  # the refused edit left nothing behind
    # Space freed: the same edit now succeeds, and everything before it is intact.
    limit["pages"] = None
    db.engine.dispose()
    editor.do(lambda s: add_person(s, rid, {"given_name": "Late", "family_name": "X"}))
    assert counts(db)[0] == added + 1
    from app.services.files.integrity import check_file

    db.close()
    assert check_file(db.path) == []
