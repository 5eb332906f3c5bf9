"""The People table beside the map: the same owner of the next step and the same natural
order of references as the workbook and the command line (tests/services/test_one_answer.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.editing.editor import Editor
from app.services.queries.map_data import load_map
from app.views.map.people_table import PeopleModel, people_table
from tests.services.response_builder import Builder
from tests.services.test_one_answer import LEADS, ORDER


def test_people_table_sorted_by_reference_with_the_owner(qtbot, store):
    b = Builder(store.db, Editor(store.db, user="tester"))
    for ref in ("YP-100", "YP-11", "YP-2", "YP-10", "YP-1"):
        who, agency, _ = LEADS[ref]
        b.person(ref, lead_professional=who, lead_agency=agency)
    model = PeopleModel(store)
    table = people_table(store, model)
    qtbot.addWidget(table)
    with store.read() as s:
        model.set_data(load_map(s, store.response_id))
    owner_col = [k for k, _ in model.COLUMNS].index("next_step")
    header = table.table.horizontalHeader()

    def shown() -> list[tuple[str, str]]:
        p = table.proxy
        return [(p.index(r, 0).data(), p.index(r, owner_col).data()) for r in range(p.rowCount())]

    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # sort by another column first
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # then the user sorts by reference
    assert shown() == [(ref, LEADS[ref][2]) for ref in ORDER]
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert [ref for ref, _ in shown()] == ORDER[::-1]
