"""The Assessments table's rows: every assessment of a response, by reference. Qt-free."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment
from app.services.coverage.owner import next_step_owner
from app.services.people.references import reference_key
from app.services.queries.rows import Row, people_leads


def assessment_rows(session: Session, response_id: int) -> list[Row]:
    """One Row per assessment, in natural reference order: every stored column plus the
    young person's reference and lead (who owns the next step)."""
    people = people_leads(session, response_id)
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
