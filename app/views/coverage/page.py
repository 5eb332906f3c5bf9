"""Coverage: the chair's view of who has been assessed by the review date, and who owns
each gap. Every figure comes from app.services.coverage.figures, as in `coverage --json` and the
workbook, so they always agree.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import Response
from app.services.coverage.figures import (
    GAPS,
    NOT_ASSESSED,
    STATE_LABELS,
    STATES,
    Breakdown,
    Coverage,
)
from app.services.coverage.labels import SHORT_LABELS as SHORT
from app.services.coverage.labels import STATE_COLOURS, STATE_EDGES, review_days
from app.services.editing.editor import Changes
from app.services.people.response_details import update_response
from app.services.returns.status import returns_status
from app.views.common.widgets import DateField
from app.views.coverage.chart_slot import ChartSlot
from app.views.coverage.people_list import ColumnFit, CoveragePeopleModel
from app.views.coverage.record import record_assessment
from app.views.coverage.returns_table import ReturnsTable
from app.views.coverage.tiles import Figure
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.views.coverage.chart import CoverageChart

# List order: the gaps first, then the rest; never ordered by risk.
LIST_ORDER = (*NOT_ASSESSED, "assessed_late", "assessed_on_time", "not_required")
LIST_CHOICES = [
    ("All not yet assessed", NOT_ASSESSED),
    ("Not booked in time or overdue", GAPS),
    ("Everyone in scope", STATES),
]


class CoveragePage(QWidget):
    """Headline figures, the cumulative chart, breakdowns, and who is not yet assessed."""

    title = "Coverage"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.coverage: Coverage | None = None
        self.current_review: date | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(6)
        outer.addLayout(self._build_controls())
        outer.addLayout(self._build_figures())
        body = QHBoxLayout()
        body.setSpacing(8)
        left = self._build_people()
        # Under the list (which stretches and scrolls), so the tab still fits a laptop.
        self.returns_table = ReturnsTable()
        left.addWidget(self.returns_table)
        body.addLayout(left, 14)
        right = QVBoxLayout()
        right.setSpacing(4)
        # The chart (pyqtgraph, 0.1 s to load) is made once the page has painted.
        self.chart_slot = ChartSlot()
        right.addWidget(self.chart_slot, 1)
        right.addWidget(self._build_breakdowns(), 1)
        body.addLayout(right, 10)
        outer.addLayout(body, 1)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(self._on_store_as_at)
        self.refresh()

    @property
    def chart(self) -> CoverageChart:
        """The cumulative chart (made now if the page has not painted yet)."""
        return self.chart_slot.chart

    # ----- building --------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("As of"))
        self.as_of_field = DateField(self.store.as_at or date.today())
        self.as_of_field.setObjectName("asOfField")
        self.as_of_field.setToolTip("Show the position on this day, e.g. the meeting day")
        self.as_of_field.edit.dateChanged.connect(self._on_as_of)
        bar.addWidget(self.as_of_field)
        self.today_button = QPushButton("Today")
        self.today_button.clicked.connect(lambda: self.as_of_field.set_value(date.today()))
        bar.addWidget(self.today_button)
        bar.addSpacing(16)
        bar.addWidget(QLabel("Review date"))
        self.review_field = DateField()
        self.review_field.setObjectName("reviewField")
        self.review_field.setToolTip("The date by which every identified young person is assessed")
        self.review_field.edit.dateChanged.connect(self._review_edited)
        bar.addWidget(self.review_field)
        self.set_review_button = QPushButton("Set review date")
        self.set_review_button.setToolTip("Change the review date (undo with Edit > Undo)")
        self.set_review_button.clicked.connect(self.set_review_date)
        self.set_review_button.setEnabled(False)
        bar.addWidget(self.set_review_button)
        bar.addSpacing(12)
        self.days_left = QLabel()
        self.days_left.setObjectName("daysLeft")
        self.days_left.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.days_left)
        bar.addStretch(1)
        # The tab's own words stay short so the bar fits a 1366-pixel laptop with the dock.
        self.heading = QLabel()
        self.heading.setObjectName("coverageHeading")
        self.heading.setStyleSheet("font-weight: bold; color: #6a3d9a;")
        self.heading.setWordWrap(True)  # may take two lines rather than widen the window
        bar.addWidget(self.heading)
        return bar

    def _build_figures(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.figures: dict[str, QLabel] = {}
        tiles = [
            (
                "in_scope",
                "In scope",
                None,
                "Young people identified for support, in scope",
                "solid",
            ),
            *((s, SHORT[s], STATE_COLOURS[s], STATE_LABELS[s], STATE_EDGES[s]) for s in STATES),
            (
                "percent_assessed",
                "Assessed",
                "#000000",
                "Assessed on time or late, out of those in scope whose assessment is required",
                "solid",
            ),
        ]
        self.tiles: dict[str, Figure] = {}
        for col, (key, caption, colour, tip, edge) in enumerate(tiles):
            tile = Figure(key, caption, colour, tip, edge)
            self.tiles[key] = tile
            grid.addWidget(tile, 0, col)
            grid.setColumnStretch(col, 1)
            self.figures[key] = tile.value
        box.addLayout(grid)
        self.not_counted = QLabel()
        self.not_counted.setObjectName("notCounted")
        self.not_counted.setStyleSheet("color: #444444;")
        box.addWidget(self.not_counted)
        return box

    def _build_people(self) -> QVBoxLayout:
        lay = QVBoxLayout()
        lay.setSpacing(4)
        head = QHBoxLayout()
        self.people_heading = QLabel()
        self.people_heading.setStyleSheet("font-weight: bold;")
        head.addWidget(self.people_heading, 1)
        self.list_choice = QComboBox()
        self.list_choice.setObjectName("listChoice")
        for text, _states in LIST_CHOICES:
            self.list_choice.addItem(text)
        self.list_choice.currentIndexChanged.connect(lambda _i: self._fill_people())
        head.addWidget(self.list_choice)
        lay.addLayout(head)
        # Record where the gap is seen: select a row, then one button (or double-click/Enter).
        actions = QHBoxLayout()
        self.record_button = QPushButton("Record assessment...")
        self.record_button.setObjectName("recordAssessment")
        self.record_button.setToolTip(
            "Record the selected young person's assessment: completed today by their "
            "assessing (else lead) agency; choose the risk (double-click or Enter on a row "
            "does the same)"
        )
        self.record_button.clicked.connect(self.record_selected)
        self.map_button = QPushButton("Show on map")
        self.map_button.clicked.connect(self.show_selected_on_map)
        actions.addWidget(self.record_button)
        actions.addWidget(self.map_button)
        actions.addStretch(1)
        lay.addLayout(actions)
        self.record_form: QWidget | None = None
        self.people_model = CoveragePeopleModel()
        self.people_model.setParent(self)  # deleted with the page (see map/page.py)
        self.people_view = QTableView()
        self.people_view.setAccessibleName("Young people and their coverage")
        self.people_view.setObjectName("coveragePeople")
        self.people_view.setModel(self.people_model)
        self.people_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_view.verticalHeader().setVisible(False)
        self.people_view.verticalHeader().setDefaultSectionSize(22)
        self.people_view.horizontalHeader().setStretchLastSection(True)
        self.people_view.setAlternatingRowColors(True)
        self.people_view.setWordWrap(False)
        # All columns stay in view (who owns the gap must never be scrolled to).
        self.people_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_view.setToolTip(
            "Click a young person to select them; double-click or Enter to record their "
            "assessment; right-click for more"
        )
        self.people_view.clicked.connect(self._person_clicked)
        # Double-click and Enter (keyboard users) record the assessment.
        self.people_view.activated.connect(self._record_row)
        self.people_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.people_view.customContextMenuRequested.connect(self._people_menu)
        self.people_fit = ColumnFit(self.people_view)  # all columns in view
        lay.addWidget(self.people_view, 1)
        return lay

    def _build_breakdowns(self) -> QTableWidget:
        self.breakdowns = QTableWidget(0, 4)
        self.breakdowns.setAccessibleName("Coverage by setting, agency and risk")
        self.breakdowns.setObjectName("coverageBreakdowns")
        self.breakdowns.setHorizontalHeaderLabels(
            ["Breakdown", "In scope", "Assessed", "Outstanding"]
        )
        self.breakdowns.verticalHeader().setVisible(False)
        self.breakdowns.verticalHeader().setDefaultSectionSize(20)
        self.breakdowns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakdowns.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.breakdowns.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        return self.breakdowns

    # ----- reacting --------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        watched = ("response", "young_person", "assessment", "setting", "agency_return")
        if changes.touches(*watched) or not changes.ids:
            self.refresh()

    def _on_as_of(self) -> None:
        day = self.as_of_field.value()
        assert day is not None
        # The map and other screens show the same day (None means "now").
        self.store.set_as_at(None if day == date.today() else day)
        self.refresh()

    def _on_store_as_at(self, day: date | None) -> None:
        wanted = day or date.today()
        if self.as_of_field.value() != wanted:
            self.as_of_field.set_value(wanted)

    def _review_edited(self) -> None:
        self.set_review_button.setEnabled(
            not self.store.readonly and self.review_field.value() != self.current_review
        )

    def set_review_date(self) -> None:
        day = self.review_field.value()
        rid = self.store.response_id
        if day is None or day == self.current_review:
            return
        if self.store.run(lambda s: update_response(s, rid, {"review_date": day})) is None:
            self.refresh()  # refused: show the review date as it still is

    def _person_clicked(self, index: QModelIndex) -> None:
        # Selected everywhere (map, person panel) while the chair stays on this list.
        person_id = self.people_model.data(index, Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.store.select_people({person_id})
        self._enable_actions()

    def selected_person(self) -> int | None:
        rows = self.people_view.selectionModel().selectedRows()
        return self.people_model.rows[rows[0].row()].person_id if rows else None

    def _enable_actions(self) -> None:
        chosen = self.selected_person() is not None
        self.record_button.setEnabled(chosen and not self.store.readonly)
        self.map_button.setEnabled(chosen)

    def record_selected(self) -> QWidget | None:
        """The assessment form for the selected young person (see coverage/record.py)."""
        person_id = self.selected_person()
        if person_id is None:
            return None
        self.store.select_people({person_id})
        self.record_form = record_assessment(self.store, person_id, self)
        return self.record_form

    def _record_row(self, index: QModelIndex) -> None:
        self.people_view.selectRow(index.row())
        self.record_selected()

    def show_selected_on_map(self) -> None:
        person_id = self.selected_person()
        if person_id is not None:
            self.store.select_people({person_id}, show_map=True)

    def _people_menu(self, pos: QPoint) -> None:
        index = self.people_view.indexAt(pos)
        if not index.isValid():
            return
        self.people_view.selectRow(index.row())
        self._person_clicked(index)
        menu = QMenu(self)
        record = menu.addAction("Record assessment...", self.record_selected)
        record.setEnabled(not self.store.readonly)
        menu.addAction("Show on map", self.show_selected_on_map)
        menu.popup(self.people_view.viewport().mapToGlobal(pos))

    # ----- filling ---------------------------------------------------------------------
    def refresh(self) -> None:
        as_of = self.as_of_field.value() or date.today()
        with self.store.read() as s:
            r = s.get(Response, self.store.response_id)
            assert r is not None
            referral, demo = r.referral_date, r.is_demo
            cov = self.store.coverage(s, as_of)  # shared with the map and the person panel
            returns = returns_status(s, self.store.response_id)
        self.coverage = cov
        self.returns_table.show_returns(returns)
        self.heading.setText("FICTIONAL demo data" if demo else "")
        self.heading.setVisible(demo)
        self.current_review = cov.review_date
        self.review_field.edit.blockSignals(True)
        self.review_field.set_value(cov.review_date)
        self.review_field.edit.blockSignals(False)
        self._review_edited()
        days = cov.days_left
        words = review_days(days)
        self.days_left.setText(words[0].upper() + words[1:])
        self.days_left.setStyleSheet(
            "font-weight: bold;" + (" color: #b34700;" if days < 0 else "")
        )
        self.figures["in_scope"].setText(str(cov.in_scope))
        for state in STATES:
            self.figures[state].setText(str(cov.counts[state]))
        self.figures["percent_assessed"].setText(f"{cov.percent_assessed:.1f}%")
        self.not_counted.setText(
            f"{cov.assessed} of {cov.needing_assessment} assessed (not required left out).   "
            f"Not counted: under consideration {cov.under_consideration}, "
            f"removed from scope {cov.removed}."
        )
        self.chart_slot.show_coverage(cov, referral)
        self._fill_people()
        self._fill_breakdowns(cov)

    def _fill_people(self) -> None:
        cov = self.coverage
        if cov is None:
            return
        text, states = LIST_CHOICES[self.list_choice.currentIndex()]
        rows = [
            p for state in LIST_ORDER if state in states for p in cov.people if p.state == state
        ]
        chosen = self.selected_person()
        self.people_model.set_rows(rows)
        # The same young person stays selected when the list is refilled (if still listed).
        for row, p in enumerate(rows):
            if p.person_id == chosen:
                self.people_view.selectRow(row)
        self._enable_actions()
        self.people_heading.setText(f"{text} ({len(rows)}): who owns the next step")
        self.people_fit.refit()

    def _fill_breakdowns(self, cov: Coverage) -> None:
        sections: list[tuple[str, dict[str, Breakdown]]] = [
            ("By setting", cov.by_setting),
            ("By assessing agency (else lead agency)", cov.by_agency),
            ("By home area", cov.by_area),
        ]
        t = self.breakdowns
        t.clearSpans()
        t.setRowCount(sum(1 + len(table) for _, table in sections))
        bold = QFont(t.font())
        bold.setBold(True)
        row = 0
        for title, table in sections:
            head = QTableWidgetItem(title)
            head.setFont(bold)
            head.setBackground(Qt.GlobalColor.lightGray)
            t.setItem(row, 0, head)
            t.setSpan(row, 0, 1, 4)
            row += 1
            for key, b in table.items():
                t.setItem(row, 0, QTableWidgetItem(key))
                for col, value in enumerate((b.count, b.assessed, b.outstanding), start=1):
                    item = QTableWidgetItem(str(value))
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    t.setItem(row, col, item)
                row += 1
        # As tall as its rows when there is room, never taller; on a small screen or with
        # many settings and agencies it scrolls instead of pushing the window off the screen.
        rows = [t.rowHeight(r) for r in range(t.rowCount())]
        frame = t.horizontalHeader().height() + 2 * t.frameWidth()
        t.setMaximumHeight(frame + sum(rows))
        t.setMinimumHeight(frame + sum(rows[:5]))
