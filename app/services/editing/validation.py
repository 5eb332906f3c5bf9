"""Validation shared by forms, services, import and the command line (no Qt)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = TypeVar("Row")


class ValidationError(ValueError):
    """An edit refused because of what the user entered; str(error) is for the user."""


def require(value: object, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{label} is required.")


def existing(session: Session, model: type[Row], row_id: int | None, what: str) -> Row:
    """The row `row_id` of `model`; "That {what} no longer exists." when it does not (it was
    deleted, or its adding undone, since the form opened)."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise ValidationError(f"That {what} no longer exists.")
    return row


def in_response(
    session: Session, model: type[Row], row_id: int | None, response_id: int, what: str
) -> Row:
    """The row `row_id` of `model` if it belongs to the response; "That {what} is not in
    this response." otherwise (an id from another response, or none)."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None or row.response_id != response_id:  # type: ignore[attr-defined]
        raise ValidationError(f"That {what} is not in this response.")
    return row


def merged_values(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Every stored column of `row` by name, with `values` (an edit's changes) over them:
    what an edit is validated as a whole."""
    return {c.name: getattr(row, c.name) for c in row.__table__.columns} | values


def validate_response_fields(
    *, title: str, lead_area: str, referral_date: date | None, review_date: date | None
) -> None:
    require(title, "Title")
    require(lead_area, "Lead area")
    require(referral_date, "Referral date")
    require(review_date, "Review date")
    if review_date < referral_date:  # type: ignore[operator]
        raise ValidationError("The review date cannot be before the referral date.")


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def parse_iso_date(text: str, label: str = "Date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise ValidationError(f"{label} '{text}' is not a date in the form YYYY-MM-DD.") from exc


# The typed dates Circles accepts everywhere a person types one (forms, table cells, import
# cells): d/m/yyyy (also with . or -) and ISO yyyy-mm-dd (with a midnight time, as some
# spreadsheets write it). Options on the command line stay strict ISO (parse_iso_date).
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
DATE_FORMS = "dd/mm/yyyy or yyyy-mm-dd"


def parse_typed_date(text: str | None, quote: Callable[[str], str] = str) -> date | None:
    """A typed date, or None when nothing was typed; ValidationError in one wording
    otherwise. `quote` shortens what is repeated back (the importer's cells may be long)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        m = _DMY.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _YMD.match(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise ValidationError(f"'{quote(text)}' is not a real date") from exc
    raise ValidationError(f"'{quote(text)}' is not a date; use {DATE_FORMS}")
