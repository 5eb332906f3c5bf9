"""The Assessments tab: every assessment of the response in one table, filterable, edited
in place or in the form.

A declaration on the one table page (app/views/common/table_page.py): the columns by key,
the status filter, the rows from the assessments read model, edits through the Store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.models.vocab import AssessmentStatus
from app.services.editing.editor import Edit
from app.services.people.assessments import delete_assessments, update_assessment
from app.services.queries.assessments import assessment_rows
from app.services.queries.pickers import scales
from app.services.queries.rows import Row
from app.views.assessments.form import AssessmentForm
from app.views.common.risk import RiskPalette
from app.views.common.row_table import Column
from app.views.common.table_page import Filter, TablePage
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUSES = tuple((st.value, st.label) for st in AssessmentStatus)
ASSESSMENT_COLUMNS = (
    Column("reference", "Reference"),
    Column("lead", "Lead (owns the next step)"),
    Column("agency", "Agency", editable=True),
    Column("assessor", "Assessor", editable=True),
    Column("status", "Status", editable=True, kind="choice", choices=STATUSES, optional=False),
    Column("booked_date", "Booked", editable=True, kind="date", typed=True),
    Column("completed_date", "Completed", editable=True, kind="date", typed=True),
    Column("risk", "Assessed risk", editable=True, kind="choice"),
    Column("need_level", "Level of need", editable=True, kind="choice"),
    Column("next_review_date", "Next review", editable=True, kind="date", typed=True),
    Column("notes", "Notes", editable=True),
)
KEYS = [c.key for c in ASSESSMENT_COLUMNS]


class AssessmentsPage(TablePage):
    """Every assessment: filter, add, edit (in place or in the form), delete."""

    title = "Assessments"
    NOUN = "assessments"
    COLUMNS = ASSESSMENT_COLUMNS
    FILTERS = (Filter("status", "All statuses", STATUSES),)
    TOUCHES = ("assessment", "young_person", "response")
    RISK_KEYS = ("risk",)
    PLACEHOLDER = "Filter: reference, agency, assessor, risk, notes..."
    ADD_TEXT = "Add assessment..."
    NOTE = (
        "Double-click a cell to change it, or a reference to open the form. The risk shown "
        "for a young person is the one recorded in their latest completed assessment."
    )

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__(store, window)
        self.status_filter = self.filters["status"]
        self.filter_edit = self.search
        self.filter_edit.setObjectName("assessmentFilter")
        self.view.setObjectName("assessmentsTable")

    def read_rows(self, session: Session) -> list[Row]:
        rows = assessment_rows(session, self.store.response_id)
        levels = scales(session, self.store.response_id).risk_levels
        if self.risk_palette is None or self.risk_palette.levels != list(levels):
            self.risk_palette = RiskPalette(levels)
        for row in rows:
            if row.status == "not_required" and row.not_required_reason:
                label = AssessmentStatus(row.status).label
                row["_text"] = {"status": f"{label}: {row.not_required_reason}"}
        return rows

    def choices(self, column: Column) -> tuple[tuple[Any, str], ...]:
        # Risk and level of need come from the response's own scales, nothing else.
        if column.key in ("risk", "need_level"):
            with self.store.read() as s:
                scale = scales(s, self.store.response_id)
            levels = scale.risk_levels if column.key == "risk" else scale.need_levels
            return tuple((x, x) for x in levels)
        return column.choices

    def update(self, session: Session, row_id: int, values: dict[str, Any]) -> Edit:
        return update_assessment(session, row_id, values)

    def delete(self, session: Session, ids: list[int]) -> Edit:
        return delete_assessments(session, ids)

    def open_form(self, row_id: int | None) -> AssessmentForm:
        """Open the form (not blocking); it saves through the Store when OK is pressed."""
        person = None
        if row_id is None and len(self.store.selected_people) == 1:
            person = next(iter(self.store.selected_people))
        self.form = AssessmentForm(self.store, assessment_id=row_id, parent=self)
        if person is not None:
            self.form.person.setCurrentIndex(max(0, self.form.person.findData(person)))
        self.form.open()
        return self.form
