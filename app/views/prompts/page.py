"""The Prompts tab: decision support worded "Consider ...", never decisions.

Selecting a prompt highlights its young people on the map (Store.set_highlight); Dismiss
asks for a reason and records it as an undoable, audited edit; a toggle shows dismissed
prompts. Side tabs show exposure, bridges and groups (app/views/prompts/panels.py).
Prompts are listed by rule and date, never by a risk.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import Prompt, dismiss_prompt, prompts_for, restore_prompt
from app.views.common.table_base import ColumnsModel
from app.views.prompts.panels import BridgesPanel, ExposurePanel, GroupsPanel
from app.views.shell.store import MapHighlight, Store

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["Rule", "Consider ...", "Dates", "Status"]
# Tables whose rows the prompts are computed from.
DEPENDS_ON = (
    "concern",
    "connection",
    "young_person",
    "assessment",
    "setting",
    "response",
    "prompt_dismissal",
    "group_name",
    "meeting",
    "attendance",
    "parental_contact",
)


def _dates(p: Prompt) -> str:
    if p.first_date is None:
        return ""
    if p.last_date and p.last_date != p.first_date:
        return f"{p.first_date:%d/%m/%Y} – {p.last_date:%d/%m/%Y}"
    return f"{p.first_date:%d/%m/%Y}"


class PromptsModel(ColumnsModel):
    """The prompts shown (open ones, and dismissed ones when asked)."""

    COLUMNS = COLUMNS

    @property
    def prompts(self) -> list[Prompt]:
        return self.rows

    def set_prompts(self, prompts: list[Prompt]) -> None:
        self.set_rows(prompts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p, col = self.prompts[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return p.rule_label
            if col == 1:
                return p.text
            if col == 2:
                return _dates(p)
            return f"Dismissed: {p.dismissed_reason}" if p.dismissed else "Open"
        if role == Qt.ItemDataRole.ForegroundRole and p.dismissed:
            from PySide6.QtGui import QColor

            return QColor("#666666")
        return None


class DismissDialog(QDialog):
    """Asks why a prompt is dismissed; refuses an empty reason."""

    def __init__(self, prompt: Prompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dismiss prompt")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        shown = QLabel(prompt.text)
        shown.setWordWrap(True)
        lay.addWidget(shown)
        lay.addWidget(QLabel("Why is it dismissed? (recorded with your name and the time)"))
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        lay.addWidget(self.reason)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.buttons = buttons

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        if not self.text():
            self.problem.setText("Give a reason for dismissing the prompt.")
            return
        super().accept()


class PromptsPage(QWidget):
    title = "Prompts"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.all_prompts: list[Prompt] = []
        self.dismiss_dialog: DismissDialog | None = None
        self._stale = False
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Decision support, never decisions: each prompt suggests something to "
            "consider, and the professionals decide. Dismiss a prompt with a reason; it "
            "comes back if the young people behind it change."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        bar = QHBoxLayout()
        self.show_dismissed = QCheckBox("Show dismissed prompts")
        self.count = QLabel()
        self.count.setObjectName("promptCount")
        bar.addWidget(self.show_dismissed)
        bar.addStretch(1)
        bar.addWidget(self.count)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = PromptsModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 105)
        header.resizeSection(2, 92)
        header.resizeSection(3, 70)
        # Wrapped text needs its rows re-measured whenever the text column's width changes.
        header.sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        split.addWidget(self.view)

        self.side = QTabWidget()
        detail = QWidget()
        dlay = QVBoxLayout(detail)
        self.detail = QLabel("Select a prompt to see who it concerns and who owns the next step.")
        self.detail.setObjectName("promptDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        dlay.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.dismiss_button = QPushButton("Dismiss...")
        self.restore_button = QPushButton("Restore")
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        dlay.addLayout(buttons)
        self.side.addTab(detail, "Selected prompt")
        self.exposure = ExposurePanel(store)
        self.bridges = BridgesPanel(store)
        self.groups = GroupsPanel(store)
        self.side.addTab(self.exposure, "Exposure")
        self.side.addTab(self.bridges, "Bridges")
        self.side.addTab(self.groups, "Groups")
        split.addWidget(self.side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 420])
        lay.addWidget(split, 1)

        self.show_dismissed.toggled.connect(self._fill)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.dismiss_button.clicked.connect(self.ask_dismiss)
        self.restore_button.clicked.connect(self.restore)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(lambda _day: self._refresh_when_seen())
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._stale:
            self.refresh()
        # Row heights follow the wrapped text once the columns have their real widths.
        QTimer.singleShot(0, self.view.resizeRowsToContents)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self.view.resizeRowsToContents)

    # ----- data ----------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*DEPENDS_ON):
            self._refresh_when_seen()

    def _refresh_when_seen(self) -> None:
        # Every drag on the map is an edit; the prompts (betweenness, communities) are only
        # recomputed when this tab is on screen, or when it comes back into view.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        self._stale = False
        with self.store.read() as s:
            self.all_prompts = prompts_for(s, self.store.response_id, self.store.as_at)
            known = known_as_at(s, self.store.response_id, self.store.as_at)
            self.owners = {pid: next_step_owner(p) for pid, p in known.people.items()}
            self.groups.set_known(known, s)
        self.exposure.set_known(known)
        self.bridges.set_known(known)
        self._fill()

    def _fill(self) -> None:
        current = self.selected()
        shown = [p for p in self.all_prompts if self.show_dismissed.isChecked() or not p.dismissed]
        self.model.set_prompts(shown)
        self.view.resizeRowsToContents()
        dismissed = sum(1 for p in self.all_prompts if p.dismissed)
        when = f" as at {self.store.as_at:%d/%m/%Y}" if self.store.as_at else ""
        self.count.setText(f"{len(self.all_prompts) - dismissed} open, {dismissed} dismissed{when}")
        if current is not None:
            for row, p in enumerate(shown):
                if p.key == current.key:
                    self.view.selectRow(row)
                    break
        self._show_detail(self.selected())

    def selected(self) -> Prompt | None:
        rows = self.view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.model.prompts):
            return self.model.prompts[rows[0].row()]
        return None

    def select_rule(self, rule: str) -> Prompt | None:
        """Select the first shown prompt of a rule (used by tests and links)."""
        for row, p in enumerate(self.model.prompts):
            if p.rule == rule:
                self.view.selectRow(row)
                return p
        return None

    # ----- selection and the map --------------------------------------------------------
    def _on_selection(self) -> None:
        p = self.selected()
        self._show_detail(p)
        if p is None:
            return
        self.side.setCurrentIndex(0)
        self.store.set_highlight(
            MapHighlight(
                people=frozenset(p.person_ids),
                marks=dict(p.marks),
                caption=f"{p.rule_label}: {', '.join(p.people)}",
            )
        )

    def _show_detail(self, p: Prompt | None) -> None:
        editable = not self.store.readonly
        self.dismiss_button.setEnabled(editable and p is not None and not p.dismissed)
        self.restore_button.setEnabled(editable and p is not None and p.dismissed)
        if p is None:
            self.detail.setText(
                "Select a prompt to see who it concerns and who owns the next step."
            )
            return
        people = "".join(
            f"<li>{escape(ref)} — next step: {escape(self.owners.get(pid, ''))}</li>"
            for ref, pid in zip(p.people, p.person_ids, strict=True)
        )
        status = (
            f"<p><b>Dismissed</b> by {escape(p.dismissed_by or '')} on "
            f"{p.dismissed_at:%d/%m/%Y %H:%M}: {escape(p.dismissed_reason or '')}</p>"
            if p.dismissed and p.dismissed_at
            else "<p>Open</p>"
        )
        self.detail.setText(
            f"<h3>{escape(p.rule_label)}</h3><p>{escape(p.text)}</p>"
            f"<p><b>Young people</b></p><ul>{people}</ul>"
            + (f"<p><b>Settings:</b> {escape(', '.join(p.settings))}</p>" if p.settings else "")
            + (f"<p><b>Dates:</b> {_dates(p)}</p>" if p.first_date else "")
            + status
        )

    # ----- dismiss and restore ----------------------------------------------------------
    def ask_dismiss(self) -> None:
        p = self.selected()
        if p is None or p.dismissed:
            return
        self.dismiss_dialog = DismissDialog(p, self)
        self.dismiss_dialog.accepted.connect(lambda: self.dismiss(p, self.dismiss_dialog.text()))
        self.dismiss_dialog.open()

    def dismiss(self, prompt: Prompt, reason: str) -> None:
        rid = self.store.response_id
        self.store.run(lambda s: dismiss_prompt(s, rid, prompt, reason))

    def restore(self) -> None:
        p = self.selected()
        if p is not None and p.dismissed:
            rid = self.store.response_id
            self.store.run(lambda s: restore_prompt(s, rid, p))
