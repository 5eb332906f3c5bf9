"""The New response / Response details form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.models.vocab import DEFAULT_MARKING, DEFAULT_PROMPT_WINDOW_DAYS, Stage
from app.services.editing.editor import Edit
from app.services.editing.validation import ValidationError, validate_response_fields
from app.services.people.response_details import update_response
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIELDS = (
    Field("title", "Title", required=True, placeholder="Non-identifying title"),
    Field("lead_area", "Lead area", required=True, attr="area"),
    Field("referral_date", "Referral date", "date", required=True),
    Field("referral_reference", "Referral reference", attr="reference"),
    Field(
        "stage", "Stage", "choice", required=True, choices=tuple((s.label, s.value) for s in Stage)
    ),
    Field(
        "review_date",
        "Review date",
        "date",
        required=True,
        tip="The date by which every identified young person must be "
        "assessed (agreed at the Scoping meeting).",
    ),
    Field("protective_marking", "Protective marking", required=True, attr="marking"),
    Field(
        "prompt_window_days",
        "Prompt window",
        "number",
        attr="window",
        minimum=1,
        maximum=365,
        tip="How close in time concerns must be for a prompt. No guidance "
        "fixes this; agree it in the meeting.",
    ),
)


class ResponseDialog(FormDialog):
    """Title, lead area, dates and settings of a response. `values()` gives model fields.

    A new response is a new file, which the caller creates from `values()`; given the
    open file's `store`, the details are saved through it on OK like every other form.
    """

    FIELDS = FIELDS
    TITLES = ("New response", "Response details")
    MIN_WIDTH = 460
    INTRO = (
        "Give the response a title that identifies no young person, e.g. "
        '"Northfield response, spring term".'
    )

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        values: dict[str, Any] | None = None,
        new: bool = True,
        store: Store | None = None,
    ) -> None:
        self._given = values or {}
        super().__init__(None if new else store, None, parent)
        self.setWindowTitle(self.TITLES[not new])
        self.window.setSuffix(" days")
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Create" if new else "Save")

    def load(self, session: Session | None) -> dict[str, Any]:
        today = date.today()
        return {
            "referral_date": today,
            "stage": "referral",
            "review_date": today + timedelta(days=28),
            "protective_marking": DEFAULT_MARKING,
            "prompt_window_days": DEFAULT_PROMPT_WINDOW_DAYS,
            **{k: v for k, v in self._given.items() if v is not None or k == "referral_reference"},
        }

    def values(self) -> dict[str, Any]:
        v = super().values()
        v["title"], v["lead_area"] = v["title"] or "", v["lead_area"] or ""
        v["protective_marking"] = v["protective_marking"] or DEFAULT_MARKING
        return v

    def validate(self) -> str | None:
        v = self.values()
        try:
            validate_response_fields(
                title=v["title"],
                lead_area=v["lead_area"],
                referral_date=v["referral_date"],
                review_date=v["review_date"],
            )
        except ValidationError as exc:
            return str(exc)
        return None

    def build(self, session: Session) -> Edit:
        assert self.store is not None
        return update_response(session, self.store.response_id, self.values())
