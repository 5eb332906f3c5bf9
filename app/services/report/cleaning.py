"""What may go into the overview report: references, labels, figures, and free text checked
for the names and dates of birth of the response's young people (no Qt).

The report circulates beyond the response group, so every text taken from the response
(its title, setting names, decisions, action descriptions, notes on closure items, prompt
texts and dismissal reasons) passes through the circulation workbook's check
(app/services/workbook/redaction.py): a passage that could name a young person or give a
date of birth is replaced whole and counted, and the report says how many went.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import vocab
from app.models.entities import Response, YoungPerson
from app.services.coverage.figures import STATE_LABELS
from app.services.workbook.redaction import Redactor

DASH = "—"


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else DASH


def refs_in_words(refs: list[str], limit: int = 12) -> str:
    """References as a list, the long ones cut short ("and 9 others")."""
    if not refs:
        return DASH
    if len(refs) <= limit:
        return ", ".join(refs)
    return f"{', '.join(refs[:limit])} and {len(refs) - limit} others"


class Cleaner:
    """Free text as it may appear in the report, with a count of passages removed."""

    def __init__(self, session: Session, response: Response) -> None:
        people = session.scalars(
            select(YoungPerson).where(YoungPerson.response_id == response.id)
        ).all()
        keep = [
            response.protective_marking,
            *response.risk_levels,
            *response.need_level_list,
            "FICTIONAL",
            *STATE_LABELS.values(),
            *(label for enum in vocab.Labelled.__subclasses__() for label in enum.labels()),
        ]
        self._redactor = Redactor(people, keep=keep)
        self.removed = 0

    def __call__(self, text: str | None) -> str:
        if text is None or not str(text).strip():
            return ""
        text = " ".join(str(text).split())
        found = self._redactor.check(text)
        if found is None:
            return text
        self.removed += 1
        return found
