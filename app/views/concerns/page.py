"""The Concerns tab: every concern in a filterable table, edited in place or in the form.

A declaration on the one table page (app/views/common/table_page.py): the columns by key,
the category filter, the rows from the concerns read model, edits through the Store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.models.vocab import ConcernCategory, ConcernSource, DatePrecision, MedicalAttention
from app.services.editing.editor import Edit
from app.services.people.concerns import delete_concerns, update_concern
from app.services.queries.concerns import concern_rows
from app.services.queries.rows import Row
from app.views.common.row_table import Column
from app.views.common.table_page import Filter, TablePage
from app.views.concerns.form import ConcernDialog, edit_concern
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.label) for m in enum)


CONCERN_COLUMNS = (
    Column("reference", "Reference"),
    Column("owner", "Next step owner"),
    Column("date", "Date", editable=True, kind="date", optional=False),
    Column("date_precision", "Precision", kind="choice", choices=_choices(DatePrecision)),
    Column("date_known", "Date known", editable=True, kind="date", optional=False),
    Column("reporting_agency", "Reporting agency", editable=True, optional=False),
    Column("source", "Source", editable=True, kind="choice", choices=_choices(ConcernSource)),
    Column("setting", "Setting"),
    Column(
        "category",
        "Category",
        editable=True,
        kind="choice",
        choices=_choices(ConcernCategory),
        optional=False,
    ),
    Column(
        "medical_attention",
        "Medical attention",
        editable=True,
        kind="choice",
        choices=_choices(MedicalAttention),
    ),
    Column("contagion", "Contagion indicators"),
)
COLUMNS = [c.title for c in CONCERN_COLUMNS]


class ConcernsPage(TablePage):
    """Every concern recorded, newest first; selecting one selects its young person."""

    title = "Concerns"
    NOUN = "concerns"
    COLUMNS = CONCERN_COLUMNS
    FILTERS = (Filter("category", "All categories", _choices(ConcernCategory)),)
    TOUCHES = ("concern", "young_person", "setting")
    SORT = ("date", Qt.SortOrder.DescendingOrder)
    PLACEHOLDER = "Filter: reference, agency, setting, ..."
    ADD_TEXT = "Add concern..."
    NOTE = (
        "Coarse categories only: Circles never records a self-harm method. "
        "Double-click a date, agency, source, category or medical attention to change it."
    )
    MAX_WIDTH = 150  # so the next step owner stays in view at 1366 pixels wide

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__(store, window)
        self.category = self.filters["category"]

    def read_rows(self, session: Session) -> list[Row]:
        return concern_rows(session, self.store.response_id)

    def update(self, session: Session, row_id: int, values: dict[str, Any]) -> Edit:
        return update_concern(session, row_id, values)

    def delete(self, session: Session, ids: list[int]) -> Edit:
        return delete_concerns(session, ids)

    def open_form(self, row_id: int | None) -> ConcernDialog:
        if row_id is not None:
            self.form = edit_concern(self.store, self, concern_id=row_id)
        else:
            people = self.store.selected_people
            person = next(iter(people)) if len(people) == 1 else None
            self.form = edit_concern(self.store, self, person_id=person)
        return self.form
