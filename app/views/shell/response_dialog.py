"""The New response / Response details form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import DEFAULT_MARKING, DEFAULT_PROMPT_WINDOW_DAYS, Stage
from app.services.editing.validation import ValidationError, validate_response_fields
from app.views.common.widgets import DateField


class ResponseDialog(QDialog):
    """Title, lead area, dates and settings of a response. `values()` gives model fields."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        values: dict[str, Any] | None = None,
        new: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New response" if new else "Response details")
        self.setMinimumWidth(460)
        v = values or {}
        today = date.today()
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Give the response a title that identifies no young person, e.g. "
            '"Northfield response, spring term".'
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.title = QLineEdit(v.get("title", ""))
        self.title.setPlaceholderText("Non-identifying title")
        self.area = QLineEdit(v.get("lead_area", ""))
        self.referral_date = DateField(v.get("referral_date", today))
        self.reference = QLineEdit(v.get("referral_reference") or "")
        self.stage = QComboBox()
        for s in Stage:
            self.stage.addItem(s.label, s.value)
        self.stage.setCurrentIndex(max(0, self.stage.findData(v.get("stage", "referral"))))
        self.review_date = DateField(v.get("review_date", today + timedelta(days=28)))
        self.review_date.setToolTip(
            "The date by which every identified young person must be "
            "assessed (agreed at the Scoping meeting)."
        )
        self.marking = QLineEdit(v.get("protective_marking", DEFAULT_MARKING))
        self.window = QSpinBox()
        self.window.setRange(1, 365)
        self.window.setSuffix(" days")
        self.window.setValue(int(v.get("prompt_window_days", DEFAULT_PROMPT_WINDOW_DAYS)))
        self.window.setToolTip(
            "How close in time concerns must be for a prompt. No guidance "
            "fixes this; agree it in the meeting."
        )
        form.addRow("Title *", self.title)
        form.addRow("Lead area *", self.area)
        form.addRow("Referral date *", self.referral_date)
        form.addRow("Referral reference", self.reference)
        form.addRow("Stage *", self.stage)
        form.addRow("Review date *", self.review_date)
        form.addRow("Protective marking *", self.marking)
        form.addRow("Prompt window", self.window)
        lay.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #a3290f; font-weight: bold;")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create" if new else "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "lead_area": self.area.text().strip(),
            "referral_date": self.referral_date.value(),
            "referral_reference": self.reference.text().strip() or None,
            "stage": self.stage.currentData(),
            "review_date": self.review_date.value(),
            "protective_marking": self.marking.text().strip() or DEFAULT_MARKING,
            "prompt_window_days": self.window.value(),
        }

    def accept(self) -> None:
        v = self.values()
        try:
            validate_response_fields(
                title=v["title"],
                lead_area=v["lead_area"],
                referral_date=v["referral_date"],
                review_date=v["review_date"],
            )
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        super().accept()
