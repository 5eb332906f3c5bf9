"""The young person form: every field of SPEC.md, checked by the people service.

OK is refused with one plain sentence (and nothing changes) until the service accepts the
values; someone 18 or over at the referral date gets a clear warning, not a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Response, Setting, YoungPerson
from app.models.vocab import AGENCIES, Gender, IdentificationRoute, Inclusion
from app.services.editing.validation import ValidationError
from app.services.people.young_people import add_person, age_warning, next_reference, update_person
from app.views.common.widgets import DateField, combo, select_data
from app.views.shell.store import Store

TEXT_FIELDS = [
    ("given_name", "Given name *"),
    ("family_name", "Family name *"),
]


class PersonForm(QDialog):
    """Add or edit one young person. `values()` gives the fields for the service."""

    def __init__(
        self,
        store: Store,
        person_id: int | None = None,
        parent: QWidget | None = None,
        position: tuple[float, float] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.person_id = person_id
        self.position = position
        self.setWindowTitle("Edit young person" if person_id else "Add a young person")
        self.setMinimumWidth(520)
        with store.read() as s:
            r = s.get(Response, store.response_id)
            assert r is not None
            self.referral = r.referral_date
            settings = s.scalars(
                select(Setting).where(Setting.response_id == r.id).order_by(Setting.name)
            ).all()
            setting_items = [("(none)", None)] + [(st.name, st.id) for st in settings]
            person = s.get(YoungPerson, person_id) if person_id else None
            current = (
                {c.name: getattr(person, c.name) for c in YoungPerson.__table__.columns}
                if person
                else {"reference": next_reference(s, r.id)}
            )
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.reference = QLineEdit(current.get("reference") or "")
        self.reference.setToolTip("Pseudonymous reference: this is what circulates.")
        form.addRow("Reference *", self.reference)
        self.given_name = QLineEdit(current.get("given_name") or "")
        form.addRow("Given name *", self.given_name)
        self.family_name = QLineEdit(current.get("family_name") or "")
        form.addRow("Family name *", self.family_name)
        self.date_of_birth = DateField(current.get("date_of_birth"), optional=True)
        form.addRow("Date of birth", self.date_of_birth)
        self.age_if_unknown = QSpinBox()
        self.age_if_unknown.setRange(-1, 30)
        self.age_if_unknown.setSpecialValueText("not known")
        self.age_if_unknown.setValue(
            current["age_if_unknown"] if current.get("age_if_unknown") is not None else -1
        )
        form.addRow("Age (if date of birth unknown)", self.age_if_unknown)
        self.warning = QLabel()
        self.warning.setObjectName("ageWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #7a4b00; font-weight: bold;")
        form.addRow(self.warning)
        self.gender = combo([("(not recorded)", None)] + [(g.label, g.value) for g in Gender])
        select_data(self.gender, current.get("gender"))
        form.addRow("Gender", self.gender)
        self.setting_id = combo(setting_items)
        select_data(self.setting_id, current.get("setting_id"))
        form.addRow("Current setting", self.setting_id)
        self.year_group = QLineEdit(current.get("year_group") or "")
        form.addRow("Year group", self.year_group)
        self.previous_setting_id = combo(setting_items)
        select_data(self.previous_setting_id, current.get("previous_setting_id"))
        form.addRow("Previous setting", self.previous_setting_id)
        self.moved_setting_date = DateField(current.get("moved_setting_date"), optional=True)
        form.addRow("Moved setting on", self.moved_setting_date)
        self.home_area = QLineEdit(current.get("home_area") or "")
        form.addRow("Home area", self.home_area)
        flags = QHBoxLayout()
        self.looked_after = QCheckBox("Looked after")
        self.looked_after.setChecked(bool(current.get("looked_after")))
        self.ehe_cme = QCheckBox("Elective home education / missing education")
        self.ehe_cme.setChecked(bool(current.get("ehe_cme")))
        flags.addWidget(self.looked_after)
        flags.addWidget(self.ehe_cme)
        form.addRow("", flags)
        self.send = QLineEdit(current.get("send") or "")
        form.addRow("SEND", self.send)
        self.known_to = QLineEdit(current.get("known_to") or "")
        self.known_to.setPlaceholderText("Agencies that know them, e.g. School; CAMHS")
        form.addRow("Known to", self.known_to)
        self.lead_professional = QLineEdit(current.get("lead_professional") or "")
        form.addRow("Lead professional", self.lead_professional)
        self.lead_agency = combo([("", None)] + [(a, a) for a in AGENCIES], editable=True)
        select_data(self.lead_agency, current.get("lead_agency"))
        form.addRow("Lead agency", self.lead_agency)
        self.identification_route = combo(
            [("(not recorded)", None)] + [(x.label, x.value) for x in IdentificationRoute]
        )
        select_data(self.identification_route, current.get("identification_route"))
        form.addRow("Identification route", self.identification_route)
        self.inclusion = combo([(x.label, x.value) for x in Inclusion])
        select_data(self.inclusion, current.get("inclusion") or "in_scope")
        form.addRow("Inclusion", self.inclusion)
        self.removed_reason = QLineEdit(current.get("removed_reason") or "")
        self.removed_reason.setPlaceholderText("Why removed from scope (required when removed)")
        form.addRow("Reason removed", self.removed_reason)
        self.date_added = DateField(current.get("date_added") or date.today())
        form.addRow("Date added", self.date_added)
        self.notes = QPlainTextEdit(current.get("notes") or "")
        self.notes.setPlaceholderText(
            "Do not record any self-harm method here. Say where evidence is kept instead."
        )
        self.notes.setFixedHeight(70)
        form.addRow("Notes", self.notes)

        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000;")
        outer.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.buttons = buttons
        for w in (self.date_of_birth.edit, self.date_of_birth.check):
            if w is not None:
                (w.dateChanged if hasattr(w, "dateChanged") else w.toggled).connect(
                    self._update_warning
                )
        self.age_if_unknown.valueChanged.connect(self._update_warning)
        self._update_warning()
        # Wide enough for the longest row (the two flags) without a sideways scroll bar,
        # seen cut off at 560; the form scrolls only down, on a 768-pixel-high screen.
        self.resize(max(560, body.sizeHint().width() + 40), 640)

    def values(self) -> dict[str, Any]:
        age = self.age_if_unknown.value()

        def text(w: QLineEdit) -> str | None:
            return w.text().strip() or None

        agency = self.lead_agency.currentText().strip() or None
        v: dict[str, Any] = {
            "reference": self.reference.text().strip(),
            "given_name": self.given_name.text().strip(),
            "family_name": self.family_name.text().strip(),
            "date_of_birth": self.date_of_birth.value(),
            "age_if_unknown": None if age < 0 else age,
            "gender": self.gender.currentData(),
            "setting_id": self.setting_id.currentData(),
            "year_group": text(self.year_group),
            "previous_setting_id": self.previous_setting_id.currentData(),
            "moved_setting_date": self.moved_setting_date.value(),
            "home_area": text(self.home_area),
            "looked_after": self.looked_after.isChecked(),
            "ehe_cme": self.ehe_cme.isChecked(),
            "send": text(self.send),
            "known_to": text(self.known_to),
            "lead_professional": text(self.lead_professional),
            "lead_agency": agency,
            "identification_route": self.identification_route.currentData(),
            "inclusion": self.inclusion.currentData(),
            "removed_reason": text(self.removed_reason),
            "date_added": self.date_added.value(),
            "notes": self.notes.toPlainText().strip() or None,
        }
        if self.person_id is None and self.position is not None:
            v["map_x"], v["map_y"] = self.position
        return v

    def _update_warning(self, *_: object) -> None:
        age = self.age_if_unknown.value()
        text = age_warning(
            {
                "date_of_birth": self.date_of_birth.value(),
                "age_if_unknown": None if age < 0 else age,
            },
            self.referral,
        )
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))

    def build(self, session):  # noqa: ANN001, ANN201 - returns an Edit
        if self.person_id is None:
            return add_person(session, self.store.response_id, self.values())
        return update_person(session, self.person_id, self.values())

    def try_accept(self) -> None:
        """Accept only values the service accepts; otherwise say why and stay open."""
        try:
            with self.store.read() as s:
                self.build(s)
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        self.accept()
