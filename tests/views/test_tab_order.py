"""Tab in reading order (issue 20.1): in every dialog Tab visits the controls top to
bottom, each row left to right, reaches every one of them, and never stops at a hidden or
disabled widget; the order is set explicitly (setTabOrder), so it holds however the
dialog was built."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.views.common.tab_order import reading_order
from tests.views.a11y_dialogs import dialogs


def _scroll_area(w: QWidget) -> QScrollArea | None:
    p = w.parentWidget()
    while p is not None and not p.isWindow():
        if isinstance(p, QScrollArea) and p.widget() is not None and p.widget().isAncestorOf(w):
            return p
        p = p.parentWidget()
    return None


def _rects(a: QWidget, b: QWidget, top: QWidget) -> tuple[QRect, QRect]:
    """Where `a` and `b` are laid out: within one scroll area, where they sit in its
    (unscrolled) contents; otherwise a control inside a scroll area is where the area is."""
    area_a, area_b = _scroll_area(a), _scroll_area(b)
    if area_a is not None and area_a is area_b:
        inner = area_a.widget()
        return (
            QRect(a.mapTo(inner, QPoint(0, 0)), a.size()),
            QRect(b.mapTo(inner, QPoint(0, 0)), b.size()),
        )
    a, b = area_a or a, area_b or b
    return QRect(a.mapTo(top, QPoint(0, 0)), a.size()), QRect(b.mapTo(top, QPoint(0, 0)), b.size())


def _reads_after(a: QRect, b: QRect) -> bool:
    """`b` comes after `a` in reading order: below it, or on the same line to its right."""
    slack = 4
    below = b.top() >= a.bottom() - slack
    same_line = b.top() < a.bottom() and b.bottom() > a.top()
    inside = a.contains(b)  # a drop-down in a table's cell comes after the table
    return below or inside or (same_line and b.left() >= a.right() - slack)


def _control(w: QWidget | None, controls: list[QWidget]) -> QWidget | None:
    """The control the focus is in (a date box's text, an editable drop-down's line)."""
    while w is not None and w not in controls:
        w = w.parentWidget()
    return w


def _walk_tab(dialog: QWidget, qtbot) -> tuple[list[QWidget], list[QWidget]]:  # noqa: ANN001
    reachable = [
        w for w in reading_order(dialog) if w.isVisible() and w.isEnabled() and w.width() > 0
    ]
    first = reachable[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: first.hasFocus() or first.isAncestorOf(QApplication.focusWidget()))
    visited = [first]
    for _ in range(len(reachable) + 8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None and now.isVisible() and now.isEnabled(), now
        assert not now.visibleRegion().isEmpty(), f"{dialog.windowTitle()}: focus out of sight"
        # The dialog may have rebuilt some controls (another sheet's columns): as they are now.
        reachable = [w for w in reading_order(dialog) if w.isVisible() and w.isEnabled()]
        control = _control(now, reachable)
        assert control is not None, f"Tab stopped at {now!r}, outside the dialog's controls"
        if control is first and visited[-1] is not first:
            break  # round to the start
        if control is not visited[-1]:  # Tab moves between a date's day, month and year
            visited.append(control)
    return reachable, visited


def test_tab_walks_every_dialog_in_reading_order(demo, qtbot, tmp_path):
    problems = []
    for name, make in dialogs(demo, tmp_path):
        dialog = make()
        dialog.resize(max(dialog.width(), 700), dialog.height())
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d)
        reachable, visited = _walk_tab(dialog, qtbot)
        missed = [w for w in reachable if w not in visited]
        if missed:
            problems.append(f"{name}: Tab never reaches {[type(w).__name__ for w in missed]}")
        for a, b in zip(visited, visited[1:], strict=False):
            ra, rb = _rects(a, b, dialog)
            if not _reads_after(ra, rb):
                problems.append(
                    f"{name}: Tab goes from {type(a).__name__} {a.accessibleName()!r}"
                    f" {ra.getRect()} back to {type(b).__name__} {b.accessibleName()!r}"
                    f" {rb.getRect()}"
                )
        # Shift+Tab goes back the same way.
        back = [visited[-1]]
        visited[-1].setFocus(Qt.FocusReason.BacktabFocusReason)
        for _ in range(len(visited) * 4):
            if back[-1] is visited[0]:
                break
            qtbot.keyClick(
                QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
            )
            order = [w for w in reading_order(dialog) if w.isVisible() and w.isEnabled()]
            control = _control(QApplication.focusWidget(), order)
            if control is not None and control is not back[-1]:
                back.append(control)
        if back != visited[::-1]:
            problems.append(
                f"{name}: Shift+Tab goes {[type(w).__name__ for w in back]},"
                f" Tab {[type(w).__name__ for w in visited]}"
            )
        dialog.reject()
        QApplication.processEvents()
    assert not problems, "\n".join(problems)


def _next_column(a: QRect, b: QRect) -> bool:
    """`b` starts a column to the right of `a` (a page's panes side by side)."""
    return b.left() >= a.right() - 4


def test_tab_walks_every_page_in_reading_order(demo, qtbot):
    demo.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo)
    problems = []
    for i in range(demo.tabs.count()):
        demo.tabs.setCurrentIndex(i)
        page = demo.page_at(i)
        QApplication.processEvents()
        reachable = [w for w in reading_order(page) if w.isVisible() and w.isEnabled()]
        if not reachable:
            continue
        name = demo.tabs.tabText(i)
        first = reachable[0]
        first.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda f=first: _control(QApplication.focusWidget(), [f]) is f)
        visited = [first]
        for _ in range(len(reachable) * 3):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            now = QApplication.focusWidget()
            assert now is not None and now.isVisible() and now.isEnabled(), f"{name}: {now!r}"
            control = _control(now, reachable)
            if control is None or (control is first and visited[-1] is not first):
                break  # out of the page (a dock), or round to its start: the page is done
            if control is not visited[-1]:
                visited.append(control)
        missed = [
            f"{type(w).__name__} {w.accessibleName()!r}" for w in reachable if w not in visited
        ]
        if missed:
            problems.append(f"{name}: Tab never reaches {missed}")
        for a, b in zip(visited, visited[1:], strict=False):
            ra, rb = _rects(a, b, page)
            if not (_reads_after(ra, rb) or _next_column(ra, rb)):
                problems.append(
                    f"{name}: Tab goes from {type(a).__name__} {a.accessibleName()!r}"
                    f" {ra.getRect()} back to {type(b).__name__} {b.accessibleName()!r}"
                    f" {rb.getRect()}"
                )
    assert not problems, "\n".join(problems)
