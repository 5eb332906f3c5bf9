"""Sorting a list page as a user does: clicking a column's header sorts the rows on screen
(again: the other way), natural reference order and dates as shown, and the sort holds
through a filter, an edit (the selection kept), an add and its undo. The columns are as
wide as their header and text, as Qt's own fitting would make them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QHeaderView

from app.models.entities import YoungPerson
from app.services.people.assessments import add_assessment
from app.services.people.concerns import add_concern
from app.services.people.references import reference_key
from app.services.people.young_people import add_person
from app.views.assessments.page import KEYS, AssessmentsPage
from app.views.common.table_page import TablePage, fold
from app.views.concerns.page import COLUMNS, ConcernsPage
from app.views.shell.store import Store


@pytest.fixture
def demo_store(qt_sandbox, demo_db):
    s = Store(demo_db)
    yield s
    s.undo_stack.clear()


def shown(page: TablePage, title: str) -> list[str]:
    """The texts of one column, top to bottom, as the view shows them."""
    model = page.view.model()
    col = [c.title for c in page.COLUMNS].index(title)
    return [model.index(r, col).data() or "" for r in range(model.rowCount())]


def click_header(qtbot: Any, page: TablePage, title: str) -> None:
    header = page.view.horizontalHeader()
    col = [c.title for c in page.COLUMNS].index(title)
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def natural(text: str) -> Any:
    return reference_key(fold(text))


def day(text: str) -> date:
    d, m, y = (int(p) for p in text.split("/"))
    return date(y, m, d)


def select_id(page: TablePage, row_id: int) -> None:
    model = page.view.model()
    at = next(
        r for r in range(model.rowCount()) if page.model.rows[_source(page, r)]["id"] == row_id
    )
    page.view.selectionModel().select(
        model.index(at, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _source(page: TablePage, r: int) -> int:
    return page.proxy.mapToSource(page.proxy.index(r, 0)).row()


def test_header_click_sorts_the_rows_on_screen_and_again_reverses(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    qtbot.waitExposed(page)
    # As it opens: newest first, the header saying so.
    dates = [day(t) for t in shown(page, "Date")]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    header = page.view.horizontalHeader()
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == COLUMNS.index("Date")
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    click_header(qtbot, page, "Reporting agency")
    agencies = shown(page, "Reporting agency")
    assert [natural(a) for a in agencies] == sorted(natural(a) for a in agencies)
    assert len(set(agencies)) > 1
    assert header.sortIndicatorSection() == COLUMNS.index("Reporting agency")
    first = header.sortIndicatorOrder()
    click_header(qtbot, page, "Reporting agency")
    again = shown(page, "Reporting agency")
    assert header.sortIndicatorOrder() != first
    assert [natural(a) for a in again] == sorted((natural(a) for a in agencies), reverse=True)

    # Sorting keeps every row: the same concerns, counted the same.
    assert sorted(again) == sorted(agencies) and page.count.text().endswith("concerns")


def test_ties_keep_the_order_read_both_ways(qtbot, demo_store):
    # Rows with the same category stay newest first whichever way the category is sorted.
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        page.view.sortByColumn(COLUMNS.index("Category"), order)
        cats, dates = shown(page, "Category"), [day(t) for t in shown(page, "Date")]
        for cat in set(cats):
            same = [d for c, d in zip(cats, dates, strict=True) if c == cat]
            assert same == sorted(same, reverse=True), (order, cat)


def test_references_sort_naturally(qtbot, store):
    rid = store.response_id
    errors: list[str] = []
    store.error.connect(errors.append)
    for ref in ("YP-10", "YP-2", "YP-1", "yp-3", "YP-100"):
        person = {"given_name": "Test", "family_name": "Person", "reference": ref}
        store.run(lambda s, v=person: add_person(s, rid, v))
    with store.read() as s:
        ids = [p.id for p in s.query(YoungPerson)]
    for pid in ids:
        store.run(lambda s, p=pid: add_assessment(s, rid, {"person_id": p, "agency": "CAMHS"}))
    assert not errors and len(ids) == 5
    page = AssessmentsPage(store)
    qtbot.addWidget(page)
    assert shown(page, "Reference") == ["YP-1", "YP-2", "yp-3", "YP-10", "YP-100"]
    page.view.sortByColumn(KEYS.index("reference"), Qt.SortOrder.DescendingOrder)
    assert shown(page, "Reference") == ["YP-100", "YP-10", "yp-3", "YP-2", "YP-1"]


def test_a_filter_filters_the_sorted_rows(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    page.view.sortByColumn(COLUMNS.index("Reference"), Qt.SortOrder.AscendingOrder)
    page.category.setCurrentIndex(page.category.findData("self_injury"))
    refs = shown(page, "Reference")
    assert 0 < len(refs) < page.model.rowCount()
    assert set(shown(page, "Category")) == {"Self-injury"}
    assert [natural(r) for r in refs] == sorted(natural(r) for r in refs)
    page.category.setCurrentIndex(0)
    assert len(shown(page, "Reference")) == page.model.rowCount()


def test_an_edit_keeps_the_sort_and_the_selection(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.view.sortByColumn(COLUMNS.index("Category"), Qt.SortOrder.AscendingOrder)
    cats = shown(page, "Category")
    # The first row, changed to the last category: it moves to the bottom group.
    first_id = page.model.rows[_source(page, 0)]["id"]
    select_id(page, first_id)
    assert page.selected_ids() == [first_id]
    last_label = cats[-1]
    code = next(
        c for c, label in page.COLUMNS[COLUMNS.index("Category")].choices if label == last_label
    )
    assert cats[0] != last_label
    model = page.view.model()
    assert model.setData(model.index(0, COLUMNS.index("Category")), code)
    after = shown(page, "Category")
    assert [natural(c) for c in after] == sorted(natural(c) for c in after)
    assert page.selected_ids() == [first_id]  # the selection followed the row
    at = page.view.selectionModel().selectedRows()[0].row()
    assert after[at] == last_label
    demo_store.undo_stack.undo()
    assert shown(page, "Category") == cats
    assert page.selected_ids() == [first_id]


def test_an_added_row_shows_in_its_sorted_place_and_undo_removes_it(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    page.view.sortByColumn(COLUMNS.index("Reporting agency"), Qt.SortOrder.AscendingOrder)
    before = shown(page, "Reporting agency")
    person = page.model.rows[0]["person_id"]
    when = date.today() - timedelta(days=3)
    values = {
        "person_id": person,
        "date": when,
        "reporting_agency": "Mmm middle agency (fictional)",
        "category": "self_injury",
    }
    demo_store.run(lambda s: add_concern(s, demo_store.response_id, values))
    after = shown(page, "Reporting agency")
    assert len(after) == len(before) + 1
    assert [natural(a) for a in after] == sorted(natural(a) for a in after)
    assert "Mmm middle agency (fictional)" in after
    demo_store.undo_stack.undo()
    assert shown(page, "Reporting agency") == before


def test_columns_are_as_wide_as_their_text_and_header(qtbot, demo_store):
    # The page measures its columns itself; nothing on screen is narrower than Qt's own
    # fitting of the same rows would make it (up to the page's widest column).
    page = AssessmentsPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    qtbot.waitExposed(page)
    view, header = page.view, page.view.horizontalHeader()
    ours = [view.columnWidth(c) for c in range(len(page.COLUMNS) - 1)]  # the last stretches
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(50)
    for c in range(len(page.COLUMNS) - 1):
        view.resizeColumnToContents(c)
        assert ours[c] >= min(view.columnWidth(c), page.MAX_WIDTH), page.COLUMNS[c].title
