"""The Prompts sheet's rows, from the prompts engine (no workbook, no export context).

Apart from the sheet itself (prompts_sheet.py) so that the helper process's reader
(background.py) turns what the helper sends into the same rows without importing the
sheet, which imports the export context, which imports the helper's reader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.services.prompts.engine import Prompt, prompts_for


def prompt_rows(session: Session, response_id: int, as_of: date) -> list[list[Any]]:
    """One row per prompt, in prompts_sheet.PROMPT_COLUMNS order, from the prompts engine
    (the same list as the Prompts screen and `prompts --json`), dismissed ones included."""
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
