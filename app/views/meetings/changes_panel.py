"""The "Changes since last meeting" panel: what is new since the group last met."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.editing.editor import Changes
from app.services.meetings.changes import changes_since_last_meeting
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.shell.store import Store

# Rows shown at first, and added by "Show more": at 2,000 young people there are thousands
# of changes, nobody reads them all at once, and working out every row's words was most of
# the Meetings tab's first show (issue 14). The counts above the table are of everything.
PAGE = 200


class ChangesPanel(QWidget):
    """References only (no names), so the panel can be shown on a projector."""

    title = "Changes since last meeting"

    def __init__(self, store: Store, *, defer: bool = False) -> None:
        """`defer`: work the list out when the panel is first shown (it sits behind the
        meeting's other tabs: opening the Meetings tab need not pay for it)."""
        super().__init__()
        self.store = store
        self.heading = QLabel()
        self.heading.setObjectName("changesHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = RowTableModel(
            [
                Column("what", "What", width=150),
                Column("reference", "Reference", width=110),
                Column("detail", "Detail"),
                Column("date", "Date", kind="date", width=90),
            ]
        )
        self.view = make_table(self.model, stretch="detail")
        self.view.setObjectName("changesTable")
        self.limit: int | None = PAGE  # None once "Show all" is chosen
        self.shown = QLabel()
        self.shown.setObjectName("changesShown")
        self.more = QPushButton()
        self.more.setObjectName("changesMore")
        self.more.clicked.connect(self.show_more)
        self.all = QPushButton()
        self.all.setObjectName("changesAll")
        self.all.clicked.connect(self.show_all)
        paging = QHBoxLayout()
        paging.addWidget(self.shown)
        paging.addStretch(1)
        paging.addWidget(self.more)
        paging.addWidget(self.all)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.counts)
        lay.addWidget(self.view, 1)
        lay.addLayout(paging)
        store.when_seen(self, self._on_changed)
        self.stale = defer
        if not defer:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.stale:  # never worked out yet (a change kept for it has refreshed it)
            self.refresh()
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def show_more(self) -> None:
        if self.limit is not None:
            self.limit += PAGE
            self.refresh()

    def show_all(self) -> None:
        self.limit = None
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        with self.store.read() as s:
            result = changes_since_last_meeting(
                s, self.store.response_id, date.today(), limit=self.limit
            )
        rows: list[dict[str, Any]] = [
            {"id": n, "what": what, "reference": ref, "detail": detail, "date": day}
            for n, (what, ref, detail, day) in enumerate(result.rows())
        ]
        self.model.set_rows(rows)
        fit_rows(self.view)
        self.heading.setText(result.heading)
        parts = [f"{what}: {n}" for what, n in result.counts().items() if n]
        self.counts.setText("   ·   ".join(parts) if parts else "Nothing new has been recorded.")
        total, shown = result.total, len(rows)
        hidden = total - shown
        self.shown.setText(f"Showing {shown:,} of {total:,} changes" if hidden else "")
        self.more.setText(f"Show {min(PAGE, hidden):,} more")
        self.all.setText(f"Show all {total:,}")
        for button in (self.more, self.all):
            button.setVisible(hidden > 0)
