"""Overview: the response at a glance (details, counts, who owes what next)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.models.vocab import Stage
from app.services.coverage.labels import review_days
from app.services.editing.editor import Changes
from app.services.queries.overview import overview
from app.views.shell.store import Store


class OverviewPage(QWidget):
    title = "Overview"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("overviewHeading")
        self.heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.details = QLabel()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.details)
        box = QGroupBox("In this response")
        box.setMaximumWidth(640)
        self.grid = QGridLayout(box)
        self.counts: dict[str, QLabel] = {}
        rows = [
            ("in_scope", "Young people identified for support (in scope)"),
            ("under_consideration", "Under consideration"),
            ("removed", "Removed from scope"),
            ("connections", "Active connections"),
            ("disproved", "Disproved connections (kept, hidden from the map)"),
            ("concerns", "Concerns recorded"),
            ("assessments", "Assessments recorded"),
            ("meetings", "Meetings"),
            ("open_actions", "Open actions"),
        ]
        for r, (key, text) in enumerate(rows):
            value = QLabel("0")
            value.setObjectName(f"count_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setStyleSheet("font-weight: bold;")
            self.grid.addWidget(QLabel(text), r, 0)
            self.grid.addWidget(value, r, 1)
            self.counts[key] = value
        lay.addWidget(box)
        lay.addStretch(1)
        store.when_seen(self, self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        with self.store.read() as s:
            r = overview(s, self.store.response_id)
        days = (r.review_date - date.today()).days
        when = review_days(days, today="today")
        fictional = r.is_demo and "FICTIONAL" not in r.title.upper()
        self.heading.setText(("FICTIONAL DEMO — " if fictional else "") + r.title)
        self.details.setText(
            f"Lead area: {r.lead_area}   ·   Stage: {Stage(r.stage).label}   ·   "
            f"Referral: {r.referral_date:%d/%m/%Y}"
            + (f" ({r.referral_reference})" if r.referral_reference else "")
            + f"\nReview date: {r.review_date:%d/%m/%Y} ({when})   ·   "
            f"Marking: {r.protective_marking}"
        )
        for key, value in r.counts.items():
            self.counts[key].setText(str(value))
