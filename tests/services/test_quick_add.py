"""Add a young person, a new setting and their connections as one edit (no Qt)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models.entities import AuditEntry, Connection, Setting, YoungPerson
from app.services.editing.validation import ValidationError
from app.services.people.quick_add import (
    add_person_connected,
    edit_person_setting,
    last_reported_by,
)
from app.services.people.young_people import add_person


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _person(editor, rid, given: str) -> int:
    applied = editor.do(lambda s: add_person(s, rid, {"given_name": given, "family_name": "F"}))
    return applied.ops[0].id


def test_person_setting_and_connections_are_one_step_and_undo_keeps_ids(editor, new_db):
    rid = new_db.response_id
    a, b = _person(editor, rid, "A"), _person(editor, rid, "B")
    person = {"given_name": "Cleo", "family_name": "Fictional"}
    link = {"source_agency": "School", "kind": "same_class"}
    applied = editor.do(
        lambda s: add_person_connected(s, rid, person, [a, b, a], link, "Birchwood Academy")
    )
    assert applied.label == "Add young person YP-03 connected to YP-01, YP-02"
    assert [op.table for op in applied.ops] == [
        "setting",
        "young_person",
        "connection",
        "connection",
    ]
    with new_db.read() as s:
        new = s.scalar(select(YoungPerson).where(YoungPerson.given_name == "Cleo"))
        new_id = new.id
        assert s.get(Setting, new.setting_id).kind == "school"
        links = s.scalars(select(Connection).where(Connection.person_a_id == new.id)).all()
        assert sorted(c.person_b_id for c in links) == [a, b]
        assert {(c.kind, c.mode, c.confidence) for c in links} == {
            ("same_class", "real_life", "reported")
        }
        assert last_reported_by(s, rid) == "School"
        # The audit log has the setting, the person and both connections.
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 4
    editor.undo()
    assert (count(new_db, YoungPerson), count(new_db, Connection), count(new_db, Setting)) == (
        2,
        0,
        0,
    )
    editor.redo()
    with new_db.read() as s:
        assert s.get(YoungPerson, new_id).given_name == "Cleo"
    assert count(new_db, Connection) == 2


def test_refusals_change_nothing(editor, new_db):
    rid = new_db.response_id
    a = _person(editor, rid, "A")
    person = {"given_name": "Dee", "family_name": "Fictional"}
    with pytest.raises(ValidationError, match="Reported by"):
        editor.do(lambda s: add_person_connected(s, rid, person, [a], {}, "New Club"))
    with pytest.raises(ValidationError, match="not in this response"):
        editor.do(lambda s: add_person_connected(s, rid, person, [999], {"source_agency": "X"}))
    with pytest.raises(ValidationError, match="Given name"):
        editor.do(lambda s: add_person_connected(s, rid, {"family_name": "F"}, [], None, "Club"))
    assert (count(new_db, YoungPerson), count(new_db, Connection), count(new_db, Setting)) == (
        1,
        0,
        0,
    )
    with new_db.read() as s:
        assert last_reported_by(s, rid) is None


def test_editing_a_person_into_a_new_setting_is_one_step(editor, new_db):
    rid = new_db.response_id
    a = _person(editor, rid, "A")
    editor.do(lambda s: edit_person_setting(s, a, {"year_group": "9"}, "Oak Lane Estate"))
    with new_db.read() as s:
        setting = s.get(Setting, s.get(YoungPerson, a).setting_id)
        assert (setting.name, setting.kind) == ("Oak Lane Estate", "neighbourhood")
    editor.undo()
    with new_db.read() as s:
        assert s.get(YoungPerson, a).setting_id is None
    assert count(new_db, Setting) == 0
