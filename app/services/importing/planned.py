"""What an import plan holds: the rows it would add, update or skip, the duplicates found
and the problems (plain data, no Qt, no session).

Apart from the planner (plan.py) so that the sheet planners it runs (young_people.py,
relations.py) can use these types without importing plan.py, which imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.services.importing.fields import (
    ASSESSMENTS,
    CONCERNS,
    CONNECTIONS,
    READ_KINDS,
    SETTINGS,
    YOUNG_PEOPLE,
)
from app.services.importing.quoting import shown
from app.services.importing.source import SourceData

MERGE, SKIP, ADD = "merge", "skip", "add"
DECISIONS = (MERGE, SKIP, ADD)


@dataclass(frozen=True)
class NewKey:
    """A row the import adds; it gets its id when the edit is built."""

    table: str
    n: int


Key = int | NewKey


@dataclass
class ImportProblem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        # The sheet name and column header come from the file: shown shortened.
        where = [shown(self.sheet, 40)] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {shown(self.column.rstrip('* '), 60)}")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message[:1].upper()}{self.message[1:]}"


@dataclass
class PlannedRow:
    """One row of the file and what importing does with it."""

    kind: str  # Young people, Connections, Concerns, Assessments or Settings
    sheet: str
    row: int | None
    action: str  # "add", "update" or "skip"
    table: str
    target: Key
    values: dict[str, Any]  # all values (add) or only the changed ones (update)
    label: str  # e.g. "YP-03 Ada Fictional"
    detail: str = ""  # e.g. which fields change, or why it is skipped


@dataclass
class Duplicate:
    """A new row that looks like someone already in the response."""

    sheet: str
    row: int
    name: str
    person_id: int
    reference: str
    reason: str  # "same name and date of birth" or "same name and setting"
    decision: str = MERGE


@dataclass
class ImportPlan:
    source: Path
    problems: list[ImportProblem]
    added: dict[str, int]
    updated: dict[str, int]
    skipped: dict[str, int]
    duplicates: list[Duplicate]
    rows: list[PlannedRow]
    data: SourceData
    response_id: int
    mapping: dict[str, dict[str, str | None]]
    kinds: dict[str, str | None]
    decisions: dict[tuple[str, int], str]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes_anything(self) -> bool:
        return any(r.action != "skip" for r in self.rows)

    def summary_lines(self) -> list[str]:
        lines = []
        for kind in (*READ_KINDS[:4], SETTINGS):
            a, u, s = self.added.get(kind, 0), self.updated.get(kind, 0), self.skipped.get(kind, 0)
            if a or u or s:
                lines.append(f"{kind}: {a} added, {u} updated, {s} unchanged or skipped")
        return lines or ["Nothing to import."]

    def sentence(self) -> str:
        """'Adds 2 young people and 1 setting. Updates 1 assessment. 3 rows unchanged.'"""
        nouns = {
            YOUNG_PEOPLE: ("young person", "young people"),
            CONNECTIONS: ("connection", "connections"),
            CONCERNS: ("concern", "concerns"),
            ASSESSMENTS: ("assessment", "assessments"),
            SETTINGS: ("setting", "settings"),
        }

        def listed(counts: dict[str, int]) -> str:
            parts = [
                f"{n} {nouns[k][0] if n == 1 else nouns[k][1]}"
                for k in nouns
                if (n := counts.get(k, 0))
            ]
            return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]

        out = []
        if self.added:
            out.append(f"Adds {listed(self.added)}.")
        if self.updated:
            out.append(f"Updates {listed(self.updated)}.")
        skipped = sum(self.skipped.values())
        if skipped:
            out.append(f"{skipped} row{'s' if skipped != 1 else ''} unchanged or skipped.")
        return " ".join(out) or "Nothing to import."

    def signature(self) -> tuple:
        """What the plan would do; equal signatures mean the same edit."""
        return tuple(
            (r.kind, r.sheet, r.row, r.action, r.table, r.target, sorted(r.values.items(), key=str))
            for r in self.rows
        ) + tuple((d.sheet, d.row, d.person_id, d.decision) for d in self.duplicates)


def person_name(given: str | None, family: str | None) -> str:
    return " ".join(f"{given or ''} {family or ''}".split())
