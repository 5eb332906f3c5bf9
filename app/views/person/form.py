"""The young person form: every field of SPEC.md, checked by the people service.

OK is refused with one plain sentence (and nothing changes) until the service accepts the
values, and a save that fails (a full disk, ...) keeps the form open with everything typed;
someone 18 or over at the referral date gets a clear warning, not a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.models.entities import YoungPerson
from app.models.vocab import Gender, IdentificationRoute, Inclusion
from app.services.editing.editor import Edit
from app.services.people.quick_add import (
    add_person_connected,
    edit_person_setting,
    last_reported_by,
)
from app.services.people.young_people import age_warning, next_reference
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.person.connect_picker import ConnectPicker
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_RECORDED = ("(not recorded)", None)
FIELDS = (
    Field(
        "reference",
        "Reference",
        required=True,
        tip="Pseudonymous reference: this is what circulates.",
    ),
    Field("given_name", "Given name", required=True),
    Field("family_name", "Family name", required=True),
    # Straight after the names, so a new young person is typed in without leaving the keys.
    Field(
        "setting_id",
        "Current setting",
        "choice",
        tip="Pick a setting, or type the name of a new one: it is added with the young person.",
    ),
    Field("date_of_birth", "Date of birth", "optional_date"),
    Field(
        "age_if_unknown",
        "Age (if date of birth unknown)",
        "number",
        minimum=-1,
        maximum=30,
        special="not known",
    ),
    Field(
        "gender", "Gender", "choice", choices=(NOT_RECORDED, *((g.label, g.value) for g in Gender))
    ),
    Field("year_group", "Year group"),
    Field("previous_setting_id", "Previous setting", "choice"),
    Field("moved_setting_date", "Moved setting on", "optional_date"),
    Field("home_area", "Home area"),
    Field("looked_after", "Looked after", "check", row="flags"),
    Field("ehe_cme", "Elective home education / missing education", "check", row="flags"),
    Field("send", "SEND"),
    Field("known_to", "Known to", placeholder="Agencies that know them, e.g. School; CAMHS"),
    Field("lead_professional", "Lead professional"),
    Field("lead_agency", "Lead agency", "agency"),
    Field(
        "identification_route",
        "Identification route",
        "choice",
        choices=(NOT_RECORDED, *((x.label, x.value) for x in IdentificationRoute)),
    ),
    Field("inclusion", "Inclusion", "choice", choices=tuple((x.label, x.value) for x in Inclusion)),
    Field(
        "removed_reason",
        "Reason removed",
        placeholder="Why removed from scope (required when removed)",
    ),
    Field("date_added", "Date added", "date"),
    Field(
        "notes",
        "Notes",
        "lines",
        placeholder="Do not record any self-harm method here. Say where evidence is kept instead.",
    ),
)


class PersonForm(FormDialog):
    """Add or edit one young person. `values()` gives the fields for the service."""

    FIELDS = FIELDS
    TITLES = ("Add a young person", "Edit young person")
    MIN_WIDTH = 520
    SCROLL = True

    def __init__(
        self,
        store: Store,
        person_id: int | None = None,
        parent: QWidget | None = None,
        position: tuple[float, float] | None = None,
    ) -> None:
        self.position = position
        super().__init__(store, person_id, parent)
        self.person_id = person_id
        self._setting_typed()
        self.connect_picker: ConnectPicker | None = None
        if person_id is None:
            self._add_connect_picker()
        self.warning = QLabel()
        self.warning.setObjectName("ageWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #7a4b00; font-weight: bold;")
        self.form_layout.insertRow(self.row_of("age_if_unknown") + 1, self.warning)
        self.date_of_birth.edit.dateChanged.connect(self._update_warning)
        if self.date_of_birth.check is not None:
            self.date_of_birth.check.toggled.connect(self._update_warning)
        self.age_if_unknown.valueChanged.connect(self._update_warning)
        self._update_warning()
        # Wide enough for the longest row (the two flags) without a sideways scroll bar,
        # seen cut off at 560; the form scrolls only down, on a 768-pixel-high screen.
        self.resize(max(560, self.body.sizeHint().width() + 40), 640)

    def _setting_typed(self) -> None:
        # A setting not in the list yet can be typed; it is added in the same step.
        box = self.setting_id
        assert isinstance(box, QComboBox)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.lineEdit().setPlaceholderText("Pick or type a new setting")

    def _add_connect_picker(self) -> None:
        """'Connected to' below the setting, next in the order the Tab key follows."""
        picker = ConnectPicker(self._people, self._reported_by)
        self.connect_picker = picker
        label = QLabel("Connected to")
        label.setBuddy(picker.line)
        self.form_layout.insertRow(self.row_of("setting_id") + 1, label, picker)
        previous: QWidget = self.setting_id
        for w in (picker.line, picker.mode, picker.kind, picker.agency, picker.confidence):
            QWidget.setTabOrder(previous, w)
            previous = w
        picker.submitted.connect(self.accept)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # The cursor starts where typing starts: the given name of a new young person.
        if self.record_id is None:
            self.given_name.setFocus()

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        self._people = [(p.id, p.reference, p.full_name) for p in pickers.people(session, rid)]
        self._reported_by = last_reported_by(session, rid)
        self.referral = pickers.scales(session, rid).referral_date
        settings = [("(none)", None), *((name, i) for i, name in pickers.settings(session, rid))]
        self.options = {"setting_id": settings, "previous_setting_id": settings}
        current = pickers.record(session, YoungPerson, self.record_id)
        if current is None:
            current = {"reference": next_reference(session, rid), "inclusion": "in_scope"}
        current["date_added"] = current.get("date_added") or date.today()
        return current

    def values(self) -> dict[str, Any]:
        v = super().values()
        v["setting_id"], _new = self._setting()
        if self.record_id is None and self.position is not None:
            v["map_x"], v["map_y"] = self.position
        return v

    def _setting(self) -> tuple[int | None, str | None]:
        """(id of the chosen setting, or None; the name of a new one typed, or None)."""
        box = self.setting_id
        assert isinstance(box, QComboBox)
        text = box.currentText().strip()
        if not text or text == "(none)":
            return None, None
        i = box.findText(text, Qt.MatchFlag.MatchFixedString)  # any case
        if i >= 0:
            return box.itemData(i), None
        return None, text

    def _update_warning(self, *_: object) -> None:
        v = self.values()
        text = age_warning(
            {"date_of_birth": v["date_of_birth"], "age_if_unknown": v["age_if_unknown"]},
            self.referral,
        )
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))

    def build(self, session: Session) -> Edit:
        values = self.values()
        _id, new_setting = self._setting()
        if self.record_id is None:
            picker = self.connect_picker
            return add_person_connected(
                session,
                self.store.response_id,
                values,
                picker.chosen() if picker else (),
                picker.link() if picker else None,
                new_setting,
            )
        return edit_person_setting(session, self.record_id, values, new_setting)
