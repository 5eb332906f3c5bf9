"""Text that grows (issue 20.4): at Qt scale 1.5 and 2.0 on a 1366x768 laptop (911x512 and
683x384 logical pixels) every page and dialog is usable, the legend folds away rather than
covering the map, and the map's labels and legend follow the user's text size.

QT_SCALE_FACTOR is read once per process, so the scaled screens run in a subprocess
(tools/scale_check.py, on Qt's offscreen platform with a 1366x768 screen) that opens every
page and the dialogs on the demo and reports what does not fit; the text size is a larger
application font in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialogButtonBox

from app.views.map import legend
from app.views.person.form import PersonForm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=[1.5, 2.0])
def scaled(request, tmp_path_factory) -> dict:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    home = tmp_path_factory.mktemp("scaled")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"):
        env[var] = str(home)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "scale_check.py"), "--scale", str(request.param)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    facts = json.loads(run.stdout)
    facts["scale"] = request.param
    return facts


def test_the_scaled_screen_is_the_laptop_at_that_scale(scaled):
    expected = {1.5: [911, 512], 2.0: [683, 384]}[scaled["scale"]]
    assert scaled["screen"] == expected


def test_every_page_fits_the_screen_and_nothing_is_cut_off(scaled):
    problems = []
    room = scaled["screen"]
    assert len(scaled["pages"]) == 10
    for page in scaled["pages"]:
        name = page["name"]
        least = page["window_minimum"]
        if least[0] > room[0] or least[1] > room[1]:
            problems.append(f"{name}: the window cannot be smaller than {least}")
        if not (page["fits"] and page["on_screen"]):
            problems.append(f"{name}: window {page['frame']} off the screen {room}")
        problems += [f"{name}: {p}" for p in page["problems"]]
    assert not problems, "\n".join(problems)


def test_every_dialog_fits_the_screen_with_its_buttons_in_view(scaled):
    names = [d["name"] for d in scaled["dialogs"]]
    for wanted in ("person form", "assessment form", "concern form", "connection form"):
        assert wanted in names
    assert {"export dialog", "response dialog", "closure dialog", "import preview"} <= set(names)
    assert {
        "meeting form",
        "action form",
        "person picker",
        "open shared response",
        "move to shared server",
    } <= set(names)
    problems = []
    for dialog in scaled["dialogs"]:
        if not (dialog["fits"] and dialog["on_screen"]):
            problems.append(f"{dialog['name']}: {dialog['frame']} off {scaled['screen']}")
        problems += [f"{dialog['name']}: {p}" for p in dialog["problems"]]
    assert not problems, "\n".join(problems)


def test_the_legend_covers_at_most_a_third_of_the_map(scaled):
    assert scaled["legend_share"] <= 1 / 3
    w, h = scaled["map_view"]
    assert w > 300 and h > 200, "the map keeps most of the window"


def test_after_view_fit_map_the_references_are_drawn_and_readable(scaled):
    from app.views.map.paint import LABEL_MIN_SCREEN_PX

    fit = scaled["fit"]
    assert fit["label_px"] >= LABEL_MIN_SCREEN_PX  # pixels of the screen, not logical
    assert "YP-01" in fit["labels_drawn"]
    assert len(fit["labels_drawn"]) >= 0.9 * fit["people"], fit


# ----- in this process: a larger application font, a small window ----------------------


def _label_height(page) -> float:  # noqa: ANN001
    person = next(iter(page.scene.people.values()))
    return person.label_rect("below", "YP-01").height()


def test_map_labels_and_legend_grow_with_the_users_text(demo, big_text, qtbot):
    page = demo.pages[0]
    label = _label_height(page)
    legend_h = legend.height_for(page.view.legend_items, 900)
    big_text()
    qtbot.wait(20)
    assert _label_height(page) >= 1.7 * label
    assert legend.height_for(page.view.legend_items, 900) >= 1.5 * legend_h
    # Every person was measured again: the label lies inside what the map repaints for
    # them (no half-drawn or stale text when they move).
    for it in page.scene.people.values():
        assert it.boundingRect().contains(it.label_rect())


def test_map_text_returns_to_its_size_when_the_font_does(demo, big_text, qtbot):
    page = demo.pages[0]
    label = _label_height(page)
    app = QApplication.instance()
    before = QFont(app.font())
    big_text()
    qtbot.wait(20)
    app.setFont(before)
    qtbot.wait(20)
    assert _label_height(page) == pytest.approx(label)


def test_legend_folds_on_a_small_map_and_opens_in_its_own_panel(demo, qtbot):
    page = demo.pages[0]
    view = page.view
    place = view.legend_place()
    assert place is not None and place[0] == "full"  # 1366x700: over the map, as before
    demo.resize(700, 420)
    qtbot.wait(30)
    vp = view.viewport()
    kind, rect = view.legend_place()
    assert kind == "folded"
    assert rect.height() <= vp.height() / 3 and rect.width() < vp.width() / 2
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.wait(30)
    dock = next(d for d in page.docks if d.windowTitle() == "Legend")
    assert dock.isVisible()
    assert view.legend_place() is None  # not drawn twice, not over the map
    action = next(a for a in demo.view_menu.actions() if a.text() == "&Legend")
    assert action.shortcut().toString() == "Ctrl+Shift+G"
    action.trigger()  # View > Legend again: the panel closes, the tab is back
    qtbot.wait(30)
    assert not dock.isVisible() and view.legend_place()[0] == "folded"


def test_a_small_window_scrolls_its_page_rather_than_growing(demo, qtbot):
    coverage = demo.tabs.indexOf(next(s for s in demo.slots if s.title == "Coverage"))
    demo.tabs.setCurrentIndex(coverage)
    qtbot.wait(30)
    least = demo.minimumSizeHint()
    assert least.width() <= 683 and least.height() <= 384
    demo.resize(683, 384)
    qtbot.wait(30)
    assert demo.width() <= 700 and demo.height() <= 400
    slot = demo.tabs.widget(coverage)
    assert slot.scroll.horizontalScrollBar().maximum() > 0  # the page scrolls sideways


def test_a_form_scrolls_its_fields_and_keeps_ok_and_cancel_in_view(demo, qtbot):
    form = PersonForm(demo.store, parent=demo)
    form.show()
    qtbot.waitExposed(form)
    form.resize(form.width(), 260)  # far shorter than its fields
    qtbot.wait(30)
    buttons = form.findChild(QDialogButtonBox)
    parent = buttons.parentWidget()
    while parent is not None:
        assert not isinstance(parent, QAbstractScrollArea), "OK and Cancel must not scroll"
        parent = parent.parentWidget()
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    bottom = ok.mapTo(form, QPointF(0, ok.height()).toPoint()).y()
    assert bottom <= form.height()
    assert form.body.parentWidget().parentWidget().verticalScrollBar().maximum() > 0
    form.reject()
