"""Validation shared by forms, services, import and the command line (no Qt)."""

from __future__ import annotations

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
