"""Field rules in one place (no Qt): how long a text may be and what a row must have.

The forms (through the people, connections, concerns and assessments services, and the
editing ops beneath them) and the importer (app/services/importing/fields.py) read these
rules, so a form never accepts what an import refuses: a 150-character given name is
refused by both, in one sentence. Lengths come from the columns' String(n) where the
database declares one; TEXT_LIMITS caps the unbounded Text columns people type into.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String

from app.models.entities import Base
from app.services.editing.validation import ValidationError, require

# The tables whose rows people type in forms and bring in by import.
CHECKED = ("young_person", "connection", "concern", "assessment", "setting")

# Text columns (no length in the database) with a limit on what is typed or imported.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("young_person", "notes"): 5000,
    ("connection", "notes"): 5000,
    ("assessment", "notes"): 5000,
    ("assessment", "not_required_reason"): 2000,
}

# What every row must have, wherever it comes from, with the words for the user.
REQUIRED: dict[str, dict[str, str]] = {
    "young_person": {"given_name": "Given name", "family_name": "Family name"},
    "concern": {
        "person_id": "Young person",
        "date": "Date",
        "reporting_agency": "Reporting agency",
        "category": "Category",
    },
    "connection": {
        "person_a_id": "Person A",
        "mode": "Mode",
        "kind": "Kind",
        "source_agency": "Source agency",
        "confidence": "Confidence",
        "date_identified": "Date identified",
    },
    "assessment": {"person_id": "Young person", "agency": "Agency"},
}

# Words for columns whose name does not read well on its own.
# (The audit log shows every changed field by these words too: app/services/queries/audit.py.)
LABELS: dict[str, str] = {
    "send": "SEND",
    "setting_id": "Setting",
    "known_to": "Known to",
    "person_id": "Young person",
    "person_a_id": "Young person",
    "person_b_id": "Connected to",
    "previous_setting_id": "Previous setting",
    "meeting_id": "Meeting",
    "assessment_id": "Assessment",
    "age_if_unknown": "Age (date of birth not known)",
    "ehe_cme": "EHE or CME",
    "map_x": "Map position (across)",
    "map_y": "Map position (down)",
    "need_level": "Need level",
}


def max_length(table: str, column: str) -> int | None:
    """The most characters `column` of `table` may hold, or None for no limit."""
    if (table, column) in TEXT_LIMITS:
        return TEXT_LIMITS[(table, column)]
    col = Base.metadata.tables[table].columns.get(column)
    if col is not None and isinstance(col.type, String) and col.type.length:
        return col.type.length
    return None


def label_of(table: str, column: str) -> str:
    """The words for a column in a message: "given_name" -> "Given name"."""
    return (
        REQUIRED.get(table, {}).get(column)
        or LABELS.get(column)
        or column.replace("_", " ").capitalize()
    )


def too_long(limit: int) -> str:
    """The end of the sentence for a text over its limit (the importer adds the cell)."""
    return f"is longer than {limit} characters"


def check_lengths(table: str, values: dict[str, Any]) -> None:
    """Refuse a text longer than its column allows, in one sentence naming the field."""
    if table not in CHECKED:
        return
    for column, value in values.items():
        limit = max_length(table, column) if isinstance(value, str) else None
        if limit is not None and len(value) > limit:
            raise ValidationError(f"{label_of(table, column)} {too_long(limit)}.")


def check_required(table: str, values: dict[str, Any], *, partial: bool = False) -> None:
    """Refuse a row without what it must have; `partial` (an update) checks only the
    fields being changed."""
    for column, label in REQUIRED.get(table, {}).items():
        if not partial or column in values:
            require(values.get(column), label)
