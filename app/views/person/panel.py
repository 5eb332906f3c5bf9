"""The young person panel: a dock showing the selected young person, in sections.

Sections are registered in SECTIONS; each is a QWidget built with (store) that has a
`title` and `set_person(person_id | None)`, and refreshes itself from `store.changed`.
Every section shows who owns the next step, never a list of names alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import Response, Setting, YoungPerson
from app.models.vocab import Inclusion
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.assessments import assessments_of, latest_completed
from app.services.people.young_people import age_at_referral
from app.views.shell.store import Store


class SummarySection(QWidget):
    """Who the young person is, their recorded risk and who leads (read-only)."""

    title = "Summary"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for key, label in [
            ("reference", "Reference"),
            ("name", "Name"),
            ("age", "Age at referral"),
            ("setting", "Setting"),
            ("inclusion", "Inclusion"),
            ("risk", "Assessed risk"),
            ("lead", "Lead professional"),
        ]:
            value = QLabel()
            value.setObjectName(f"summary_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        self.edit_button = QPushButton("Edit details...")
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_details)
        form.addRow(self.edit_button)
        self.form: QWidget | None = None
        store.when_seen(self, self._on_changed)

    def edit_details(self) -> None:
        """Open the young person form (the map's form) for the person shown."""
        from app.views.person.form import PersonForm

        if self.person_id is None:
            return
        form = PersonForm(self.store, self.person_id, self)
        self.form = form
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.open()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("young_person", "assessment", "setting", "response"):
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.edit_button.setEnabled(person_id is not None and not self.store.readonly)
        with self.store.read() as s:
            p = s.get(YoungPerson, person_id) if person_id else None
            if p is None:
                for v in self.fields.values():
                    v.setText("")
                return
            r = s.get(Response, p.response_id)
            setting = s.get(Setting, p.setting_id) if p.setting_id else None
            latest = latest_completed(assessments_of(s, p.id))
            age = age_at_referral(p.date_of_birth, p.age_if_unknown, r.referral_date)
            values = {
                "reference": p.reference,
                "name": p.full_name,
                "age": "" if age is None else str(age),
                "setting": setting.name if setting else "",
                "inclusion": Inclusion(p.inclusion).label
                + (f" ({p.removed_reason})" if p.removed_reason else ""),
                "risk": (
                    f"{latest.risk}, recorded by {latest.agency} on "
                    f"{latest.completed_date:%d/%m/%Y}"
                )
                if latest
                else "Not yet assessed",
                "lead": next_step_owner(p),
            }
        for key, value in values.items():
            self.fields[key].setText(value)


SECTIONS: list[type[QWidget]] = [SummarySection]

from app.views.person.assessments_section import AssessmentsSection  # noqa: E402 - appended section

SECTIONS.append(AssessmentsSection)
# Appended by the meetings work (kept apart so merges stay simple).
from app.views.person.plans_section import PlansSection  # noqa: E402

SECTIONS.append(PlansSection)
from app.views.person.concerns_section import ConcernsSection  # noqa: E402

SECTIONS.append(ConcernsSection)


class PersonPanel(QDockWidget):
    """Dock with the selected young person's sections; empty when none or several."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Young person", parent)
        self.setObjectName("pageDock")
        self.store = store
        body = QWidget()
        lay = QVBoxLayout(body)
        self.heading = QLabel("Select a young person on the map or in a table.")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.heading)
        self.tabs = QTabWidget()
        # Four sections must all be visible in a narrow dock: no scroll arrows hiding one.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.sections = [cls(store) for cls in SECTIONS]
        for section in self.sections:
            self.tabs.addTab(section, getattr(section, "title", "").replace("&", "&&"))
        lay.addWidget(self.tabs, 1)
        self.setWidget(body)
        store.selection_changed.connect(self._on_selection)
        self._on_selection(store.selected_people)

    def _on_selection(self, ids: frozenset[int]) -> None:
        person_id = next(iter(ids)) if len(ids) == 1 else None
        if person_id is None:
            self.heading.setText(
                "Select one young person on the map or in a table."
                if ids
                else "Select a young person on the map or in a table."
            )
        else:
            with self.store.read() as s:
                p = s.get(YoungPerson, person_id)
                self.heading.setText(p.reference if p else "")
        self.tabs.setEnabled(person_id is not None)
        for section in self.sections:
            section.set_person(person_id)  # type: ignore[attr-defined]
