"""The Concerns tab: every concern in a filterable table, edited through the Store.

The model is a thin adapter over rows read from the database; `setData` asks the Store
for an undoable edit and the rows refresh when the Store says something changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
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
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Concern, Setting, YoungPerson
from app.models.vocab import ConcernCategory, ConcernSource, DatePrecision, MedicalAttention
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.concerns import contagion_text, delete_concerns, update_concern
from app.services.people.references import reference_sort_text
from app.views.common.table_base import ColumnsModel
from app.views.common.widgets import from_qdate, to_qdate
from app.views.concerns.form import edit_concern
from app.views.shell.store import Store

Index = QModelIndex | QPersistentModelIndex
COLUMNS = [
    "Reference",
    "Next step owner",
    "Date",
    "Precision",
    "Date known",
    "Reporting agency",
    "Source",
    "Setting",
    "Category",
    "Medical attention",
    "Contagion indicators",
]
DATE_COLS = {2: "date", 4: "date_known"}
TEXT_COLS = {5: "reporting_agency"}
ENUM_COLS: dict[int, tuple[str, type]] = {
    6: ("source", ConcernSource),
    8: ("category", ConcernCategory),
    9: ("medical_attention", MedicalAttention),
}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ConcernRow:
    id: int
    person_id: int
    reference: str
    date: date
    precision: str
    date_known: date
    agency: str
    source: str | None
    setting: str
    category: str
    medical: str | None
    contagion: str
    owner: str


def _label(enum: type, code: str | None) -> str:
    return enum.label_for(code) or ""


def read_rows(store: Store) -> list[ConcernRow]:
    with store.read() as s:
        people = {
            p.id: p
            for p in s.scalars(
                select(YoungPerson).where(YoungPerson.response_id == store.response_id)
            )
        }
        settings = {
            x.id: x.name
            for x in s.scalars(select(Setting).where(Setting.response_id == store.response_id))
        }
        rows = []
        for c in s.scalars(
            select(Concern)
            .where(Concern.response_id == store.response_id)
            .order_by(Concern.date.desc(), Concern.id.desc())
        ):
            p = people.get(c.person_id)
            rows.append(
                ConcernRow(
                    c.id,
                    c.person_id,
                    p.reference if p else "?",
                    c.date,
                    c.date_precision,
                    c.date_known,
                    c.reporting_agency,
                    c.source,
                    settings.get(c.setting_id, "") if c.setting_id else "",
                    c.category,
                    c.medical_attention,
                    contagion_text(c),
                    next_step_owner(p),
                )
            )
    return rows


class ConcernsModel(ColumnsModel):
    COLUMNS = COLUMNS

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[ConcernRow] = []
        self.refresh()

    def refresh(self) -> None:
        self.set_rows(read_rows(self.store))

    def _display(self, r: ConcernRow, col: int) -> str:
        return [
            r.reference,
            r.owner,
            f"{r.date:%d/%m/%Y}",
            _label(DatePrecision, r.precision),
            f"{r.date_known:%d/%m/%Y}",
            r.agency,
            _label(ConcernSource, r.source),
            r.setting,
            _label(ConcernCategory, r.category),
            _label(MedicalAttention, r.medical),
            r.contagion,
        ][col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole:
            if col in DATE_COLS:
                return to_qdate(r.date if DATE_COLS[col] == "date" else r.date_known)
            return self._display(r, col)
        if role == SORT_ROLE:
            if col in DATE_COLS:
                return (r.date if DATE_COLS[col] == "date" else r.date_known).isoformat()
            return (
                reference_sort_text(r.reference) if col == 0 else self._display(r, col).casefold()
            )
        if role == CATEGORY_ROLE:
            return r.category
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = index.column()
        if not self.store.readonly and (col in DATE_COLS or col in TEXT_COLS or col in ENUM_COLS):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        r, col = self.rows[index.row()], index.column()
        if col in DATE_COLS:
            if not isinstance(value, QDate):
                return False
            values: dict[str, Any] = {DATE_COLS[col]: from_qdate(value)}
        elif col in TEXT_COLS:
            values = {TEXT_COLS[col]: str(value)}
        elif col in ENUM_COLS:
            field, enum = ENUM_COLS[col]
            text = str(value or "").strip()
            try:
                values = {field: enum.from_text(text).value if text else None}
            except ValueError as exc:
                self.store.error.emit(str(exc))
                return False
        else:
            return False
        concern_id = r.id
        return self.store.run(lambda s: update_concern(s, concern_id, values)) is not None


class EnumDelegate(QStyledItemDelegate):
    """A drop-down of the vocabulary's labels for the enumerated columns."""

    def createEditor(self, parent, option, index):  # noqa: ANN001, ANN201, N802
        col = index.column()
        if col not in ENUM_COLS:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        enum = ENUM_COLS[col][1]
        if ENUM_COLS[col][0] != "category":  # category is required
            box.addItem("")
        box.addItems(enum.labels())
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: ANN001, N802
        if isinstance(editor, QComboBox):
            editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: ANN001, N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class ConcernsFilter(QSortFilterProxyModel):
    """Filters by free text (any column) and by category."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.category: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, category: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.text, self.category = text.strip().casefold(), category
            self.endFilterChange()
        else:
            self.text, self.category = text.strip().casefold(), category
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.category is not None:
            if model.index(row, 0, parent).data(CATEGORY_ROLE) != self.category:
                return False
        if not self.text:
            return True
        return any(
            self.text in str(model.index(row, c, parent).data() or "").casefold()
            for c in range(model.columnCount())
        )


class ConcernsPage(QWidget):
    """Every concern recorded, newest first; selecting one selects its young person."""

    title = "Concerns"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.model = ConcernsModel(store)
        self.proxy = ConcernsFilter()
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Add concern...")
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: reference, agency, setting, ...")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem("All categories", None)
        for m in ConcernCategory:
            self.category.addItem(m.label, m.value)
        self.count = QLabel()
        for w in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.category)
        bar.addWidget(self.count)
        lay.addLayout(bar)
        note = QLabel(
            "Coarse categories only: Circles never records a self-harm method. "
            "Double-click a date, agency, source, category or medical attention to change it."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #444;")
        lay.addWidget(note)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(EnumDelegate(self.view))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.view, 1)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.search.textChanged.connect(self._filter)
        self.category.currentIndexChanged.connect(self._filter)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.doubleClicked.connect(self._on_double_click)
        store.changed.connect(self._on_changed)
        self._update()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("concern", "young_person", "setting"):
            self.model.refresh()
            self._update()

    def _update(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for col in range(self.model.columnCount()):
            # Long setting names and categories are elided (full text in the tooltip) so
            # the next step owner stays in view at 1366 pixels wide.
            header.resizeSection(col, min(header.sectionSize(col), 150))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{shown} of {total} concerns" if shown != total else f"{total} concerns"
        )
        editable = not self.store.readonly
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and bool(self.selected_ids()))
        self.delete_button.setEnabled(editable and bool(self.selected_ids()))

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.category.currentData())
        self._update()

    def selected_rows(self) -> list[ConcernRow]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def _on_selection(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.store.select_people({r.person_id for r in rows})
        self._update()

    def _on_double_click(self, index: QModelIndex) -> None:
        # Editable cells edit in place; the others open the whole form.
        if not (self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable):
            self.edit()

    def add(self) -> None:
        people = self.store.selected_people
        edit_concern(self.store, self, person_id=next(iter(people)) if len(people) == 1 else None)

    def edit(self) -> None:
        ids = self.selected_ids()
        if ids:
            edit_concern(self.store, self, concern_id=ids[0])

    def delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.run(lambda s: delete_concerns(s, ids))
