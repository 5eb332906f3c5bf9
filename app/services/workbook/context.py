"""What every sheet writer reads: one session, the response, the as-of day, the mode, and
the one Coverage object that every coverage figure in the workbook comes from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import vocab
from app.models.entities import Meeting, Response, Setting, YoungPerson
from app.services.coverage.figures import STATE_LABELS, Coverage
from app.services.meetings.changes import MeetingChanges, changes_since_last_meeting
from app.services.people.references import by_reference
from app.services.workbook.background import BackgroundPromptRows
from app.services.workbook.redaction import DOB_REMOVED, NAME_REMOVED, Redactor

__all__ = ["DOB_REMOVED", "NAME_REMOVED", "ExportContext", "build_context", "group_by"]

# Text Circles itself writes in cells of every workbook (never a name): not checked, so a
# family name such as "Young" cannot blank the workbook's own wording. Filled by the
# sheet modules (e.g. the Cover's handling note).
FIXED_TEXT: set[str] = {"FICTIONAL"}


@dataclass
class ExportContext:
    session: Session
    response: Response
    as_of: date
    circulation: bool
    coverage: Coverage
    generated_at: datetime
    generated_by: str
    version: str
    people: dict[int, YoungPerson] = field(default_factory=dict)
    settings: dict[int, Setting] = field(default_factory=dict)
    # Lists-sheet name -> "=Lists!$A$2:$A$9", filled before the table sheets are written.
    list_ranges: dict[str, str] = field(default_factory=dict)
    # The Prompts sheet's rows being worked out in a helper process (large responses).
    background_prompts: BackgroundPromptRows | None = None
    # The newest audit entry this export's session sees (see background.data_marker).
    data_marker: int | None = None
    # Work that can be done while waiting for the helper (writing the rows out).
    while_waiting: Callable[[], None] | None = None
    # Circulation mode: sheet title -> cells replaced because they may name a young
    # person or give a date of birth (redaction.py).
    redactions: dict[str, int] = field(default_factory=dict)
    # Run once every sheet is written (the Cover's line saying what was removed).
    after_sheets: list[Callable[[], None]] = field(default_factory=list)

    @property
    def response_id(self) -> int:
        return self.response.id

    def reference(self, person_id: int | None) -> str | None:
        p = self.people.get(person_id) if person_id is not None else None
        return p.reference if p is not None else None

    def setting_name(self, setting_id: int | None) -> str | None:
        s = self.settings.get(setting_id) if setting_id is not None else None
        return s.name if s is not None else None

    def all(self, entity: type) -> list[Any]:
        """Every row of a response-owned table, by id, read once per export.

        Plain rows (read-only, with the entity's column names as attributes), not ORM
        objects: an export reads tens of thousands of connections, and building an
        object with change tracking for each was most of the time spent reading them.
        """
        cache = self.__dict__.setdefault("_all", {})
        if entity not in cache:
            table = entity.__table__
            cache[entity] = list(
                self.session.execute(
                    select(table)
                    .where(table.c.response_id == self.response_id)
                    .order_by(table.c.id)
                )
            )
        return cache[entity]

    @cached_property
    def changes(self) -> MeetingChanges:
        """What changed since the last meeting, worked out once for the Summary and the
        Changes sheet (the same service as the Meetings screen's panel)."""
        return changes_since_last_meeting(self.session, self.response_id, self.as_of)

    @cached_property
    def meetings(self) -> list[Meeting]:
        return list(
            self.session.scalars(
                select(Meeting)
                .where(Meeting.response_id == self.response_id)
                .order_by(Meeting.date, Meeting.id)
            )
        )

    # -- circulation mode ------------------------------------------------------------
    @cached_property
    def redactor(self) -> Redactor:
        """The check of this export's free text against every young person recorded in
        the response (removed ones too), built once (redaction.py)."""
        r = self.response
        keep = [
            r.protective_marking,
            *r.risk_levels,
            *r.need_level_list,
            *FIXED_TEXT,
            *STATE_LABELS.values(),
            *(label for enum in vocab.Labelled.__subclasses__() for label in enum.labels()),
        ]
        return Redactor(self.people.values(), keep=keep)

    def cell(self, value: Any, sheet: str) -> Any:
        """A cell's value as it may appear in this mode.

        In circulation mode the workbook must hold no young person's name or date of birth
        anywhere, whatever form it was typed in: a text cell that holds one is replaced
        whole (NAME_REMOVED / DOB_REMOVED) and counted against its sheet in `redactions`.
        """
        if not self.circulation or value is None:
            return value
        if isinstance(value, str):
            found = self.redactor.check(value)
        else:
            found = self.redactor.check_number(value)
        if found is None:
            return value
        self.redactions[sheet] = self.redactions.get(sheet, 0) + 1
        return found


def build_context(
    session: Session,
    response_id: int,
    *,
    as_of: date,
    circulation: bool,
    coverage: Coverage,
    generated_by: str,
    version: str,
) -> ExportContext:
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError("The response no longer exists.")
    # Every sheet lists young people in the one natural order of references (YP-2 < YP-10).
    people = {
        p.id: p
        for p in by_reference(
            session.scalars(select(YoungPerson).where(YoungPerson.response_id == response_id))
        )
    }
    settings = {
        s.id: s
        for s in session.scalars(
            select(Setting).where(Setting.response_id == response_id).order_by(Setting.name)
        )
    }
    return ExportContext(
        session=session,
        response=response,
        as_of=as_of,
        circulation=circulation,
        coverage=coverage,
        generated_at=datetime.now().replace(microsecond=0),
        generated_by=generated_by,
        version=version,
        people=people,
        settings=settings,
    )


def group_by(items, key) -> dict:  # noqa: ANN001 - tiny helper for any row type
    out: dict = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out
