"""The person panel's "Concerns" section: the selected young person's concerns."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem

from app.models.entities import Setting, YoungPerson
from app.models.vocab import ConcernCategory
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.concerns import concerns_of, contagion_text, delete_concerns
from app.views.concerns.form import edit_concern
from app.views.person.record_section import RecordSection
from app.views.shell.store import Store


class ConcernsSection(RecordSection):
    """Date, category, reporting agency and setting of each concern; add, edit, delete."""

    title = "Concerns"

    def __init__(self, store: Store) -> None:
        super().__init__(store, ["Date", "Category", "Reported by"], "concernsOwner")
        self.owner = self.note
        self.table.setWordWrap(False)
        store.when_seen(self, self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("concern", "setting", "young_person"):
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.clear(person_id)
        if person_id is None:
            self.owner.setText("")
            return
        with self.store.read() as s:
            person = s.get(YoungPerson, person_id)
            self.owner.setText(f"Next step: {next_step_owner(person)}")
            concerns = list(reversed(concerns_of(s, self.store.response_id, person_id=person_id)))
            for c in concerns:
                setting = s.get(Setting, c.setting_id) if c.setting_id else None
                r = self.table.rowCount()
                self.table.insertRow(r)
                category = ConcernCategory.label_for(c.category) or ""
                cells = [f"{c.date:%d/%m/%Y}", category, c.reporting_agency]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    extra = contagion_text(c)
                    where = f" at {setting.name}" if setting else ""
                    item.setToolTip(
                        f"{category}{where}; known {c.date_known:%d/%m/%Y}"
                        + (f"; {extra}" if extra else "")
                    )
                    self.table.setItem(r, col, item)
                self.ids.append(c.id)
        if not self.ids:
            self.owner.setText(self.owner.text() + "\nNo concerns recorded.")

    def add(self) -> None:
        if self.person_id is not None:
            edit_concern(self.store, self, person_id=self.person_id)

    def edit(self, record_id: int) -> None:
        edit_concern(self.store, self, concern_id=record_id)

    def delete(self, record_id: int) -> None:
        self.store.run(lambda s: delete_concerns(s, [record_id]))
