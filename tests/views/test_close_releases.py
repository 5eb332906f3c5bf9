"""A closed response leaves nothing of itself behind (issue 14).

Before, the map's scene, its table models and every person on the map outlived the file:
a parentless model's signal held a closure over its page, a cycle through Qt that Python's
collector cannot see. At 2,000 young people each opening left 31,000 objects behind, which
every later full collection walked again. Opening the demo a second time from the File menu
(which closes the first) must leave the first one's map and tables collectable.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from app.views.common.page_model import PageModel
from app.views.map.person_item import PersonItem
from app.views.map.scene import MapScene


def _menu_action(window, text: str):  # noqa: ANN001, ANN202
    for action in window.file_menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File menu entry {text!r}")


def _alive(kind: type) -> int:
    # The open response's objects are frozen out of the collector (gc_policy), and a frozen
    # object is not listed by gc.get_objects(): thawed to count them, frozen again after.
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    try:
        return sum(isinstance(o, kind) for o in gc.get_objects())
    finally:
        if frozen:
            gc.freeze()


def _settle() -> None:
    for _ in range(3):  # the closed pages' deleteLater, then what their deletion posted
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    frozen = gc.get_freeze_count()
    gc.unfreeze()  # what the closed file left is not frozen (close_file thaws it): collected
    gc.collect()
    if frozen:
        gc.freeze()


def test_opening_the_demo_again_releases_the_first_ones_map_and_tables(window, qtbot):
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    demo = _menu_action(window, "Open the fictional demo")
    demo.trigger()
    qtbot.waitUntil(lambda: window.store is not None)
    for i in range(window.tabs.count()):  # every page built, as a user visiting each tab
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
    window.tabs.setCurrentIndex(0)
    people = len(window.pages[0].data.people)
    assert people > 0
    _settle()
    before = (_alive(MapScene), _alive(PersonItem), _alive(PageModel))

    demo.trigger()  # closes the open demo and opens a fresh one
    qtbot.waitUntil(lambda: window.store is not None and bool(window.pages[0].data.people))
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
    window.tabs.setCurrentIndex(0)
    _settle()

    # The same as with one demo open: one map, its people, one model per list page.
    assert (_alive(MapScene), _alive(PersonItem), _alive(PageModel)) == before
    assert _alive(MapScene) == 1
    assert _alive(PersonItem) == people
