"""Meetings without Qt: roles the procedure calls for, the checklist, review date, decisions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models.entities import Attendance, AuditEntry, ChecklistItem, Meeting, Response
from app.services.coverage.figures import coverage_for
from app.services.editing.validation import ValidationError
from app.services.meetings.lists import attendance_sheet_rows, decision_rows, meeting_summaries
from app.services.meetings.meetings import (
    add_attendance,
    add_decision,
    add_meeting,
    add_suggested_roles,
    attendance_rows,
    delete_meeting,
    meeting_checklist,
    set_checklist_item,
    suggested_roles,
    update_attendance,
    update_meeting,
)
from app.services.meetings.roles import (
    ADULT_ROLE,
    CHAIR_ROLE,
    EHE_ROLE,
    NURSE_ROLE,
    PREVIOUS_SCHOOL_ROLE,
    RECENT_SCHOOL_CHANGE_DAYS,
)
from app.services.people.places import add_setting
from app.services.people.young_people import add_person, update_person

TODAY = date.today()


def person(editor, rid, **values) -> int:
    values = {"given_name": "Ada", "family_name": "Fictional", **values}
    return editor.do(lambda s: add_person(s, rid, values)).ops[0].id


def new_meeting(editor, rid, mtype="strategic", day=TODAY, **values) -> int:
    return (
        editor.do(lambda s: add_meeting(s, rid, {"type": mtype, "date": day, **values})).ops[0].id
    )


def roles(db, meeting_id) -> list[str]:
    with db.read() as s:
        return [
            a.role for a in s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
        ]


def suggested(db, meeting_id) -> list[str]:
    with db.read() as s:
        return [n.text for n in suggested_roles(s, meeting_id)]


def test_new_scoping_meeting_lists_the_procedures_roles(editor, new_db):
    rid = new_db.response_id
    mid = new_meeting(editor, rid, "scoping")
    listed = roles(new_db, mid)
    assert listed[0] == CHAIR_ROLE
    assert "Head of Safeguarding ICB" in listed
    assert "Local authority communications lead" in listed
    for conditional in (NURSE_ROLE, EHE_ROLE, PREVIOUS_SCHOOL_ROLE, ADULT_ROLE):
        assert conditional not in listed
    with new_db.read() as s:
        district = s.scalar(
            select(Attendance).where(
                Attendance.role.like("District%"), Attendance.meeting_id == mid
            )
        )
        assert district is not None and district.required is False
    op_roles = roles(new_db, new_meeting(editor, rid, "operational"))
    assert "Children’s Services – Service Manager" in op_roles
    assert "Head of Safeguarding ICB" not in op_roles


def test_nurse_role_appears_and_disappears_with_looked_after(editor, new_db):
    rid = new_db.response_id
    pid = person(editor, rid)
    current = new_meeting(editor, rid)
    assert NURSE_ROLE not in suggested(new_db, current)

    editor.do(lambda s: update_person(s, pid, {"looked_after": True}))
    assert NURSE_ROLE in roles(new_db, new_meeting(editor, rid))
    assert NURSE_ROLE in suggested(new_db, current)
    with new_db.read() as s:
        why = [n.reason for n in suggested_roles(s, current) if n.text == NURSE_ROLE]
    assert why == ["Looked after: YP-01"]

    editor.do(lambda s: update_person(s, pid, {"looked_after": False}))
    assert NURSE_ROLE not in roles(new_db, new_meeting(editor, rid))
    assert NURSE_ROLE not in suggested(new_db, current)


def test_other_conditional_roles_follow_the_data(editor, new_db):
    rid = new_db.response_id
    with new_db.read() as s:
        referral = s.get(Response, rid).referral_date
    pid = person(editor, rid)
    current = new_meeting(editor, rid)
    assert not {EHE_ROLE, PREVIOUS_SCHOOL_ROLE, ADULT_ROLE} & set(suggested(new_db, current))

    editor.do(lambda s: update_person(s, pid, {"ehe_cme": True}))
    assert EHE_ROLE in suggested(new_db, current)

    sid = (
        editor.do(
            lambda s: add_setting(s, rid, {"kind": "school", "name": "Old School (fictional)"})
        )
        .ops[0]
        .id
    )
    moved_long_ago = TODAY - timedelta(days=RECENT_SCHOOL_CHANGE_DAYS + 30)
    editor.do(
        lambda s: update_person(
            s, pid, {"previous_setting_id": sid, "moved_setting_date": moved_long_ago}
        )
    )
    assert PREVIOUS_SCHOOL_ROLE not in suggested(new_db, current)
    editor.do(lambda s: update_person(s, pid, {"moved_setting_date": TODAY - timedelta(days=60)}))
    assert PREVIOUS_SCHOOL_ROLE in suggested(new_db, current)

    adult_dob = date(referral.year - 19, 1, 1)
    editor.do(lambda s: update_person(s, pid, {"date_of_birth": adult_dob}))
    assert ADULT_ROLE in suggested(new_db, current)
    # Removed from scope: the data no longer calls for any of them.
    editor.do(
        lambda s: update_person(s, pid, {"inclusion": "removed", "removed_reason": "Fictional"})
    )
    assert not {EHE_ROLE, PREVIOUS_SCHOOL_ROLE, ADULT_ROLE} & set(suggested(new_db, current))


def test_add_suggested_roles_and_note_when_no_longer_called_for(editor, new_db):
    rid = new_db.response_id
    pid = person(editor, rid)
    mid = new_meeting(editor, rid)
    editor.do(lambda s: update_person(s, pid, {"looked_after": True}))
    editor.do(lambda s: add_suggested_roles(s, mid))
    assert NURSE_ROLE in roles(new_db, mid)
    assert suggested(new_db, mid) == []
    editor.do(lambda s: update_person(s, pid, {"looked_after": False}))
    with new_db.read() as s:
        notes = {r.role: r.note for r in attendance_rows(s, mid)}
    assert notes[NURSE_ROLE] == "The data no longer calls for this role"
    with pytest.raises(ValidationError):
        with new_db.session.begin() as s:
            add_suggested_roles(s, mid)


def test_attendance_status_name_agency(editor, new_db):
    rid = new_db.response_id
    mid = new_meeting(editor, rid)
    with new_db.read() as s:
        att_id = s.scalar(select(Attendance.id).where(Attendance.meeting_id == mid))
    editor.do(
        lambda s: update_attendance(s, att_id, {"status": "deputy", "name": "Deputy (fictional)"})
    )
    with new_db.read() as s:
        row = s.get(Attendance, att_id)
        assert (row.status, row.name) == ("deputy", "Deputy (fictional)")
    with pytest.raises(ValidationError):
        editor.do(lambda s: update_attendance(s, att_id, {"status": "asleep"}))
    editor.do(lambda s: add_attendance(s, mid, {"role": "Digital safety team", "agency": "Police"}))
    assert "Digital safety team" in roles(new_db, mid)


def test_scoping_checklist_has_the_procedures_items(editor, new_db):
    mid = new_meeting(editor, new_db.response_id, "scoping")
    with new_db.read() as s:
        items = meeting_checklist(s, mid)
    texts = [i.text for i in items]
    assert texts[0] == "Assess the information known to date"
    assert "Agree a review date to ensure all children identified have been assessed" in texts
    assert "Communication including communication with parents / carer" in texts
    assert all(i.state == "outstanding" for i in items)
    editor.do(
        lambda s: set_checklist_item(s, mid, "initial_mapping", state="done", note="Map made")
    )
    editor.do(lambda s: set_checklist_item(s, mid, "protective_action", state="not_applicable"))
    with new_db.read() as s:
        states = {i.key: (i.state, i.note) for i in meeting_checklist(s, mid)}
    assert states["initial_mapping"] == ("done", "Map made")
    assert states["protective_action"] == ("not_applicable", "")
    with pytest.raises(ValidationError):
        editor.do(lambda s: set_checklist_item(s, mid, "exit_strategy", state="done"))


def test_strategic_and_operational_checklists(editor, new_db):
    rid = new_db.response_id
    strategic_id = new_meeting(editor, rid, "strategic")
    operational_id = new_meeting(editor, rid, "operational")
    with new_db.read() as s:
        strategic = [i.text for i in meeting_checklist(s, strategic_id)]
        operational = [i.text for i in meeting_checklist(s, operational_id)]
    assert strategic[-1] == "Exit strategy"
    assert "Management of political arena" in strategic
    assert "Identify individual response plans for the identified young people" in operational


def test_scoping_review_date_flows_into_coverage_and_undo_restores(editor, new_db):
    rid = new_db.response_id
    person(editor, rid)
    mid = new_meeting(editor, rid, "scoping")
    with new_db.read() as s:
        before = coverage_for(s, rid)
    agreed = TODAY + timedelta(days=30)
    editor.do(lambda s: set_checklist_item(s, mid, "agree_review_date", review_date=agreed))
    with new_db.read() as s:
        after = coverage_for(s, rid)
        assert s.get(Meeting, mid).review_date_set == agreed
        item = s.scalar(select(ChecklistItem).where(ChecklistItem.key == "agree_review_date"))
        assert item.state == "done" and "Review date agreed" in item.note
        audit = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "response", AuditEntry.field == "review_date"
            )
        ).all()
    assert after.review_date == agreed and after.days_left == 30
    assert before.days_left != after.days_left
    assert audit and audit[-1].new == agreed.isoformat()

    editor.undo()
    with new_db.read() as s:
        restored = coverage_for(s, rid)
    assert (restored.review_date, restored.days_left) == (before.review_date, before.days_left)

    # The same through the meeting's own "review date set" field.
    editor.do(lambda s: update_meeting(s, mid, {"review_date_set": TODAY + timedelta(days=9)}))
    with new_db.read() as s:
        assert coverage_for(s, rid).days_left == 9


def test_review_date_before_referral_changes_nothing(editor, new_db):
    rid = new_db.response_id
    mid = new_meeting(editor, rid, "scoping")
    with pytest.raises(ValidationError):
        editor.do(
            lambda s: set_checklist_item(s, mid, "agree_review_date", review_date=date(2000, 1, 1))
        )
    with new_db.read() as s:
        assert s.get(Meeting, mid).review_date_set is None


def test_new_scoping_meeting_with_review_date(editor, new_db):
    rid = new_db.response_id
    agreed = TODAY + timedelta(days=21)
    mid = new_meeting(editor, rid, "scoping", review_date_set=agreed)
    with new_db.read() as s:
        assert s.get(Response, rid).review_date == agreed
        states = {i.key: i.state for i in meeting_checklist(s, mid)}
    assert states["agree_review_date"] == "done"


def test_decisions_summaries_and_delete_with_undo(editor, new_db):
    rid = new_db.response_id
    mid = new_meeting(editor, rid, "scoping")
    editor.do(lambda s: add_decision(s, mid, {"text": "Fictional decision", "decided_by": "Chair"}))
    with new_db.read() as s:
        (summary,) = meeting_summaries(s, rid)
    assert (summary.type_label, summary.decisions, summary.checklist_outstanding) == (
        "Scoping",
        1,
        9,
    )
    with new_db.read() as s:
        (decision,) = decision_rows(s, rid)
        sheet = attendance_sheet_rows(s, rid)
    assert (decision.meeting_id, decision.text, decision.decided_by) == (
        mid,
        "Fictional decision",
        "Chair",
    )
    assert sheet[0].role == CHAIR_ROLE and sheet[0].status_label == "Invited"
    with pytest.raises(ValidationError):
        editor.do(lambda s: add_decision(s, mid, {"text": "  "}))
    n_roles = len(roles(new_db, mid))
    editor.do(lambda s: delete_meeting(s, mid))
    with new_db.read() as s:
        assert s.get(Meeting, mid) is None
    editor.undo()
    assert len(roles(new_db, mid)) == n_roles


def test_demo_scoping_meeting_suggests_missing_roles_only(demo_db):
    with demo_db.read() as s:
        mid = s.scalar(select(Meeting.id).where(Meeting.type == "scoping"))
        texts = [n.text for n in suggested_roles(s, mid)]
        checklist = {i.key: i.state for i in meeting_checklist(s, mid)}
    assert NURSE_ROLE in texts and EHE_ROLE in texts and PREVIOUS_SCHOOL_ROLE in texts
    assert "Police representative" not in texts  # the demo lists Police under another name
    assert checklist["agree_review_date"] == "done"
