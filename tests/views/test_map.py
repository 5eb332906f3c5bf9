"""The map, driven as a practitioner would: double-click, Connect drag, delete, undo, export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.models.entities import Connection, YoungPerson
from app.services.people.assessments import add_assessment, update_assessment
from app.services.people.connections import add_connection
from app.services.people.young_people import add_person
from app.views.map.page import MapPage
from app.views.person.connection_form import ConnectionForm
from app.views.person.form import PersonForm
from app.views.shell.store import MapHighlight

TODAY = date.today()


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
    ids = []
    for i in range(n):
        changes = store.run(
            lambda s, i=i: add_person(
                s,
                rid,
                {
                    "given_name": f"P{i}",
                    "family_name": "Fictional",
                    "map_x": i * 150.0,
                    "map_y": 0.0,
                },
            )
        )
        ids.extend(changes.of("young_person"))
    return ids


def _link(store, a: int, b: int, kind: str = "friend", mode: str = "real_life") -> int:
    rid = store.response_id
    changes = store.run(
        lambda s: add_connection(
            s,
            rid,
            {
                "person_a_id": a,
                "person_b_id": b,
                "mode": mode,
                "kind": kind,
                "source_agency": "School",
                "confidence": "reported",
                "date_identified": TODAY - timedelta(days=3),
            },
        )
    )
    return next(iter(changes.of("connection")))


def _viewport_pos(page, pid: int) -> QPoint:
    return page.view.mapFromScene(page.scene.people[pid].pos())


def _ok(form) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _send_move(widget, pos: QPoint, buttons, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    ev = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        buttons,
        modifiers,
    )
    QApplication.sendEvent(widget, ev)


def _visible_links(page) -> int:
    return sum(
        len(layer.lines) - len(layer.hidden_rows)
        for layer in page.scene.all_layers()
        if layer is not page.scene.spokes and layer.isVisible()
    )


def test_double_click_on_empty_canvas_adds_a_person_there(page, qtbot, store):
    pos = QPoint(300, 250)
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    form = page.form
    assert isinstance(form, PersonForm)
    qtbot.keyClicks(form.given_name, "Ada")
    qtbot.keyClicks(form.family_name, "Fictional")
    _ok(form)
    with store.read() as s:
        people = s.scalars(select(YoungPerson)).all()
    assert [p.reference for p in people] == ["YP-01"]
    assert len(page.scene.people) == 1
    where = page.view.mapToScene(pos)
    assert people[0].map_x == pytest.approx(where.x(), abs=1)
    assert page.scene.people[people[0].id].pos().y() == pytest.approx(where.y(), abs=1)


def test_person_form_refuses_a_missing_name_and_warns_at_18(page, qtbot, store):
    page.add_person((0.0, 0.0))
    form = page.form
    _ok(form)
    assert form.isVisible()
    assert form.problem.text() == "Given name is required."
    with store.read() as s:
        assert s.scalar(select(YoungPerson.id)) is None
    form.date_of_birth.set_value(TODAY - timedelta(days=365 * 20))
    assert "18" in form.warning.text() or "20" in form.warning.text()
    assert form.warning.isVisibleTo(form)
    form.date_of_birth.set_value(TODAY - timedelta(days=365 * 12))
    assert form.warning.text() == ""
    form.reject()


def test_connect_tool_drag_creates_a_connection(page, qtbot, store):
    a, b = _people(store, 2)
    page.view.fit()
    page.connect_tool.trigger()
    vp = page.view.viewport()
    start, end = _viewport_pos(page, a), _viewport_pos(page, b)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    _send_move(vp, end, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    form = page.form
    assert isinstance(form, ConnectionForm)
    assert {form.values()["person_a_id"], form.values()["person_b_id"]} == {a, b}
    assert form.kind.currentData() is None  # the kind is chosen, never assumed
    _ok(form)
    assert form.isVisible() and "Kind" in form.problem.text()
    form.kind.setCurrentIndex(form.kind.findData("friend"))
    form.source_agency.setEditText("CAMHS")
    _ok(form)
    with store.read() as s:
        conns = s.scalars(select(Connection)).all()
    assert len(conns) == 1 and conns[0].source_agency == "CAMHS"
    assert _visible_links(page) == 1
    # The same kind again between the same two people is refused with a message.
    page.connect_people(b, a)
    form = page.form
    form.source_agency.setEditText("Police")
    form.kind.setCurrentIndex(form.kind.findData("friend"))
    _ok(form)
    assert "already have a 'friend' connection" in form.problem.text()
    form.reject()
    with store.read() as s:
        assert len(s.scalars(select(Connection)).all()) == 1


def test_shift_drag_onto_the_same_person_is_refused(page, qtbot, store, monkeypatch):
    (a,) = _people(store, 1)
    page.view.fit()
    messages = []
    monkeypatch.setattr("app.views.map.page.show_error", lambda _p, text: messages.append(text))
    vp = page.view.viewport()
    pos = _viewport_pos(page, a)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=pos)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=pos)
    assert messages == ["A young person cannot be connected to themselves."]
    assert page.form is None


def test_delete_removes_lines_and_undo_restores_the_same_ids(page, qtbot, store):
    a, b, c = _people(store, 3)
    l1, l2 = _link(store, a, b), _link(store, b, c)
    assert _visible_links(page) == 2
    page.scene.people[b].setSelected(True)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert b not in page.scene.people
    assert _visible_links(page) == 0
    with store.read() as s:
        assert s.get(YoungPerson, b) is None
        assert s.scalars(select(Connection)).all() == []
    store.undo_stack.undo()
    assert b in page.scene.people
    assert _visible_links(page) == 2
    with store.read() as s:
        assert sorted(s.scalars(select(Connection.id)).all()) == sorted([l1, l2])


def test_dragging_several_people_is_one_undo_step(page, qtbot, store):
    a, b, c = _people(store, 3)
    page.view.fit()
    before = store.undo_stack.count()
    page.scene.people[a].setSelected(True)
    page.scene.people[b].setSelected(True)
    vp = page.view.viewport()
    start = _viewport_pos(page, a)
    end = start + QPoint(40, 60)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos=start)
    _send_move(vp, start + QPoint(10, 10), Qt.MouseButton.LeftButton)
    _send_move(vp, end, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert store.undo_stack.count() == before + 1
    assert store.undo_stack.text(store.undo_stack.count() - 1) == "Move 2 young people"
    with store.read() as s:
        moved = {p.id: (p.map_x, p.map_y) for p in s.scalars(select(YoungPerson))}
    assert moved[a][1] > 0 and moved[b][1] > 0 and moved[c] == (300.0, 0.0)
    store.undo_stack.undo()
    assert page.scene.people[a].pos().y() == 0.0


def test_colour_follows_the_latest_completed_assessment(page, store):
    (a,) = _people(store, 1)
    grey = page.scene.people[a].style
    assert grey.label == "Not yet assessed" and grey.shape == "square"
    rid = store.response_id
    changes = store.run(
        lambda s: add_assessment(
            s, rid, {"person_id": a, "agency": "CAMHS", "status": "booked", "booked_date": TODAY}
        )
    )
    aid = next(iter(changes.of("assessment")))
    assert page.scene.people[a].style.label == "Not yet assessed"
    store.run(
        lambda s: update_assessment(
            s, aid, {"status": "completed", "completed_date": TODAY, "risk": "High"}
        )
    )
    item = page.scene.people[a]
    assert item.style.label == "High"
    assert item.style.colour.name().upper() == "#D55E00"
    assert item.style.shape == "triangle"  # a second cue besides colour


def test_store_selection_selects_and_map_selection_reaches_the_store(page, qtbot, store):
    a, b = _people(store, 2)
    store.select_people({b})
    assert page.view.selected_people() == [b]
    assert page.people_view.table.selectionModel().selectedRows()
    page.scene.clearSelection()
    page.scene.people[a].setSelected(True)
    assert store.selected_people == frozenset({a})


def test_highlight_marks_areas_and_caption(page, store):
    a, b, c = _people(store, 3)
    store.set_highlight(
        MapHighlight(
            people=frozenset({a, b}),
            marks={a: "not assessed since concern"},
            areas=(("Northfield Academy", frozenset({a, b})),),
            caption="Consider exposure around YP-01",
        )
    )
    assert (
        page.scene.people[a].highlighted
        and page.scene.people[a].mark == "not assessed since concern"
    )
    assert page.scene.people[c].dimmed
    assert [area.name for area in page.scene.areas] == ["Northfield Academy"]
    assert page.view.caption == "Consider exposure around YP-01"
    store.set_highlight(None)
    assert not page.scene.areas and page.view.caption == ""
    assert not page.scene.people[c].dimmed and page.scene.people[a].mark == ""


def test_as_at_shows_only_what_was_known_then(page, store):
    rid = store.response_id
    old = store.run(
        lambda s: add_person(
            s,
            rid,
            {
                "given_name": "Old",
                "family_name": "F",
                "date_added": TODAY - timedelta(days=20),
                "map_x": 0.0,
                "map_y": 0.0,
            },
        )
    )
    new = store.run(
        lambda s: add_person(
            s,
            rid,
            {
                "given_name": "New",
                "family_name": "F",
                "date_added": TODAY - timedelta(days=2),
                "map_x": 100.0,
                "map_y": 0.0,
            },
        )
    )
    a, b = next(iter(old.of("young_person"))), next(iter(new.of("young_person")))
    _link(store, a, b)
    store.set_as_at(TODAY - timedelta(days=10))
    assert set(page.scene.people) == {a}
    assert _visible_links(page) == 0
    assert page.people_model.rowCount() == 2  # the tables keep everything known now
    store.set_as_at(None)
    assert set(page.scene.people) == {a, b}
    assert _visible_links(page) == 1


def test_filters_hide_people_and_links(page, store):
    a, b = _people(store, 2)
    _link(store, a, b, kind="direct_messages", mode="online")
    assert _visible_links(page) == 1
    page.scene.filters.modes.discard("online")
    page.scene.apply_filters()
    assert _visible_links(page) == 0
    page.scene.filters.modes.add("online")
    page.scene.filters.coverage = "not_assessed"
    page.scene.apply_filters()
    assert all(item.isVisible() for item in page.scene.people.values())


def test_search_finds_and_centres(page, store):
    a, b = _people(store, 2)
    assert page.find("p1 fictional")
    assert store.selected_people == frozenset({b})
    assert not page.find("nobody")


def test_table_models_pass_the_model_tester(page, store, qtmodeltester):
    a, b = _people(store, 2)
    _link(store, a, b)
    qtmodeltester.check(page.people_model)
    qtmodeltester.check(page.links_model)


def test_table_cell_edit_is_one_undoable_step(page, store):
    a, b = _people(store, 2)
    _link(store, a, b)
    model = page.links_model
    col = [k for k, _ in model.COLUMNS].index("confidence")
    assert model.setData(model.index(0, col), "Confirmed")
    with store.read() as s:
        assert s.scalar(select(Connection.confidence)) == "confirmed"
    store.undo_stack.undo()
    with store.read() as s:
        assert s.scalar(select(Connection.confidence)) == "reported"


def test_export_svg_has_legend_and_marking(page, store, tmp_path):
    a, b = _people(store, 2)
    _link(store, a, b)
    target = tmp_path / "map.svg"
    assert page.export_to(target)
    text = target.read_text(encoding="utf-8")
    assert "OFFICIAL-SENSITIVE" in text
    assert "Assessed risk" in text and "Not yet assessed" in text
    assert "Generated at" in text
    for suffix in (".png", ".pdf"):
        assert page.export_to(tmp_path / f"map{suffix}")
        assert (tmp_path / f"map{suffix}").stat().st_size > 1000


def test_demo_opens_laid_out_without_writing(qtbot, store_demo):
    page = MapPage(store_demo)
    qtbot.addWidget(page)
    positions = [it.pos() for it in page.scene.people.values()]
    assert len({(p.x(), p.y()) for p in positions}) == len(positions)
    assert store_demo.undo_stack.count() == 0
    with store_demo.read() as s:
        assert s.scalar(select(YoungPerson.id).where(YoungPerson.map_x.is_not(None))) is None
    kinds = {layer.mode for layer in page.scene.layers.values()}
    assert kinds == {"real_life", "online", "both"}


@pytest.fixture
def store_demo(qt_sandbox, demo_db):
    from app.views.shell.store import Store

    s = Store(demo_db)
    yield s
    s.undo_stack.clear()
