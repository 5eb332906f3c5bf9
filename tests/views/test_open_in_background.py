"""A large response opens at once and its heavy work follows in the background (issue 14):
people never placed wait on a grid while the map's layout is worked out off the GUI
thread, and the Prompts tab says it is working them out, then shows the same prompts as
`circles prompts --json`, even when the data changed meanwhile. Deterministic: the tests
wait for the work to end, never for a time."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QToolButton
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.network import layouts
from app.services.prompts.engine import dismiss_prompt, prompts_for
from app.views.map import opening_layout
from app.views.map.opening_layout import LAYING_OUT
from app.views.map.page import MapPage
from app.views.prompts import page as prompts_page
from tests.test_cli import circles


def _stored(store) -> dict[int, tuple[float | None, float | None]]:
    with store.read() as s:
        rows = s.execute(select(YoungPerson.id, YoungPerson.map_x, YoungPerson.map_y)).all()
    return {pid: (x, y) for pid, x, y in rows}


def _demo(qt_sandbox):
    path = qt_sandbox / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    return path


def test_unplaced_people_wait_on_a_grid_then_are_laid_out_off_the_gui_thread(
    window, qtbot, qt_sandbox, monkeypatch
):
    monkeypatch.setattr(opening_layout, "BACKGROUND_FROM", 1)  # the demo counts as large
    path = _demo(qt_sandbox)
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    page = window.page_at(0)
    assert isinstance(page, MapPage)
    store = window.store
    people = set(_stored(store))
    assert all(x is None for x, _ in _stored(store).values())  # the demo: nobody placed
    button = next(b for b in page.toolbar.findChildren(QToolButton) if b.text() == "Layout")
    # At once: everybody on the map, each on a place of their own, the work shown as going on.
    assert set(page.scene.people) == people
    waiting = page.scene.positions()
    assert len(set(waiting.values())) == len(people)
    assert page.opening.running and not button.isEnabled()
    assert window.statusBar().currentMessage() == LAYING_OUT
    qtbot.waitUntil(lambda: not page.opening.running, timeout=60000)
    assert button.isEnabled() and window.statusBar().currentMessage() == ""
    laid = page.scene.positions()
    assert set(laid) == people and len(set(laid.values())) == len(people)
    # The same picture the window drew before it laid out in the background (seeded).
    edges = [(lk.a, lk.b) for lk in page.data.links.values() if lk.b is not None]
    assert laid == layouts.force_directed(list(page.data.people), edges, {}, set())
    # Opening still writes nothing; the first move keeps the whole laid-out picture.
    assert store.undo_stack.count() == 0
    assert all(x is None for x, _ in _stored(store).values())
    moved = next(iter(people))
    page.view.moved.emit({moved: (5.0, 7.0)}, {})
    stored = _stored(store)
    assert stored[moved] == (5.0, 7.0)
    assert all(stored[p] == laid[p] for p in people - {moved})
    assert store.undo_stack.count() == 1


def test_a_person_moved_before_the_layout_ends_stays_where_they_were_put(
    window, qtbot, qt_sandbox, monkeypatch
):
    monkeypatch.setattr(opening_layout, "BACKGROUND_FROM", 1)  # the demo counts as large
    path = _demo(qt_sandbox)
    window.show()
    assert window.open_path(path)
    page = window.page_at(0)
    store = window.store
    first = next(iter(page.scene.people))
    page.view.moved.emit({first: (11.0, 13.0)}, {})  # a drag while the layout runs
    kept = _stored(store)  # everyone stored where they were shown (the waiting grid)
    qtbot.waitUntil(lambda: not page.opening.running, timeout=60000)
    assert _stored(store) == kept
    assert page.scene.positions() == {pid: kept[pid] for pid in page.scene.people}


def test_a_small_response_opens_laid_out_with_no_waiting_grid(window, qtbot, qt_sandbox):
    path = _demo(qt_sandbox)  # 40 young people, nobody placed yet
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    page = window.page_at(0)
    assert not page.opening.running and window.statusBar().currentMessage() != LAYING_OUT
    button = next(b for b in page.toolbar.findChildren(QToolButton) if b.text() == "Layout")
    assert button.isEnabled()
    laid = page.scene.positions()
    edges = [(lk.a, lk.b) for lk in page.data.links.values() if lk.b is not None]
    assert laid == layouts.force_directed(list(page.data.people), edges, {}, set())


def _prompts_tab(window) -> int:
    return next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Prompts")


def test_prompts_of_a_large_response_are_worked_out_in_the_background(
    window, qtbot, qt_sandbox, monkeypatch
):
    monkeypatch.setattr(prompts_page, "BACKGROUND_FROM", 1)  # the demo counts as large
    path = _demo(qt_sandbox)
    expected = json.loads(circles("prompts", str(path), "--json").stdout)
    assert expected
    window.show()
    assert window.open_path(path)
    index = _prompts_tab(window)
    window.tabs.setCurrentIndex(index)
    page = window.page_at(index)
    assert page.working and page.count.text() == prompts_page.WORKING
    assert not page.dismiss_button.isEnabled()
    qtbot.waitUntil(lambda: not page.working, timeout=60000)
    assert [p.to_json() for p in page.all_prompts] == expected
    assert page.count.text() == f"{len(expected)} open, 0 dismissed"
    assert page.summary.prompts  # listed
    # Bridges and the side tabs as the small responses' page shows them.
    with window.store.read() as s:
        from app.services.network.groups import bridges
        from app.services.network.snapshot import known_as_at

        found = bridges(known_as_at(s, window.store.response_id, None))
    assert [b.text for b in page.bridges.found] == [b.text for b in found]
    page.side.setCurrentWidget(page.groups)
    assert page.groups.groups  # worked out when its tab was shown
    # Selecting a prompt shows the owners of the next steps, worked out with the prompts.
    shown = page.select_rule(page.summary.prompts[0].rule)
    assert shown is not None and "next step:" in page.detail.text()


def test_an_edit_while_the_prompts_are_worked_out_is_in_what_is_shown(
    window, qtbot, qt_sandbox, monkeypatch
):
    monkeypatch.setattr(prompts_page, "BACKGROUND_FROM", 1)
    path = _demo(qt_sandbox)
    window.show()
    assert window.open_path(path)
    store = window.store
    index = _prompts_tab(window)
    window.tabs.setCurrentIndex(index)
    page = window.page_at(index)
    assert page.working
    rid = store.response_id
    with store.read() as s:
        target = prompts_for(s, rid, None)[0]
    store.run(lambda s: dismiss_prompt(s, rid, target, "Discussed at the meeting"))
    qtbot.waitUntil(lambda: not page.working, timeout=60000)
    shown = {p.key: p for p in page.all_prompts}
    assert shown[target.key].dismissed
    got = [p.to_json() for p in page.all_prompts]
    window.close_file()
    assert got == json.loads(circles("prompts", str(path), "--json").stdout)


def test_a_long_audit_log_is_read_in_the_background_and_shows_the_latest_edit(
    window, qtbot, qt_sandbox, monkeypatch
):
    from app.services.people.young_people import add_person
    from app.services.queries.audit import audit_rows
    from app.views.audit import page as audit_page

    monkeypatch.setattr(audit_page, "BACKGROUND_FROM", 1)  # the demo's log counts as long
    path = _demo(qt_sandbox)
    window.show()
    assert window.open_path(path)
    store = window.store
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Audit log")
    window.tabs.setCurrentIndex(index)
    page = window.page_at(index)
    assert page.working and page.count.text() == audit_page.READING
    assert not page.export_button.isEnabled()
    # An edit while it reads: what is shown in the end includes it.
    rid = store.response_id
    store.run(lambda s: add_person(s, rid, {"given_name": "Late", "family_name": "Entry"}))
    qtbot.waitUntil(lambda: not page.working, timeout=60000)
    with store.read() as s:
        expected = audit_rows(s)
    assert page.all_rows == expected
    assert page.count.text() == f"{len(expected)} entries"
    assert any("Late" in r.new for r in page.rows)
    assert page.export_button.isEnabled()


def test_the_helper_process_and_this_process_work_out_the_same(qt_sandbox, monkeypatch):
    from app.services.prompts import worked_out

    path = _demo(qt_sandbox)
    helped = worked_out._from_helper(str(path), None)
    assert helped is not None  # the helper process ran
    monkeypatch.setattr(worked_out, "_from_helper", lambda *_: None)  # as where none starts
    here = worked_out.work_out(str(path), 1, None)
    assert [p.to_json() for p in helped.prompts] == [p.to_json() for p in here.prompts]
    assert [b.text for b in helped.bridges] == [b.text for b in here.bridges]
    assert helped.owners == here.owners
    expected = json.loads(circles("prompts", str(path), "--json").stdout)
    assert [p.to_json() for p in here.prompts] == expected
