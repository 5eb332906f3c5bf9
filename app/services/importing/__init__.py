"""Importing young people, connections, concerns and assessments from .xlsx / .csv (no Qt).

    data = read_source(path)                      # ImportFileError if unreadable
    plan = plan_import(session, response_id, path) # never writes; plan.problems, counts
    editor.do(lambda s: import_edit(s, plan))      # one Edit: all or nothing, one undo step

Accepts the import template (`template.write_template`), a returned Circles mapping
workbook (people and assessments matched by Reference / Assessment ID are updated, not
duplicated) and CSV files with the same headers.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.services.importing.apply import import_edit
from app.services.importing.fields import KINDS
from app.services.importing.headers import auto_mapping, guess_kind
from app.services.importing.opening import PasswordNeeded, WrongPassword
from app.services.importing.plan import Planner
from app.services.importing.planned import (
    ADD,
    DECISIONS,
    MERGE,
    SKIP,
    Duplicate,
    ImportPlan,
    ImportProblem,
    PlannedRow,
)
from app.services.importing.source import (
    MAX_ROWS,
    ImportFileError,
    SourceData,
    SourceSheet,
    read_source,
)

__all__ = [
    "ADD",
    "DECISIONS",
    "KINDS",
    "MAX_ROWS",
    "MERGE",
    "SKIP",
    "Duplicate",
    "ImportFileError",
    "ImportPlan",
    "ImportProblem",
    "PasswordNeeded",
    "PlannedRow",
    "SourceData",
    "SourceSheet",
    "WrongPassword",
    "auto_mapping",
    "guess_kind",
    "import_edit",
    "plan_from_source",
    "plan_import",
    "read_source",
]


def plan_from_source(
    session: Session,
    response_id: int,
    data: SourceData,
    *,
    mapping: dict[str, dict[str, str | None]] | None = None,
    kinds: dict[str, str | None] | None = None,
    decisions: dict[tuple[str, int], str] | None = None,
) -> ImportPlan:
    """Plan an import of rows already read (the dialog re-plans as the user adjusts)."""
    return Planner(session, response_id, data, mapping, kinds, decisions).run()


def plan_import(
    session: Session,
    response_id: int,
    path: Path,
    *,
    sheet: str | None = None,
    password: str | None = None,
    mapping: dict[str, dict[str, str | None]] | None = None,
    kinds: dict[str, str | None] | None = None,
    decisions: dict[tuple[str, int], str] | None = None,
) -> ImportPlan:
    """What importing `path` would do. Raises ImportFileError only if the file is unreadable.

    `mapping`: {sheet name: {column header: template header or None}} overriding the
    automatic match; `kinds`: {sheet name: which template sheet it is}; `decisions`:
    {(sheet name, row): "merge" | "skip" | "add"} for likely duplicates (default merge).
    """
    data = read_source(Path(path), sheet=sheet, password=password)
    return plan_from_source(
        session, response_id, data, mapping=mapping, kinds=kinds, decisions=decisions
    )
