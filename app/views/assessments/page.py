"""The Assessments tab: every assessment of the response in one table, filterable, edited
in place or in the form. Cells are changed through the Store (one undoable, audited edit
each); the rows update when the Store says something changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Assessment, Response, YoungPerson
from app.models.vocab import AssessmentStatus
from app.services.coverage.owner import NO_LEAD, next_step_owner
from app.services.editing.editor import Changes
from app.services.editing.validation import parse_typed_date
from app.services.people.assessments import delete_assessments, update_assessment
from app.services.people.references import reference_sort_text
from app.views.assessments.form import AssessmentForm
from app.views.shell.store import Store

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_KEYS = ("booked_date", "completed_date", "next_review_date")

# (key, header, editable in the table)
COLUMNS: list[tuple[str, str, bool]] = [
    ("reference", "Reference", False),
    ("lead", "Lead (owns the next step)", False),
    ("agency", "Agency", True),
    ("assessor", "Assessor", True),
    ("status", "Status", True),
    ("booked_date", "Booked", True),
    ("completed_date", "Completed", True),
    ("risk", "Assessed risk", True),
    ("need_level", "Level of need", True),
    ("next_review_date", "Next review", True),
    ("notes", "Notes", True),
]
KEYS = [c[0] for c in COLUMNS]


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    person_id: int
    reference: str
    lead: str
    values: dict[str, Any]


def load_rows(store: Store) -> list[AssessmentRow]:
    with store.read() as s:
        people = {
            p.id: p
            for p in s.scalars(
                select(YoungPerson).where(YoungPerson.response_id == store.response_id)
            )
        }
        items = s.scalars(
            select(Assessment).where(Assessment.response_id == store.response_id)
        ).all()
        rows = []
        for a in items:
            p = people.get(a.person_id)
            lead = next_step_owner(p) or NO_LEAD
            rows.append(
                AssessmentRow(
                    id=a.id,
                    person_id=a.person_id,
                    reference=p.reference if p else "?",
                    lead=lead,
                    values={c.name: getattr(a, c.name) for c in Assessment.__table__.columns},
                )
            )
    rows.sort(key=lambda r: (natural(r.reference), r.id))
    return rows


natural = reference_sort_text  # YP-2 < YP-10 < YP-100, as everywhere


parse_day = parse_typed_date  # the one parser of typed dates (ValidationError is a ValueError)


class AssessmentsModel(QAbstractTableModel):
    """All assessments of the response; setData asks the Store for the change."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[AssessmentRow] = []

    def reload(self) -> None:
        rows = load_rows(self.store)
        if [r.id for r in rows] == [r.id for r in self.rows] and rows:
            # Same rows: update in place, so an open editor or the selection survives.
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def _raw(self, row: AssessmentRow, key: str) -> Any:
        if key == "reference":
            return row.reference
        if key == "lead":
            return row.lead
        return row.values.get(key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = KEYS[index.column()]
        value = self._raw(row, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if value is None:
                return ""
            if key in DATE_KEYS:
                return f"{value:%d/%m/%Y}"
            if key == "status" and role == Qt.ItemDataRole.DisplayRole:
                label = AssessmentStatus(value).label
                reason = row.values.get("not_required_reason")
                return f"{label}: {reason}" if value == "not_required" and reason else label
            return str(value)
        if role == SORT_ROLE:
            if key == "reference":
                return natural(row.reference)
            if key in DATE_KEYS:
                return value.isoformat() if value else ""
            return "" if value is None else str(value).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and key in ("notes", "status", "lead") and value:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()][2] and not self.store.readonly:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = KEYS[index.column()]
        if not COLUMNS[index.column()][2]:
            return False
        try:
            new = self._convert(key, value)
        except ValueError as exc:
            self.store.error.emit(str(exc))
            return False
        aid = self.rows[index.row()].id
        return self.store.run(lambda s: update_assessment(s, aid, {key: new})) is not None

    @staticmethod
    def _convert(key: str, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        if key in DATE_KEYS:
            return value if isinstance(value, date) or value is None else parse_day(str(value))
        if key == "status":
            return AssessmentStatus.from_text(str(value)).value
        return value or None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None


class AssessmentFilter(QSortFilterProxyModel):
    """Rows whose text contains the filter words and whose status is the chosen one."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.status: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, status: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.text, self.status = text.strip().casefold(), status
            self.endFilterChange()
        else:
            self.text, self.status = text.strip().casefold(), status
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, AssessmentsModel) or source_row >= len(model.rows):
            return True
        row = model.rows[source_row]
        if self.status and row.values.get("status") != self.status:
            return False
        if not self.text:
            return True
        text = " ".join(
            str(model.data(model.index(source_row, c), Qt.ItemDataRole.DisplayRole))
            for c in range(len(COLUMNS))
        ).casefold()
        return all(word in text for word in self.text.split())


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of (label, value) choices for status, risk and level of need."""

    def __init__(self, choices: Callable[[], list[tuple[str, Any]]], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self.choices():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole) or None
        at = editor.findData(current)
        editor.setCurrentIndex(at if at >= 0 else 0)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: ANN001, N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


class AssessmentsPage(QWidget):
    """Every assessment: filter, add, edit (in place or in the form), delete."""

    title = "Assessments"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.form: AssessmentForm | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("assessmentFilter")
        self.filter_edit.setPlaceholderText("Filter: reference, agency, assessor, risk, notes...")
        self.filter_edit.setClearButtonEnabled(True)
        bar.addWidget(self.filter_edit, 2)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for st in AssessmentStatus:
            self.status_filter.addItem(st.label, st.value)
        bar.addWidget(self.status_filter)
        self.count = QLabel()
        bar.addWidget(self.count, 1)
        self.add_button = QPushButton("Add assessment...")
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.model = AssessmentsModel(store)
        self.proxy = AssessmentFilter()
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("assessmentsTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        statuses = [(st.label, st.value) for st in AssessmentStatus]
        self.view.setItemDelegateForColumn(
            KEYS.index("status"), ChoiceDelegate(lambda: statuses, self.view)
        )
        self.view.setItemDelegateForColumn(
            KEYS.index("risk"), ChoiceDelegate(lambda: self._scale("risk"), self.view)
        )
        self.view.setItemDelegateForColumn(
            KEYS.index("need_level"), ChoiceDelegate(lambda: self._scale("need"), self.view)
        )
        lay.addWidget(self.view, 1)
        hint = QLabel(
            "Double-click a cell to change it, or a reference to open the form. The risk shown "
            "for a young person is the one recorded in their latest completed assessment."
        )
        hint.setStyleSheet("color: #444444;")
        hint.setWordWrap(True)
        lay.addWidget(hint)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.add_button.clicked.connect(lambda: self.open_form())
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        store.changed.connect(self._on_changed)
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(not store.readonly)
        self.refresh()

    def _scale(self, which: str) -> list[tuple[str, Any]]:
        with self.store.read() as s:
            r = s.get(Response, self.store.response_id)
            levels = (r.risk_levels if which == "risk" else r.need_level_list) if r else []
        return [("", None), *((x, x) for x in levels)]

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("assessment", "young_person", "response") or not changes.ids:
            self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        self._update_count()
        if self.view.horizontalHeader().sectionSize(0) < 60 or not hasattr(self, "_sized"):
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for col in range(len(COLUMNS) - 1):  # long cells are elided; the tooltip has all
                header.resizeSection(col, min(header.sectionSize(col), 190))
            self._sized = True

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.filter_edit.text(), self.status_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{total} assessments" if shown == total else f"{shown} of {total} assessments shown"
        )

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in sorted(rows)]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        people = {r.person_id for r in self.model.rows if r.id in ids}
        if people:
            self.store.select_people(people)

    def _double_clicked(self, index: QModelIndex) -> None:
        if not COLUMNS[index.column()][2]:
            self.open_form(index.data(Qt.ItemDataRole.UserRole))

    def _edit_current(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_form(ids[0])

    def open_form(self, assessment_id: int | None = None) -> AssessmentForm:
        """Open the form (not blocking); it saves through the Store when OK is pressed."""
        person = None
        if assessment_id is None and len(self.store.selected_people) == 1:
            person = next(iter(self.store.selected_people))
        self.form = AssessmentForm(self.store, assessment_id=assessment_id, parent=self)
        if person is not None:
            self.form.person.setCurrentIndex(max(0, self.form.person.findData(person)))
        self.form.open()
        return self.form

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.run(lambda s: delete_assessments(s, ids))
