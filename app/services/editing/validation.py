"""Validation shared by forms, services, import and the command line (no Qt)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date


class ValidationError(ValueError):
    """An edit refused because of what the user entered; str(error) is for the user."""


def require(value: object, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{label} is required.")


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
