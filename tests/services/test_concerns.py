"""Concerns: validation, undoable add/update/delete, no method anywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models.entities import Concern, YoungPerson
from app.services.editing.validation import ValidationError
from app.services.people.concerns import add_concern, delete_concerns, update_concern

TODAY = date.today()


@pytest.fixture
def person_id(new_db) -> int:
    with new_db.session.begin() as s:
        p = YoungPerson(
            response_id=new_db.response_id, reference="YP-01", given_name="A", family_name="Test"
        )
        s.add(p)
        s.flush()
        return p.id


def _values(person_id: int, **extra) -> dict:
    return {
        "person_id": person_id,
        "date": TODAY - timedelta(days=3),
        "date_known": TODAY - timedelta(days=1),
        "reporting_agency": "School",
        "category": "self_injury",
        **extra,
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"date_known": TODAY - timedelta(days=5)}, "cannot be before the date"),
        ({"date": TODAY + timedelta(days=1), "date_known": TODAY + timedelta(days=1)}, "future"),
        ({"date_known": TODAY + timedelta(days=1)}, "future"),
        ({"reporting_agency": "  "}, "Reporting agency is required"),
        ({"category": None}, "Category is required"),
        ({"category": "method"}, "is not one of"),
    ],
)
def test_bad_concerns_are_refused_and_change_nothing(editor, new_db, person_id, extra, message):
    with pytest.raises(ValidationError, match=message):
        editor.do(lambda s: add_concern(s, new_db.response_id, _values(person_id, **extra)))
    with new_db.read() as s:
        assert s.scalars(select(Concern)).all() == []


def test_add_edit_delete_are_undoable_and_audited(editor, new_db, person_id):
    applied = editor.do(lambda s: add_concern(s, new_db.response_id, _values(person_id)))
    cid = applied.ops[0].id
    assert applied.label.startswith("Add concern for YP-01")
    editor.do(lambda s: update_concern(s, cid, {"category": "thoughts_or_plans"}))
    with pytest.raises(ValidationError):
        editor.do(lambda s: update_concern(s, cid, {"date_known": TODAY - timedelta(days=9)}))
    editor.do(lambda s: delete_concerns(s, [cid]))
    with new_db.read() as s:
        assert s.get(Concern, cid) is None
    editor.undo()
    with new_db.read() as s:
        c = s.get(Concern, cid)
        assert c is not None and c.category == "thoughts_or_plans"
    editor.undo()
    with new_db.read() as s:
        assert s.get(Concern, cid).category == "self_injury"


def test_no_method_column():
    assert not [c for c in Concern.__table__.columns if "method" in c.name]
