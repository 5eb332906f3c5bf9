"""The map's Layout menu, used as a practitioner would: each layout moves people, is one
undo step, and Undo puts everyone back."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.files.demo import build_demo
from app.services.people.young_people import add_person
from app.views.map.page import MapPage

LAYOUTS = [
    "Force-directed: everyone (pinned stay)",
    "Force-directed: only people not yet placed",
    "Group by setting",
    "Circular",
]


def _positions(store) -> dict[int, tuple[float | None, float | None]]:
    with store.read() as s:
        rows = s.execute(select(YoungPerson.id, YoungPerson.map_x, YoungPerson.map_y)).all()
    return {pid: (x, y) for pid, x, y in rows}


def test_every_layout_in_the_menu_moves_people_as_one_undo_step(window, qtbot, qt_sandbox):
    build_demo(qt_sandbox / "demo.circles").close()
    assert window.open_path(qt_sandbox / "demo.circles")
    window.show()
    store = window.store
    page = next(p for p in window.pages if isinstance(p, MapPage))
    button = next(b for b in page.toolbar.findChildren(QToolButton) if b.text() == "Layout")
    # The demo's people are laid out in the background as it opens: the Layout menu is
    # off until then, as the user sees it.
    qtbot.waitUntil(button.isEnabled, timeout=60000)
    # Two people with no stored position yet, for "only people not yet placed".
    rid = store.response_id
    for name in ("Unplaced", "Newcomer"):
        store.run(lambda s, n=name: add_person(s, rid, {"given_name": n, "family_name": "Test"}))
    unplaced = {pid for pid, (x, _y) in _positions(store).items() if x is None}
    assert len(unplaced) >= 2

    menu = {a.text(): a for a in button.menu().actions()}
    assert set(LAYOUTS) <= set(menu)
    for text in LAYOUTS:
        before = _positions(store)
        # index(), not count(): after an Undo the next step replaces the undone one.
        steps = store.undo_stack.index()
        menu[text].trigger()
        qtbot.waitUntil(lambda: page.worker is None, timeout=60000)
        after = _positions(store)
        assert store.undo_stack.index() == steps + 1, text
        assert store.undo_stack.count() == steps + 1, text
        assert store.undo_stack.text(steps).startswith("Lay out"), text
        moved = {pid for pid in after if after[pid] != before[pid]}
        assert moved, f"{text} moved no one"
        if text == "Force-directed: only people not yet placed":
            # Everyone already placed stays where they were.
            assert moved == unplaced
        assert button.isEnabled()
        window.undo_action.trigger()
        assert _positions(store) == before, text
