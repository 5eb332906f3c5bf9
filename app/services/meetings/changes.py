"""What changed since the last meeting, for the chair's panel and the workbook (no Qt).

"The last meeting" is the latest meeting held before the day in question, so on the day of
a meeting the list shows what is new since the one before. A row counts as new when its
own date is after that meeting's day (date added, date identified, date known, completed
date), or when the audit log shows it was entered after that day (a connection identified
weeks ago but recorded yesterday is new to the group). References only, never names, so
the rows can go into a circulation workbook.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import (
    Action,
    Assessment,
    AuditEntry,
    Concern,
    Connection,
    Meeting,
    Response,
    YoungPerson,
)
from app.models.vocab import ConcernCategory, MeetingType
from app.services.coverage.owner import NO_LEAD, next_step_owner
from app.services.meetings.lists import last_meeting_before
from app.services.people.assessments import latest_completed
from app.services.people.connections import describe
from app.services.people.references import reference_key

WHAT = (
    "Young person added",
    "Connection added",
    "Concern added",
    "Assessment completed",
    "Risk changed",
    "Action closed",
)


@dataclass(frozen=True)
class ChangeRow:
    what: str  # one of WHAT
    reference: str
    detail: str
    date: date


@dataclass
class MeetingChanges:
    as_of: date
    since: date | None  # the last meeting's day (None: no meeting yet, everything counts)
    meeting: str  # "Scoping meeting 04/03/2026", or "" when there was none
    items: list[ChangeRow] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str, date]]:
        """(what, reference, detail, date) tuples, for a sheet or a table."""
        return [(c.what, c.reference, c.detail, c.date) for c in self.items]

    def counts(self) -> dict[str, int]:
        out = {w: 0 for w in WHAT}
        for c in self.items:
            out[c.what] += 1
        return out

    @property
    def heading(self) -> str:
        if self.since is None:
            return f"No earlier meeting: everything recorded up to {self.as_of:%d/%m/%Y}"
        return f"Changes since the {self.meeting}"


def _audit_after(session: Session, table: str, since: date, field: str | None) -> list[Any]:
    """Audit entries of a table after `since`: inserts (field None) or one field's edits."""
    # The four columns read, as plain rows: an ORM object per entry cost most of the time.
    q = select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.old, AuditEntry.new).where(
        AuditEntry.entity == table,
        AuditEntry.entity_id.is_not(None),
        AuditEntry.kind.in_(("edit", "redo")),
    )
    q = q.where(AuditEntry.field.is_(None)) if field is None else q.where(AuditEntry.field == field)
    return [e for e in session.execute(q.order_by(AuditEntry.id)) if e.at.date() > since]


def _first_days(entries: list[Any]) -> dict[int, date]:
    out: dict[int, date] = {}
    for e in entries:
        out.setdefault(e.entity_id, e.at.date())  # type: ignore[arg-type]
    return out


def changes_since_last_meeting(
    session: Session, response_id: int, as_of: date | None = None
) -> MeetingChanges:
    as_of = as_of or date.today()
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError("The response no longer exists.")
    last: Meeting | None = last_meeting_before(session, response_id, as_of)
    since = last.date if last else None
    floor = since or date.min
    out = MeetingChanges(
        as_of=as_of,
        since=since,
        meeting=f"{MeetingType(last.type).label} meeting {last.date:%d/%m/%Y}" if last else "",
    )

    def new(row_day: date | None, entered: date | None) -> date | None:
        """The day a row became new since the meeting, or None if it is not new."""
        days = [d for d in (row_day, entered) if d is not None and floor < d <= as_of]
        return min(days) if days else None

    # Plain rows of the columns read (2,000 young people on opening the Meetings tab: an
    # ORM object each was most of its first show, issue 14).
    people = {
        p.id: p
        for p in session.execute(
            select(
                YoungPerson.id,
                YoungPerson.reference,
                YoungPerson.date_added,
                YoungPerson.inclusion,
                YoungPerson.lead_professional,
                YoungPerson.lead_agency,
            ).where(YoungPerson.response_id == response_id)
        )
    }
    ref = {pid: p.reference for pid, p in people.items()}
    # The rows' own dates say when something became known; the audit log stands in where
    # a row has no date (a person with no date added) and shows edits of risk and status.
    entered = _first_days(
        [e for e in _audit_after(session, "young_person", floor, None) if e.old is None]
    )
    for p in people.values():
        day = new(p.date_added, None if p.date_added else entered.get(p.id))
        if day:
            detail = (
                "In scope"
                if p.inclusion == "in_scope"
                else p.inclusion.replace("_", " ").capitalize()
            )
            # Every list of young people says who owns the next step.
            owner = next_step_owner(p)
            # Mid-sentence, the fallback reads in lower case ("next step: no lead recorded").
            detail += "; next step: " + (owner if owner != NO_LEAD else NO_LEAD.lower())
            out.items.append(ChangeRow("Young person added", p.reference, detail, day))

    # Plain rows of the columns needed (describe reads these names): tens of thousands of
    # connections are read here, and an ORM object per row cost most of the time. No ORDER
    # BY, as before, so rows that sort alike keep the order they always had.
    connections = session.execute(
        select(
            Connection.id,
            Connection.person_a_id,
            Connection.person_b_id,
            Connection.kind,
            Connection.mode,
            Connection.source_agency,
            Connection.confidence,
            Connection.status,
            Connection.date_identified,
        ).where(Connection.response_id == response_id)
    )
    for c in connections:
        day = new(c.date_identified, None)
        if day:
            pair = (
                f"{ref.get(c.person_a_id, '?')} – {ref.get(c.person_b_id, '?')}"
                if c.person_b_id
                else ref.get(c.person_a_id, "?")
            )
            detail = describe(c) + (" (since disproved)" if c.status == "disproved" else "")
            out.items.append(ChangeRow("Connection added", pair, detail, day))

    concerns = select(
        Concern.person_id,
        Concern.date_known,
        Concern.date,
        Concern.reporting_agency,
        Concern.category,
    ).where(Concern.response_id == response_id)
    for c in session.execute(concerns):
        day = new(c.date_known, None)
        if day:
            detail = f"{ConcernCategory(c.category).label}, reported by {c.reporting_agency}, dated {c.date:%d/%m/%Y}"
            out.items.append(ChangeRow("Concern added", ref.get(c.person_id, "?"), detail, day))

    by_person: dict[int, list[Any]] = defaultdict(list)
    rows = select(
        Assessment.id,
        Assessment.person_id,
        Assessment.status,
        Assessment.completed_date,
        Assessment.risk,
        Assessment.agency,
    ).where(Assessment.response_id == response_id)
    for a in session.execute(rows):
        by_person[a.person_id].append(a)
        if a.status == "completed" and a.completed_date and floor < a.completed_date <= as_of:
            out.items.append(
                ChangeRow(
                    "Assessment completed",
                    ref.get(a.person_id, "?"),
                    f"By {a.agency}" + (f", risk recorded: {a.risk}" if a.risk else ""),
                    a.completed_date,
                )
            )
    for pid, items in by_person.items():
        before = latest_completed(items, floor) if since else None
        now = latest_completed(items, as_of)
        if now is None or now.completed_date <= floor:
            continue
        was = before.risk if before else None
        if now.risk != was:
            detail = f"{now.risk} (was {was})" if was else f"{now.risk} (first recorded)"
            out.items.append(
                ChangeRow(
                    "Risk changed",
                    ref.get(pid, "?"),
                    f"Recorded by {now.agency}: {detail}",
                    now.completed_date,
                )
            )

    # A recorded risk corrected on an assessment completed earlier shows in the audit log.
    reported = {(c.reference, c.date) for c in out.items if c.what == "Risk changed"}
    assessments = {a.id: a for items in by_person.values() for a in items}
    for e in _audit_after(session, "assessment", floor, "risk"):
        a = assessments.get(e.entity_id)  # type: ignore[arg-type]
        day = e.at.date()
        if a is None or a.status != "completed" or e.old is None or day > as_of:
            continue
        if (ref.get(a.person_id, "?"), a.completed_date) in reported:
            continue
        out.items.append(
            ChangeRow(
                "Risk changed",
                ref.get(a.person_id, "?"),
                f"Corrected on {a.agency}'s assessment: {e.new} (was {e.old})",
                day,
            )
        )

    closed_on = _first_days(
        [
            e
            for e in _audit_after(session, "action", floor, "status")
            if e.new in ("done", "cancelled")
        ]
    )
    for a in session.scalars(select(Action).where(Action.response_id == response_id)):
        if a.status not in ("done", "cancelled"):
            continue
        when = a.completed_date or closed_on.get(a.id)
        if when and floor < when <= as_of:
            out.items.append(
                ChangeRow(
                    "Action closed",
                    ref.get(a.person_id, "") if a.person_id else f"Action {a.id}",
                    f"{a.description} ({a.owner_agency}, {a.status})",
                    when,
                )
            )
    order = {w: i for i, w in enumerate(WHAT)}
    out.items.sort(key=lambda c: (order[c.what], c.date, reference_key(c.reference)))
    return out
