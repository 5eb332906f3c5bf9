"""The Prompts tab's Exposure and Groups in the real window (issue 14 works them out when
their tab is first opened, not on the Prompts tab's first show): what they list when
opened agrees with the response as it is then, as at the day chosen, and exposure shown on
the map still follows a change while another tab is in front."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication

from app.services.network.exposure import exposure
from app.services.network.groups import concern_groups, group_names
from app.services.network.snapshot import known_as_at
from app.views.prompts.page import PromptsPage
from tests.views.test_charts_on_screen import show_tab


def expected(window, panel) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """References Exposure should list and group labels Groups should list, worked out
    from the database as the window shows it (as at its day)."""
    store = window.store
    with store.read() as s:
        known = known_as_at(s, store.response_id, store.as_at)
        exp = exposure(known, panel.distance.currentData(), panel.mode.currentData())
        refs = [known.ref(pid) for pid in known.sorted_ids(exp.people)]
        groups = concern_groups(known, group_names(s, store.response_id))
    labels = [("    " if g.parent_key else "") + g.label for g in groups]
    return refs, labels


def column(table, c: int = 0) -> list[str]:  # noqa: ANN001
    return [table.item(r, c).text() for r in range(table.rowCount())]


def open_side(page: PromptsPage, widget) -> None:  # noqa: ANN001
    page.side.setCurrentWidget(widget)  # as a click on its tab does
    QApplication.processEvents()


def test_exposure_and_groups_list_the_response_when_opened(demo, qtbot):
    page = show_tab(demo, qtbot, PromptsPage)
    assert page.side.currentIndex() == 0  # "Selected prompt" in front
    refs, labels = expected(demo, page.exposure)
    assert refs and labels
    open_side(page, page.exposure)
    assert column(page.exposure.table) == refs
    open_side(page, page.groups)
    assert column(page.groups.table) == labels

    # As at an earlier day, chosen while "Selected prompt" is in front: each lists what
    # was known that day when opened, not what it listed before.
    open_side(page, page.side.widget(0))
    first_day = min(c.date for c in _concerns(demo))
    demo.store.set_as_at(first_day + timedelta(days=1))
    QApplication.processEvents()
    refs_then, labels_then = expected(demo, page.exposure)
    assert (refs_then, labels_then) != (refs, labels)
    open_side(page, page.groups)
    assert column(page.groups.table) == labels_then
    open_side(page, page.exposure)
    assert column(page.exposure.table) == refs_then


def test_exposure_on_the_map_follows_a_change_made_behind_another_tab(demo, qtbot):
    page = show_tab(demo, qtbot, PromptsPage)
    open_side(page, page.exposure)
    page.exposure.show_on_map.setChecked(True)
    before = demo.store.highlight
    assert before is not None and before.people
    open_side(page, page.side.widget(0))
    first_day = min(c.date for c in _concerns(demo))
    demo.store.set_as_at(first_day + timedelta(days=1))
    QApplication.processEvents()
    refs_then, _ = expected(demo, page.exposure)
    now = demo.store.highlight
    assert now is not None and now.people != before.people
    with demo.store.read() as s:
        known = known_as_at(s, demo.store.response_id, demo.store.as_at)
    assert sorted(known.ref(pid) for pid in now.people) == sorted(refs_then)


def _concerns(window) -> list:  # noqa: ANN001
    from sqlalchemy import select

    from app.models.entities import Concern

    with window.store.read() as s:
        return list(
            s.scalars(select(Concern).where(Concern.response_id == window.store.response_id))
        )
