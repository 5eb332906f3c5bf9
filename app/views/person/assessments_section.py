"""The "Assessments" section of the young person panel: their assessments, their coverage
state and who owns the next step, with add, edit and delete (each one undoable edit)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from app.models.entities import YoungPerson
from app.models.vocab import AssessmentStatus
from app.services.coverage.figures import STATE_LABELS
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.assessments import assessments_of, delete_assessments
from app.services.queries.pickers import scales
from app.views.assessments.form import AssessmentForm
from app.views.common.risk import RiskPalette
from app.views.person.record_section import RecordSection
from app.views.shell.store import Store


class AssessmentsSection(RecordSection):
    """One young person's assessments, newest last, and the state they put them in."""

    title = "Assessments"

    def __init__(self, store: Store) -> None:
        super().__init__(store, ["Agency", "Status", "Date", "Risk"], "personCoverage")
        self.state = self.note
        self.form: AssessmentForm | None = None
        self.table.setObjectName("personAssessments")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(lambda _d: self.set_person(self.person_id))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("assessment", "young_person", "response") or not changes.ids:
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.clear(person_id)
        self.state.setText("")
        if person_id is None:
            return
        with self.store.read() as s:
            p = s.get(YoungPerson, person_id)
            if p is None:
                return
            items = assessments_of(s, person_id)
            palette = RiskPalette(scales(s, self.store.response_id).risk_levels)
            cov = self.store.coverage(s, self.store.as_at)  # shared, once per change
            lead = next_step_owner(p)
            mine = next((c for c in cov.people if c.person_id == person_id), None)
            rows = [
                (
                    a.id,
                    a.agency,
                    AssessmentStatus(a.status).label,
                    a.completed_date or a.booked_date,
                    a.risk or "",
                )
                for a in items
            ]
        state = STATE_LABELS[mine.state] if mine else "Not counted (not in scope)"
        self.state.setText(f"<b>Coverage:</b> {state}<br><b>Next step:</b> {lead}")
        self.table.setRowCount(len(rows))
        for r, (aid, agency, status, when, risk) in enumerate(rows):
            self.ids.append(aid)
            for c, text in enumerate((agency, status, f"{when:%d/%m/%Y}" if when else "", risk)):
                item = QTableWidgetItem(text)
                if c == 3:  # the recorded risk: the map's colour and shape, and the word
                    for role in (
                        Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.DecorationRole,
                    ):
                        value = palette.cell(risk, role)
                        if value is not None:
                            item.setData(role, value)
                self.table.setItem(r, c, item)

    def add(self) -> AssessmentForm | None:
        if self.person_id is None:
            return None
        self.form = AssessmentForm(self.store, person_id=self.person_id, parent=self)
        self.form.open()
        return self.form

    def edit(self, record_id: int) -> AssessmentForm:
        self.form = AssessmentForm(self.store, assessment_id=record_id, parent=self)
        self.form.open()
        return self.form

    def delete(self, record_id: int) -> None:
        self.store.run(lambda s: delete_assessments(s, [record_id]))
