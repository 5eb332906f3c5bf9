"""The row type the table read models return."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import YoungPerson


class Row(dict[str, Any]):
    """One table row: a plain dict (what RowTableModel shows, one value per column key)
    whose values can also be read as attributes (`row.id`, `row.person_id`)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def people_leads(session: Session, response_id: int) -> dict[int, Any]:
    """Each young person's reference and lead, by id (rows with .reference,
    .lead_professional and .lead_agency, for `next_step_owner`): what a list of assessments
    or concerns shows beside each row. Plain rows of those columns, not ORM objects (2,000
    young people on a tab's first show: the objects were a fifth to a third of it)."""
    read = select(
        YoungPerson.id,
        YoungPerson.reference,
        YoungPerson.lead_professional,
        YoungPerson.lead_agency,
    ).where(YoungPerson.response_id == response_id)
    return {p.id: p for p in session.execute(read)}
