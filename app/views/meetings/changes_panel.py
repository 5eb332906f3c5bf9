"""The "Changes since last meeting" panel: what is new since the group last met."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.editing.editor import Changes
from app.services.meetings.changes import changes_since_last_meeting
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.shell.store import Store


class ChangesPanel(QWidget):
    """References only (no names), so the panel can be shown on a projector."""

    title = "Changes since last meeting"

    def __init__(self, store: Store) -> None:
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
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.counts)
        lay.addWidget(self.view, 1)
        store.when_seen(self, self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        with self.store.read() as s:
            result = changes_since_last_meeting(s, self.store.response_id, date.today())
        rows: list[dict[str, Any]] = [
            {"id": n, "what": what, "reference": ref, "detail": detail, "date": day}
            for n, (what, ref, detail, day) in enumerate(result.rows())
        ]
        self.model.set_rows(rows)
        fit_rows(self.view)
        self.heading.setText(result.heading)
        parts = [f"{what}: {n}" for what, n in result.counts().items() if n]
        self.counts.setText("   ·   ".join(parts) if parts else "Nothing new has been recorded.")
