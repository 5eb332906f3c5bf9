"""The Prompts tab: decision support worded "Consider ...", never decisions.

A summary first (app/views/prompts/summary.py): one line per prompt, grouped by rule with
counts, newest first; the full "Consider ..." text and who owns each next step show for
the selected prompt. Selecting a prompt highlights its young people on the map
(Store.set_highlight); Dismiss asks for a reason and records it as an undoable, audited
edit; "Show dismissed (N)" lists dismissed prompts in a group at the end. Side tabs show
exposure, bridges and groups (app/views/prompts/panels.py). Never ordered by a risk.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.network.snapshot import Known, known_as_at
from app.services.prompts.engine import Prompt, dismiss_prompt, prompts_for, restore_prompt
from app.services.prompts.summary import dates_line
from app.services.prompts.worked_out import WorkedOut, work_out
from app.views.common.worker import Worker
from app.views.prompts.panels import BridgesPanel, ExposurePanel, GroupsPanel
from app.views.prompts.summary import PromptSummary
from app.views.shell.store import MapHighlight, Store
from app.views.shell.warm import collect_when_idle

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

# From this many young people the prompts and bridges are worked out on a worker thread
# (about 0.6 s at 2,000): the page shows at once, saying so, and fills in when they are
# ready. Below it they take a few tens of milliseconds and are worked out in place.
BACKGROUND_FROM = 300
WORKING = "Working out prompts..."


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
        self.worker: Worker | None = None  # working out the prompts of a large response
        self._again = False  # the data changed while it worked: work them out again
        self._started: tuple = ()  # (data version, as-at day) it works from
        self._side_stale = False  # Exposure and Groups wait for their tab to be shown
        # In the shown window Exposure and Groups (behind "Selected prompt") are worked out
        # when their tab is first opened, at any size: a fifth of this tab's first show at
        # 40 young people (issue 14). A page made on its own (a test) fills them at once.
        self._side_later = window is not None and window.isVisible()
        self._known: tuple[tuple, Known] | None = None  # the snapshot, kept for them
        self.owners: dict[int, str] = {}
        self.problem: str | None = None  # why they could not be worked out, if so
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        bar = QHBoxLayout()
        intro = QLabel("Decision support, never decisions: the professionals decide.")
        intro.setToolTip(
            "Each prompt suggests something to consider. Dismiss a prompt with a reason; "
            "it comes back if the young people behind it change."
        )
        bar.addWidget(intro)
        bar.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("promptCount")
        bar.addWidget(self.count)
        bar.addSpacing(12)
        self.show_dismissed = QCheckBox("Show dismissed (0)")
        self.show_dismissed.setObjectName("showDismissed")
        bar.addWidget(self.show_dismissed)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.summary = PromptSummary()
        split.addWidget(self.summary)

        self.side = QTabWidget()
        detail = QWidget()
        dlay = QVBoxLayout(detail)
        self.detail = QLabel("Select a prompt to see who it concerns and who owns the next step.")
        self.detail.setObjectName("promptDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        # The buttons stay in view above the text; a long list of young people scrolls.
        buttons = QHBoxLayout()
        self.dismiss_button = QPushButton("Dismiss...")
        self.restore_button = QPushButton("Restore")
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        dlay.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.detail)
        dlay.addWidget(scroll, 1)
        self.side.addTab(detail, "Selected prompt")
        self.exposure = ExposurePanel(store)
        self.bridges = BridgesPanel(store)
        self.groups = GroupsPanel(store)
        self.side.addTab(self.exposure, "Exposure")
        self.side.addTab(self.bridges, "Bridges")
        self.side.addTab(self.groups, "Groups")
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 480])
        lay.addWidget(split, 1)

        self.side.currentChanged.connect(self._side_shown)
        self.show_dismissed.toggled.connect(self._fill)
        self.summary.itemSelectionChanged.connect(self._on_selection)
        self.dismiss_button.clicked.connect(self.ask_dismiss)
        self.restore_button.clicked.connect(self.restore)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(lambda _day: self._refresh_when_seen())
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._stale:
            self.refresh()
        # Fold the groups to the real height once the layout has given it.
        QTimer.singleShot(0, self.summary, self.summary.refit)  # dropped if it is gone

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self.summary, self.summary.refit)  # dropped if it is gone

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

    @property
    def working(self) -> bool:
        """The prompts are being worked out on the worker thread."""
        return self.worker is not None

    def refresh(self) -> None:
        self._stale = False
        rid, as_at = self.store.response_id, self.store.as_at
        # Exposure shown on the map follows every change, whichever tab is in front.
        later = self._side_later and not self.exposure.show_on_map.isChecked()
        with self.store.read() as s:
            cov = self.store.coverage(s)  # shared with the map: how large the response is
            if len(cov.people) + cov.removed >= BACKGROUND_FROM:
                background = True
            else:
                background = False
                known = known_as_at(s, rid, as_at)  # one snapshot for prompts and panels
                self.owners = {pid: next_step_owner(p) for pid, p in known.people.items()}
                if not later:
                    self.groups.set_known(known, s)
                self.all_prompts = prompts_for(s, rid, as_at, known=known)
        if background:
            self._work_out()
            # Exposure and Groups work the snapshot out when their tab is shown.
            self._side_stale = True
            self._side_shown(self.side.currentIndex())
            return
        self.bridges.set_known(known)  # the bridge prompt's, kept with the snapshot
        if later:
            self._known = ((self.store.data_version, as_at), known)
            self._side_stale = True
            self._side_shown(self.side.currentIndex())
        else:
            self._side_stale = False
            self.exposure.set_known(known)
        self._fill()

    def _side_shown(self, index: int) -> None:
        if self._side_stale and self.side.widget(index) in (self.exposure, self.groups):
            self._side_stale = False
            kept, self._known = self._known, None
            with self.store.read() as s:
                if kept is not None and kept[0] == (self.store.data_version, self.store.as_at):
                    known = kept[1]  # the prompts' own snapshot, of the same data
                else:
                    known = known_as_at(s, self.store.response_id, self.store.as_at)
                self.groups.set_known(known, s)
            self.exposure.set_known(known)

    def _work_out(self) -> None:
        self.count.setText(WORKING)
        if not self.all_prompts:
            self.detail.setText(WORKING)
            self.dismiss_button.setEnabled(False)  # nothing listed yet to dismiss
            self.restore_button.setEnabled(False)
        self.bridges.set_waiting()
        if self.worker is not None:  # one at a time: the next starts when it ends
            self._again = True
            return
        self._again = False
        location, rid, as_at = self.store.db.location, self.store.response_id, self.store.as_at
        # What it is worked out from: the result is shown only if the data is still so.
        self._started = (self.store.data_version, as_at)
        self.worker = Worker(lambda _progress: work_out(location, rid, as_at), "prompts")
        # Bound methods of this page: dropped by Qt if the page goes first (file closed).
        self.worker.finished.connect(self._worked)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _worked(self, result: WorkedOut) -> None:
        self.worker = None
        if self._again or self._started != (self.store.data_version, self.store.as_at):
            self._refresh_when_seen()  # worked out from data that has changed since
            return
        self.problem = None
        self.all_prompts = result.prompts
        self.owners = result.owners
        self.bridges.set_found(result.bridges, result.owners)
        self._fill()
        # Kept as long as the file is open, like a page built: out of the collector's way
        # (at the next quiet moment, not inside the user's next click).
        collect_when_idle(self)

    def _failed(self, message: str) -> None:
        self.worker = None
        self.problem = message
        self.count.setText("The prompts could not be worked out.")
        self.detail.setText(escape(message))
        self.bridges.list.clear()
        self.bridges.list.addItem("The bridges could not be worked out.")

    def _fill(self) -> None:
        current = self.selected()
        self.summary.blockSignals(True)
        self.summary.set_prompts(self.all_prompts, self.show_dismissed.isChecked())
        self.summary.blockSignals(False)
        dismissed = sum(1 for p in self.all_prompts if p.dismissed)
        when = f" as at {self.store.as_at:%d/%m/%Y}" if self.store.as_at else ""
        self.count.setText(f"{len(self.all_prompts) - dismissed} open, {dismissed} dismissed{when}")
        self.show_dismissed.setText(f"Show dismissed ({dismissed})")
        if current is not None:
            self.summary.blockSignals(True)
            self.summary.select_key(current.key)
            self.summary.blockSignals(False)
        self._show_detail(self.selected())

    @property
    def shown(self) -> list[Prompt]:
        """The prompts listed, in order (open ones; dismissed ones too when shown)."""
        return self.summary.prompts

    def selected(self) -> Prompt | None:
        return self.summary.selected()

    def select_rule(self, rule: str) -> Prompt | None:
        """Select the first (newest) shown prompt of a rule (used by tests and links)."""
        for p in self.summary.prompts:
            if p.rule == rule:
                self.summary.select_key(p.key)
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
            + (f"<p><b>Dates:</b> {dates_line(p)}</p>" if p.first_date else "")
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
