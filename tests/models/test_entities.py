"""Every entity round-trips through the file; deleting a person cascades and undoes exactly."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from app.models.database import open_database
from app.models.entities import (
    Action,
    Assessment,
    Attendance,
    AuditEntry,
    ChecklistItem,
    Concern,
    Connection,
    CrossBoundaryAgreement,
    Decision,
    InformationSharing,
    Meeting,
    ParentalContact,
    Plan,
    PromptDismissal,
    Setting,
    YoungPerson,
)
from app.services.people.young_people import add_person, delete_people


def test_every_entity_round_trips(new_db, tmp_path):
    rid = new_db.response_id
    d = date(2026, 3, 1)
    with new_db.session.begin() as s:
        school = Setting(
            response_id=rid, kind="school", name="Test School (fictional)", area="Testshire"
        )
        s.add(school)
        s.flush()
        a = YoungPerson(
            response_id=rid,
            reference="YP-01",
            given_name="Ada",
            family_name="Fictional",
            date_of_birth=date(2012, 5, 6),
            setting_id=school.id,
            looked_after=True,
        )
        b = YoungPerson(response_id=rid, reference="YP-02", given_name="Bo", family_name="Notreal")
        s.add_all([a, b])
        s.flush()
        m = Meeting(response_id=rid, type="scoping", date=d, chair="Chair")
        s.add(m)
        s.flush()
        s.add_all(
            [
                Concern(
                    response_id=rid,
                    person_id=a.id,
                    date=d,
                    date_known=d,
                    reporting_agency="School",
                    category="self_injury",
                ),
                Connection(
                    response_id=rid,
                    person_a_id=a.id,
                    person_b_id=b.id,
                    mode="online",
                    kind="group_chat",
                    source_agency="Police",
                    confidence="suspected",
                    date_identified=d,
                    meeting_id=m.id,
                ),
                Assessment(
                    response_id=rid,
                    person_id=a.id,
                    agency="CAMHS",
                    status="completed",
                    booked_date=d,
                    completed_date=d,
                    risk="Raised",
                ),
                Attendance(meeting_id=m.id, role="CAMHS", status="attended"),
                Decision(meeting_id=m.id, text="Map the group chat"),
                ChecklistItem(
                    response_id=rid, meeting_id=m.id, key="k", text="Assess what is known"
                ),
                Action(
                    response_id=rid,
                    description="Call",
                    owner_agency="School",
                    due_date=d,
                    person_id=a.id,
                    meeting_id=m.id,
                ),
                Plan(response_id=rid, person_id=a.id, type="safety", supporting_agency="CAMHS"),
                ParentalContact(
                    response_id=rid, person_id=a.id, informed_date=d, informed_by="DSL"
                ),
                InformationSharing(
                    response_id=rid,
                    person_id=a.id,
                    date=d,
                    what="Attendance",
                    shared_with="CAMHS",
                    lawful_basis="Public task",
                ),
                CrossBoundaryAgreement(
                    response_id=rid, person_id=b.id, other_area="Westmoor", agreed_by_csc=True
                ),
                PromptDismissal(
                    response_id=rid,
                    rule="same_setting",
                    people_key="1,2",
                    reason="Known siblings",
                    dismissed_by="me",
                    dismissed_at=datetime(2026, 3, 2, 10, 0),
                ),
            ]
        )
    new_db.close()
    db = open_database(new_db.path)
    with db.read() as s:
        assert s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-01")).looked_after
        assert s.scalar(select(Connection)).kind == "group_chat"
        assert s.scalar(select(Assessment)).risk == "Raised"
        assert s.scalar(select(Concern)).category == "self_injury"
        for model in (
            Attendance,
            Decision,
            ChecklistItem,
            Action,
            Plan,
            ParentalContact,
            InformationSharing,
            CrossBoundaryAgreement,
            PromptDismissal,
            Meeting,
        ):
            assert s.scalar(select(func.count()).select_from(model)) == 1, model
        assert s.scalar(select(PromptDismissal)).dismissed_at == datetime(2026, 3, 2, 10, 0)
    db.close()


def _snapshot(db):
    with db.read() as s:
        return {
            "people": sorted(s.execute(select(YoungPerson.id, YoungPerson.reference)).all()),
            "connections": sorted(
                s.execute(
                    select(Connection.id, Connection.person_a_id, Connection.person_b_id)
                ).all()
            ),
            "concerns": sorted(s.scalars(select(Concern.id)).all()),
            "assessments": sorted(s.scalars(select(Assessment.id)).all()),
            "plans": sorted(s.scalars(select(Plan.id)).all()),
            "actions": sorted(s.execute(select(Action.id, Action.person_id)).all()),
        }


def test_deleting_a_person_removes_their_records_and_undo_restores_the_same_ids(demo_db):
    from app.services.editing.editor import Editor

    editor = Editor(demo_db, user="tester")
    before = _snapshot(demo_db)
    with demo_db.read() as s:
        # The demo's YP-01 has connections, a concern and assessments.
        target = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-01"))
        pid = target.id
        n_conn = s.scalar(
            select(func.count())
            .select_from(Connection)
            .where((Connection.person_a_id == pid) | (Connection.person_b_id == pid))
        )
    assert n_conn >= 3
    applied = editor.do(lambda s: delete_people(s, [pid]))
    assert applied.label == "Delete young person YP-01"
    after = _snapshot(demo_db)
    assert pid not in [p for p, _ in after["people"]]
    assert not [c for c in after["connections"] if pid in c[1:]]
    assert len(after["concerns"]) < len(before["concerns"])
    assert len(after["assessments"]) < len(before["assessments"])
    editor.undo()
    assert _snapshot(demo_db) == before
    editor.redo()
    assert _snapshot(demo_db) == after


def test_audit_entries_name_the_user_and_fields(new_db):
    from app.services.editing.editor import Editor
    from app.services.people.young_people import update_person

    editor = Editor(new_db, user="jo.bloggs")
    applied = editor.do(
        lambda s: add_person(
            s, new_db.response_id, {"given_name": "Ada", "family_name": "Fictional"}
        )
    )
    pid = applied.ops[0].id
    editor.do(lambda s: update_person(s, pid, {"year_group": "Y9"}))
    with new_db.read() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[0].action == "Add young person YP-01" and entries[0].user == "jo.bloggs"
    change = entries[-1]
    assert (change.entity, change.entity_id, change.field, change.old, change.new) == (
        "young_person",
        pid,
        "year_group",
        None,
        "Y9",
    )
