"""Issue 16: the window fits a laptop, the person panel earns its room, tables read whole.

At 1366x700 nothing is cut off on any tab (demo and 2,000 young people); the window can be
made as small as 1024x640; the map's search box is on the toolbar; the person panel shows
only where a person can be selected, with reference, name, recorded risk (the map's
colour and word), coverage, owner and connections worded as reports; tables size their
columns to their content and show the recorded risk in colour and word.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPushButton, QStatusBar, QStyle, QTableView, QToolBar, QWidget
from sqlalchemy import select

from app.models.entities import Response, YoungPerson
from app.services.coverage.owner import next_step_owner
from app.views.common.risk import RISK_ROLE, RiskPalette
from app.views.map.style import risk_styles
from tests.views.big_response import SEED, build_big

LIMIT = (1024, 640)


def _settle(qtbot, window) -> None:  # noqa: ANN001
    qtbot.wait(30)


def _inside(window: QWidget, widget: QWidget) -> bool:
    """Whether the widget's whole rectangle lies inside the window's."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


def _person(window, reference: str) -> int:  # noqa: ANN001
    with window.store.read() as s:
        return s.scalar(select(YoungPerson.id).where(YoungPerson.reference == reference))


def _open(window, qtbot, path) -> None:  # noqa: ANN001
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    qtbot.waitExposed(window)


def _check_every_tab(window, qtbot) -> list[str]:  # noqa: ANN001
    """Go through every tab with one young person selected; say what does not fit."""
    problems = []
    window.store.select_people({_person(window, "YP-1" if _person(window, "YP-1") else "YP-01")})
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _settle(qtbot, window)
        name = window.tabs.tabText(i)
        hint, least = window.minimumSizeHint(), window.minimumSize()
        for size in (hint, least):
            if size.width() > LIMIT[0] or size.height() > LIMIT[1]:
                problems.append(f"{name}: smallest window {size.width()}x{size.height()}")
        if (window.width(), window.height()) != (1366, 700):
            problems.append(f"{name}: window became {window.width()}x{window.height()}")
        page = window.page_at(i)
        key = [window.statusBar(), window.tabs.tabBar(), page]
        key += [b for b in page.findChildren(QPushButton) if b.isVisible()]
        key += [t for t in page.findChildren(QTableView) if t.isVisible()]
        for w in key:
            if not _inside(window, w):
                problems.append(f"{name}: {type(w).__name__} {w.objectName()!r} cut off")
    # Let the pages' pending refreshes run while they are alive (the Prompts page resizes
    # its rows on a zero timer that would otherwise fire into a closed window).
    qtbot.wait(300)
    return problems


def test_demo_fits_1366x700_on_every_tab(window, qtbot):
    window.open_demo()
    path = window.store.db.path
    window.close_file()
    _open(window, qtbot, path)
    assert isinstance(window.statusBar(), QStatusBar)
    assert _check_every_tab(window, qtbot) == []


def test_first_run_size_fits_the_screen(window):
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert window.width() <= 1280 and window.height() <= 800


def test_2000_young_people_fit_1366x700(window, qtbot, qt_sandbox):
    print(f"big response seed {SEED}")
    path = qt_sandbox / "big.circles"
    build_big(path, 2000)
    _open(window, qtbot, path)
    assert _check_every_tab(window, qtbot) == []
    coverage = next(p for p in window.pages if getattr(p, "title", "") == "Coverage")
    window.tabs.setCurrentIndex(window.pages.index(coverage))
    _settle(qtbot, window)
    # The breakdown (150 settings, 20 agencies, 30 areas) scrolls inside the window.
    table = coverage.breakdowns
    assert table.rowCount() > 150
    assert _inside(window, table) and table.height() > 100


def test_map_search_box_is_on_the_toolbar_at_1366(window, qtbot):
    window.open_demo()
    path = window.store.db.path
    window.close_file()
    _open(window, qtbot, path)
    window.store.select_people({_person(window, "YP-01")})  # the person panel beside it
    _settle(qtbot, window)
    assert window.person_panel.isVisible()
    page = window.pages[0]
    toolbar = page.findChild(QToolBar)
    search = page.search
    assert search.isVisible() and search.parent() is toolbar
    assert toolbar.rect().contains(QRect(search.pos(), search.size()))
    extension = toolbar.findChild(QWidget, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()


def test_person_panel_only_where_a_person_can_be_selected(window, qtbot):
    window.open_demo()
    path = window.store.db.path
    window.close_file()
    _open(window, qtbot, path)
    panel = window.person_panel
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Map"))
    assert not panel.isVisible()  # nobody selected: the map has the room
    pid = _person(window, "YP-01")
    window.store.select_people({pid})
    assert panel.isVisible()
    shown = {}
    for i, title in enumerate(titles):
        window.tabs.setCurrentIndex(i)
        shown[title] = panel.isVisible()
    assert shown == {
        "Map": True,
        "Overview": False,
        "Coverage": True,
        "Assessments": True,
        "Concerns": True,
        "Timeline": True,
        "Prompts": False,
        "Meetings": False,
        "Actions": False,
        "Audit log": False,
    }
    # The user can hide it, and it stays hidden until shown again from the View menu.
    window.tabs.setCurrentIndex(titles.index("Map"))
    qtbot.mouseClick(panel.hide_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    window.store.select_people({_person(window, "YP-02")})
    assert not panel.isVisible()
    assert panel.show_action in window.view_menu.actions()
    panel.show_action.trigger()
    assert panel.isVisible()


def test_person_panel_heading_says_who_risk_coverage_owner_and_connections(window, qtbot):
    window.open_demo()
    pid = _person(window, "YP-01")
    window.store.select_people({pid})
    panel = window.person_panel
    with window.store.read() as s:
        p = s.get(YoungPerson, pid)
        name, owner = p.full_name, next_step_owner(p)
        levels = s.get(Response, p.response_id).risk_levels
    assert panel.heading.text() == f"YP-01 · {name}"
    facts = panel.facts.text()
    # The demo's YP-01: High, recorded by CAMHS, assessed on time.
    assert "High" in facts and "Assessed on time" in facts and owner in facts
    high = risk_styles(levels)["High"].colour.name()
    assert high in facts.lower()  # the word on the map's colour
    assert not panel.badge.pixmap().isNull()  # and the map's shape
    connections = panel.connections.text()
    assert "Connections (" in connections
    assert "reported by " in connections
    import re

    words = re.findall(r"</b>: ([^<]+)</li>", connections)
    assert words and all(
        re.fullmatch(
            r"[a-z ,/-]+, (real life|online|real life and online|both); "
            r"reported by [^,]+, (confirmed|reported|suspected)",
            w,
        )
        for w in words
    ), words
    assert "friend, real life; reported by" in panel.connections.toolTip()
    assert "and 7 more (Connections table)" in connections


def _elided(view: QTableView, column: int) -> list[str]:
    """Cells of a column whose text is wider than the column (drawn with "...")."""
    metrics = QFontMetrics(view.font())
    model = view.model()
    width = view.columnWidth(column)
    # Qt draws a cell's text inside a margin of the focus frame's width plus one each side.
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    out = []
    for row in range(model.rowCount()):
        index = model.index(row, column)
        text = str(model.data(index) or "")
        icon = model.data(index, Qt.ItemDataRole.DecorationRole)
        room = width - 2 * margin - (icon.width() + margin if icon is not None else 0)
        if metrics.horizontalAdvance(text) > room:
            out.append(text)
    return out


def test_people_table_columns_fit_their_content(window, qtbot):
    window.open_demo()
    path = window.store.db.path
    window.close_file()
    _open(window, qtbot, path)
    page = window.pages[0]
    view = page.people_view.table
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for title in ("Reference", "Name", "Setting", "Coverage", "Next step owner", "Assessed risk"):
        col = headers.index(title)
        assert _elided(view, col) == [], title
        # The header is not clipped either (its text and the sort arrow).
        header = view.horizontalHeader()
        assert QFontMetrics(header.font()).horizontalAdvance(title) + 12 <= view.columnWidth(col), (
            title
        )
    inclusion = headers.index("Inclusion")
    metrics = QFontMetrics(view.font())
    longest = max(
        metrics.horizontalAdvance(str(model.data(model.index(r, inclusion))))
        for r in range(model.rowCount())
    )
    header_width = QFontMetrics(view.horizontalHeader().font()).horizontalAdvance("Inclusion")
    assert view.columnWidth(inclusion) <= max(longest, header_width) + 40


def _risk_cells(view: QTableView, column: int, palette: RiskPalette) -> int:
    model = view.model()
    checked = 0
    for row in range(model.rowCount()):
        index = model.index(row, column)
        word = model.data(index)
        if not word:
            continue
        style = palette.style(word)
        assert style is not None
        brush = model.data(index, Qt.ItemDataRole.BackgroundRole)
        assert brush is not None and brush.color() == style.colour, word
        assert model.data(index, RISK_ROLE) == word
        assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
        checked += 1
    return checked


@pytest.mark.parametrize("tab", ["Map", "Assessments"])
def test_risk_in_colour_and_word_in_every_table(window, qtbot, tab):
    window.open_demo()
    with window.store.read() as s:
        levels = s.get(Response, window.store.response_id).risk_levels
    palette = RiskPalette(levels)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    page = window.page_at(titles.index(tab))
    view = page.people_view.table if tab == "Map" else page.view
    model = view.model()
    col = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    checked = _risk_cells(view, col.index("Assessed risk"), palette)
    assert checked > 10
    words = {
        model.data(model.index(r, col.index("Assessed risk"))) for r in range(model.rowCount())
    }
    assert {"High", "Raised", "Low"} <= words


def test_timeline_marks_completed_assessments_with_the_risk_colour(window, qtbot):
    window.open_demo()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    page = window.page_at(titles.index("Timeline"))
    with window.store.read() as s:
        levels = s.get(Response, window.store.response_id).risk_levels
    styles = risk_styles(levels)
    legend = page.legend.text()
    for level in ("High", "Raised", "Low"):
        assert level in legend and styles[level].colour.name() in legend.lower()
    names = {item.name() for item in page.plot.getPlotItem().items if hasattr(item, "name")}
    assert {"Assessed: High", "Assessed: Raised", "Assessed: Low"} <= names
