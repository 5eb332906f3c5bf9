"""Who owns the next step for a young person: the one answer every list gives.

README "Coverage": each young person's lead professional and lead agency own the next step.
Screens, the workbook, the command line and the change lists all word it with this
function, so a tab and the workbook can never name different owners for the same person.
"""

from __future__ import annotations

from typing import Any

NO_LEAD = "No lead recorded"


def owner_text(professional: str | None, agency: str | None) -> str:
    """ "<professional> (<agency>)", else whichever is recorded, else "No lead recorded"."""
    who = (professional or "").strip()
    where = (agency or "").strip()
    if who and where:
        return f"{who} ({where})"
    return who or where or NO_LEAD


def next_step_owner(person: Any) -> str:
    """owner_text for anything with lead_professional and lead_agency (a YoungPerson,
    a PersonCoverage, a plain row); "" when there is no person at all."""
    if person is None:
        return ""
    return owner_text(person.lead_professional, person.lead_agency)
