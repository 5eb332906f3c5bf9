"""What changed since the last meeting, for the chair's panel and the workbook (no Qt).

"The last meeting" is the latest meeting held before the day in question, so on the day of
a meeting the list shows what is new since the one before. A row counts as new when its
own date is after that meeting's day (date added, date identified, date known, completed
date), or when the audit log shows it was entered after that day (a connection identified
weeks ago but recorded yesterday is new to the group). References only, never names, so
the rows can go into a circulation workbook.

The panel asks for the first rows only (`limit`): at 2,000 young people there are thousands
of changes, and working out every row's words was most of the Meetings tab's first show
(issue 14). The counts are always of everything; the rows shown are the first of the same
order the workbook gets in full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
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
    # How many of each kind there are in all, when `items` holds only the first of them.
    totals: dict[str, int] | None = None

    def rows(self) -> list[tuple[str, str, str, date]]:
        """(what, reference, detail, date) tuples, for a sheet or a table."""
        return [(c.what, c.reference, c.detail, c.date) for c in self.items]

    def counts(self) -> dict[str, int]:
        if self.totals is not None:
            return dict(self.totals)
        out = {w: 0 for w in WHAT}
        for c in self.items:
            out[c.what] += 1
        return out

    @property
    def total(self) -> int:
        """Every change, shown or not."""
        return sum(self.counts().values())

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


# (day, reference, source row) of one change, before its words are worked out.
Found = list[tuple[date, str, Any]]


@dataclass
class _Scope:
    session: Session
    response_id: int
    since: date | None
    floor: date
    as_of: date
    people: dict[int, Any]
    ref: dict[int, str]
    assessments: list[Any]

    def new(self, row_day: date | None, entered: date | None) -> date | None:
        """The day a row became new since the meeting, or None if it is not new."""
        days = [d for d in (row_day, entered) if d is not None and self.floor < d <= self.as_of]
        return min(days) if days else None

    def count(self, column: Any) -> int:
        """Rows of the response whose date `column` is new (an aggregate: nothing read)."""
        entity = column.class_
        q = select(func.count()).where(
            entity.response_id == self.response_id, column > self.floor, column <= self.as_of
        )
        return int(self.session.scalar(q) or 0)


def _first(
    found: Found, want: int | None, what: str, words: Callable[[Any], str]
) -> list[ChangeRow]:
    """The first `want` (None: all) changes of one kind in the order shown (day, then the
    natural reference order; ties keep the order read), with words made for those only."""
    if want == 0:
        return []
    found.sort(key=lambda c: (c[0], reference_key(c[1])))
    kept = found if want is None else found[:want]
    return [ChangeRow(what, r, words(src), day) for day, r, src in kept]


def _person_words(p: Any) -> str:
    detail = "In scope" if p.inclusion == "in_scope" else p.inclusion.replace("_", " ").capitalize()
    # Every list of young people says who owns the next step.
    owner = next_step_owner(p)
    # Mid-sentence, the fallback reads in lower case ("next step: no lead recorded").
    return detail + "; next step: " + (owner if owner != NO_LEAD else NO_LEAD.lower())


def _people_added(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    # The rows' own dates say when something became known; the audit log stands in where
    # a row has no date (a person with no date added), read only when someone has none.
    entered: dict[int, date] = {}
    if any(p.date_added is None for p in sc.people.values()):
        inserts = _audit_after(sc.session, "young_person", sc.floor, None)
        entered = _first_days([e for e in inserts if e.old is None])
    found: Found = []
    for p in sc.people.values():
        day = sc.new(p.date_added, None if p.date_added else entered.get(p.id))
        if day:
            found.append((day, p.reference, p))
    return len(found), _first(found, want, "Young person added", _person_words)


def _connection_words(c: Any) -> str:
    return describe(c) + (" (since disproved)" if c.status == "disproved" else "")


def _connections_added(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    if want == 0:
        return sc.count(Connection.date_identified), []
    # Plain rows of the columns needed (describe reads these names): tens of thousands of
    # connections are read here, and an ORM object per row cost most of the time. No ORDER
    # BY, as before, so rows that sort alike keep the order they always had.
    connections = sc.session.execute(
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
        ).where(Connection.response_id == sc.response_id)
    )
    ref = sc.ref
    found: Found = []
    for c in connections:
        day = sc.new(c.date_identified, None)
        if day:
            pair = (
                f"{ref.get(c.person_a_id, '?')} – {ref.get(c.person_b_id, '?')}"
                if c.person_b_id
                else ref.get(c.person_a_id, "?")
            )
            found.append((day, pair, c))
    return len(found), _first(found, want, "Connection added", _connection_words)


def _concern_words(c: Any) -> str:
    label = ConcernCategory(c.category).label
    return f"{label}, reported by {c.reporting_agency}, dated {c.date:%d/%m/%Y}"


def _concerns_added(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    if want == 0:
        return sc.count(Concern.date_known), []
    concerns = select(
        Concern.person_id,
        Concern.date_known,
        Concern.date,
        Concern.reporting_agency,
        Concern.category,
    ).where(Concern.response_id == sc.response_id)
    found: Found = []
    for c in sc.session.execute(concerns):
        day = sc.new(c.date_known, None)
        if day:
            found.append((day, sc.ref.get(c.person_id, "?"), c))
    return len(found), _first(found, want, "Concern added", _concern_words)


def _assessment_words(a: Any) -> str:
    return f"By {a.agency}" + (f", risk recorded: {a.risk}" if a.risk else "")


def _assessments_completed(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    found: Found = [
        (a.completed_date, sc.ref.get(a.person_id, "?"), a)
        for a in sc.assessments
        if a.status == "completed" and a.completed_date and sc.floor < a.completed_date <= sc.as_of
    ]
    return len(found), _first(found, want, "Assessment completed", _assessment_words)


def _risks_changed(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    by_person: dict[int, list[Any]] = defaultdict(list)
    for a in sc.assessments:
        by_person[a.person_id].append(a)
    found: Found = []  # the source is the detail itself: a few words, made for every row
    for pid, items in by_person.items():
        before = latest_completed(items, sc.floor) if sc.since else None
        now = latest_completed(items, sc.as_of)
        if now is None or now.completed_date <= sc.floor:
            continue
        was = before.risk if before else None
        if now.risk != was:
            detail = f"{now.risk} (was {was})" if was else f"{now.risk} (first recorded)"
            found.append(
                (now.completed_date, sc.ref.get(pid, "?"), f"Recorded by {now.agency}: {detail}")
            )
    # A recorded risk corrected on an assessment completed earlier shows in the audit log.
    reported = {(r, day) for day, r, _ in found}
    assessments = {a.id: a for a in sc.assessments}
    for e in _audit_after(sc.session, "assessment", sc.floor, "risk"):
        a = assessments.get(e.entity_id)  # type: ignore[arg-type]
        day = e.at.date()
        if a is None or a.status != "completed" or e.old is None or day > sc.as_of:
            continue
        if (sc.ref.get(a.person_id, "?"), a.completed_date) in reported:
            continue
        words = f"Corrected on {a.agency}'s assessment: {e.new} (was {e.old})"
        found.append((day, sc.ref.get(a.person_id, "?"), words))
    return len(found), _first(found, want, "Risk changed", str)


def _action_words(a: Any) -> str:
    return f"{a.description} ({a.owner_agency}, {a.status})"


def _actions_closed(sc: _Scope, want: int | None) -> tuple[int, list[ChangeRow]]:
    closed_on = _first_days(
        [
            e
            for e in _audit_after(sc.session, "action", sc.floor, "status")
            if e.new in ("done", "cancelled")
        ]
    )
    actions = select(
        Action.id,
        Action.person_id,
        Action.status,
        Action.completed_date,
        Action.description,
        Action.owner_agency,
    ).where(Action.response_id == sc.response_id)
    found: Found = []
    for a in sc.session.execute(actions):
        if a.status not in ("done", "cancelled"):
            continue
        when = a.completed_date or closed_on.get(a.id)
        if when and sc.floor < when <= sc.as_of:
            who = sc.ref.get(a.person_id, "") if a.person_id else f"Action {a.id}"
            found.append((when, who, a))
    return len(found), _first(found, want, "Action closed", _action_words)


# In the order of WHAT: the order rows are shown in, kind first.
_KINDS = (
    ("Young person added", _people_added),
    ("Connection added", _connections_added),
    ("Concern added", _concerns_added),
    ("Assessment completed", _assessments_completed),
    ("Risk changed", _risks_changed),
    ("Action closed", _actions_closed),
)


def changes_since_last_meeting(
    session: Session, response_id: int, as_of: date | None = None, limit: int | None = None
) -> MeetingChanges:
    """Every change since the last meeting, in order (kind, day, reference); with `limit`,
    only the first `limit` rows, the counts still of everything."""
    as_of = as_of or date.today()
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError("The response no longer exists.")
    last: Meeting | None = last_meeting_before(session, response_id, as_of)
    since = last.date if last else None
    out = MeetingChanges(
        as_of=as_of,
        since=since,
        meeting=f"{MeetingType(last.type).label} meeting {last.date:%d/%m/%Y}" if last else "",
    )
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
    assessments = session.execute(
        select(
            Assessment.id,
            Assessment.person_id,
            Assessment.status,
            Assessment.completed_date,
            Assessment.risk,
            Assessment.agency,
        ).where(Assessment.response_id == response_id)
    ).all()
    scope = _Scope(
        session,
        response_id,
        since,
        since or date.min,
        as_of,
        people,
        {pid: p.reference for pid, p in people.items()},
        list(assessments),
    )
    totals: dict[str, int] = {}
    left = limit
    for what, collect in _KINDS:
        totals[what], rows = collect(scope, left)
        out.items.extend(rows)
        if left is not None:
            left = max(0, left - len(rows))
    if limit is not None:
        out.totals = totals
    return out
