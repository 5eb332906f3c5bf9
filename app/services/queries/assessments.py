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
    # Plain rows of the columns read, not ORM objects (1,200 assessments and 2,000 young
    # people on the Assessments tab's first show: the objects were a fifth of it).
    people = {
        p.id: p
        for p in session.execute(
            select(
                YoungPerson.id,
                YoungPerson.reference,
                YoungPerson.lead_professional,
                YoungPerson.lead_agency,
            ).where(YoungPerson.response_id == response_id)
        )
    }
    table = Assessment.__table__
    rows = []
    # All at once (one fetchall, not a fetch per row).
    for a in session.execute(select(table).where(table.c.response_id == response_id)).all():
        p = people.get(a.person_id)
        row = Row(a._mapping)
        row.update(reference=p.reference if p else "?", lead=next_step_owner(p))
        rows.append(row)
    rows.sort(key=lambda r: (reference_key(r.reference), r.id))
    return rows
