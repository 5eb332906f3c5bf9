"""The one list page: a filterable, sortable table of rows edited in place or in a form.

A page is a declaration (its columns by key, its filter drop-downs, which tables it
follows, how it reads its rows, updates and deletes them and opens its form) on
`TablePage`. Columns are always found by key, never by position, so adding a column
never breaks editing. Every page filters by the same rule (`matches`): the typed text,
ignoring case and accents, inside the shown text of any column. The rows are kept in
the order shown by the model itself (app/views/common/page_model.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.services.editing.editor import Changes, Edit
from app.services.queries.rows import Row
from app.views.common.page_model import PageModel, RowFilter, fold, matches, parse_day
from app.views.common.presentation import hides
from app.views.common.risk import BADGE, RiskPalette
from app.views.common.row_table import Column, make_table
from app.views.common.table_base import FITTING, fixed_rows
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["Filter", "TablePage", "fold", "matches", "parse_day"]


@dataclass(frozen=True)
class Filter:
    """A drop-down that keeps the rows whose `key` holds the chosen value."""

    key: str
    everything: str  # the first item, which keeps every row ("All categories")
    choices: tuple[tuple[Any, str], ...]  # (value, label)


class TablePage(QWidget):
    """Every row of one kind: filter, sort, edit in place, add, edit, delete.

    Subclasses declare the class attributes and write `read_rows`, `update`, `delete`
    and `open_form` (and `choices` when a choice column's list comes from the data).
    Rows carry a "person_id": selecting rows selects their young people everywhere.
    """

    title = ""
    NOUN = "rows"  # "12 concerns"
    COLUMNS: tuple[Column, ...] = ()
    FILTERS: tuple[Filter, ...] = ()
    TOUCHES: tuple[str, ...] = ()  # tables whose change refreshes the rows
    SORT: tuple[str, Qt.SortOrder] = ("", Qt.SortOrder.AscendingOrder)
    PLACEHOLDER = "Filter"
    ADD_TEXT = "Add..."
    NOTE = ""  # a line of help under the buttons
    MAX_WIDTH = 320  # longer cells (notes, reasons) are elided; the tooltip has all
    RISK_KEYS: tuple[str, ...] = ()  # columns holding a recorded risk word
    risk_palette: RiskPalette | None = None  # set by read_rows on pages with RISK_KEYS

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.form: QDialog | None = None
        editable = not store.readonly
        self.model = PageModel(self, self._commit if editable else None)
        # The model and its filter are the page's children, deleted with it: parentless,
        # they outlived a closed file (see app/views/map/page.py).
        self.model.setParent(self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        for f in self.FILTERS:
            box = QComboBox()
            box.addItem(f.everything, None)
            for value, label in f.choices:
                box.addItem(label, value)
            box.currentIndexChanged.connect(self._filter)
            self.filters[f.key] = box
            bar.addWidget(box)
        self.count = QLabel()
        bar.addWidget(self.count, 1)
        self.add_button = QPushButton(self.ADD_TEXT)
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        if self.NOTE:
            note = QLabel(self.NOTE)
            note.setWordWrap(True)
            note.setStyleSheet("color: #444444;")
            lay.addWidget(note)
        self.view = make_table(self.model)
        self.view.setModel(self.proxy)
        # One line per row, one height for all (the badge's included), from the font.
        fixed_rows(self.view, BADGE if self.RISK_KEYS else 0)
        self.view.setSortingEnabled(True)
        key, order = self.SORT
        self.view.sortByColumn(self.column(key) if key else 0, order)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        lay.addWidget(self.view, 1)

        self.search.textChanged.connect(self._filter)
        self.add_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        store.when_seen(self, self._on_changed)
        self.refresh()

    # ----- what a page declares ---------------------------------------------------------
    def read_rows(self, session: Session) -> list[Row]:
        raise NotImplementedError

    def update(self, session: Session, row_id: int, values: dict[str, Any]) -> Edit:
        raise NotImplementedError

    def delete(self, session: Session, ids: list[int]) -> Edit:
        raise NotImplementedError

    def open_form(self, row_id: int | None) -> QDialog:
        """Open the add (None) or edit form, not blocking; it saves through the Store."""
        raise NotImplementedError

    def choices(self, column: Column) -> tuple[tuple[Any, str], ...]:
        return column.choices

    # ----- the page --------------------------------------------------------------------
    def column(self, key: str) -> int:
        """The position of the column shown for `key` (columns are found by key)."""
        return next(i for i, c in enumerate(self.COLUMNS) if c.key == key)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        return self.store.run(lambda s: self.update(s, row_id, {key: value})) is not None

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.TOUCHES) or not changes.ids:
            self.refresh()

    def refresh(self) -> None:
        with self.store.read() as s:
            rows = self.read_rows(s)
        first = not self.model.rows
        self.model.set_rows(rows)
        if first or self.view.horizontalHeader().sectionSize(0) < 40:
            self.fit_columns()
        self._update()

    def fit_columns(self, rows: int = 50) -> None:
        """Each column as wide as its header (sort arrow included) and the longest text of
        the first `rows` rows, up to MAX_WIDTH; a longer cell further down is elided, with
        its tooltip. Measured here with the font's metrics on the texts the model shows:
        Qt's own fitting asked the model for eight roles of every cell it measured (7,000
        Python calls, a third of the Assessments tab's first show at 2,000 young people)."""
        view, header = self.view, self.view.horizontalHeader()
        metrics = QFontMetricsF(view.font())  # fractional widths, rounded up as Qt does
        style = view.style()
        # QStyledItemDelegate's text margins either side, and the grid line.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        pad = 2 * margin + (1 if view.showGrid() else 0)
        shown = self.model.rows[:rows]
        view.setProperty(FITTING, True)
        header.setStretchLastSection(False)
        try:
            for i, col in enumerate(self.model.columns):
                if view.isColumnHidden(i):
                    continue
                texts = set() if hides(col.key) else {self.model.texts(r)[i] for r in shown}
                widest = ceil(max(map(metrics.horizontalAdvance, texts), default=0))
                if widest and col.key in self.RISK_KEYS and self.risk_palette is not None:
                    widest += BADGE + margin  # the risk's badge left of its word
                width = max(header.sectionSizeHint(i), widest + pad if widest else 0)
                header.resizeSection(i, min(width, self.MAX_WIDTH))
            header.setStretchLastSection(True)
        finally:
            view.setProperty(FITTING, False)

    def _filter(self) -> None:
        chosen = {k: box.currentData() for k, box in self.filters.items()}
        self.proxy.set_filter(self.search.text(), chosen)
        self._update()

    def _update(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{total} {self.NOUN}" if shown == total else f"{shown} of {total} {self.NOUN} shown"
        )
        editable = not self.store.readonly
        chosen = bool(self.selected_ids())
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and chosen)
        self.delete_button.setEnabled(editable and chosen)

    def selected_rows(self) -> list[Row]:
        selected = self.view.selectionModel().selectedRows()
        rows = {self.proxy.mapToSource(i).row() for i in selected}
        return [self.model.rows[r] for r in sorted(rows) if r < len(self.model.rows)]

    def selected_ids(self) -> list[int]:
        return [int(r["id"]) for r in self.selected_rows()]

    def _selection_changed(self) -> None:
        people = {r["person_id"] for r in self.selected_rows()}
        if people:
            self.store.select_people(people)
        self._update()

    def _double_clicked(self, index: QModelIndex) -> None:
        # Editable cells edit in place; the others open the whole form for that row.
        if self.store.readonly or self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return
        self.open_form(self.model.row_id(self.proxy.mapToSource(index).row()))

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_form(ids[0])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.run(lambda s: self.delete(s, ids))
