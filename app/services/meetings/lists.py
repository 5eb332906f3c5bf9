"""Meetings as lists: the Meetings tab's list and the workbook's Meetings, Attendance and
Decisions sheets read the same rows from here (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Attendance, Decision, Meeting
from app.models.vocab import AttendanceStatus, MeetingType
from app.services.meetings.meetings import attendance_of, decisions, meeting_checklist


@dataclass(frozen=True)
class MeetingSummary:
    """One meeting as the list and the workbook's Meetings sheet show it."""

    id: int
    type: str  # code
    type_label: str
    date: date
    chair: str
    review_date_set: date | None
    decisions: int
    next_meeting_date: date | None
    attended: int
    apologies: int
    checklist_outstanding: int


def meetings(session: Session, response_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.response_id == response_id)
            .order_by(Meeting.date, Meeting.id)
        )
    )


def meeting_summaries(session: Session, response_id: int) -> list[MeetingSummary]:
    out = []
    for m in meetings(session, response_id):
        att = attendance_of(session, m.id)
        outstanding = sum(1 for c in meeting_checklist(session, m.id) if c.state == "outstanding")
        out.append(
            MeetingSummary(
                id=m.id,
                type=m.type,
                type_label=MeetingType(m.type).label,
                date=m.date,
                chair=m.chair or "",
                review_date_set=m.review_date_set,
                decisions=len(decisions(session, m.id)),
                next_meeting_date=m.next_meeting_date,
                attended=sum(1 for a in att if a.status in ("attended", "deputy")),
                apologies=sum(1 for a in att if a.status == "apologies"),
                checklist_outstanding=outstanding,
            )
        )
    return out


def last_meeting_before(session: Session, response_id: int, day: date) -> Meeting | None:
    """The latest meeting held before `day` (a meeting on `day` itself is the current one)."""
    return session.scalars(
        select(Meeting)
        .where(Meeting.response_id == response_id, Meeting.date < day)
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    ).first()


def _of_meetings(session: Session, model: Any, response_id: int) -> Iterable[Any]:
    """The rows of `model` (attendance, decisions) of every meeting of the response, in
    the meetings' order and then as recorded."""
    return session.scalars(
        select(model)
        .join(Meeting, Meeting.id == model.meeting_id)
        .where(Meeting.response_id == response_id)
        .order_by(Meeting.date, Meeting.id, model.id)
    )


@dataclass(frozen=True)
class AttendanceSheetRow:
    """One attendance row of any meeting (the workbook's Attendance sheet)."""

    meeting_id: int
    role: str
    agency: str
    name: str
    status: str  # code
    status_label: str
    required: bool


def attendance_sheet_rows(session: Session, response_id: int) -> list[AttendanceSheetRow]:
    rows = _of_meetings(session, Attendance, response_id)
    return [
        AttendanceSheetRow(
            a.meeting_id,
            a.role,
            a.agency or "",
            a.name or "",
            a.status,
            AttendanceStatus(a.status).label,
            bool(a.required),
        )
        for a in rows
    ]


@dataclass(frozen=True)
class DecisionRow:
    """One decision (the workbook's Decisions sheet)."""

    id: int
    meeting_id: int
    text: str
    rationale: str
    decided_by: str
    references: str


def decision_rows(session: Session, response_id: int) -> list[DecisionRow]:
    rows = _of_meetings(session, Decision, response_id)
    return [
        DecisionRow(
            d.id, d.meeting_id, d.text, d.rationale or "", d.decided_by or "", d.references or ""
        )
        for d in rows
    ]
