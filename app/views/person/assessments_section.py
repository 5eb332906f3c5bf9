"""The "Assessments" section of the young person panel: their assessments, their coverage
state and who owns the next step, with add, edit and delete (each one undoable edit)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import YoungPerson
from app.models.vocab import AssessmentStatus
from app.services.coverage.figures import STATE_LABELS
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.assessments import assessments_of, delete_assessments
from app.services.queries.pickers import scales
from app.views.assessments.form import AssessmentForm
from app.views.common.risk import RiskPalette
from app.views.shell.store import Store


class AssessmentsSection(QWidget):
    """One young person's assessments, newest last, and the state they put them in."""

    title = "Assessments"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        self.form: AssessmentForm | None = None
        lay = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("personCoverage")
        self.state.setWordWrap(True)
        lay.addWidget(self.state)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("personAssessments")
        self.table.setHorizontalHeaderLabels(["Agency", "Status", "Date", "Risk"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add...")
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(lambda _d: self.set_person(self.person_id))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("assessment", "young_person", "response") or not changes.ids:
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.table.setRowCount(0)
        editable = person_id is not None and not self.store.readonly
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        if person_id is None:
            self.state.setText("")
            return
        with self.store.read() as s:
            p = s.get(YoungPerson, person_id)
            if p is None:
                self.state.setText("")
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
            for c, text in enumerate((agency, status, f"{when:%d/%m/%Y}" if when else "", risk)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, aid)
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

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add(self) -> AssessmentForm | None:
        if self.person_id is None:
            return None
        self.form = AssessmentForm(self.store, person_id=self.person_id, parent=self)
        self.form.open()
        return self.form

    def edit_selected(self) -> AssessmentForm | None:
        aid = self.selected_id()
        if aid is None:
            return None
        self.form = AssessmentForm(self.store, assessment_id=aid, parent=self)
        self.form.open()
        return self.form

    def delete_selected(self) -> None:
        aid = self.selected_id()
        if aid is not None:
            self.store.run(lambda s: delete_assessments(s, [aid]))
