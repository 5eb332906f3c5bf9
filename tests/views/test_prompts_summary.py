"""The Prompts tab as a summary a chair can take in: group rows by rule with counts, one
line per prompt newest first, every group on screen at 1366x700, the full text and the
owners of the next steps on selection, and dismissal from the new view."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.entities import PromptDismissal
from app.services.prompts.engine import RULES, prompts_for
from app.services.prompts.summary import SHOWN_REFERENCES, summary_line
from app.views.prompts.page import PromptsPage
from app.views.prompts.summary import DISMISSED
from tests.test_cli import circles


def _open_prompts(window, qtbot, qt_sandbox) -> PromptsPage:
    path = qt_sandbox / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    page = next(p for p in window.pages if isinstance(p, PromptsPage))
    window.tabs.setCurrentIndex(window.pages.index(page))
    qtbot.waitUntil(lambda: page.summary.viewport().height() > 200)
    page.summary.refit()
    return page


def test_the_demo_prompts_fit_one_screen_as_groups_with_counts(window, qtbot, qt_sandbox):
    page = _open_prompts(window, qtbot, qt_sandbox)
    with window.store.read() as s:
        every = prompts_for(s, window.store.response_id, None)
    assert len(every) == 28
    tree = page.summary
    # One group row per rule that has prompts, "Label (count)", the counts adding up.
    counts = Counter(p.rule for p in every)
    groups = tree.groups()
    assert {rule for rule, _t, _n in groups} == set(counts)
    for rule, text, n in groups:
        assert text == f"{RULES[rule].label} ({counts[rule]})" and n == counts[rule]
    # One line per prompt: its references (at most a few, then "and N more") and dates.
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        lasts = []
        for j in range(top.childCount()):
            child = top.child(j)
            p = tree.by_key[child.data(0, Qt.ItemDataRole.UserRole)]
            assert child.text(0) == summary_line(p)
            assert p.people[0] in child.text(0)
            assert len(child.text(0).split(", ")) <= SHOWN_REFERENCES + 1
            assert child.text(1)  # the dates
            lasts.append(p.last_date)
        assert lasts == sorted(lasts, reverse=True)  # newest first, never by risk
    # Every group row is on screen without scrolling in a 1366x700 window (the person
    # panel open beside it), and every open group shows all of its lines.
    view = tree.viewport().rect()
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        assert view.contains(tree.visualItemRect(top)), top.text(0)
        if top.isExpanded():
            for j in range(top.childCount()):
                assert view.contains(tree.visualItemRect(top.child(j))), top.child(j).text(0)
    # (once the deferred refit has run for the final size)
    qtbot.waitUntil(lambda: not tree.verticalScrollBar().isVisible(), timeout=5000)
    shown = sum(
        1 + (t.childCount() if t.isExpanded() else 0)
        for t in map(tree.topLevelItem, range(tree.topLevelItemCount()))
    )
    assert shown >= 20  # a summary, not five paragraphs
    window.grab().save(str(qt_sandbox / "prompts_1366x700.png"))


def test_selection_shows_the_full_text_and_owners_and_highlights(window, qtbot, qt_sandbox):
    page = _open_prompts(window, qtbot, qt_sandbox)
    tree = page.summary
    top = tree.topLevelItem(0)
    top.setExpanded(True)
    child = top.child(0)
    rect = tree.visualItemRect(child)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    p = page.selected()
    assert p is not None and p.key == child.data(0, Qt.ItemDataRole.UserRole)
    detail = page.detail.text()
    assert p.text.startswith("Consider") and p.text in detail
    for ref in p.people:
        assert ref in detail
    assert detail.count("next step:") == len(p.people)
    assert window.store.highlight.people == frozenset(p.person_ids)
    # A group row is a heading, not a prompt: clicking it selects nothing.
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(top).center()
    )
    assert page.selected() is None or page.selected().key == p.key


def test_dismiss_from_the_summary_and_restore(window, qtbot, qt_sandbox):
    page = _open_prompts(window, qtbot, qt_sandbox)
    store = window.store
    tree = page.summary
    rule, text, count = next(g for g in tree.groups() if g[2] > 1)
    top = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == rule
    )
    top.setExpanded(True)
    child = top.child(0)
    key = child.data(0, Qt.ItemDataRole.UserRole)
    tree.scrollToItem(child)  # the opened group's rows laid out and in view before the click
    qtbot.waitUntil(lambda: tree.itemAt(tree.visualItemRect(child).center()) is child)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(child).center()
    )
    assert page.dismiss_button.isEnabled()
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    dialog = page.dismiss_dialog
    qtbot.keyClicks(dialog.reason, "Fictional: discussed at the strategic meeting")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    # Out of the way: the group's count drops, the toggle counts it, no Dismissed group yet.
    assert (rule, f"{RULES[rule].label} ({count - 1})", count - 1) in tree.groups()
    assert key not in [p.key for p in page.shown]
    assert page.show_dismissed.text() == "Show dismissed (1)"
    assert DISMISSED not in [g[0] for g in tree.groups()]
    with store.read() as s:
        (row,) = s.scalars(select(PromptDismissal)).all()
        assert row.reason == "Fictional: discussed at the strategic meeting"
    qtbot.mouseClick(page.show_dismissed, Qt.MouseButton.LeftButton)
    assert tree.groups()[-1] == (DISMISSED, "Dismissed (1)", 1)
    assert tree.select_key(key)
    assert "discussed at the strategic meeting" in page.detail.text()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert (rule, f"{RULES[rule].label} ({count})", count) in tree.groups()
    assert page.show_dismissed.text() == "Show dismissed (0)"
    store.undo_stack.undo()  # undo the restore: dismissed again
    assert page.show_dismissed.text() == "Show dismissed (1)"
