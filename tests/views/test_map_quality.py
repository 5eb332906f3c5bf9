"""The map as a practitioner sees it after Fit, an import, a highlight and with names shown
(issue 15): everyone whole on screen, imported people placed readably in the import's own
undo step, a way back from a highlight, and labels that never cover each other."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QToolButton
from sqlalchemy import func, select

from app.models.database import create_database
from app.models.entities import YoungPerson
from app.services.files.demo import build_demo
from app.views.exchange.import_actions import import_file
from app.views.map.overview import overview_opacity
from app.views.map.page import MapPage
from app.views.shell.store import MapHighlight
from tests.services.import_files import write_workbook


def _map(window) -> MapPage:
    return next(p for p in window.pages if isinstance(p, MapPage))


@pytest.fixture
def demo_map(window, qt_sandbox, qtbot):
    build_demo(qt_sandbox / "demo.circles").close()
    assert window.open_path(qt_sandbox / "demo.circles")
    window.resize(1366, 768)
    window.show()
    page = _map(window)
    window.show_page(page) if hasattr(window, "show_page") else None
    qtbot.waitExposed(window)
    return page


def _scene_rect(item, rect: QRectF) -> QRectF:
    return item.mapRectToScene(rect)


def _shown_area(page: MapPage) -> QRectF:
    return page.view.mapToScene(page.view.free_area().toAlignedRect()).boundingRect()


def test_fit_shows_every_person_whole_and_the_export_keeps_them(demo_map, qtbot, qt_sandbox):
    page = demo_map
    page.view.scale(3, 3)  # zoomed in: some people are off screen
    page.fit_action.trigger()
    shown = _shown_area(page)
    whole = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
    for item in page.scene.people.values():
        rect = item.sceneBoundingRect()  # symbol, badges and label
        assert shown.contains(rect), item.info.reference
    # The picture exports what the view shows: everyone is inside it.
    assert all(whole.contains(i.sceneBoundingRect()) for i in page.scene.people.values())
    assert page.export_to(qt_sandbox / "map.png")
    assert (qt_sandbox / "map.png").stat().st_size > 0


def test_import_places_new_people_readably_in_the_same_undo_step(window, qtbot, qt_sandbox):
    path = qt_sandbox / "new.circles"
    today = date.today()
    create_database(
        path,
        title="Import placement (fictional)",
        lead_area="Testshire",
        referral_date=today - timedelta(days=5),
        review_date=today + timedelta(days=20),
    ).close()
    assert window.open_path(path)
    window.resize(1366, 768)
    window.show()
    rows = [["Forename", "Surname"]] + [[f"Pupil{i}", "Madeup (fictional)"] for i in range(20)]
    source = write_workbook(qt_sandbox / "twenty.xlsx", {"Pupils": rows})
    dialog = import_file(window, window.store, source)
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    store = window.store
    assert store.undo_stack.count() == 1
    with store.read() as s:
        placed = s.execute(select(YoungPerson.map_x, YoungPerson.map_y)).all()
    assert len(placed) == 20 and all(x is not None and y is not None for x, y in placed)
    page = _map(window)
    rect = QRectF()
    for item in page.scene.people.values():
        rect = rect.united(item.sceneBoundingRect())
    # Not a column: the block of people is at least as wide as it is tall.
    assert rect.width() >= rect.height(), (rect.width(), rect.height())
    assert rect.width() < 20 * 90  # and not a row either
    window.undo_action.trigger()
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(YoungPerson)) == 0


def test_highlight_can_be_cleared_and_the_selected_person_is_never_faded(demo_map, qtbot):
    page = demo_map
    store = page.store
    ids = sorted(page.scene.people)
    highlighted, other = ids[0], ids[1]
    button = next(
        b for b in page.toolbar.findChildren(QToolButton) if b.text() == "Clear highlight"
    )
    assert not page.clear_highlight_action.isVisible()
    store.set_highlight(MapHighlight(people=frozenset({highlighted}), caption="Test prompt"))
    assert page.clear_highlight_action.isVisible()
    assert overview_opacity(page.scene.people[other]) < 1.0
    # Selecting a faded person draws them at full strength.
    store.select_people({other})
    assert page.scene.people[other].isSelected()
    assert overview_opacity(page.scene.people[other]) == 1.0
    # Esc on the map clears the highlight.
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    assert store.highlight is None
    assert not any(i.dimmed for i in page.scene.people.values())
    assert not page.clear_highlight_action.isVisible()
    # And so does the visible button.
    store.set_highlight(MapHighlight(people=frozenset({highlighted})))
    qtbot.waitUntil(button.isVisible, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert store.highlight is None
    assert not any(i.dimmed for i in page.scene.people.values())


def test_selecting_someone_on_screen_does_not_scroll_the_map(demo_map):
    page = demo_map
    page.fit_action.trigger()
    h, v = page.view.horizontalScrollBar().value(), page.view.verticalScrollBar().value()
    pid = sorted(page.scene.people)[3]
    page.store.select_people({pid})
    assert page.scene.people[pid].isSelected()
    assert (page.view.horizontalScrollBar().value(), page.view.verticalScrollBar().value()) == (
        h,
        v,
    )


def test_names_never_cover_each_other_or_a_symbol_after_fit(demo_map):
    page = demo_map
    page.names_action.trigger()
    page.fit_action.trigger()
    items = [i for i in page.scene.people.values() if i.isVisible()]
    labels = {i: _scene_rect(i, i.label_rect()) for i in items if i.shown_label}
    symbols = {i: _scene_rect(i, i.symbol_rect()) for i in items}
    assert len(labels) >= len(items) * 0.8  # most people keep a label (name or initials)
    pairs = [(a, b) for a in labels for b in labels if a is not b]
    for a, b in pairs:
        assert not labels[a].intersects(labels[b]), (a.shown_label, b.shown_label)
    for a, rect in labels.items():
        for b, sym in symbols.items():
            if a is not b:
                assert not rect.intersects(sym), (a.shown_label, b.info.reference)
    # Whatever the label shows, the tooltip has the full name.
    for item in items:
        item.ensure_tooltip()
        assert item.info.name in item.toolTip()
    # On screen the labels are drawn: the fitted zoom is above the labels' level of detail.
    from app.views.map.paint import LOD_LABEL

    assert page.view.zoom() >= LOD_LABEL
