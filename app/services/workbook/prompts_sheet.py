"""The Prompts sheet: the "Consider ..." prompts for the meeting, open or dismissed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.services.workbook.context import ExportContext
from app.services.workbook.registry import DATE, Column, TableSheet, register

PROMPT_COLUMNS = (
    Column("Rule", max_width=30),
    Column("References", max_width=40),
    Column("Settings", max_width=40),
    Column("First date", DATE),
    Column("Last date", DATE),
    Column("Text", max_width=70),
    Column("Status", max_width=50),
)


def prompt_rows(session: Session, response_id: int, as_of: date) -> list[list[Any]]:
    """One row per prompt, in PROMPT_COLUMNS order:
    [rule, references ("YP-01, YP-04"), settings, first date, last date, text ("Consider ..."),
    status ("Open", or "Dismissed: <reason> (by <who>)")].

    TODO(lead): wire to app.services.prompts once it lands (the prompts are built by that
    module, never here); until then the sheet is written with its headers and no rows.
    """
    return []


def _rows(ctx: ExportContext) -> Sequence[Sequence[Any]]:
    return prompt_rows(ctx.session, ctx.response_id, ctx.as_of)


register(TableSheet("Prompts", 130, PROMPT_COLUMNS, _rows))
