"""The response's own details (title, stage, review date, marking, prompt window)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.services.editing.editor import Edit
from app.services.editing.ops import update_op
from app.services.editing.validation import ValidationError, validate_response_fields
from app.services.meetings.closure import close_response
from app.services.people.young_people import response_of


def update_response(
    session: Session, response_id: int, values: dict[str, Any], label: str | None = None
) -> Edit:
    response = response_of(session, response_id)
    merged = {
        k: getattr(response, k) for k in ("title", "lead_area", "referral_date", "review_date")
    }
    merged.update({k: v for k, v in values.items() if k in merged})
    validate_response_fields(**merged)
    if values.get("stage") == "closed" and response.stage != "closed":
        # Closing checks the closure checklist; it raises with what is missing (the
        # override with a reason is in Response > Close response...).
        close_response(session, response_id)
    window = values.get("prompt_window_days")
    if window is not None and not (1 <= int(window) <= 365):
        raise ValidationError("The prompt window must be between 1 and 365 days.")
    if label is None:
        if set(values) == {"review_date"}:
            label = f"Set review date {values['review_date']:%d/%m/%Y}"
        else:
            label = "Edit response details"
    op = update_op(session, "response", response_id, values)
    return Edit(label, (op,) if op else ())
