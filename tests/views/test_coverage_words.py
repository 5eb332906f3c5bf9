"""Words and colours that cannot be misread: no coverage state is called "At risk" (it
would read as a risk of harm) on the Coverage tab, the map's legend or the workbook, and
no coverage colour is a risk colour."""

from __future__ import annotations

import json
import re

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLabel, QWidget

from app.services.coverage.figures import STATES
from app.services.coverage.labels import STATE_COLOURS, STATE_EDGES
from app.services.workbook.writer import RISK_COLOURS
from app.views.coverage.page import CoveragePage
from app.views.map import legend
from app.views.map.style import NOT_ASSESSED_COLOUR, RISK_PALETTE
from tests.test_cli import circles

AT_RISK = re.compile(r"\bat[\s-]+risk\b", re.IGNORECASE)


def texts_of(root: QWidget) -> list[str]:
    """Every piece of text a user can see or hover on a widget tree: labels, buttons,
    drop-down items, tooltips, and every cell (and cell tooltip) of every list."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        out.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            for r in range(m.rowCount()):
                for c in range(m.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = m.index(r, c).data(role)
                        if isinstance(value, str):
                            out.append(value)
            for c in range(m.columnCount()):
                out.append(str(m.headerData(c, Qt.Orientation.Horizontal) or ""))
    return [t for t in out if t]


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _distance(a: str, b: str) -> float:
    ha, hb = a.lstrip("#"), b.lstrip("#")
    return sum((int(ha[i : i + 2], 16) - int(hb[i : i + 2], 16)) ** 2 for i in (0, 2, 4)) ** 0.5


def test_no_at_risk_on_the_coverage_tab_and_booked_is_told_from_not_booked(
    window, qtbot, qt_sandbox
):
    path = qt_sandbox / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    data = json.loads(circles("coverage", str(path), "--json").stdout)
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    page = next(p for p in window.pages if isinstance(p, CoveragePage))
    window.tabs.setCurrentIndex(window.pages.index(page))
    page.list_choice.setCurrentIndex(2)  # everyone in scope: every state's words
    shown = texts_of(page)
    assert shown
    assert not [t for t in shown if AT_RISK.search(t)]
    # The state's name, on its tile and in the list choice.
    assert page.tiles["at_risk"].caption.text() == "Not booked in time"
    assert page.figures["at_risk"].text() == str(data["at_risk"])
    assert "Not booked in time or overdue" in shown
    # The list says, for each young person not booked in time, which case it is.
    model = page.people_model
    words = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    cases = {words[ref] for ref in data["people"]["at_risk"]}
    assert "Not booked" in cases
    assert any(re.fullmatch(r"Booked \d\d/\d\d, after review date", w) for w in cases), cases
    # The map's legend and coverage filter say the same.
    assert "Not booked in time" in [e.text for e in legend.entries({}, 42)]
    assert not [e.text for e in legend.entries({}, 42) if AT_RISK.search(e.text)]


def test_no_at_risk_in_the_workbook(demo_db, tmp_path):
    demo_db.close()
    out = tmp_path / "book.xlsx"
    r = circles("export", str(demo_db.path), "--out", str(out))
    assert r.returncode == 0, r.stderr
    book = openpyxl.load_workbook(out)
    cells = [
        (ws.title, c.coordinate, c.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not [c for c in cells if AT_RISK.search(c[2])]
    summary = [v for t, _c, v in cells if t == "Summary"]
    assert "Not booked in time (not booked, or booked after the review date)" in summary


def test_coverage_colours_are_no_risk_colour_and_differ_from_each_other(qtbot, store):
    risk = {c.upper().lstrip("#") for c in [*RISK_PALETTE, NOT_ASSESSED_COLOUR]}
    risk |= {c.upper() for c in RISK_COLOURS.values()}
    colours = [STATE_COLOURS[s].upper().lstrip("#") for s in STATES]
    assert len(set(colours)) == len(STATES)  # one colour per state
    for state, colour in zip(STATES, colours, strict=True):
        assert colour not in risk, state
        # Not merely a different code: visibly apart from every risk colour.
        assert min(_distance(colour, r) for r in risk) >= 60, state
        # Readable as a graphic on the white tiles: at least 3:1.
        assert (1.05) / (_luminance(colour) + 0.05) >= 3, state
    # The two gaps are told apart without colour too (edge style), and from the others.
    assert STATE_EDGES["at_risk"] != STATE_EDGES["overdue"]
    # The page draws them: tile edges and the list's swatches.
    page = CoveragePage(store)
    qtbot.addWidget(page)
    for state in STATES:
        sheet = page.tiles[state].styleSheet()
        assert f"{STATE_EDGES[state]} {STATE_COLOURS[state]}" in sheet, state
