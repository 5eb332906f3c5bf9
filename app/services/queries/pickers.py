"""What the forms offer to choose from (young people, settings, meetings, the response's
own scales) and the stored values a form opens with. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Base, Meeting, Response, Setting, YoungPerson
from app.services.people.references import reference_key


@dataclass(frozen=True)
class PersonChoice:
    id: int
    reference: str
    full_name: str
    inclusion: str
    setting_id: int | None


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    type: str
    date: date


@dataclass(frozen=True)
class Scales:
    """The response's own words for risk and level of need, and its referral date."""

    risk_levels: list[str]
    need_levels: list[str]
    referral_date: date


def people(session: Session, response_id: int) -> list[PersonChoice]:
    """Every young person of the response, in natural reference order (YP-2 before YP-10)."""
    # Plain columns, not ORM objects: 2,000 objects were most of the Actions tab's first
    # show (issue 14). The name is put together as YoungPerson.full_name does.
    found = session.execute(
        select(
            YoungPerson.id,
            YoungPerson.reference,
            YoungPerson.given_name,
            YoungPerson.family_name,
            YoungPerson.inclusion,
            YoungPerson.setting_id,
        ).where(YoungPerson.response_id == response_id)
    )
    rows = [
        PersonChoice(
            p.id, p.reference, f"{p.given_name} {p.family_name}".strip(), p.inclusion, p.setting_id
        )
        for p in found
    ]
    return sorted(rows, key=lambda p: (reference_key(p.reference), p.id))


def settings(session: Session, response_id: int) -> list[tuple[int, str]]:
    """(id, name) of every setting, alphabetical ignoring case."""
    found = session.execute(
        select(Setting.id, Setting.name).where(Setting.response_id == response_id)
    )
    return sorted(((i, n) for i, n in found), key=lambda x: (x[1].casefold(), x[0]))


def meetings(session: Session, response_id: int) -> list[MeetingChoice]:
    """Every meeting of the response, oldest first."""
    found = session.execute(
        select(Meeting.id, Meeting.type, Meeting.date)
        .where(Meeting.response_id == response_id)
        .order_by(Meeting.date, Meeting.id)
    )
    return [MeetingChoice(i, t, d) for i, t, d in found]


def scales(session: Session, response_id: int) -> Scales:
    r = session.get(Response, response_id)
    if r is None:
        raise LookupError("The response is no longer in the file.")
    return Scales(list(r.risk_levels), list(r.need_level_list), r.referral_date)


def record(session: Session, entity: type[Base], record_id: int | None) -> dict[str, Any] | None:
    """The stored column values of one row (what an Edit form opens with), or None."""
    if record_id is None:
        return None
    found = session.get(entity, record_id)
    if found is None:
        return None
    return {c.name: getattr(found, c.name) for c in entity.__table__.columns}


def reference_choices(session: Session, response_id: int) -> list[tuple[int, str]]:
    """(id, reference) of every young person of the response, in natural reference order
    (the same order as people(): the one reference key, then id)."""
    found = session.execute(
        select(YoungPerson.id, YoungPerson.reference).where(YoungPerson.response_id == response_id)
    )
    return sorted(((i, r) for i, r in found), key=lambda x: (reference_key(x[1]), x[0]))
