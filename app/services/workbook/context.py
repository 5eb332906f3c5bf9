"""What every sheet writer reads: one session, the response, the as-of day, the mode, and
the one Coverage object that every coverage figure in the workbook comes from."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Meeting, Response, Setting, YoungPerson
from app.services.coverage import Coverage
from app.services.meeting_changes import MeetingChanges, changes_since_last_meeting
from app.services.workbook.background import BackgroundPromptRows

NAME_REMOVED = "[name removed]"
DOB_REMOVED = "[date removed]"
KEEP_WORDS = frozenset({"FICTIONAL"})
# Runs of letters (so "Amy's" and "Smith-Jones" split into their names) and date-like
# tokens in free text.
_WORD = re.compile(r"[^\W\d_]+")
_DATE_TEXT = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")


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
    def _names(self) -> set[str]:
        """Each word of every given and family name, as stored, Capitalised and in CAPITALS.

        All-lowercase forms are left alone: names such as May, Will or Hope are also
        ordinary words, and "she will attend" must stay readable.
        """
        names: set[str] = set()
        for p in self.people.values():
            for part in (p.given_name, p.family_name):
                for word in _WORD.findall(part or ""):
                    if len(word) < 2:
                        continue  # the O of O'Brien alone would blank every lone "O"
                    names.update({word, word[:1].upper() + word[1:], word.upper()})
        # The workbook's own marking of demo data, never a name to remove.
        return names - KEEP_WORDS

    @cached_property
    def _birth_dates(self) -> set[str]:
        out: set[str] = set()
        for p in self.people.values():
            d = p.date_of_birth
            if d is None:
                continue
            out.update(
                {
                    d.isoformat(),
                    f"{d.day:02d}/{d.month:02d}/{d.year}",
                    f"{d.day}/{d.month}/{d.year}",
                    f"{d.day:02d}.{d.month:02d}.{d.year}",
                    f"{d.day:02d}-{d.month:02d}-{d.year}",
                }
            )
        return out

    def text(self, value: str | None) -> str | None:
        """Free text as it may appear in this mode.

        In circulation mode the workbook must hold no young person's name or date of birth
        anywhere, and notes are typed by people who may write "spoke to Amy's mum", so
        every word that is one of the response's given or family names is replaced.
        """
        if value is None or not self.circulation:
            return value
        names, dobs = self._names, self._birth_dates
        out = _WORD.sub(lambda m: NAME_REMOVED if m.group(0) in names else m.group(0), value)
        if dobs:
            out = _DATE_TEXT.sub(lambda m: DOB_REMOVED if m.group(0) in dobs else m.group(0), out)
        return out


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
    people = {
        p.id: p
        for p in session.scalars(
            select(YoungPerson)
            .where(YoungPerson.response_id == response_id)
            .order_by(YoungPerson.reference)
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
