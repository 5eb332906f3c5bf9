"""List pages (Assessments, Concerns) show one line per row, every row the same height,
the text never cut top or bottom: in the demo, in a response of more than 150 rows (the
same height as the demo's) and with large text (a bigger application font, as
presentation mode sets it)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QTableView

from app.views.common.risk import BADGE
from tests.views.big_response import SEED, build_big

PAGES = ("Assessments", "Concerns")


def _open(window, qtbot, path) -> None:  # noqa: ANN001
    window.resize(1366, 700)
    window.show()
    assert window.open_path(path)
    qtbot.waitExposed(window)


def _view(window, qtbot, title: str) -> QTableView:  # noqa: ANN001
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index(title))
    qtbot.wait(30)
    return window.page_at(titles.index(title)).view


def _heights(view: QTableView) -> set[int]:
    return {view.rowHeight(r) for r in range(view.model().rowCount())}


def _least(view: QTableView, icon: int) -> int:
    """The smallest row that shows a line of the view's font (and a badge) uncut: the
    line's height (or the badge's) and the grid line below it."""
    return max(QFontMetrics(view.font()).height(), icon) + 1


def _check(view: QTableView, icon: int) -> int:
    heights = _heights(view)
    assert len(heights) == 1, heights
    (height,) = heights
    assert height >= _least(view, icon)
    # Qt's own measure of each row (its item margins, every role) finds none taller.
    assert all(view.sizeHintForRow(r) <= height for r in range(view.model().rowCount()))
    return height


def test_list_rows_one_height_text_uncut_demo_big_and_large_text(window, qtbot, qt_sandbox):
    window.open_demo()
    path = window.store.db.path
    window.close_file()
    _open(window, qtbot, path)
    demo = {}
    for title in PAGES:
        view = _view(window, qtbot, title)
        assert 0 < view.model().rowCount() <= 150
        demo[title] = _check(view, BADGE if title == "Assessments" else 0)
        assert not view.wordWrap()

    # Larger text: the rows grow with the font, still one height, still uncut.
    saved = QApplication.font()
    big = QFont(saved)
    big.setPointSizeF(saved.pointSizeF() * 1.6)
    QApplication.setFont(big)
    try:
        qtbot.wait(30)
        for title in PAGES:
            view = _view(window, qtbot, title)
            assert _check(view, BADGE if title == "Assessments" else 0) > demo[title]
    finally:
        QApplication.setFont(saved)
    qtbot.wait(30)
    for title in PAGES:
        assert _heights(_view(window, qtbot, title)) == {demo[title]}

    # A response of more than 150 rows looks like the demo.
    print(f"big response seed {SEED}")
    big_path = qt_sandbox / "big.circles"
    build_big(big_path, 400)
    _open(window, qtbot, big_path)
    view = _view(window, qtbot, "Assessments")
    assert view.model().rowCount() > 150
    assert _check(view, BADGE) == demo["Assessments"]


def test_the_view_paints_each_cell_with_its_text_colour_and_badge(window, qtbot):
    """What the table draws (the delegate's style option, every role asked at once) is the
    cell's text, and the recorded risk in the map's colour with its badge."""
    window.open_demo()
    view = _view(window, qtbot, "Assessments")
    page = window.page_at(
        [window.tabs.tabText(i) for i in range(window.tabs.count())].index("Assessments")
    )
    proxy = view.model()
    risk = page.column("risk")
    coloured = 0
    for r in range(proxy.rowCount()):
        for c in range(proxy.columnCount()):
            index = proxy.index(r, c)
            option = QStyleOptionViewItem()
            view.itemDelegate().initStyleOption(option, index)
            assert option.text == (index.data() or "")
            if c == risk and index.data():
                style = page.risk_palette.style(index.data())
                assert option.backgroundBrush.color() == style.colour
                assert option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration
                coloured += 1
    assert coloured > 10
