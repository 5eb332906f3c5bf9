"""The concern form: every field of a concern, coarse category only, never a method."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Concern, Setting, YoungPerson
from app.models.vocab import (
    AGENCIES,
    ConcernCategory,
    ConcernSource,
    DatePrecision,
    MedicalAttention,
)
from app.services.editing.validation import ValidationError
from app.services.people.concerns import (
    CONTAGION_LABELS,
    FIELDS,
    METHOD_REMINDER,
    add_concern,
    update_concern,
)
from app.services.people.references import reference_key as reference_order
from app.views.common.widgets import DateField, combo, select_data
from app.views.shell.store import Store


class ConcernDialog(QDialog):
    """Add or edit one concern. `values()` gives the service's fields; OK checks them
    with the service first, so a bad entry is one sentence here and changes nothing."""

    def __init__(
        self,
        store: Store,
        *,
        person_id: int | None = None,
        concern_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.concern_id = concern_id
        self.setWindowTitle("Edit concern" if concern_id else "Add concern")
        self.setMinimumWidth(520)
        current: dict[str, Any] = {"person_id": person_id}
        with store.read() as s:
            people = sorted(
                s.scalars(select(YoungPerson).where(YoungPerson.response_id == store.response_id)),
                key=lambda p: reference_order(p.reference),
            )
            settings = sorted(
                s.scalars(select(Setting).where(Setting.response_id == store.response_id)),
                key=lambda x: x.name.casefold(),
            )
            if concern_id is not None:
                c = s.get(Concern, concern_id)
                if c is not None:
                    current = {k: getattr(c, k) for k in FIELDS}
            if current.get("person_id") and concern_id is None:
                p = s.get(YoungPerson, current["person_id"])
                current["setting_id"] = p.setting_id if p else None
            person_items = [(p.reference, p.id) for p in people]

        lay = QVBoxLayout(self)
        form = QFormLayout()
        # A new concern with no young person chosen yet starts on "(choose)", never on
        # whoever happens to be first in the list.
        self.person = combo(
            ([("(choose a young person)", None)] if not current.get("person_id") else [])
            + person_items
        )
        select_data(self.person, current.get("person_id"))
        self.person.setEnabled(concern_id is not None or person_id is None)
        self.date = DateField(current.get("date"))
        self.precision = combo([(m.label, m.value) for m in DatePrecision])
        select_data(self.precision, current.get("date_precision") or "day")
        self.date_known = DateField(current.get("date_known"))
        self.date_known.setToolTip("When the agencies in this response first knew of it.")
        self.agency = combo([(a, a) for a in AGENCIES], editable=True)
        self.agency.setCurrentText(current.get("reporting_agency") or "")
        self.source = combo(
            [("(not recorded)", None)] + [(m.label, m.value) for m in ConcernSource]
        )
        select_data(self.source, current.get("source"))
        self.setting = combo([("(none)", None)] + [(x.name, x.id) for x in settings])
        select_data(self.setting, current.get("setting_id"))
        self.category = combo([(m.label, m.value) for m in ConcernCategory])
        select_data(self.category, current.get("category") or ConcernCategory.SELF_INJURY.value)
        self.category.setToolTip("A coarse category only. Circles never records a method.")
        self.medical = combo(
            [("(not recorded)", None)] + [(m.label, m.value) for m in MedicalAttention]
        )
        select_data(self.medical, current.get("medical_attention"))
        self.evidence = QLineEdit(current.get("evidence_location") or "")
        self.evidence.setPlaceholderText(
            "Where the evidence is kept (e.g. a case record reference); never copied content"
        )
        form.addRow("Young person *", self.person)
        form.addRow("Date *", self.date)
        form.addRow("Date precision", self.precision)
        form.addRow("Date known *", self.date_known)
        form.addRow("Reporting agency *", self.agency)
        form.addRow("Source", self.source)
        form.addRow("Setting", self.setting)
        form.addRow("Category *", self.category)
        form.addRow("Medical attention", self.medical)
        form.addRow("Evidence kept at", self.evidence)
        lay.addLayout(form)

        box = QGroupBox("Contagion indicators")
        box_lay = QVBoxLayout(box)
        self.contagion: dict[str, QCheckBox] = {}
        for key, label in CONTAGION_LABELS.items():
            check = QCheckBox(label)
            check.setChecked(bool(current.get(key)))
            box_lay.addWidget(check)
            self.contagion[key] = check
        lay.addWidget(box)

        self.reminder = QLabel(METHOD_REMINDER + " Record what agencies need to know, not how.")
        self.reminder.setObjectName("methodReminder")
        self.reminder.setStyleSheet(
            "background: #fff3c4; color: #3d3000; padding: 4px; font-weight: bold;"
        )
        self.reminder.setWordWrap(True)
        lay.addWidget(QLabel("Notes"))
        lay.addWidget(self.reminder)
        self.notes = QPlainTextEdit(current.get("notes") or "")
        self.notes.setPlaceholderText(METHOD_REMINDER)
        self.notes.setFixedHeight(80)
        lay.addWidget(self.notes)

        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.buttons = buttons
        self.date.edit.dateChanged.connect(self._known_not_before)

    def _known_not_before(self) -> None:
        # A convenience: a new concern is usually known the day it happens.
        if self.concern_id is None:
            day = self.date.value()
            if day and (self.date_known.value() or day) < day:
                self.date_known.set_value(day)

    def values(self) -> dict[str, Any]:
        v: dict[str, Any] = {
            "person_id": self.person.currentData(),
            "date": self.date.value(),
            "date_precision": self.precision.currentData(),
            "date_known": self.date_known.value(),
            "reporting_agency": self.agency.currentText().strip(),
            "source": self.source.currentData(),
            "setting_id": self.setting.currentData(),
            "category": self.category.currentData(),
            "medical_attention": self.medical.currentData(),
            "evidence_location": self.evidence.text().strip() or None,
            "notes": self.notes.toPlainText().strip() or None,
        }
        for key, check in self.contagion.items():
            v[key] = check.isChecked()
        return v

    def build(self, session) -> Any:  # noqa: ANN001 - a Session; returns an Edit
        values = self.values()
        if self.concern_id is None:
            return add_concern(session, self.store.response_id, values)
        return update_concern(session, self.concern_id, values)

    def accept(self) -> None:
        try:
            with self.store.read() as s:
                self.build(s)
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        super().accept()


def edit_concern(
    store: Store,
    parent: QWidget | None,
    *,
    person_id: int | None = None,
    concern_id: int | None = None,
) -> ConcernDialog:
    """Open the form (non-blocking); on OK the concern is saved as one undoable step."""
    dialog = ConcernDialog(store, person_id=person_id, concern_id=concern_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: store.run(dialog.build))
    dialog.open()
    return dialog
