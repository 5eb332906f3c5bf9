"""A tab switch shows the page at the size it keeps: the map's docks are hidden (or shown)
before the page is, so it is never laid out and painted at the height the docks left it,
then again. By Ctrl+Tab as by code; the docks and the person panel still follow the tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

# `demo`: the demo open in a shown 1366x700 window (tests/views/conftest.py).


class _Sizes(QObject):
    """The sizes a widget is given while watched, and whether the docks were up then."""

    def __init__(self, widget, docks) -> None:  # noqa: ANN001
        super().__init__()
        self.widget, self.docks = widget, docks
        self.sizes: list[tuple[int, int]] = []
        self.docks_up_when_shown: list[bool] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        if event.type() == QEvent.Type.Resize:
            self.sizes.append(event.size().toTuple())
        elif event.type() == QEvent.Type.Show:
            self.docks_up_when_shown.append(any(d.isVisible() for d in self.docks))
        return False


def _switch(demo, qtbot, index: int, by_keyboard: bool) -> _Sizes:  # noqa: ANN001
    map_page = demo.page_at(0)
    watch = _Sizes(demo.tabs.widget(index), map_page.docks)
    if by_keyboard:
        assert demo.tabs.currentIndex() == index - 1
        qtbot.keyClick(demo, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    else:
        demo.tabs.setCurrentIndex(index)
    QApplication.processEvents()
    QApplication.processEvents()
    assert demo.tabs.currentIndex() == index
    return watch


@pytest.mark.parametrize("by_keyboard", [False, True], ids=["code", "ctrl_tab"])
def test_a_page_is_first_shown_at_its_final_size_without_the_maps_docks(demo, qtbot, by_keyboard):
    map_page = demo.page_at(0)
    assert any(d.isVisible() for d in map_page.docks)  # the map's tables, under the map
    for index in (1, 2, 3):  # Overview, Coverage, Assessments: first visits
        if by_keyboard:
            demo.tabs.setCurrentIndex(index - 1)
            QApplication.processEvents()
        slot = demo.tabs.widget(index)
        watch = _switch(demo, qtbot, index, by_keyboard)
        final = slot.size().toTuple()
        name = demo.tabs.tabText(index)
        assert watch.docks_up_when_shown == [False], f"{name} shown beside the map's docks"
        assert watch.sizes and set(watch.sizes) == {final}, f"{name} resized: {watch.sizes}"
        assert slot.page is not None and slot.page.isVisible()
    # And a later visit: shown at the same final size, the docks already gone.
    demo.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert any(d.isVisible() for d in map_page.docks)  # back with the Map tab
    watch = _switch(demo, qtbot, 2, False)
    assert watch.docks_up_when_shown == [False]
    assert set(watch.sizes) <= {demo.tabs.widget(2).size().toTuple()}


def test_the_maps_docks_come_back_by_keyboard_as_the_user_left_them(demo, qtbot):
    map_page = demo.page_at(0)
    people = next(d for d in map_page.docks if d.windowTitle() == "Young people")
    links = next(d for d in map_page.docks if d.windowTitle() == "Connections")
    links.hide()  # the user closed the Connections table
    for _ in range(demo.tabs.count()):  # all the way round, by keyboard
        qtbot.keyClick(demo, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert demo.tabs.currentIndex() == 0 or not people.isVisible()
    assert demo.tabs.currentIndex() == 0
    assert people.isVisible() and not links.isVisible()


def test_the_person_panel_follows_the_pages_that_select_a_person(demo, qtbot):
    map_page = demo.page_at(0)
    map_page.people_view.table.selectRow(0)
    QApplication.processEvents()
    panel = demo.person_panel
    assert panel.isVisible()
    titles = [demo.tabs.tabText(i) for i in range(demo.tabs.count())]
    demo.tabs.setCurrentIndex(titles.index("Overview"))
    QApplication.processEvents()
    assert not panel.isVisible()  # Overview has the room
    demo.tabs.setCurrentIndex(titles.index("Coverage"))
    QApplication.processEvents()
    assert panel.isVisible()
