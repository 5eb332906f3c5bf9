"""The Prompts sheet: the "Consider ..." prompts for the meeting, open or dismissed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.services.prompts.engine import Prompt, prompts_for
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
    """One row per prompt, in PROMPT_COLUMNS order, from the prompts engine (the same
    list as the Prompts screen and `prompts --json`), dismissed ones included."""
    return rows_of(prompts_for(session, response_id, as_of))


def rows_of(prompts: list[Prompt]) -> list[list[Any]]:
    """The sheet's rows for these prompts (worked out here or by the helper process)."""
    rows: list[list[Any]] = []
    for p in prompts:
        if p.dismissed:
            status = f"Dismissed: {p.dismissed_reason or 'no reason'} (by {p.dismissed_by})"
        else:
            status = "Open"
        rows.append(
            [
                p.rule_label,
                ", ".join(p.people),
                ", ".join(p.settings),
                p.first_date,
                p.last_date,
                p.text,
                status,
            ]
        )
    return rows


def _rows(ctx: ExportContext) -> Sequence[Sequence[Any]]:
    job, ctx.background_prompts = ctx.background_prompts, None
    if job is not None and ctx.data_marker is not None:
        if ctx.while_waiting is not None:
            ctx.while_waiting()  # this process's own remaining work, while the helper ends
        rows = job.rows(ctx.data_marker)
        if rows is not None:
            return rows
    # Small response, no helper, or the data changed under it: work them out here.
    return prompt_rows(ctx.session, ctx.response_id, ctx.as_of)


register(TableSheet("Prompts", 130, PROMPT_COLUMNS, _rows))
