"""The editing path without Qt: one transaction per edit, undo/redo, failures change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models.entities import AuditEntry, Connection, Response, YoungPerson
from app.services.editing.editor import Edit, RowOp
from app.services.editing.validation import ValidationError
from app.services.people.connections import add_connection
from app.services.people.response_details import update_response
from app.services.people.young_people import add_person, next_reference, update_person


def count(db, model):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_add_undo_redo_person(editor, new_db):
    rid = new_db.response_id
    applied = editor.do(
        lambda s: add_person(s, rid, {"given_name": "Ada", "family_name": "Fictional"})
    )
    assert applied.label == "Add young person YP-01"
    pid = applied.ops[0].id
    assert count(new_db, YoungPerson) == 1
    editor.undo()
    assert count(new_db, YoungPerson) == 0
    editor.redo()
    with new_db.read() as s:
        person = s.get(YoungPerson, pid)
        assert person is not None and person.reference == "YP-01"
        assert next_reference(s, rid) == "YP-02"


def test_update_undo_restores_old_values(editor, new_db):
    rid = new_db.response_id
    pid = (
        editor.do(lambda s: add_person(s, rid, {"given_name": "Ada", "family_name": "Fictional"}))
        .ops[0]
        .id
    )
    editor.do(lambda s: update_person(s, pid, {"year_group": "Y9", "looked_after": True}))
    editor.undo()
    with new_db.read() as s:
        p = s.get(YoungPerson, pid)
        assert (p.year_group, p.looked_after) == (None, False)


def test_a_failing_edit_leaves_the_database_as_it_was(editor, new_db):
    rid = new_db.response_id
    editor.do(lambda s: add_person(s, rid, {"given_name": "Ada", "family_name": "Fictional"}))
    audit_before = count(new_db, AuditEntry)

    def half_then_fail(s):
        # The first op is valid; the second breaks a foreign key, so the whole edit must go.
        return Edit(
            "Broken edit",
            (
                RowOp(
                    "insert",
                    "young_person",
                    None,
                    None,
                    {
                        "response_id": rid,
                        "reference": "YP-09",
                        "given_name": "B",
                        "family_name": "C",
                    },
                ),
                RowOp(
                    "insert",
                    "connection",
                    None,
                    None,
                    {
                        "response_id": rid,
                        "person_a_id": 999,
                        "person_b_id": 998,
                        "mode": "online",
                        "kind": "friend",
                        "source_agency": "X",
                        "confidence": "reported",
                        "date_identified": date.today(),
                    },
                ),
            ),
        )

    with pytest.raises(Exception, match="FOREIGN KEY"):
        editor.do(half_then_fail)
    assert count(new_db, YoungPerson) == 1
    assert count(new_db, Connection) == 0
    assert count(new_db, AuditEntry) == audit_before
    assert len(editor.done) == 1


def test_validation_refuses_before_anything_is_written(editor, new_db):
    rid = new_db.response_id
    with pytest.raises(ValidationError, match="Given name is required"):
        editor.do(lambda s: add_person(s, rid, {"given_name": " ", "family_name": "X"}))
    a = editor.do(lambda s: add_person(s, rid, {"given_name": "A", "family_name": "X"})).ops[0].id
    with pytest.raises(ValidationError, match="themselves"):
        editor.do(
            lambda s: add_connection(
                s,
                rid,
                {
                    "person_a_id": a,
                    "person_b_id": a,
                    "mode": "online",
                    "kind": "friend",
                    "source_agency": "School",
                    "confidence": "reported",
                    "date_identified": date.today(),
                },
            )
        )
    assert count(new_db, Connection) == 0


def test_review_date_edit_is_undoable_and_audited(editor, new_db):
    rid = new_db.response_id
    with new_db.read() as s:
        old = s.get(Response, rid).review_date
    new = date(old.year + 1, 1, 15)
    applied = editor.do(lambda s: update_response(s, rid, {"review_date": new}))
    assert applied.label == f"Set review date {new:%d/%m/%Y}"
    with new_db.read() as s:
        assert s.get(Response, rid).review_date == new
        entry = s.scalars(select(AuditEntry).where(AuditEntry.field == "review_date")).one()
        assert (entry.old, entry.new) == (old.isoformat(), new.isoformat())
    editor.undo()
    with new_db.read() as s:
        assert s.get(Response, rid).review_date == old
