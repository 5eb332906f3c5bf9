"""The Concerns table's rows: every concern of a response, newest first. Qt-free."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Concern, Setting
from app.services.coverage.owner import next_step_owner
from app.services.people.concerns import CONTAGION_LABELS, contagion_text
from app.services.queries.rows import Row, people_leads


def concern_rows(session: Session, response_id: int) -> list[Row]:
    """One Row per concern (newest first) with the young person's reference and who owns
    their next step, the setting's name and the contagion indicators in words."""
    # Plain rows of the columns read, not ORM objects (1,150 concerns on the Concerns
    # tab's first show: the objects were a third of it).
    people = people_leads(session, response_id)
    settings = {
        i: name
        for i, name in session.execute(
            select(Setting.id, Setting.name).where(Setting.response_id == response_id)
        )
    }
    read = select(
        Concern.id,
        Concern.person_id,
        Concern.date,
        Concern.date_precision,
        Concern.date_known,
        Concern.reporting_agency,
        Concern.source,
        Concern.setting_id,
        Concern.category,
        Concern.medical_attention,
        *(getattr(Concern, key) for key in CONTAGION_LABELS),
    ).where(Concern.response_id == response_id)
    rows = []
    for c in session.execute(read.order_by(Concern.date.desc(), Concern.id.desc())):
        p = people.get(c.person_id)
        rows.append(
            Row(
                id=c.id,
                person_id=c.person_id,
                reference=p.reference if p else "?",
                owner=next_step_owner(p),
                date=c.date,
                date_precision=c.date_precision,
                date_known=c.date_known,
                reporting_agency=c.reporting_agency,
                source=c.source,
                setting=settings.get(c.setting_id, "") if c.setting_id else "",
                category=c.category,
                medical_attention=c.medical_attention,
                contagion=contagion_text(c),
            )
        )
    return rows
