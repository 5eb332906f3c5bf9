"""Meetings, Attendance, Decisions, Actions and Plans sheets.

Whether an action is overdue, and by how many days, comes from app.services.meetings.actions (the
same rule as the screens), as of the export's day.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from app.models import vocab
from app.models.entities import Action, Attendance, Decision, Plan
from app.services.meetings.actions import days_overdue, is_overdue
from app.services.workbook.context import ExportContext, group_by
from app.services.workbook.people_sheets import label, meeting_label, yes_no
from app.services.workbook.registry import DATE, NUMBER, Column, TableSheet, register


def _decisions(ctx: ExportContext) -> list[Decision]:
    ids = [m.id for m in ctx.meetings]
    if not ids:
        return []
    return list(
        ctx.session.scalars(
            select(Decision).where(Decision.meeting_id.in_(ids)).order_by(Decision.id)
        )
    )


MEETING_COLUMNS = (
    Column("Meeting ID", NUMBER),
    Column("Type", choices="Meeting type"),
    Column("Date", DATE),
    Column("Chair"),
    Column("Review date set", DATE),
    Column("Decisions (count)", NUMBER),
    Column("Next meeting", DATE),
)


def meeting_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    decisions = group_by(_decisions(ctx), lambda d: d.meeting_id)
    for m in ctx.meetings:
        yield [
            m.id,
            label(vocab.MeetingType, m.type),
            m.date,
            m.chair,
            m.review_date_set,
            len(decisions.get(m.id, [])),
            m.next_meeting_date,
        ]


ATTENDANCE_COLUMNS = (
    Column("Meeting ID", NUMBER),
    Column("Role", max_width=40),
    Column("Agency"),
    Column("Name"),
    Column("Attended / apologies / deputy", choices="Attendance"),
    Column("Required (Y/N)", choices="Y/N"),
)


def attendance_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    ids = [m.id for m in ctx.meetings]
    if not ids:
        return
    rows = ctx.session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id.in_(ids))
        .order_by(Attendance.meeting_id, Attendance.id)
    )
    for a in rows:
        yield [
            a.meeting_id,
            a.role,
            a.agency,
            a.name,
            label(vocab.AttendanceStatus, a.status),
            yes_no(a.required),
        ]


DECISION_COLUMNS = (
    Column("Decision ID", NUMBER),
    Column("Meeting ID", NUMBER),
    Column("Decision", max_width=60),
    Column("Rationale", max_width=50),
    Column("Decided by"),
    Column("References", max_width=30),
)


def decision_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    for d in _decisions(ctx):
        yield [d.id, d.meeting_id, d.text, d.rationale, d.decided_by, d.references]


ACTION_COLUMNS = (
    Column("Action ID", NUMBER),
    Column("Meeting", max_width=30),
    Column("Description", max_width=60),
    Column("Reference", max_width=14),
    Column("Owner agency"),
    Column("Owner"),
    Column("Created", DATE),
    Column("Due", DATE),
    Column("Status", choices="Action status"),
    Column("Days overdue", NUMBER),
    Column("Completed", DATE),
)


def action_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    actions = sorted(ctx.all(Action), key=lambda a: (a.due_date, a.id))
    for a in actions:
        yield [
            a.id,
            meeting_label(ctx, a.meeting_id),
            a.description,
            ctx.reference(a.person_id),
            a.owner_agency,
            a.owner,
            a.created_date,
            a.due_date,
            label(vocab.ActionStatus, a.status),
            days_overdue(a, ctx.as_of) if is_overdue(a, ctx.as_of) else None,
            a.completed_date,
        ]


PLAN_COLUMNS = (
    Column("Plan ID", NUMBER),
    Column("Reference", max_width=14),
    Column("Plan type", choices="Plan type"),
    Column("Supporting agency"),
    Column("Lead"),
    Column("Review date", DATE),
    Column("Status", choices="Plan status"),
)


def plan_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    plans = ctx.all(Plan)
    for p in plans:
        yield [
            p.id,
            ctx.reference(p.person_id),
            label(vocab.PlanType, p.type),
            p.supporting_agency,
            p.lead,
            p.review_date,
            label(vocab.PlanStatus, p.status),
        ]


register(TableSheet("Meetings", 80, MEETING_COLUMNS, meeting_rows))
register(TableSheet("Attendance", 90, ATTENDANCE_COLUMNS, attendance_rows))
register(TableSheet("Decisions", 100, DECISION_COLUMNS, decision_rows))
register(TableSheet("Actions", 110, ACTION_COLUMNS, action_rows))
register(TableSheet("Plans", 120, PLAN_COLUMNS, plan_rows))
