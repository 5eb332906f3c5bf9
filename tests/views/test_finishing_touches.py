"""Finishing touches of issue 20 (large text, keyboard, screen readers), tested from
where the user starts them: the View > Fit map menu entry, Add young person, F6."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea

from app.__main__ import main
from app.services.files.demo import build_demo
from app.views.map.label_check import drawn_labels
from app.views.map.paint import LOD_LABEL


def _action(menu, text: str):  # noqa: ANN001, ANN202
    return next(a for a in menu.actions() if a.text() == text)


def test_labels_are_drawn_after_fit_at_a_large_font_in_a_small_window(demo, big_text, qtbot):
    big_text()
    demo.resize(1000, 560)  # a small window: Fit zooms out below the usual threshold
    qtbot.wait(50)
    page = demo.pages[0]
    _action(demo.view_menu, "Fit map").trigger()
    qtbot.wait(50)
    zoom = page.view.transform().m11()
    # Zoomed out further than a fixed threshold allowed, the labels (twice as large)
    # are still readable, so they are drawn.
    assert zoom < LOD_LABEL, zoom
    drawn = drawn_labels(page.view)
    assert "YP-01" in drawn, zoom
    assert len(drawn) >= 0.9 * len(page.scene.people), (zoom, drawn)


def test_labels_are_not_drawn_when_too_small_to_read(demo, qtbot):
    from app.views.map.paint import LABEL_FONT

    page = demo.pages[0]
    qtbot.wait(300)
    # A resize of the page (a dock or the status line settling, late on a loaded machine)
    # fits the map again, undoing the zoom set here: look again until the zoom held.
    for _ in range(5):
        page.view.resetTransform()
        page.view.scale(0.3, 0.3)  # 13-pixel labels would be 4 pixels tall
        drawn = drawn_labels(page.view)
        if abs(page.view.transform().m11() - 0.3) < 1e-6:
            break
        qtbot.wait(200)
    assert abs(page.view.transform().m11() - 0.3) < 1e-6
    assert drawn == [], (page.view.transform().m11(), LABEL_FONT.pixelSize())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_report_charts_are_described_in_words_with_their_figures(tmp_path, capsys):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    day = "2026-12-01"
    assert main(["coverage", str(path), "--as-of", day, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    out = tmp_path / "report.pdf"
    assert main(["report", str(path), "--out", str(out), "--as-of", day]) == 0
    text = unicodedata.normalize(
        "NFKC",
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout,
    )
    flat = " ".join(text.split())
    assessed = figures["assessed_on_time"] + figures["assessed_late"]
    assert (
        f"Young people assessed over time, in words: {assessed} of" in flat
        and "were assessed by 01/12/2026" in flat
    )
    words = re.search(r"Assessments by agency, in words: (.*?)\.", flat)
    assert words, flat[:2000]
    # Every agency with its own figures: together, everyone in scope.
    totals = [int(n) for n in re.findall(r"\((\d+) in all\)", words.group(1))]
    assert sum(totals) == figures["in_scope"]
    assert "Actions by owner agency, in words:" in flat


def _key(qtbot, key, mod=Qt.KeyboardModifier.NoModifier):  # noqa: ANN001, ANN202
    qtbot.keyClick(QApplication.focusWidget(), key, mod)
    return QApplication.focusWidget()


def test_f6_and_shift_f6_move_the_focus_between_the_windows_panes(demo, qtbot):
    demo.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo)
    page = demo.pages[0]
    people = next(d for d in page.docks if d.windowTitle() == "Young people")
    links = next(d for d in page.docks if d.windowTitle() == "Connections")
    # One young person selected (as a user would, in the People table): the panel shows.
    page.view.setFocus()
    demo.store.select_people({next(iter(page.scene.people))})
    qtbot.waitUntil(demo.person_panel.isVisible)
    assert QApplication.focusWidget() is page.view
    order = [_key(qtbot, Qt.Key.Key_F6) for _ in range(4)]
    assert people.isAncestorOf(order[0])
    # The Connections table, tabbed behind the People table, comes to the front.
    assert links.isAncestorOf(order[1]) and order[1].isVisible()
    assert demo.person_panel.isAncestorOf(order[2])
    assert order[3] is page.view  # round to the map
    back = [_key(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) for _ in range(3)]
    assert demo.person_panel.isAncestorOf(back[0])
    assert links.isAncestorOf(back[1]) and people.isAncestorOf(back[2])
    assert _key(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is page.view
    # The F6 keys are on every page: on Assessments, its table and the panel.
    demo.tabs.setCurrentIndex(3)
    qtbot.wait(30)
    first = _key(qtbot, Qt.Key.Key_F6)
    assert demo.tabs.currentWidget().isAncestorOf(first) or demo.person_panel.isAncestorOf(first)


def test_the_young_person_panel_is_reachable_by_keyboard(demo, qtbot):
    demo.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo)
    page = demo.pages[0]
    page.view.setFocus()
    demo.store.select_people({next(iter(page.scene.people))})
    qtbot.waitUntil(demo.person_panel.isVisible)
    panel = demo.person_panel
    while not panel.isAncestorOf(QApplication.focusWidget()):
        _key(qtbot, Qt.Key.Key_F6)
    reached = [QApplication.focusWidget()]
    for _ in range(6):
        reached.append(_key(qtbot, Qt.Key.Key_Tab))
    inside = [w for w in reached if panel.isAncestorOf(w)]
    texts = [getattr(w, "text", lambda: "")() for w in inside]
    assert "Edit details..." in texts and "Hide" in texts
    assert panel.tabs.tabBar() in inside  # its sections: Summary, Assessments, ...
    # No stop on the panel's scroll area, which has no name of its own.
    assert not [w for w in inside if isinstance(w, QScrollArea)]
    # Right arrow on the sections' tab bar shows the next section.
    panel.tabs.tabBar().setFocus()
    before = panel.tabs.currentIndex()
    _key(qtbot, Qt.Key.Key_Right)
    assert panel.tabs.currentIndex() == before + 1


def _open_person_form(demo, qtbot):  # noqa: ANN001, ANN202
    page = demo.pages[0]
    page.add_action.trigger()  # the map toolbar's Add young person
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    qtbot.wait(200)  # placed again once on screen
    return page, page.form


def test_add_young_person_at_normal_size_shows_no_legend_panel(demo, qtbot):
    page, form = _open_person_form(demo, qtbot)
    legend_dock = next(d for d in page.docks if d.windowTitle() == "Legend")
    assert not legend_dock.isVisible()
    assert not legend_dock.toggleViewAction().isChecked()
    place = page.view.legend_place()
    assert place is not None and place[0] == "full"  # over the map, as the map shows it
    form.reject()
    # View > Legend still opens it when asked for.
    next(a for a in demo.view_menu.actions() if a.text() == "&Legend").trigger()
    qtbot.wait(30)
    assert legend_dock.isVisible()


def test_a_dialog_opens_centred_over_the_window_and_within_the_screen(demo, qtbot):
    room = demo.screen().availableGeometry()
    demo.setGeometry(room.x(), room.y(), room.width() * 7 // 8, room.height() * 5 // 8)
    qtbot.wait(30)
    page = demo.pages[0]
    demo.store.select_people({next(iter(page.scene.people))})
    next(a for a in demo.edit_menu.actions() if a.text() == "Add connection...").trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    picker = QApplication.activeModalWidget()
    qtbot.wait(200)  # placed again once on screen
    frame, over = picker.frameGeometry(), demo.frameGeometry()
    assert room.contains(frame), (room, frame)
    assert frame.width() < room.width() and frame.height() < room.height()
    # Centred over the window, not over the screen (nor where Qt put it before sizing).
    assert abs(frame.center().x() - over.center().x()) <= 2, (frame, over)
    assert abs(frame.center().y() - over.center().y()) <= 2, (frame, over)
    picker.reject()
    # The person form, as tall as the screen allows, keeps OK and Cancel on it.
    _page, form = _open_person_form(demo, qtbot)
    assert room.contains(form.frameGeometry())
    form.reject()
