"""Zoomed right out, the map still shows, selects and drags everyone (batched overview)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from app.services.people.young_people import add_person
from app.views.map.overview import LOD_SHAPE
from app.views.map.page import MapPage
from app.views.map.style import MAP_BACKGROUND


@pytest.fixture
def page(qtbot, store):
    p = MapPage(store)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def _people(store, n: int) -> list[int]:
    rid = store.response_id
    ids: list[int] = []
    for i in range(n):
        changes = store.run(
            lambda s, i=i: add_person(
                s,
                rid,
                {"given_name": f"P{i}", "family_name": "Fictional", "map_x": i * 600.0, "map_y": 0},
            )
        )
        ids.extend(changes.of("young_person"))
    return ids


def _zoom_out(page) -> None:
    page.view.resetTransform()
    page.view.scale(0.1, 0.1)
    assert page.view.zoom() < LOD_SHAPE
    page.view.centerOn(page.scene.people[next(iter(page.scene.people))].pos())


def _pixel(page, pid: int) -> QColor:
    image: QImage = page.view.viewport().grab().toImage()
    at = page.view.mapFromScene(page.scene.people[pid].pos())
    return image.pixelColor(at)


def test_zoomed_out_people_show_in_their_risk_colour_and_filters_hide_them(page, store):
    a, b = _people(store, 2)
    _zoom_out(page)
    colour = page.scene.people[a].style.colour
    assert _pixel(page, a) == colour
    assert page.scene.overview_on  # the person items leave the drawing to the overview
    page.scene.filters.coverage = "overdue"  # nobody: hides both
    page.scene.apply_filters()
    assert _pixel(page, a) == MAP_BACKGROUND


def test_zoomed_out_click_selects_and_drag_moves_the_square(page, store, qtbot):
    a, b = _people(store, 2)
    _zoom_out(page)
    vp = page.view.viewport()
    start = page.view.mapFromScene(page.scene.people[a].pos())
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=start)
    assert store.selected_people == frozenset({a})
    end = start + QPoint(40, 30)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(vp, start + (end - start) * step / 4)
    # While the button is still down (nothing stored yet), the square follows the mouse.
    assert page.view.mapFromScene(page.scene.people[a].pos()) != start
    assert _pixel(page, a) == page.scene.people[a].style.colour
    assert vp.grab().toImage().pixelColor(start) == MAP_BACKGROUND
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    moved = page.scene.people[a].pos()
    assert page.view.mapFromScene(moved) != start
    assert _pixel(page, a) == page.scene.people[a].style.colour
    image = vp.grab().toImage()
    assert image.pixelColor(start) == MAP_BACKGROUND  # nothing left where it was


def test_zooming_in_again_draws_full_nodes(page, store):
    a, _b = _people(store, 2)
    _zoom_out(page)
    vp = page.view.viewport()
    vp.grab()
    assert page.scene.overview_on
    page.view.resetTransform()
    page.view.centerOn(page.scene.people[a].pos())
    vp.grab()
    assert not page.scene.overview_on
