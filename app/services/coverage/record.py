"""Recording an assessment from the Coverage list: which one, and what the form starts with.

The chair sees a young person not yet assessed and records the assessment there. If an
assessment is already open for them (booked or not started) by the agency that assesses
them, that one is completed, never a second one added beside it. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Response, YoungPerson
from app.services.coverage.figures import person_state

OPEN = ("booked", "not_started")


@dataclass(frozen=True)
class RecordTarget:
    person_id: int
    reference: str
    assessment_id: int | None  # the open assessment to complete, or None to add one
    agency: str | None  # the assessing agency, else the lead agency

    def defaults(self, today: date | None = None) -> dict[str, Any]:
        """What the assessment form opens with: only the risk is left to choose."""
        out: dict[str, Any] = {
            "person_id": self.person_id,
            "status": "completed",
            "completed_date": today or date.today(),
        }
        if self.agency:
            out["agency"] = self.agency
        return out


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def record_target(session: Session, person_id: int, as_of: date | None = None) -> RecordTarget:
    """The assessment to complete for a young person, and the agency to default to."""
    person = session.get(YoungPerson, person_id)
    if person is None:
        raise LookupError("That young person no longer exists.")
    response = session.get(Response, person.response_id)
    assert response is not None
    items = list(
        session.scalars(
            select(Assessment).where(Assessment.person_id == person_id).order_by(Assessment.id)
        )
    )
    _state, deciding = person_state(items, response.review_date, as_of or date.today())
    # Open ones in booking order (unbooked last), so the first booking is the one completed.
    open_items = sorted(
        (a for a in items if a.status in OPEN),
        key=lambda a: (a.booked_date is None, a.booked_date or date.max, a.id),
    )
    agency = (
        (deciding.agency if deciding is not None and deciding.agency else None)
        or (open_items[0].agency if open_items else None)
        or person.lead_agency
    )
    mine = [a for a in open_items if _same(a.agency, agency)]
    return RecordTarget(
        person_id=person.id,
        reference=person.reference,
        assessment_id=mine[0].id if mine else None,
        agency=(agency or "").strip() or None,
    )
