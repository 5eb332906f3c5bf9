"""The young person panel: a dock showing the selected young person, in sections.

Sections are registered in SECTIONS; each is a QWidget built with (store) that has a
`title` and `set_person(person_id | None)`, and refreshes itself from `store.changed`.
Every section shows who owns the next step, never a list of names alone.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import Response, Setting, YoungPerson
from app.models.vocab import Inclusion
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.assessments import assessments_of, latest_completed
from app.services.people.young_people import age_at_referral
from app.services.queries.person_card import person_card
from app.views.common.presentation import shown_name
from app.views.common.risk import RiskPalette, risk_html
from app.views.shell.store import Store

MIN_WIDTH = 260  # narrow enough for a 1024-pixel window beside the map
SHOWN_CONNECTIONS = 4


class SummarySection(QWidget):
    """Who the young person is, their recorded risk and who leads (read-only)."""

    title = "Summary"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for key, label in [
            ("reference", "Reference"),
            ("name", "Name"),
            ("age", "Age at referral"),
            ("setting", "Setting"),
            ("inclusion", "Inclusion"),
            ("risk", "Assessed risk"),
            ("lead", "Lead professional"),
        ]:
            value = QLabel()
            value.setObjectName(f"summary_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        self.edit_button = QPushButton("Edit details...")
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_details)
        form.addRow(self.edit_button)
        self.form: QWidget | None = None
        store.when_seen(self, self._on_changed)

    def edit_details(self) -> None:
        """Open the young person form (the map's form) for the person shown."""
        from app.views.person.form import PersonForm

        if self.person_id is None:
            return
        form = PersonForm(self.store, self.person_id, self)
        self.form = form
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.open()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("young_person", "assessment", "setting", "response"):
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.edit_button.setEnabled(person_id is not None and not self.store.readonly)
        with self.store.read() as s:
            p = s.get(YoungPerson, person_id) if person_id else None
            if p is None:
                for v in self.fields.values():
                    v.setText("")
                return
            r = s.get(Response, p.response_id)
            setting = s.get(Setting, p.setting_id) if p.setting_id else None
            latest = latest_completed(assessments_of(s, p.id))
            age = age_at_referral(p.date_of_birth, p.age_if_unknown, r.referral_date)
            values = {
                "reference": p.reference,
                "name": shown_name(p.full_name),
                "age": "" if age is None else str(age),
                "setting": setting.name if setting else "",
                "inclusion": Inclusion(p.inclusion).label
                + (f" ({p.removed_reason})" if p.removed_reason else ""),
                "risk": (
                    f"{latest.risk}, recorded by {latest.agency} on "
                    f"{latest.completed_date:%d/%m/%Y}"
                )
                if latest
                else "Not yet assessed",
                "lead": next_step_owner(p),
            }
        for key, value in values.items():
            self.fields[key].setText(value)


SECTIONS: list[type[QWidget]] = [SummarySection]

from app.views.person.assessments_section import AssessmentsSection  # noqa: E402 - appended section

SECTIONS.append(AssessmentsSection)
# Appended by the meetings work (kept apart so merges stay simple).
from app.views.person.plans_section import PlansSection  # noqa: E402

SECTIONS.append(PlansSection)
from app.views.person.concerns_section import ConcernsSection  # noqa: E402

SECTIONS.append(ConcernsSection)


class PersonPanel(QDockWidget):
    """Dock with the selected young person: a heading (reference, name, recorded risk as
    the map's badge, coverage, who owns the next step), their connections, the sections.

    Shown only on a page where a young person can be selected, and only while exactly
    one is: otherwise the page has the room. The user can hide it (its close button, the
    Hide button or View > Young person panel) and it stays hidden until shown again."""

    focus_first_control = True  # F6 lands on its first control (shell/panes.py)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Young person", parent)
        self.setObjectName("pageDock")
        self.store = store
        self.person_id: int | None = None
        self.wanted = True  # the user's choice
        self.page_allows = True  # the current page can select a young person
        self.show_action = QAction("&Young person panel", self)
        self.show_action.setCheckable(True)
        self.show_action.setChecked(True)
        self.show_action.toggled.connect(self._set_wanted)
        self.setMinimumWidth(MIN_WIDTH)

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.badge = QLabel()
        self.badge.setObjectName("personRiskBadge")
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel()
        self.heading.setObjectName("personHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.heading, 1)
        self.hide_button = QToolButton()
        self.hide_button.setText("Hide")
        self.hide_button.setToolTip("Hide this panel (View > Young person panel shows it again)")
        self.hide_button.clicked.connect(lambda: self.show_action.setChecked(False))
        top.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.facts = QLabel()
        self.facts.setObjectName("personFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.facts)
        self.connections = QLabel()
        self.connections.setObjectName("personConnections")
        self.connections.setWordWrap(True)
        self.connections.setTextFormat(Qt.TextFormat.RichText)
        self.connections.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.connections)
        self.tabs = QTabWidget()
        # Four sections must all be visible in a narrow dock: no scroll arrows hiding one.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.sections = [cls(store) for cls in SECTIONS]
        for section in self.sections:
            self.tabs.addTab(section, getattr(section, "title", "").replace("&", "&&"))
        lay.addWidget(self.tabs, 1)
        # Scrolled rather than squeezed: the panel never makes the window taller or wider
        # than a laptop screen, whatever a section holds.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed stop: its controls are
        scroll.setWidget(body)
        self.setWidget(scroll)
        store.selection_changed.connect(self._on_selection)
        store.changed.connect(self._on_changed)
        store.as_at_changed.connect(lambda _day: self.show_card())
        self._on_selection(store.selected_people)

    # ----- where it shows --------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # The dock's own close button: the user's choice, remembered like the Hide button.
        self.show_action.setChecked(False)
        super().closeEvent(event)

    def _set_wanted(self, wanted: bool) -> None:
        self.wanted = wanted
        self._place()

    def set_page_allows(self, allows: bool) -> None:
        """Called by the window when the tab changes: can this page select a person?"""
        self.page_allows = allows
        self._place()

    def _place(self) -> None:
        self.setVisible(self.wanted and self.page_allows and self.person_id is not None)

    # ----- what it shows ---------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if self.person_id is not None and changes.touches(
            "young_person", "assessment", "connection", "setting", "response"
        ):
            self.show_card()

    def _on_selection(self, ids: frozenset[int]) -> None:
        self.person_id = next(iter(ids)) if len(ids) == 1 else None
        self.show_card()
        self.tabs.setEnabled(self.person_id is not None)
        for section in self.sections:
            section.set_person(self.person_id)  # type: ignore[attr-defined]
        self._place()

    def show_card(self) -> None:
        card = None
        if self.person_id is not None:
            with self.store.read() as s:
                card = person_card(s, self.person_id, self.store.as_at)
        if card is None:
            self.heading.setText("Select a young person on the map or in a table.")
            self.badge.clear()
            self.facts.clear()
            self.connections.clear()
            return
        palette = RiskPalette(card.risk_levels)
        self.heading.setText(f"{card.reference} · {shown_name(card.name)}")
        badge = palette.badge(card.risk, 28)
        if badge is not None:
            self.badge.setPixmap(badge)
        self.facts.setText(
            f"Recorded risk {risk_html(palette, card.risk)}<br>"
            f"Coverage: <b>{escape(card.coverage)}</b><br>"
            f"Next step: <b>{escape(card.owner)}</b>"
        )
        if card.connections:
            # A few in the heading so the sections stay in view; the rest are counted and
            # are in the tooltip and the Connections table.
            shown = card.connections[:SHOWN_CONNECTIONS]
            items = "".join(f"<li><b>{escape(c.other)}</b>: {escape(c.words)}</li>" for c in shown)
            more = len(card.connections) - len(shown)
            tail = f"<i>and {more} more (Connections table)</i>" if more else ""
            self.connections.setText(
                f"Connections ({len(card.connections)}):"
                f'<ul style="margin-left:-24px; margin-top:0; margin-bottom:0">{items}</ul>{tail}'
            )
            self.connections.setToolTip("\n".join(c.text for c in card.connections))
        else:
            self.connections.setText("No active connections recorded.")
