"""The Prompts sheet: the "Consider ..." prompts for the meeting, open or dismissed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.services.workbook.context import ExportContext
from app.services.workbook.prompt_rows import prompt_rows
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
