"""Who an agency's return lists (no Qt).

An agency is sent the young people in scope that it is assessing (an assessment recorded
for that agency) or leads (their lead agency), who are not yet assessed as of the day:
their coverage state is overdue, not booked in time, declined or unable to contact, or booked. Young
people marked "not required" are the chair's decision and are not sent. With
`include_assessed`, the assessed ones too. Each row is tied to the agency's own assessment
of the young person when there is one (the open one first), so what comes back updates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, YoungPerson
from app.services.coverage.figures import ASSESSED, NOT_ASSESSED, coverage_for, reference_key
from app.services.returns.columns import LOCKED, TO_FILL

OPEN_STATUSES = ("not_started", "booked", "declined", "unable_to_contact")


@dataclass
class ReturnRow:
    person_id: int
    reference: str
    locked: dict[str, Any]  # the locked columns' values (all of them; names dropped later)
    assessment_id: int | None
    filled: dict[str, Any] = field(default_factory=dict)  # the columns to fill, as known


def _same(a: str | None, b: str) -> bool:
    return bool(a) and a.strip().casefold() == b.strip().casefold()


def _agency_assessment(items: list[Assessment], agency: str) -> Assessment | None:
    mine = [a for a in items if _same(a.agency, agency)]
    open_ = [a for a in mine if a.status in OPEN_STATUSES]
    pick = open_ or [a for a in mine if a.status == "completed"]
    return max(pick, key=lambda a: a.id) if pick else None


def return_rows(
    session: Session,
    response_id: int,
    agency: str,
    *,
    include_assessed: bool = False,
    as_of: date | None = None,
) -> list[ReturnRow]:
    """The rows of `agency`'s return, in natural reference order."""
    cov = coverage_for(session, response_id, as_of)
    wanted = set(NOT_ASSESSED) | (set(ASSESSED) if include_assessed else set())
    states = {pc.person_id: pc.state for pc in cov.people}
    people = {
        p.id: p
        for p in session.scalars(select(YoungPerson).where(YoungPerson.response_id == response_id))
    }
    by_person: dict[int, list[Assessment]] = {}
    for a in session.scalars(select(Assessment).where(Assessment.response_id == response_id)):
        by_person.setdefault(a.person_id, []).append(a)
    rows: list[ReturnRow] = []
    for pid, state in states.items():
        if state not in wanted:
            continue
        p = people[pid]
        items = by_person.get(pid, [])
        if not (_same(p.lead_agency, agency) or any(_same(a.agency, agency) for a in items)):
            continue
        chosen = _agency_assessment(items, agency)
        locked = {
            "reference": p.reference,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "date_of_birth": p.date_of_birth,
            "setting": p.setting.name if p.setting is not None else None,
            "year_group": p.year_group,
        }
        filled = {c.key: getattr(chosen, c.key) for c in TO_FILL} if chosen else {}
        rows.append(ReturnRow(pid, p.reference, locked, chosen.id if chosen else None, filled))
    rows.sort(key=lambda r: reference_key(r.reference))
    assert all(set(r.locked) == {c.key for c in LOCKED} for r in rows)
    return rows


def agencies_to_ask(session: Session, response_id: int, as_of: date | None = None) -> list[str]:
    """Every agency with at least one young person to assess (for `returns --all`)."""
    cov = coverage_for(session, response_id, as_of)
    waiting = {pc.person_id for pc in cov.people if pc.state in NOT_ASSESSED}
    names: dict[str, str] = {}
    for p in session.scalars(select(YoungPerson).where(YoungPerson.id.in_(waiting))):
        if p.lead_agency and p.lead_agency.strip():
            names.setdefault(p.lead_agency.strip().casefold(), p.lead_agency.strip())
    for a in session.scalars(select(Assessment).where(Assessment.person_id.in_(waiting))):
        if a.agency and a.agency.strip():
            names.setdefault(a.agency.strip().casefold(), a.agency.strip())
    return sorted(names.values(), key=str.casefold)
