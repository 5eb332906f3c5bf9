"""The import preview: sheets, column mapping, rows to add / update / skip, likely
duplicates and problems. Importing is one Store step (one undo step, one audit entry)
and is only possible when there is no problem left."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import Response
from app.services.coverage.owner import owner_text
from app.services.importing import (
    ADD,
    KINDS,
    MERGE,
    SKIP,
    ImportPlan,
    SourceData,
    import_edit,
    plan_from_source,
)
from app.services.importing.fields import FIELDS, SETTINGS
from app.services.importing.source import CellError, Formula
from app.services.network.import_placement import with_placement
from app.views.exchange.import_models import PlanRowsModel, ProblemsModel
from app.views.shell.store import Store

NOT_IMPORTED = "(not imported)"
DECISION_TEXT = {MERGE: "Merge into {ref}", SKIP: "Skip this row", ADD: "Add as a new young person"}


def _shown(value: object) -> str:
    """A cell as the user typed it: dates dd/mm/yyyy, formulas as their text."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Formula | CellError):
        return value.text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clear(table: QTableWidget) -> None:
    """Empty a table whose cells hold combo boxes; hide them at once (deletion is later)."""
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            widget = table.cellWidget(row, column)
            if widget is not None:
                widget.hide()
    table.setRowCount(0)


def _table(model) -> QTableView:  # noqa: ANN001
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fit columns to the first rows only: a 10,000-row preview stays quick to re-plan.
    view.horizontalHeader().setResizeContentsPrecision(200)
    return view


class ImportDialog(QDialog):
    """Preview and apply one import file into the open response."""

    def __init__(self, store: Store, data: SourceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data = data
        self.mapping: dict[str, dict[str, str | None]] = {}
        self.kinds: dict[str, str | None] = {}
        self.decisions: dict[tuple[str, int], str] = {}
        self.plan: ImportPlan | None = None
        self._leads_now: dict[object, str] = {}
        self.imported = False
        self.setWindowTitle(f"Import {data.path.name}")
        self.resize(1180, 700)

        with store.read() as s:
            response = s.get(Response, store.response_id)
            title = response.title if response else ""
        self.heading = QLabel(f"<b>Import {data.path.name}</b> into {title}")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #444;")

        self.sheets = QTableWidget(0, 3)
        self.sheets.setHorizontalHeaderLabels(["Sheet in the file", "Rows", "Import as"])
        self.sheets.verticalHeader().setVisible(False)
        self.sheets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sheets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sheets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.currentCellChanged.connect(lambda *_: self._fill_columns())
        self.columns = QTableWidget(0, 3)
        self.columns.setHorizontalHeaderLabels(["Column in the file", "First value", "Imported as"])
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns_box = QGroupBox("Columns")

        self.rows_model = PlanRowsModel()
        self.rows_view = _table(self.rows_model)
        self.show_skipped = QCheckBox("Show rows that are unchanged or skipped")
        self.show_skipped.toggled.connect(lambda _on: self._fill_rows())
        rows_page = QWidget()
        rows_lay = QVBoxLayout(rows_page)
        rows_lay.setContentsMargins(0, 4, 0, 0)
        rows_lay.addWidget(self.show_skipped)
        rows_lay.addWidget(self.rows_view)
        self.problems_model = ProblemsModel()
        self.problems_view = _table(self.problems_model)
        self.problems_view.setWordWrap(True)
        self.duplicates = QTableWidget(0, 4)
        self.duplicates.setHorizontalHeaderLabels(
            ["Row", "Young person in the file", "Looks like", "What to do"]
        )
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicates.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(rows_page, "Rows")
        self.tabs.addTab(self.duplicates, "Likely duplicates")
        self.tabs.addTab(self.problems_view, "Problems")

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)

        sheets_box = QGroupBox("Sheets")
        QVBoxLayout(sheets_box).addWidget(self.sheets)
        QVBoxLayout(self.columns_box).addWidget(self.columns)
        top = QHBoxLayout()
        top.addWidget(sheets_box, 2)
        top.addWidget(self.columns_box, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.summary)
        lay.addLayout(top, 2)
        lay.addWidget(self.tabs, 3)
        lay.addWidget(self.notes)
        lay.addWidget(buttons)

        self._fill_sheets()
        self.replan()
        if self.sheets.rowCount():
            self.sheets.setCurrentCell(0, 0)
        if self.plan is not None and self.plan.problems:
            self.tabs.setCurrentWidget(self.problems_view)

    # ----- planning ---------------------------------------------------------------------
    def replan(self) -> None:
        with self.store.read() as s:
            self.plan = plan_from_source(
                s,
                self.store.response_id,
                self.data,
                mapping=self.mapping,
                kinds=self.kinds,
                decisions=self.decisions,
            )
            self._leads_now = self._leads(s)
        plan = self.plan
        self.mapping = {k: dict(v) for k, v in plan.mapping.items()}
        self.kinds = dict(plan.kinds)
        self._fill_rows()
        self.problems_model.set_problems(plan.problems)
        self.problems_view.resizeColumnsToContents()
        self._fill_duplicates()
        n = len(plan.problems)
        changing = sum(1 for r in plan.rows if r.action != "skip")
        self.tabs.setTabText(0, f"Rows to add or update ({changing})")
        self.show_skipped.setText(
            f"Show rows that are unchanged or skipped ({len(plan.rows) - changing})"
        )
        self.tabs.setTabText(1, f"Likely duplicates ({len(plan.duplicates)})")
        self.tabs.setTabText(2, f"Problems ({n})")
        lines = plan.sentence()
        if n:
            self.summary.setText(
                f"<span style='color:#a40000'><b>{n} problem{'s' if n != 1 else ''}</b>: fix "
                "the file (or the column choices below) and import it again. Nothing will be "
                f"changed until there are none.</span><br>{lines}"
            )
        else:
            self.summary.setText(f"Ready to import: {lines}")
        self.notes.setText(" ".join(plan.notes))
        self.notes.setVisible(bool(plan.notes))
        self.import_button.setEnabled(plan.ok and plan.changes_anything and not self.store.readonly)
        self._fill_columns()

    def _fill_rows(self) -> None:
        if self.plan is None:
            return
        self.rows_model.set_plan(self.plan, self._leads_now, skipped=self.show_skipped.isChecked())
        self.rows_view.resizeColumnsToContents()

    def _leads(self, s) -> dict[object, str]:  # noqa: ANN001
        """Lead professional (agency) per young person in the plan: who owns the next step."""
        from app.models.entities import YoungPerson

        assert self.plan is not None
        leads: dict[object, str] = {}
        for r in self.plan.rows:
            if r.table != "young_person":
                continue
            values = dict(r.values)
            if isinstance(r.target, int):
                p = s.get(YoungPerson, r.target)
                if p is not None:
                    values = {
                        "lead_professional": p.lead_professional,
                        "lead_agency": p.lead_agency,
                    } | {k: v for k, v in values.items() if k.startswith("lead_")}
            who, agency = values.get("lead_professional"), values.get("lead_agency")
            leads[r.target] = owner_text(who, agency)
        return leads

    # ----- sheets and columns -----------------------------------------------------------
    def _fill_sheets(self) -> None:
        self.sheets.setRowCount(len(self.data.sheets))
        for i, sheet in enumerate(self.data.sheets):
            self.sheets.setItem(i, 0, QTableWidgetItem(sheet.name))
            more = "+" if sheet.too_many_rows else ""
            self.sheets.setItem(i, 1, QTableWidgetItem(f"{len(sheet.rows):,}{more}"))
            combo = QComboBox()
            choices = [*KINDS, *([SETTINGS] if sheet.kind == SETTINGS else []), NOT_IMPORTED]
            combo.addItems(choices)
            combo.setCurrentText(sheet.kind or NOT_IMPORTED)
            combo.currentTextChanged.connect(
                lambda text, name=sheet.name: self._set_kind(name, text)
            )
            self.sheets.setCellWidget(i, 2, combo)
        self.sheets.resizeColumnToContents(1)
        self.sheets.setColumnWidth(2, 160)

    def _set_kind(self, sheet: str, text: str) -> None:
        self.kinds[sheet] = None if text == NOT_IMPORTED else text
        self.mapping.pop(sheet, None)  # columns are matched again for the new kind
        self.replan()

    def current_sheet(self):  # noqa: ANN201
        row = self.sheets.currentRow()
        return self.data.sheets[row] if 0 <= row < len(self.data.sheets) else None

    def _fill_columns(self) -> None:
        sheet = self.current_sheet()
        _clear(self.columns)
        if sheet is None:
            return
        kind = self.kinds.get(sheet.name, sheet.kind)
        shown = f" (as {kind})" if kind and kind != sheet.name else ""
        self.columns_box.setTitle(f"Columns of {sheet.name}{shown}")
        mapping = self.mapping.get(sheet.name, {})
        headers = [h for h in sheet.headers if h]
        self.columns.setRowCount(len(headers))
        first = sheet.rows[0][1] if sheet.rows else ()
        for i, header in enumerate(headers):
            index = sheet.headers.index(header)
            sample = first[index] if index < len(first) else None
            self.columns.setItem(i, 0, QTableWidgetItem(header))
            self.columns.setItem(i, 1, QTableWidgetItem(_shown(sample)))
            combo = QComboBox()
            if kind is None:
                combo.addItem(NOT_IMPORTED)
                combo.setEnabled(False)
            else:
                combo.addItem(NOT_IMPORTED)
                combo.addItems([f.header for f in FIELDS[kind]])
                combo.setCurrentText(mapping.get(header) or NOT_IMPORTED)
                combo.currentTextChanged.connect(
                    lambda text, h=header, name=sheet.name: self._set_column(name, h, text)
                )
            self.columns.setCellWidget(i, 2, combo)
        self.columns.resizeColumnToContents(0)
        self.columns.setColumnWidth(2, 190)

    def _set_column(self, sheet: str, header: str, text: str) -> None:
        self.mapping.setdefault(sheet, {})[header] = None if text == NOT_IMPORTED else text
        self.replan()

    # ----- duplicates -------------------------------------------------------------------
    def _fill_duplicates(self) -> None:
        assert self.plan is not None
        dups = self.plan.duplicates
        shown = [(d.sheet, d.row, d.person_id, d.decision) for d in dups]
        if shown == getattr(self, "_dups_shown", None):
            return  # unchanged: keep the combo boxes (one may be sending this signal)
        self._dups_shown = shown
        _clear(self.duplicates)
        self.duplicates.setRowCount(len(dups))
        for i, d in enumerate(dups):
            self.duplicates.setItem(i, 0, QTableWidgetItem(f"{d.sheet} row {d.row}"))
            self.duplicates.setItem(i, 1, QTableWidgetItem(d.name))
            self.duplicates.setItem(i, 2, QTableWidgetItem(f"{d.reference} ({d.reason})"))
            combo = QComboBox()
            for code in (MERGE, SKIP, ADD):
                combo.addItem(DECISION_TEXT[code].format(ref=d.reference), code)
            combo.setCurrentIndex(combo.findData(d.decision))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, key=(d.sheet, d.row): self._decide(key, c.currentData())
            )
            self.duplicates.setCellWidget(i, 3, combo)
        for column in (0, 1):
            self.duplicates.resizeColumnToContents(column)
        self.duplicates.setColumnWidth(3, 280)

    def _decide(self, key: tuple[str, int], decision: str) -> None:
        self.decisions[key] = decision
        self.replan()

    # ----- applying ---------------------------------------------------------------------
    def apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        # A large file takes a few seconds (it is planned again inside the transaction).
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The new people are placed on the map in the same undoable step.
            rid = self.store.response_id
            changes = self.store.run(lambda s: with_placement(s, import_edit(s, plan), rid))
        finally:
            QApplication.restoreOverrideCursor()
        if changes is None:
            self.replan()  # the Store said why; show the response as it is now
            return
        self.imported = True
        self.accept()
