"""Meetings of the Multi-Agency Response Group: create, edit, delete; attendance by the
procedure's roles; the meeting's checklist; decisions (no Qt).

A new meeting's attendance is pre-filled with the roles the procedure calls for
(app.services.meetings.roles), including the conditional ones the data calls for on the
meeting's day; an existing meeting shows the roles still missing as suggestions.
Agreeing the review date at a Scoping meeting sets the response's review date in the same
edit, so coverage follows and one undo puts both back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import (
    Attendance,
    ChecklistItem,
    Decision,
    Meeting,
    Response,
)
from app.models.vocab import AttendanceStatus, MeetingType
from app.services.editing.editor import Edit, RowOp
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.validation import ValidationError, existing, merged_values, require
from app.services.meetings.checklists import REVIEW_DATE_KEY, checklist_for, checklist_values
from app.services.meetings.roles import RoleNeed, conditional_role_texts, roles_for
from app.services.people.young_people import response_of


def next_id(session: Session, model: type) -> int:
    """The id the next row of a table will get; lets one edit insert a row and its children
    (applied in the same transaction the id is read in)."""
    return (session.scalar(select(func.max(model.id))) or 0) + 1  # type: ignore[attr-defined]


def meeting_label(meeting: Meeting) -> str:
    return f"{MeetingType(meeting.type).label} meeting {meeting.date:%d/%m/%Y}"


def _meeting(session: Session, meeting_id: int) -> Meeting:
    return existing(session, Meeting, meeting_id, "meeting")


def _response(session: Session, response_id: int) -> Response:
    return response_of(session, response_id)


def _validate_meeting(values: dict[str, Any]) -> None:
    require(values.get("type"), "Meeting type")
    try:
        MeetingType(values["type"])
    except ValueError as exc:
        raise ValidationError(
            f"Meeting type must be one of: {', '.join(MeetingType.labels())}."
        ) from exc
    require(values.get("date"), "Meeting date")
    nxt = values.get("next_meeting_date")
    if nxt is not None and nxt < values["date"]:
        raise ValidationError("The next meeting cannot be before this meeting.")


def _review_date_ops(
    session: Session, response: Response, meeting_id: int, review: date | None, *, new: bool
) -> list[RowOp]:
    """Ops that carry a Scoping meeting's agreed review date to the response and tick the
    checklist item "Agree a review date"."""
    if review is None:
        return []
    if review < response.referral_date:
        raise ValidationError("The review date cannot be before the referral date.")
    ops: list[RowOp] = []
    op = update_op(session, "response", response.id, {"review_date": review})
    if op:
        ops.append(op)
    note = f"Review date agreed: {review:%d/%m/%Y}"
    item_id = (
        None
        if new
        else session.scalar(
            select(ChecklistItem.id).where(
                ChecklistItem.meeting_id == meeting_id, ChecklistItem.key == REVIEW_DATE_KEY
            )
        )
    )
    if item_id is None and not new:
        text = dict(checklist_for("scoping"))[REVIEW_DATE_KEY]
        ops.append(
            insert_op(
                "checklist_item",
                {
                    "response_id": response.id,
                    "meeting_id": meeting_id,
                    "key": REVIEW_DATE_KEY,
                    "text": text,
                    "state": "done",
                    "note": note,
                },
            )
        )
    elif item_id is not None:
        op = update_op(session, "checklist_item", item_id, {"state": "done", "note": note})
        if op:
            ops.append(op)
    return ops


def add_meeting(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    """A new meeting with its attendance pre-filled and its checklist, in one step."""
    values = {k: v for k, v in values.items() if k != "id"}
    _validate_meeting(values)
    response = _response(session, response_id)
    mtype = values["type"]
    review = values.get("review_date_set") if mtype == "scoping" else None
    values["review_date_set"] = review
    if values.get("chair") is None and response.chair:
        values["chair"] = response.chair
    meeting_id = next_id(session, Meeting)
    ops: list[RowOp] = [
        insert_op("meeting", {**values, "id": meeting_id, "response_id": response_id})
    ]
    for need in roles_for(session, response_id, mtype, values["date"], response.referral_date):
        ops.append(
            insert_op(
                "attendance",
                {
                    "meeting_id": meeting_id,
                    "role": need.text,
                    "agency": need.agency,
                    "status": "invited",
                    "required": need.required,
                },
            )
        )
    for key, text in checklist_for(mtype):
        done = key == REVIEW_DATE_KEY and review is not None
        ops.append(
            insert_op(
                "checklist_item",
                {
                    "response_id": response_id,
                    "meeting_id": meeting_id,
                    "key": key,
                    "text": text,
                    "state": "done" if done else "outstanding",
                    "note": f"Review date agreed: {review:%d/%m/%Y}" if done else None,
                },
            )
        )
    ops.extend(_review_date_ops(session, response, meeting_id, review, new=True))
    label = f"Add {MeetingType(mtype).label} meeting {values['date']:%d/%m/%Y}"
    return Edit(label, tuple(ops))


def update_meeting(session: Session, meeting_id: int, values: dict[str, Any]) -> Edit:
    """Change a meeting's details. A Scoping meeting's review date also sets the response's."""
    m = _meeting(session, meeting_id)
    merged = merged_values(m, values)
    _validate_meeting(merged)
    if merged["type"] != "scoping":
        values = {**values, "review_date_set": None} if m.review_date_set else values
    ops: list[RowOp] = []
    op = update_op(session, "meeting", meeting_id, values)
    if op:
        ops.append(op)
    review = merged.get("review_date_set") if merged["type"] == "scoping" else None
    if "review_date_set" in values and review is not None and review != m.review_date_set:
        ops.extend(
            _review_date_ops(
                session, _response(session, m.response_id), meeting_id, review, new=False
            )
        )
    return Edit(f"Edit {meeting_label(m)}", tuple(ops))


def agree_review_date(session: Session, meeting_id: int, review: date) -> Edit:
    """The Scoping meeting agrees the review date: meeting, checklist and response at once."""
    m = _meeting(session, meeting_id)
    if m.type != "scoping":
        raise ValidationError("The review date is agreed at a Scoping meeting.")
    ops: list[RowOp] = []
    op = update_op(session, "meeting", meeting_id, {"review_date_set": review})
    if op:
        ops.append(op)
    ops.extend(
        _review_date_ops(session, _response(session, m.response_id), meeting_id, review, new=False)
    )
    return Edit(f"Agree review date {review:%d/%m/%Y} at the Scoping meeting", tuple(ops))


def delete_meeting(session: Session, meeting_id: int) -> Edit:
    m = _meeting(session, meeting_id)
    return delete_edit(session, f"Delete {meeting_label(m)}", "meeting", [meeting_id])


# ----- attendance --------------------------------------------------------------------------


def _validate_attendance(values: dict[str, Any]) -> None:
    if "role" in values:
        require(values.get("role"), "Role")
    status = values.get("status")
    if status is not None:
        try:
            AttendanceStatus(status)
        except ValueError as exc:
            raise ValidationError(
                f"Attendance must be one of: {', '.join(AttendanceStatus.labels())}."
            ) from exc


def add_attendance(session: Session, meeting_id: int, values: dict[str, Any]) -> Edit:
    m = _meeting(session, meeting_id)
    values = {"status": "invited", "required": False, **values, "meeting_id": meeting_id}
    _validate_attendance(values)
    require(values.get("role"), "Role")
    return Edit(f"Add {values['role']} to {meeting_label(m)}", (insert_op("attendance", values),))


def update_attendance(session: Session, attendance_id: int, values: dict[str, Any]) -> Edit:
    row = existing(session, Attendance, attendance_id, "attendance row")
    _validate_attendance(values)
    values = {
        k: (v.strip() or None) if isinstance(v, str) and k != "role" else v
        for k, v in values.items()
    }
    op = update_op(session, "attendance", attendance_id, values)
    return Edit(f"Edit attendance: {row.role}", (op,) if op else ())


def delete_attendance(session: Session, ids: list[int]) -> Edit:
    label = "Remove attendance row" if len(ids) == 1 else f"Remove {len(ids)} attendance rows"
    return delete_edit(session, label, "attendance", ids)


def _of_meeting(session: Session, model: Any, meeting_id: int) -> list[Any]:
    """The rows of `model` (attendance, decisions) recorded for one meeting, in that order."""
    return list(
        session.scalars(select(model).where(model.meeting_id == meeting_id).order_by(model.id))
    )


def attendance_of(session: Session, meeting_id: int) -> list[Attendance]:
    return _of_meeting(session, Attendance, meeting_id)


def _covered(needs: list[RoleNeed], listed: list[Attendance]) -> set[str]:
    """Role texts already on the list: the same words, or (for a role that is the only one
    of its agency in the procedure's list) a row from that agency under other words."""
    texts = {a.role for a in listed}
    per_agency: dict[str, int] = {}
    for n in needs:
        per_agency[n.agency] = per_agency.get(n.agency, 0) + 1
    agencies = {(a.agency or "").strip().casefold() for a in listed}
    return {
        n.text
        for n in needs
        if n.text in texts or (per_agency[n.agency] == 1 and n.agency.casefold() in agencies)
    }


def suggested_roles(session: Session, meeting_id: int) -> list[RoleNeed]:
    """Roles the procedure calls for at this meeting (given today's data) not yet listed."""
    m = _meeting(session, meeting_id)
    r = _response(session, m.response_id)
    needs = roles_for(session, m.response_id, m.type, m.date, r.referral_date)
    covered = _covered(needs, attendance_of(session, meeting_id))
    return [n for n in needs if n.text not in covered]


def add_suggested_roles(session: Session, meeting_id: int) -> Edit:
    m = _meeting(session, meeting_id)
    ops = tuple(
        insert_op(
            "attendance",
            {
                "meeting_id": meeting_id,
                "role": n.text,
                "agency": n.agency,
                "status": "invited",
                "required": n.required,
            },
        )
        for n in suggested_roles(session, meeting_id)
    )
    if not ops:
        raise ValidationError("Every role the procedure calls for is already listed.")
    return Edit(f"Add suggested roles to {meeting_label(m)}", ops)


@dataclass(frozen=True)
class AttendanceRow:
    id: int
    role: str
    agency: str
    name: str
    status: str  # code
    required: bool
    note: str  # why a conditional role is listed, or that the data no longer calls for it


def attendance_rows(session: Session, meeting_id: int) -> list[AttendanceRow]:
    """The attendance list with a note on conditional roles (why listed / no longer needed)."""
    m = _meeting(session, meeting_id)
    r = _response(session, m.response_id)
    needs = {n.text: n for n in roles_for(session, m.response_id, m.type, m.date, r.referral_date)}
    conditional = set(conditional_role_texts().values())
    rows = []
    for a in attendance_of(session, meeting_id):
        note = ""
        if a.role in needs and needs[a.role].reason:
            note = needs[a.role].reason
        elif a.role in conditional and a.role not in needs:
            note = "The data no longer calls for this role"
        rows.append(
            AttendanceRow(
                a.id, a.role, a.agency or "", a.name or "", a.status, bool(a.required), note
            )
        )
    return rows


# ----- checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    text: str
    state: str  # ChecklistState code
    note: str
    item_id: int | None  # None: not yet recorded (shown as outstanding)


def meeting_checklist(session: Session, meeting_id: int) -> list[ChecklistEntry]:
    """The procedure's items for this meeting's type, with what has been recorded."""
    m = _meeting(session, meeting_id)
    rows = {
        i.key: i
        for i in session.scalars(
            select(ChecklistItem).where(ChecklistItem.meeting_id == meeting_id)
        )
    }
    out = []
    for key, text in checklist_for(m.type):
        item = rows.get(key)
        if item is None and key == REVIEW_DATE_KEY and m.review_date_set is not None:
            # Agreed before the checklist was kept (e.g. an imported meeting): show it done.
            out.append(
                ChecklistEntry(
                    key, text, "done", f"Review date agreed: {m.review_date_set:%d/%m/%Y}", None
                )
            )
            continue
        out.append(
            ChecklistEntry(
                key,
                text,
                item.state if item else "outstanding",
                (item.note or "") if item else "",
                item.id if item else None,
            )
        )
    return out


def set_checklist_item(
    session: Session,
    meeting_id: int,
    key: str,
    *,
    state: str | None = None,
    note: str | None = None,
    review_date: date | None = None,
) -> Edit:
    """Record an item done / not applicable / outstanding with a note. For the Scoping item
    "Agree a review date", a `review_date` also sets the meeting's and the response's."""
    m = _meeting(session, meeting_id)
    texts = dict(checklist_for(m.type))
    if key not in texts:
        raise ValidationError("That item is not on this meeting's checklist.")
    values = checklist_values(state, note)
    if key == REVIEW_DATE_KEY and m.type == "scoping" and review_date is not None:
        edit = agree_review_date(session, meeting_id, review_date)
        if note is not None:
            item_id = session.scalar(
                select(ChecklistItem.id).where(
                    ChecklistItem.meeting_id == meeting_id, ChecklistItem.key == key
                )
            )
            if item_id is not None:
                ops = [op for op in edit.ops if op.table != "checklist_item"]
                op = update_op(session, "checklist_item", item_id, {"state": "done", "note": note})
                return Edit(edit.label, tuple(ops + ([op] if op else [])))
        return edit
    item_id = session.scalar(
        select(ChecklistItem.id).where(
            ChecklistItem.meeting_id == meeting_id, ChecklistItem.key == key
        )
    )
    label = f"Checklist: {texts[key][:50]}"
    if item_id is None:
        row = {
            "response_id": m.response_id,
            "meeting_id": meeting_id,
            "key": key,
            "text": texts[key],
            "state": "outstanding",
            **values,
        }
        return Edit(label, (insert_op("checklist_item", row),))
    op = update_op(session, "checklist_item", item_id, values)
    return Edit(label, (op,) if op else ())


# ----- decisions ---------------------------------------------------------------------------


def add_decision(session: Session, meeting_id: int, values: dict[str, Any]) -> Edit:
    m = _meeting(session, meeting_id)
    require(values.get("text"), "The decision")
    values = {**values, "meeting_id": meeting_id}
    return Edit(f"Record decision at {meeting_label(m)}", (insert_op("decision", values),))


def update_decision(session: Session, decision_id: int, values: dict[str, Any]) -> Edit:
    existing(session, Decision, decision_id, "decision")
    if "text" in values:
        require(values.get("text"), "The decision")
    op = update_op(session, "decision", decision_id, values)
    return Edit("Edit decision", (op,) if op else ())


def delete_decisions(session: Session, ids: list[int]) -> Edit:
    label = "Delete decision" if len(ids) == 1 else f"Delete {len(ids)} decisions"
    return delete_edit(session, label, "decision", ids)


def decisions(session: Session, meeting_id: int) -> list[Decision]:
    return _of_meeting(session, Decision, meeting_id)
