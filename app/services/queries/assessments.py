"""The Assessments table's rows: every assessment of a response, by reference. Qt-free."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, YoungPerson
from app.services.coverage.owner import next_step_owner
from app.services.people.references import reference_key
from app.services.queries.rows import Row


def assessment_rows(session: Session, response_id: int) -> list[Row]:
    """One Row per assessment, in natural reference order: every stored column plus the
    young person's reference and lead (who owns the next step)."""
    people = {
        p.id: p
        for p in session.scalars(select(YoungPerson).where(YoungPerson.response_id == response_id))
    }
    rows = []
    for a in session.scalars(select(Assessment).where(Assessment.response_id == response_id)):
        p = people.get(a.person_id)
        row = Row({c.name: getattr(a, c.name) for c in Assessment.__table__.columns})
        row.update(reference=p.reference if p else "?", lead=next_step_owner(p))
        rows.append(row)
    rows.sort(key=lambda r: (reference_key(r.reference), r.id))
    return rows
