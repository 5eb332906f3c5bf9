"""Person panel section "Plans & parents": the selected young person's plans, parental
contact (with the warning when a school meeting comes before parents are informed) and
cross-boundary agreement. Every change goes through the Store as one undoable step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import YoungPerson
from app.models.vocab import AGENCIES, PlanStatus, PlanType
from app.services.editing.editor import Changes
from app.services.meetings.plans import (
    add_plan,
    agreement_in_words,
    agreement_of,
    contact_in_words,
    contact_of,
    delete_plans,
    parental_warning,
    plan_rows,
    record_agreement,
    record_parental_contact,
    update_plan,
)
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.common.widgets import DateField
from app.views.shell.store import Store

WARNING_STYLE = (
    "background: #fde0d6; color: #7a1f00; font-weight: bold; padding: 4px; "
    "border: 1px solid #d55e00;"
)
TABLES = ("plan", "parental_contact", "cross_boundary_agreement", "young_person")


def _agency_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(AGENCIES))
    combo.setCurrentIndex(-1)
    return combo


class PlansSection(QScrollArea):
    """Plans, parental contact and cross-boundary agreement for one young person."""

    title = "Plans"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        self.setWidgetResizable(True)
        # Fit the dock's width; the dock must not push the pages aside.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.boxes = [self._plans_box(), self._parents_box(), self._boundary_box()]
        for box in self.boxes:
            lay.addWidget(box)
        lay.addStretch(1)
        self.setWidget(body)
        store.when_seen(self, self._on_changed)

    # ----- building --------------------------------------------------------------------
    def _plans_box(self) -> QGroupBox:
        box = QGroupBox("Plans")
        lay = QVBoxLayout(box)
        self.plans = RowTableModel(
            [
                Column(
                    "type",
                    "Plan",
                    editable=True,
                    kind="choice",
                    choices=tuple((t.value, t.label) for t in PlanType),
                ),
                Column("supporting_agency", "Supporting agency", editable=True, optional=False),
                Column("lead", "Lead", editable=True),
                Column("review_date", "Review", editable=True, kind="date"),
                Column(
                    "status",
                    "Status",
                    editable=True,
                    kind="choice",
                    choices=tuple((s.value, s.label) for s in PlanStatus),
                ),
            ],
            commit=self._commit_plan,
        )
        self.plans_view = make_table(self.plans)
        self.plans_view.setObjectName("plansTable")
        self.plans_view.setFixedHeight(120)
        lay.addWidget(self.plans_view)
        form = QFormLayout()
        self.plan_type = QComboBox()
        for t in PlanType:
            self.plan_type.addItem(t.label, t.value)
        self.plan_type.setCurrentIndex(self.plan_type.findData("safety"))
        self.plan_agency = _agency_combo()
        self.plan_agency.setPlaceholderText("Supporting agency")
        form.addRow("New plan", self.plan_type)
        form.addRow("Supporting agency", self.plan_agency)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.add_plan_button = QPushButton("Add plan")
        self.add_plan_button.clicked.connect(self._add_plan)
        remove = QPushButton("Delete selected")
        remove.clicked.connect(self._delete_plans)
        row.addWidget(self.add_plan_button)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _parents_box(self) -> QGroupBox:
        box = QGroupBox("Parents and carers")
        lay = QVBoxLayout(box)
        self.contact_text = QLabel()
        self.contact_text.setObjectName("contactText")
        self.contact_text.setWordWrap(True)
        lay.addWidget(self.contact_text)
        self.warning = QLabel()
        self.warning.setObjectName("parentWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        lay.addWidget(self.warning)
        form = QFormLayout()
        self.informed = DateField(None, optional=True)
        self.informed_by = QLineEdit()
        self.informed_by.setPlaceholderText("Who informed them")
        self.not_inform = QCheckBox("Decided not to inform")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why (required for that decision)")
        self.school_meeting = DateField(None, optional=True)
        self.school_meeting.setToolTip(
            "When staff plan to meet the young person in school. Parents or carers are "
            "informed before it (procedure, section 5)."
        )
        form.addRow("Informed on", self.informed)
        form.addRow("Informed by", self.informed_by)
        form.addRow("", self.not_inform)
        form.addRow("Reason", self.reason)
        form.addRow("School meeting", self.school_meeting)
        lay.addLayout(form)
        self.save_contact_button = QPushButton("Save parental contact")
        self.save_contact_button.clicked.connect(self._save_contact)
        lay.addWidget(self.save_contact_button)
        return box

    def _boundary_box(self) -> QGroupBox:
        box = QGroupBox("Cross-boundary agreement")
        lay = QVBoxLayout(box)
        self.boundary_text = QLabel()
        self.boundary_text.setObjectName("boundaryText")
        self.boundary_text.setWordWrap(True)
        lay.addWidget(self.boundary_text)
        form = QFormLayout()
        self.other_area = QLineEdit()
        self.other_area.setPlaceholderText("The other area")
        self.who_assesses = QLineEdit()
        self.who_supports = QLineEdit()
        self.by_csc = QCheckBox("Agreed by Children's Services")
        self.by_police = QCheckBox("Agreed by Police")
        self.agreed_on = DateField(None, optional=True)
        form.addRow("Other area", self.other_area)
        form.addRow("Who assesses", self.who_assesses)
        form.addRow("Who supports", self.who_supports)
        form.addRow("", self.by_csc)
        form.addRow("", self.by_police)
        form.addRow("Agreed on", self.agreed_on)
        lay.addLayout(form)
        save = QPushButton("Save agreement")
        save.clicked.connect(self._save_agreement)
        lay.addWidget(save)
        return box

    def sizeHint(self) -> QSize:  # noqa: N802
        # Keep the dock as narrow as the other sections; the tables scroll inside it.
        return QSize(280, 480)

    # ----- showing ---------------------------------------------------------------------
    def _fit_height(self) -> None:
        """Scroll rather than squash the forms when the dock is short (wrapped labels such
        as the warning need more height in a narrow dock)."""
        body = self.widget()
        margins = body.layout().contentsMargins()
        width = max(200, self.viewport().width() - margins.left() - margins.right())
        for box in self.boxes:
            need = box.heightForWidth(width)
            box.setMinimumHeight(max(need, box.minimumSizeHint().height()))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._fit_height()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*TABLES):
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        rows: list[dict[str, Any]] = []
        contact = agreement = None
        with self.store.read() as s:
            p = s.get(YoungPerson, person_id) if person_id else None
            if p is None:
                self.person_id = None
            else:
                rows = [
                    {
                        "id": r.id,
                        "type": r.type,
                        "supporting_agency": r.supporting_agency,
                        "lead": r.lead,
                        "review_date": r.review_date,
                        "status": r.status,
                    }
                    for r in plan_rows(s, p.response_id, p.id)
                ]
                contact = contact_of(s, p.id)
                agreement = agreement_of(s, p.id)
                words = contact_in_words(contact)
                warning = parental_warning(contact)
                boundary = agreement_in_words(agreement)
        self.plans.set_rows(rows)
        fit_rows(self.plans_view)
        if self.person_id is None:
            for label in (self.contact_text, self.boundary_text):
                label.setText("")
            self.warning.hide()
            return
        self.contact_text.setText(f"Parents/carers: {words}")
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        self.informed.set_value(contact.informed_date if contact else None)
        self.informed_by.setText((contact.informed_by or "") if contact else "")
        self.not_inform.setChecked(bool(contact and contact.decided_not_to_inform))
        self.reason.setText((contact.reason or "") if contact else "")
        self.school_meeting.set_value(contact.school_meeting_date if contact else None)
        self.boundary_text.setText(boundary)
        a = agreement
        self.other_area.setText(a.other_area if a else "")
        self.who_assesses.setText((a.who_assesses or "") if a else "")
        self.who_supports.setText((a.who_supports or "") if a else "")
        self.by_csc.setChecked(bool(a and a.agreed_by_csc))
        self.by_police.setChecked(bool(a and a.agreed_by_police))
        self.agreed_on.set_value(a.agreed_date if a else None)
        self._fit_height()

    # ----- edits -----------------------------------------------------------------------
    def _commit_plan(self, row_id: int, key: str, value: Any) -> bool:
        return self.store.run(lambda s: update_plan(s, row_id, {key: value})) is not None

    def _add_plan(self) -> None:
        pid = self.person_id
        if pid is None:
            return
        values = {
            "person_id": pid,
            "type": self.plan_type.currentData(),
            "supporting_agency": self.plan_agency.currentText().strip(),
        }
        rid = self.store.response_id
        if self.store.run(lambda s: add_plan(s, rid, values)) is not None:
            self.plan_agency.setCurrentIndex(-1)

    def _delete_plans(self) -> None:
        sel = self.plans_view.selectionModel().selectedRows()
        ids = sorted({self.plans.row_id(i.row()) for i in sel})
        if ids:
            self.store.run(lambda s: delete_plans(s, ids))

    def _save_contact(self) -> None:
        pid = self.person_id
        if pid is None:
            return
        values = {
            "informed_date": self.informed.value(),
            "informed_by": self.informed_by.text(),
            "decided_not_to_inform": self.not_inform.isChecked(),
            "reason": self.reason.text(),
            "school_meeting_date": self.school_meeting.value(),
        }
        self.store.run(lambda s: record_parental_contact(s, pid, values))

    def _save_agreement(self) -> None:
        pid = self.person_id
        if pid is None:
            return
        values = {
            "other_area": self.other_area.text(),
            "who_assesses": self.who_assesses.text(),
            "who_supports": self.who_supports.text(),
            "agreed_by_csc": self.by_csc.isChecked(),
            "agreed_by_police": self.by_police.isChecked(),
            "agreed_date": self.agreed_on.value(),
        }
        self.store.run(lambda s: record_agreement(s, pid, values))
