"""Actions, plans and parental contact, closure, and changes since the last meeting (no Qt)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models.entities import AuditEntry, Response
from app.services.editing.validation import ValidationError
from app.services.meetings.actions import (
    OVERDUE,
    action_rows,
    add_action,
    agenda_actions,
    close_action,
    days_overdue,
    is_overdue,
    update_action,
)
from app.services.meetings.changes import changes_since_last_meeting
from app.services.meetings.closure import close_response, closure_status, set_closure_item
from app.services.meetings.meetings import add_attendance, add_meeting
from app.services.meetings.plans import (
    active_plans_with_agency,
    active_safety_plans,
    add_plan,
    contact_of,
    informed_dates,
    parental_warning,
    parents_informed,
    plan_in_words_by_person,
    record_agreement,
    record_parental_contact,
)
from app.services.people.assessments import add_assessment
from app.services.people.connections import add_connection
from app.services.people.young_people import add_person

TODAY = date.today()


def person(editor, rid, **values) -> int:
    values = {"given_name": "Ada", "family_name": "Fictional", **values}
    return editor.do(lambda s: add_person(s, rid, values)).ops[0].id


def meeting(editor, rid, mtype="strategic", day=TODAY) -> int:
    return editor.do(lambda s: add_meeting(s, rid, {"type": mtype, "date": day})).ops[0].id


def action(editor, rid, **values) -> int:
    values = {
        "description": "Fictional task",
        "owner_agency": "School",
        "due_date": TODAY,
        **values,
    }
    return editor.do(lambda s: add_action(s, rid, values)).ops[0].id


def test_overdue_is_derived_from_the_due_date(editor, new_db):
    rid = new_db.response_id
    late = action(
        editor, rid, due_date=TODAY - timedelta(days=3), created_date=TODAY - timedelta(days=9)
    )
    action(
        editor,
        rid,
        due_date=TODAY + timedelta(days=2),
        owner_agency="Police",
        owner="PC (fictional)",
    )
    with new_db.read() as s:
        rows = {r.id: r for r in action_rows(s, rid)}
        assert rows[late].overdue and rows[late].days_overdue == 3
        assert rows[late].due_in_words == "Overdue by 3 days"
        assert [r.id for r in action_rows(s, rid, status=OVERDUE)] == [late]
        assert [r.owner for r in action_rows(s, rid, agency="Police")] == ["PC (fictional)"]
        assert [r.owner_agency for r in action_rows(s, rid, owner="PC (fictional)")] == ["Police"]
    editor.do(lambda s: close_action(s, late))
    with new_db.read() as s:
        rows = {r.id: r for r in action_rows(s, rid)}
        assert not rows[late].overdue and rows[late].completed == TODAY
        assert rows[late].due_in_words.startswith("Done")
        assert action_rows(s, rid, status=OVERDUE) == []
    editor.do(lambda s: update_action(s, late, {"status": "open"}))
    with new_db.read() as s:
        from app.models.entities import Action

        a = s.get(Action, late)
        assert a.completed_date is None and is_overdue(a, TODAY) and days_overdue(a, TODAY) == 3


def test_bad_action_changes_nothing(editor, new_db):
    rid = new_db.response_id
    with pytest.raises(ValidationError, match="Owner agency is required"):
        editor.do(
            lambda s: add_action(
                s, rid, {"description": "x", "owner_agency": " ", "due_date": TODAY}
            )
        )
    with new_db.read() as s:
        assert action_rows(s, rid) == []


def test_open_actions_from_earlier_meetings_are_on_the_next_agenda(editor, new_db):
    rid = new_db.response_id
    first = meeting(editor, rid, "scoping", TODAY - timedelta(days=10))
    open_id = action(
        editor,
        rid,
        meeting_id=first,
        description="Carry forward",
        created_date=TODAY - timedelta(days=10),
    )
    done_id = action(
        editor,
        rid,
        meeting_id=first,
        description="Finished",
        created_date=TODAY - timedelta(days=10),
    )
    editor.do(lambda s: close_action(s, done_id))
    nxt = meeting(editor, rid, "strategic", TODAY + timedelta(days=2))
    action(editor, rid, meeting_id=nxt, description="Raised at the next meeting")
    with new_db.read() as s:
        assert [r.id for r in agenda_actions(s, nxt)] == [open_id]
        assert agenda_actions(s, first) == []


def test_parental_contact_and_school_meeting_warning(editor, new_db):
    rid = new_db.response_id
    pid = person(editor, rid)
    editor.do(
        lambda s: record_parental_contact(
            s, pid, {"school_meeting_date": TODAY + timedelta(days=2)}
        )
    )
    with new_db.read() as s:
        warning = parental_warning(contact_of(s, pid))
    assert warning and warning.startswith("A school meeting is planned") and "Consider" in warning
    with pytest.raises(ValidationError):
        editor.do(lambda s: record_parental_contact(s, pid, {"informed_date": TODAY}))  # by whom?
    editor.do(
        lambda s: record_parental_contact(
            s, pid, {"informed_date": TODAY, "informed_by": "DSL (fictional)"}
        )
    )
    with new_db.read() as s:
        assert parental_warning(contact_of(s, pid)) is None
    other = person(editor, rid, given_name="Bo")
    with pytest.raises(ValidationError):
        editor.do(lambda s: record_parental_contact(s, other, {"decided_not_to_inform": True}))
    editor.do(
        lambda s: record_parental_contact(
            s,
            other,
            {
                "decided_not_to_inform": True,
                "reason": "Fictional reason",
                "school_meeting_date": TODAY,
            },
        )
    )
    with new_db.read() as s:
        assert parental_warning(contact_of(s, other)) is None


def test_cross_boundary_agreement_needs_both_agencies_for_a_date(editor, new_db):
    rid = new_db.response_id
    pid = person(editor, rid)
    with pytest.raises(ValidationError):
        editor.do(
            lambda s: record_agreement(
                s, pid, {"other_area": "Westmoor", "agreed_date": TODAY, "agreed_by_csc": True}
            )
        )
    editor.do(
        lambda s: record_agreement(
            s,
            pid,
            {
                "other_area": "Westmoor",
                "who_assesses": "Westmoor CAMHS",
                "agreed_by_csc": True,
                "agreed_by_police": True,
                "agreed_date": TODAY,
            },
        )
    )


def test_closure_is_blocked_with_what_is_missing_then_overridden_with_a_reason(editor, new_db):
    rid = new_db.response_id
    a = person(editor, rid)
    person(editor, rid, given_name="Bo")
    editor.do(
        lambda s: add_plan(s, rid, {"person_id": a, "type": "safety", "supporting_agency": "CAMHS"})
    )
    with new_db.read() as s:
        status = closure_status(s, rid)
    assert not status.ready
    missing = "\n".join(status.missing)
    assert "no active safety plan for YP-02" in missing and "YP-01" not in missing
    assert "no final meeting held yet" in missing
    assert "overview report" in missing
    with pytest.raises(ValidationError, match="cannot be closed yet") as refused:
        editor.do(lambda s: close_response(s, rid))
    assert "YP-02" in str(refused.value)
    with new_db.read() as s:
        assert s.get(Response, rid).stage != "closed"

    editor.do(
        lambda s: close_response(
            s, rid, override_reason="Fictional: partnership agreed early closure"
        )
    )
    with new_db.read() as s:
        r = s.get(Response, rid)
        assert r.stage == "closed"
        assert r.closed_override_reason == "Fictional: partnership agreed early closure"
        audit = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.field == "closed_override_reason")
            .order_by(AuditEntry.id.desc())
        )
    assert audit.new == "Fictional: partnership agreed early closure"
    assert "overridden" in audit.action


def test_closure_allowed_when_everything_is_done(editor, new_db):
    rid = new_db.response_id
    a = person(editor, rid)
    editor.do(
        lambda s: add_plan(
            s, rid, {"person_id": a, "type": "safety", "supporting_agency": "School"}
        )
    )
    final = meeting(editor, rid, "final", TODAY)
    editor.do(
        lambda s: add_attendance(
            s, final, {"role": "Police representative", "agency": "Police", "status": "attended"}
        )
    )
    with new_db.read() as s:
        keys = [i.key for i in closure_status(s, rid).items if i.manual]
    assert "agency_review:Police" in keys
    for key in keys:
        editor.do(lambda s, key=key: set_closure_item(s, rid, key, state="done", note="Fictional"))
    with new_db.read() as s:
        assert closure_status(s, rid).ready
    editor.do(lambda s: close_response(s, rid))
    with new_db.read() as s:
        r = s.get(Response, rid)
        assert (r.stage, r.closed_override_reason) == ("closed", None)


def test_changes_since_last_meeting_lists_what_is_new(editor, new_db):
    rid = new_db.response_id
    old = person(editor, rid, date_added=TODAY - timedelta(days=20))
    meeting(editor, rid, "scoping", TODAY - timedelta(days=7))
    new = person(editor, rid, given_name="Bo")
    editor.do(
        lambda s: add_connection(
            s,
            rid,
            {
                "person_a_id": old,
                "person_b_id": new,
                "mode": "online",
                "kind": "group_chat",
                "source_agency": "School",
                "confidence": "reported",
                "date_identified": TODAY - timedelta(days=1),
            },
        )
    )
    editor.do(
        lambda s: add_assessment(
            s,
            rid,
            {
                "person_id": old,
                "agency": "CAMHS",
                "status": "completed",
                "completed_date": TODAY,
                "risk": "Raised",
            },
        )
    )
    done = action(editor, rid)
    editor.do(lambda s: close_action(s, done))
    with new_db.read() as s:
        changes = changes_since_last_meeting(s, rid)
    rows = changes.rows()
    assert changes.heading.startswith("Changes since the Scoping meeting")
    assert ("Young person added", "YP-02", "In scope; next step: no lead recorded", TODAY) in rows
    assert not any(r[0] == "Young person added" and r[1] == "YP-01" for r in rows)
    connection = [r for r in rows if r[0] == "Connection added"]
    assert connection and "reported by School, reported" in connection[0][2]
    assert any(r[0] == "Assessment completed" and r[1] == "YP-01" for r in rows)
    assert any(r[0] == "Risk changed" and "Raised (first recorded)" in r[2] for r in rows)
    assert any(r[0] == "Action closed" for r in rows)
    assert all(len(r) == 4 for r in rows)


def test_response_details_cannot_bypass_the_closure_checklist(editor, new_db):
    from app.services.people.response_details import update_response

    rid = new_db.response_id
    person(editor, rid)
    with pytest.raises(ValidationError, match="cannot be closed yet"):
        editor.do(lambda s: update_response(s, rid, {"stage": "closed"}))
    editor.do(lambda s: update_response(s, rid, {"stage": "closing"}))
    with new_db.read() as s:
        assert s.get(Response, rid).stage == "closing"


def test_plan_and_parent_figures_for_the_workbook(editor, new_db):
    rid = new_db.response_id
    a = person(editor, rid)
    b = person(editor, rid, given_name="Bo")
    editor.do(
        lambda s: add_plan(s, rid, {"person_id": a, "type": "safety", "supporting_agency": "CAMHS"})
    )
    editor.do(
        lambda s: add_plan(
            s, rid, {"person_id": b, "type": "school_support", "supporting_agency": "School"}
        )
    )
    editor.do(
        lambda s: record_parental_contact(s, a, {"informed_date": TODAY, "informed_by": "DSL"})
    )
    with new_db.read() as s:
        assert active_safety_plans(s, rid) == (1, 2)
        assert active_plans_with_agency(s, rid) == (2, 2)
        assert parents_informed(s, rid) == (1, 2)
        assert plan_in_words_by_person(s, rid) == {
            a: "Safety plan (CAMHS)",
            b: "School support plan (School)",
        }
        assert informed_dates(s, rid) == {a: TODAY}


def test_a_corrected_risk_after_the_meeting_is_a_change(editor, new_db):
    from app.services.people.assessments import update_assessment

    rid = new_db.response_id
    pid = person(editor, rid, date_added=TODAY - timedelta(days=30))
    done = TODAY - timedelta(days=20)
    values = {"person_id": pid, "agency": "School", "status": "completed"}
    values |= {"completed_date": done, "risk": "Low"}
    aid = editor.do(lambda s: add_assessment(s, rid, values)).ops[0].id
    meeting(editor, rid, "strategic", TODAY - timedelta(days=10))
    with new_db.read() as s:
        assert changes_since_last_meeting(s, rid).rows() == []
    editor.do(lambda s: update_assessment(s, aid, {"risk": "High"}))
    with new_db.read() as s:
        rows = changes_since_last_meeting(s, rid).rows()
    assert rows == [
        ("Risk changed", "YP-01", "Corrected on School's assessment: High (was Low)", TODAY)
    ]
