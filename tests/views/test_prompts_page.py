"""The Prompts tab and the Timeline tab on the fictional demo, driven as a user would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.models.entities import AuditEntry, Concern, PromptDismissal
from app.services.network.exposure import NOT_ASSESSED_MARK
from app.views.prompts.page import PromptsPage
from app.views.shell.store import MapHighlight, Store
from app.views.timeline.page import TimelinePage


@pytest.fixture
def demo_store(qt_sandbox, demo_db):
    s = Store(demo_db)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def page(qtbot, demo_store):
    p = PromptsPage(demo_store)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


def test_selecting_a_prompt_highlights_its_people(page, demo_store):
    # (The tree is Qt's own QTreeWidget model: nothing of ours for qtmodeltester to check.)
    assert len(page.shown) >= 8
    seen: list[MapHighlight | None] = []
    demo_store.highlight_changed.connect(seen.append)
    prompt = page.select_rule("linked_concerns")
    assert prompt is not None
    assert seen[-1] == demo_store.highlight
    assert demo_store.highlight.people == frozenset(prompt.person_ids)
    assert prompt.people[0] in demo_store.highlight.caption
    assert prompt.text in page.detail.text()
    assert "next step:" in page.detail.text()
    exposed = page.select_rule("exposure")
    assert demo_store.highlight.marks
    assert set(demo_store.highlight.marks) < set(exposed.person_ids)
    assert set(demo_store.highlight.marks.values()) == {NOT_ASSESSED_MARK}


def test_dismiss_asks_for_a_reason_and_records_it(qtbot, page, demo_store):
    prompt = page.select_rule("online_space")
    open_before = len(page.shown)
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    dialog = page.dismiss_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason: refused
    assert dialog.isVisible()
    assert dialog.problem.text() == "Give a reason for dismissing the prompt."
    with demo_store.read() as s:
        assert s.scalars(select(PromptDismissal)).all() == []
    qtbot.keyClicks(dialog.reason, "Fictional: chat closed by the school")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(page.shown) == open_before - 1
    assert prompt.key not in [p.key for p in page.shown]
    assert "1 dismissed" in page.count.text()
    assert page.show_dismissed.text() == "Show dismissed (1)"
    with demo_store.read() as s:
        [row] = s.scalars(select(PromptDismissal)).all()
        assert row.reason == "Fictional: chat closed by the school"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "prompt_dismissal"))
        assert any("chat closed" in (a.new or "") for a in audit)
    page.show_dismissed.setChecked(True)
    shown = {p.key: p for p in page.shown}
    assert shown[prompt.key].dismissed
    # In a group of its own at the end; selected, it shows the reason and can be restored.
    rule, text, count = page.summary.groups()[-1]
    assert (text, count) == ("Dismissed (1)", 1)
    assert page.summary.select_key(prompt.key)
    assert "Fictional: chat closed by the school" in page.detail.text()
    assert page.restore_button.isEnabled() and not page.dismiss_button.isEnabled()
    demo_store.undo_stack.undo()
    assert "0 dismissed" in page.count.text()


def test_exposure_toggle_sets_marks_on_the_map(page, demo_store):
    panel = page.exposure
    panel.distance.setCurrentIndex(panel.distance.findData(1))
    panel.show_on_map.setChecked(True)
    one = demo_store.highlight
    assert one is not None and one.marks
    assert set(one.marks.values()) == {NOT_ASSESSED_MARK}
    assert set(one.marks) <= set(one.people)
    panel.distance.setCurrentIndex(panel.distance.findData(2))
    two = demo_store.highlight
    assert two.people > one.people
    panel.mode.setCurrentIndex(panel.mode.findData("online"))
    assert demo_store.highlight.people < two.people
    assert "online" in demo_store.highlight.caption
    panel.show_on_map.setChecked(False)
    assert demo_store.highlight is None


def test_bridges_are_words_and_groups_can_be_named(qtbot, page, demo_store):
    assert page.bridges.found
    page.bridges.list.setCurrentRow(0)
    caption = demo_store.highlight.caption
    assert " links the " in caption and " group" in caption
    assert len(demo_store.highlight.areas) >= 2
    groups = page.groups
    groups.table.selectRow(0)
    groups.name_edit.clear()
    qtbot.keyClicks(groups.name_edit, "Fictional Y9 circle")
    qtbot.mouseClick(groups.name_button, Qt.MouseButton.LeftButton)
    assert groups.table.item(0, 0).text() == "Fictional Y9 circle"
    groups.table.selectRow(0)
    qtbot.mouseClick(groups.show_button, Qt.MouseButton.LeftButton)
    name, ids = demo_store.highlight.areas[0]
    assert name == "Fictional Y9 circle"
    assert ids == frozenset(groups.groups[0].person_ids)
    qtbot.mouseClick(groups.show_all_button, Qt.MouseButton.LeftButton)
    assert len(demo_store.highlight.areas) == len([g for g in groups.groups if not g.parent_key])


def test_prompts_follow_as_at(page, demo_store):
    now = len(page.shown)
    demo_store.set_as_at(date.today() - timedelta(days=45))
    assert len(page.shown) < now
    assert "as at" in page.count.text()


# ----- timeline ---------------------------------------------------------------------------


def test_timeline_rows_hover_click_and_as_at(qtbot, demo_store):
    page = TimelinePage(demo_store)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    with demo_store.read() as s:
        concerns = len(s.scalars(select(Concern)).all())
    assert sum(1 for sp in page.spots if sp.kind == "concern") == concerns
    assert "Review date" in page.lines
    assert any("meeting" in label for label in page.lines)
    assert "Northfield Academy (fictional)" in page.rows
    page.row_mode.setCurrentIndex(page.row_mode.findData("person"))
    assert all(r.startswith("YP-") for r in page.rows)
    spot = next(sp for sp in page.spots if sp.kind == "concern")
    assert spot.reference in spot.tip and spot.detail in spot.tip

    # Clicking a mark selects that young person and asks for the map.
    shown: list[bool] = []
    demo_store.show_map_requested.connect(lambda: shown.append(True))
    items = [i for i in page.plot.listDataItems() if i.points().size]
    point = items[0].points()[0]
    view = page.plot.plotItem.vb
    pos = page.plot.mapFromScene(view.mapViewToScene(point.pos()))
    # Hovering the mark shows its reference and category.
    viewport = page.plot.viewport()
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    tip = view.toolTip()
    assert point.data().reference in tip and point.data().detail in tip
    qtbot.mouseClick(page.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert demo_store.selected_people == {point.data().person_id}
    assert shown

    # "As at" filters to what was known then, for every screen.
    page.as_at_check.setChecked(True)
    page.as_at_date.set_value(date.today() - timedelta(days=45))
    assert demo_store.as_at == date.today() - timedelta(days=45)
    assert sum(1 for sp in page.spots if sp.kind == "concern") < concerns
    page.as_at_check.setChecked(False)
    assert demo_store.as_at is None


def test_hidden_page_catches_up_when_shown(qtbot, page, demo_store):
    from app.services.prompts.engine import dismiss_prompt

    prompt = page.select_rule("same_setting")
    page.hide()
    rid = demo_store.response_id
    demo_store.run(lambda s: dismiss_prompt(s, rid, prompt, "Fictional: discussed"))
    page.show()
    assert prompt.key not in [p.key for p in page.shown]


def test_empty_response_pages(qtbot, store):
    prompts = PromptsPage(store)
    timeline = TimelinePage(store)
    for w in (prompts, timeline):
        qtbot.addWidget(w)
        w.show()
    assert prompts.shown == [] and prompts.summary.topLevelItemCount() == 0
    assert prompts.count.text().startswith("0 open, 0 dismissed")
    assert timeline.rows == [] and timeline.spots == []
    assert "0 concerns" in timeline.summary.text()
    assert prompts.bridges.list.count() == 1  # "No young person joins ..."
