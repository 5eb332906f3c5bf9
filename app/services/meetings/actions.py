"""Actions owed by agencies. Overdue is derived from the due date, never stored (no Qt).

Add, edit, close and delete actions; list them filtered by owner agency, owner and status
(with "overdue" as a status one can filter by); the open actions raised before a meeting
form that meeting's agenda. `action_rows` is what the Actions screen and the workbook's
Actions sheet both print, so their figures agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Action, Meeting, YoungPerson
from app.models.vocab import ActionStatus, MeetingType
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.validation import (
    ValidationError,
    existing,
    in_response,
    merged_values,
    require,
)

OVERDUE = "overdue"  # a filter value beside the stored statuses


def is_overdue(action: Action, as_of: date) -> bool:
    return action.status == "open" and action.due_date < as_of


def days_overdue(action: Action, as_of: date) -> int:
    return (as_of - action.due_date).days if is_overdue(action, as_of) else 0


def due_in_words(action: Action, as_of: date) -> str:
    """'Overdue by 3 days', 'Due today', 'Due in 5 days', 'Done 12/03/2026', 'Cancelled'."""
    if action.status == "done":
        return f"Done {action.completed_date:%d/%m/%Y}" if action.completed_date else "Done"
    if action.status == "cancelled":
        return "Cancelled"
    days = (action.due_date - as_of).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def _validate(session: Session, response_id: int, values: dict[str, Any]) -> None:
    require(values.get("description"), "Description")
    require(values.get("owner_agency"), "Owner agency")
    require(values.get("due_date"), "Due date")
    status = values.get("status") or "open"
    try:
        ActionStatus(status)
    except ValueError as exc:
        raise ValidationError(
            f"Status must be one of: {', '.join(ActionStatus.labels())}."
        ) from exc
    created, due = values.get("created_date"), values["due_date"]
    if created is not None and due < created:
        raise ValidationError("The due date cannot be before the date the action was raised.")
    done = values.get("completed_date")
    if done is not None and done > date.today():
        raise ValidationError("The completed date cannot be in the future.")
    if values.get("person_id") is not None:
        in_response(session, YoungPerson, values["person_id"], response_id, "young person")
    if values.get("meeting_id") is not None:
        in_response(session, Meeting, values["meeting_id"], response_id, "meeting")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.strip() or None) if isinstance(v, str) and k != "status" else v
        for k, v in values.items()
        if k not in ("id", "response_id")
    }


def add_action(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = _clean(values)
    values.setdefault("status", "open")
    values.setdefault("created_date", date.today())
    if values["status"] == "done":
        values.setdefault("completed_date", date.today())
    _validate(session, response_id, values)
    values["response_id"] = response_id
    return Edit(f"Add action for {values['owner_agency']}", (insert_op("action", values),))


def update_action(session: Session, action_id: int, values: dict[str, Any]) -> Edit:
    a = existing(session, Action, action_id, "action")
    values = _clean(values)
    # Closing records when; reopening clears it.
    closing = values.get("status") in ("done", "cancelled") and a.status == "open"
    if closing and "completed_date" not in values:
        values["completed_date"] = date.today()
    if values.get("status") == "open" and a.status != "open":
        values["completed_date"] = None
    _validate(session, a.response_id, merged_values(a, values))
    op = update_op(session, "action", action_id, values)
    verb = {"done": "Close", "cancelled": "Cancel", "open": "Reopen"}.get(
        values.get("status", a.status) if values.get("status") != a.status else "", "Edit"
    )
    return Edit(f"{verb} action {action_id}", (op,) if op else ())


def close_action(
    session: Session, action_id: int, status: str = "done", on: date | None = None
) -> Edit:
    if status not in ("done", "cancelled"):
        raise ValidationError("An action is closed as done or cancelled.")
    values: dict[str, Any] = {"status": status}
    values["completed_date"] = on or date.today()  # the day it was closed, done or not
    return update_action(session, action_id, values)


def close_actions(session: Session, ids: list[int], status: str = "done") -> Edit:
    """Close several actions as one step (one undo)."""
    ops = [op for i in ids for op in close_action(session, i, status).ops]
    if len(ids) == 1:
        return Edit(close_action(session, ids[0], status).label, tuple(ops))
    verb = "Close" if status == "done" else "Cancel"
    return Edit(f"{verb} {len(ids)} actions", tuple(ops))


def delete_actions(session: Session, ids: list[int]) -> Edit:
    if not ids:
        raise ValidationError("Nothing selected to delete.")
    label = f"Delete action {ids[0]}" if len(ids) == 1 else f"Delete {len(ids)} actions"
    return delete_edit(session, label, "action", ids)


@dataclass(frozen=True)
class ActionRow:
    """One action as the Actions screen and the workbook's Actions sheet print it."""

    id: int
    meeting: str  # "Scoping meeting 04/03/2026" or ""
    meeting_id: int | None
    description: str
    reference: str  # the young person's reference, or ""
    person_id: int | None
    owner_agency: str
    owner: str
    created: date | None
    due: date
    status: str  # code
    status_label: str
    days_overdue: int
    overdue: bool
    due_in_words: str
    completed: date | None


def action_rows(
    session: Session,
    response_id: int,
    as_of: date | None = None,
    *,
    agency: str | None = None,
    owner: str | None = None,
    status: str | None = None,
) -> list[ActionRow]:
    """Actions, soonest due first, filtered by owner agency, owner and status ("open",
    "done", "cancelled" or OVERDUE). Empty filters mean all."""
    as_of = as_of or date.today()
    refs = dict(
        session.execute(
            select(YoungPerson.id, YoungPerson.reference).where(
                YoungPerson.response_id == response_id
            )
        ).all()
    )
    meetings = {
        m.id: f"{MeetingType(m.type).label} meeting {m.date:%d/%m/%Y}"
        for m in session.scalars(select(Meeting).where(Meeting.response_id == response_id))
    }
    q = select(Action).where(Action.response_id == response_id)
    if agency:
        q = q.where(Action.owner_agency == agency)
    if owner:
        q = q.where(Action.owner == owner)
    if status and status != OVERDUE:
        q = q.where(Action.status == status)
    rows = []
    for a in session.scalars(q.order_by(Action.due_date, Action.id)):
        if status == OVERDUE and not is_overdue(a, as_of):
            continue
        rows.append(
            ActionRow(
                id=a.id,
                meeting=meetings.get(a.meeting_id, "") if a.meeting_id else "",
                meeting_id=a.meeting_id,
                description=a.description,
                reference=refs.get(a.person_id, "") if a.person_id else "",
                person_id=a.person_id,
                owner_agency=a.owner_agency,
                owner=a.owner or "",
                created=a.created_date,
                due=a.due_date,
                status=a.status,
                status_label=ActionStatus(a.status).label,
                days_overdue=days_overdue(a, as_of),
                overdue=is_overdue(a, as_of),
                due_in_words=due_in_words(a, as_of),
                completed=a.completed_date,
            )
        )
    return rows


def filter_choices(session: Session, response_id: int) -> tuple[list[str], list[str]]:
    """The owner agencies and owners that actions have, for the screen's filters."""
    actions = session.scalars(select(Action).where(Action.response_id == response_id)).all()
    agencies = sorted({a.owner_agency for a in actions if a.owner_agency})
    owners = sorted({a.owner for a in actions if a.owner})
    return agencies, owners


def agenda_actions(session: Session, meeting_id: int, as_of: date | None = None) -> list[ActionRow]:
    """The open actions carried to a meeting's agenda: raised at earlier meetings, or raised
    between meetings on or before its day; never those raised at the meeting itself."""
    m = existing(session, Meeting, meeting_id, "meeting")
    earlier = set(
        session.scalars(
            select(Meeting.id).where(
                Meeting.response_id == m.response_id,
                Meeting.id != m.id,
                (Meeting.date < m.date) | ((Meeting.date == m.date) & (Meeting.id < m.id)),
            )
        )
    )
    rows = action_rows(session, m.response_id, as_of or m.date, status="open")
    return [
        r
        for r in rows
        if r.meeting_id != m.id
        and (
            r.meeting_id in earlier
            or (r.meeting_id is None and (r.created is None or r.created <= m.date))
        )
    ]


def open_and_overdue_by_agency(
    session: Session, response_id: int, as_of: date | None = None
) -> dict[str, tuple[int, int]]:
    """Owner agency -> (open, overdue), for the Summary sheet and the overview."""
    out: dict[str, tuple[int, int]] = {}
    for r in action_rows(session, response_id, as_of, status="open"):
        o, d = out.get(r.owner_agency, (0, 0))
        out[r.owner_agency] = (o + 1, d + (1 if r.overdue else 0))
    return dict(sorted(out.items()))
