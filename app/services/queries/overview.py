"""What the Overview tab shows: the response's details and how many of each record it has
(no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import Action, Assessment, Concern, Connection, Meeting, YoungPerson
from app.services.people.young_people import response_of

# The counts in the order the Overview lists them.
COUNT_KEYS: tuple[str, ...] = (
    "in_scope",
    "under_consideration",
    "removed",
    "connections",
    "disproved",
    "concerns",
    "assessments",
    "meetings",
    "open_actions",
)


@dataclass(frozen=True)
class Overview:
    title: str
    is_demo: bool
    lead_area: str
    stage: str  # code
    referral_date: date
    referral_reference: str
    review_date: date
    protective_marking: str
    counts: dict[str, int]  # COUNT_KEYS -> number


def _count(session: Session, model: type, response_id: int, *where: object) -> int:
    q = select(func.count()).select_from(model).where(model.response_id == response_id, *where)
    return session.scalar(q) or 0


def _count_by(session: Session, column: Any, response_id: int) -> dict[Any, int]:
    """How many of the response's rows have each value of `column`."""
    model = column.class_
    q = select(column, func.count()).where(model.response_id == response_id).group_by(column)
    return dict(session.execute(q).all())


def overview(session: Session, response_id: int) -> Overview:
    r = response_of(session, response_id)
    by_inclusion = _count_by(session, YoungPerson.inclusion, response_id)
    by_status = _count_by(session, Connection.status, response_id)
    counts = {
        "in_scope": by_inclusion.get("in_scope", 0),
        "under_consideration": by_inclusion.get("under_consideration", 0),
        "removed": by_inclusion.get("removed", 0),
        "connections": by_status.get("active", 0),
        "disproved": by_status.get("disproved", 0),
        "concerns": _count(session, Concern, response_id),
        "assessments": _count(session, Assessment, response_id),
        "meetings": _count(session, Meeting, response_id),
        "open_actions": _count(session, Action, response_id, Action.status == "open"),
    }
    return Overview(
        title=r.title,
        is_demo=bool(r.is_demo),
        lead_area=r.lead_area,
        stage=r.stage,
        referral_date=r.referral_date,
        referral_reference=r.referral_reference or "",
        review_date=r.review_date,
        protective_marking=r.protective_marking,
        counts=counts,
    )
