"""The assessment form: every field of one assessment, with the rules that depend on status.

Completed needs a completed date and the assessed risk from the response's own scale; not
required needs a reason; booked needs a booked date. The rules are the service's
(`validate_assessment`), so the form, the table and import refuse the same things. Saving
is one undoable edit through the Store; a refusal is one sentence and the form stays open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Assessment, Response, YoungPerson
from app.models.vocab import AGENCIES, AssessmentStatus, Inclusion
from app.services.editing.validation import ValidationError
from app.services.people.assessments import add_assessment, update_assessment, validate_assessment
from app.services.people.references import reference_key
from app.views.common.widgets import DateField
from app.views.shell.store import Store


class AssessmentForm(QDialog):
    """Add an assessment (for a given young person, or one chosen here) or edit one."""

    def __init__(
        self,
        store: Store,
        *,
        person_id: int | None = None,
        assessment_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentForm")
        self.store = store
        self.assessment_id = assessment_id
        self.setWindowTitle("Edit assessment" if assessment_id else "Add assessment")
        self.setMinimumWidth(480)
        with store.read() as s:
            r = s.get(Response, store.response_id)
            assert r is not None
            risks, needs = r.risk_levels, r.need_level_list
            people = sorted(
                s.scalars(select(YoungPerson).where(YoungPerson.response_id == r.id)).all(),
                key=lambda p: reference_key(p.reference),
            )
            choices = [
                (
                    p.id,
                    p.reference
                    + (
                        ""
                        if p.inclusion == "in_scope"
                        else f" ({Inclusion(p.inclusion).label.lower()})"
                    ),
                )
                for p in people
            ]
            values: dict[str, Any] = {"person_id": person_id, "status": "not_started"}
            if assessment_id is not None:
                a = s.get(Assessment, assessment_id)
                if a is None:
                    raise LookupError("That assessment no longer exists.")
                values = {c.name: getattr(a, c.name) for c in Assessment.__table__.columns}

        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.form = form
        self.person = QComboBox()
        for pid, text in choices:
            self.person.addItem(text, pid)
        self.person.setCurrentIndex(max(0, self.person.findData(values.get("person_id"))))
        # From a person's panel the young person is fixed; from the table it is chosen.
        self.person.setEnabled(person_id is None or assessment_id is not None)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(list(AGENCIES))
        self.agency.setCurrentText(values.get("agency") or "")
        self.agency.lineEdit().setPlaceholderText("The agency that assesses")
        self.assessor = QLineEdit(values.get("assessor") or "")
        self.status = QComboBox()
        for st in AssessmentStatus:
            self.status.addItem(st.label, st.value)
        self.status.setCurrentIndex(max(0, self.status.findData(values.get("status"))))
        self.reason = QLineEdit(values.get("not_required_reason") or "")
        self.reason.setPlaceholderText("Why no assessment is needed")
        self.booked = DateField(values.get("booked_date"), optional=True)
        self.completed = DateField(values.get("completed_date"), optional=True)
        self.risk = QComboBox()
        self.risk.addItem("", None)
        for level in risks:
            self.risk.addItem(level, level)
        self.risk.setCurrentIndex(max(0, self.risk.findData(values.get("risk"))))
        self.risk.setToolTip(
            "The risk the assessing professional recorded. Circles never suggests one."
        )
        self.need = QComboBox()
        self.need.addItem("", None)
        for level in needs:
            self.need.addItem(level, level)
        if values.get("need_level") and self.need.findData(values["need_level"]) < 0:
            self.need.addItem(values["need_level"], values["need_level"])
        self.need.setCurrentIndex(max(0, self.need.findData(values.get("need_level"))))
        self.next_review = DateField(values.get("next_review_date"), optional=True)
        self.notes = QPlainTextEdit(values.get("notes") or "")
        self.notes.setPlaceholderText(
            "Do not record a self-harm method here, or copy social-media content."
        )
        self.notes.setFixedHeight(70)
        self.labels: dict[str, QLabel] = {}
        for key, text, widget in [
            ("person", "Young person *", self.person),
            ("agency", "Agency *", self.agency),
            ("assessor", "Assessor", self.assessor),
            ("status", "Status *", self.status),
            ("reason", "Reason not required", self.reason),
            ("booked", "Booked date", self.booked),
            ("completed", "Completed date", self.completed),
            ("risk", "Assessed risk", self.risk),
            ("need", "Level of need", self.need),
            ("next_review", "Next review", self.next_review),
            ("notes", "Notes", self.notes),
        ]:
            label = QLabel(text)
            self.labels[key] = label
            form.addRow(label, widget)
        lay.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #a00000; font-weight: bold;")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed(initial=True)

    def _status_changed(self, *_args: object, initial: bool = False) -> None:
        status = self.status.currentData()
        needed = {
            "reason": status == "not_required",
            "booked": status == "booked",
            "completed": status == "completed",
            "risk": status == "completed",
        }
        for key, required in needed.items():
            text = self.labels[key].text().rstrip(" *")
            self.labels[key].setText(text + (" *" if required else ""))
        self.reason.setEnabled(status == "not_required" or bool(self.reason.text()))
        if not initial:
            # Offer the date the new status needs (today), ticked, ready to change.
            if status == "completed" and self.completed.value() is None:
                self.completed.set_value(date.today())
            if status == "booked" and self.booked.value() is None:
                self.booked.set_value(date.today())

    def values(self) -> dict[str, Any]:
        status = self.status.currentData()
        return {
            "person_id": self.person.currentData(),
            "agency": self.agency.currentText().strip(),
            "assessor": self.assessor.text().strip() or None,
            "status": status,
            "not_required_reason": (self.reason.text().strip() or None)
            if status == "not_required"
            else None,
            "booked_date": self.booked.value(),
            "completed_date": self.completed.value(),
            "risk": self.risk.currentData(),
            "need_level": self.need.currentData(),
            "next_review_date": self.next_review.value(),
            "notes": self.notes.toPlainText().strip() or None,
        }

    def accept(self) -> None:
        values = self.values()
        try:
            with self.store.read() as s:
                validate_assessment(s, values)
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        rid, aid = self.store.response_id, self.assessment_id
        if aid is None:
            result = self.store.run(lambda s: add_assessment(s, rid, values))
        else:
            result = self.store.run(lambda s: update_assessment(s, aid, values))
        if result is None:
            self.problem.setText("The assessment was not saved; see the message.")
            return
        super().accept()
