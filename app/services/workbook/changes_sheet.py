"""The "Changes since last meeting" sheet: what is new since the previous meeting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.services.workbook.context import ExportContext
from app.services.workbook.registry import DATE, Column, TableSheet, register

CHANGE_COLUMNS = (
    Column("Change", max_width=30),
    Column("Reference", max_width=14),
    Column("Detail", max_width=70),
    Column("Date", DATE),
)


def _rows(ctx: ExportContext) -> Sequence[Sequence[Any]]:
    # References only (the service never names anyone), as on the Meetings screen.
    changes = ctx.changes
    return [list(row) for row in changes.rows()]


register(TableSheet("Changes since last meeting", 125, CHANGE_COLUMNS, _rows))
