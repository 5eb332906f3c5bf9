"""Screens and dialogs that fit a small or large-text screen (issue 20: text that grows).

At Qt scale 1.5 a 1366x768 laptop is 911x512 logical pixels, at 2.0 only 683x384: a page
or a form laid out for 1366x700 does not fit. Two things keep everything usable:

- `ScrollArea`: a frameless scroll area around a page or a form's fields. It asks for
  its content's whole size (so nothing changes where there is room) but can be made as
  small as a scroll bar, so the window's smallest size no longer follows the page.
- `install()`: an application-wide filter that, as any dialog is shown, shrinks it to the
  screen's available area and moves it onto it (a dialog that opened 640 pixels tall ran
  its OK button off a 512-pixel screen). Its fields scroll; its buttons stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QScrollArea, QStyle, QWidget

from app.views.common import app_events

_PLACED = "screenFitPlaced"


class ScrollArea(QScrollArea):
    """Scrolls its content only when the window is smaller than the content's smallest
    size; otherwise the content fills it exactly, as if there were no scroll area.

    (QScrollArea's own `widgetResizable` gives content whose height depends on its width,
    a page with word-wrapped text, its preferred height rather than the room there is, so
    a page that fitted a 1366x700 window would scroll in it: the content is sized here.)"""

    def __init__(self, content: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Not a stop of its own for Tab: the controls inside are (and the scroll area
        # scrolls the focused one into view).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if content is not None:
            self.setWidget(content)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit_content()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_content()  # the content's smallest size may have changed
        return super().eventFilter(obj, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_content()

    def _fit_content(self) -> None:
        content = self.widget()
        if content is None:
            return
        least = content.minimumSizeHint().expandedTo(content.minimumSize())
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        room = self.maximumViewportSize()
        w, h = room.width(), room.height()
        tall = least.height() > h
        if tall:
            w -= bar
        wide = least.width() > w
        if wide:
            h -= bar
            if not tall and least.height() > h:
                w -= bar
        size = QSize(max(w, least.width()), max(h, least.height()))
        if size != content.size():
            content.resize(size)

    def sizeHint(self) -> QSize:  # noqa: N802
        # QScrollArea caps its hint at about 36x24 lines of text; ask for the content's
        # whole size instead (the dialog filter then caps it at the screen).
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame, hint.height() + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # Room for the scroll bars and a line or two of content; never the content's
        # own minimum, which is what ran pages off a small screen.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        line = self.fontMetrics().height()
        content = self.widget()
        want = content.minimumSizeHint() if content is not None else QSize(0, 0)
        return QSize(min(want.width(), 4 * bar + 40), min(want.height(), 3 * line + bar))


def available(widget: QWidget) -> tuple[int, int, int, int] | None:
    """The available area (x, y, width, height) of the screen the widget is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    room = screen.availableGeometry()
    if room.width() <= 0 or room.height() <= 0:
        return None
    return room.x(), room.y(), room.width(), room.height()


# Below these (logical pixels: 1366x768 at Qt scale 2.0 is 683x384, at 1.5 it is 911x512)
# the window starts with its panels narrow and the map's tables folded away.
NARROW = 800
SHORT = 600


def narrow_screen(widget: QWidget) -> bool:
    room = available(widget)
    return room is not None and room[2] < NARROW


def short_screen(widget: QWidget) -> bool:
    room = available(widget)
    return room is not None and room[3] < SHORT


def _frame(dialog: QWidget) -> QSize:
    """How much the window manager's frame adds (title bar, borders). Before a window is
    first shown on X11 or Windows its frame is not known yet: a title bar's height and
    thin borders are assumed, so that a dialog as tall as the screen keeps its title bar
    and its OK button on it (the platforms without decorations have none)."""
    frame = dialog.frameGeometry().size() - dialog.geometry().size()
    if frame.width() > 0 or frame.height() > 0:
        return frame
    if dialog.windowFlags() & Qt.WindowType.FramelessWindowHint or (
        QGuiApplication.platformName() in ("offscreen", "minimal")
    ):
        return QSize(0, 0)
    style = dialog.style()
    title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, dialog)
    border = 4
    return QSize(2 * border, max(title, dialog.fontMetrics().height() + 10) + 2 * border)


def fit_dialog(dialog: QWidget, place: bool = False) -> None:
    """Size `dialog` to what it wants within its screen's available area (frame
    included), and move it inside that area. A minimum wider or taller than the screen
    gives way: the dialog's fields scroll instead. With `place` it is centred over its
    parent window first (Qt centred it at its size before this one)."""
    room = available(dialog)
    if room is None:
        return
    x, y, width, height = room
    frame = _frame(dialog)
    most = QSize(width - frame.width(), height - frame.height())
    if dialog.minimumWidth() > most.width():
        dialog.setMinimumWidth(most.width())
    if dialog.minimumHeight() > most.height():
        dialog.setMinimumHeight(most.height())
    # Qt opens a window at most two thirds of the screen tall; a form that wants more
    # and has the room gets it (its fields would scroll for no reason).
    want = dialog.sizeHint().expandedTo(dialog.size())
    w = min(want.width(), most.width())
    h = min(want.height(), most.height())
    least = dialog.minimumSizeHint()
    w, h = max(w, min(least.width(), most.width())), max(h, min(least.height(), most.height()))
    if (w, h) != (dialog.width(), dialog.height()):
        dialog.resize(w, h)
    left, top = dialog.x(), dialog.y()
    parent = dialog.parentWidget()
    if place:
        # Centred over the window it belongs to (else over the screen).
        if parent is not None and parent.window().isVisible():
            centre = parent.window().frameGeometry().center()
        else:
            centre = QRect(x, y, width, height).center()
        left = centre.x() - (w + frame.width()) // 2
        top = centre.y() - (h + frame.height()) // 2
    left = min(max(left, x), x + width - w - frame.width())
    top = min(max(top, y), y + height - h - frame.height())
    if (left, top) != (dialog.x(), dialog.y()):
        dialog.move(max(left, x), max(top, y))


def _settle(dialog: QWidget) -> None:
    if not dialog.isVisible() or dialog.isMaximized():
        return
    room = available(dialog)
    if room is None:
        return
    x, y, width, height = room
    frame = dialog.frameGeometry().size()
    parent = dialog.parentWidget()
    if parent is not None and parent.window().isVisible():
        centre = parent.window().frameGeometry().center()
    else:
        centre = QRect(x, y, width, height).center()
    left = min(max(centre.x() - frame.width() // 2, x), x + width - frame.width())
    top = min(max(centre.y() - frame.height() // 2, y), y + height - frame.height())
    if (left, top) != (dialog.x(), dialog.y()):
        dialog.move(max(left, x), max(top, y))


def _on_show(obj: QObject, event: QEvent) -> bool:
    if isinstance(obj, QDialog) and obj.isWindow() and not obj.isMaximized():
        # Placed once, when first shown, unless the code chose a place itself (Qt clears
        # WA_Moved after its own centring); later shows keep where it is.
        first = not obj.property(_PLACED) and not obj.testAttribute(Qt.WidgetAttribute.WA_Moved)
        obj.setProperty(_PLACED, True)
        fit_dialog(obj, place=first)
        if first:
            # Once the window is on screen its real frame is known (none without a window
            # manager): centred again with it, still within the screen.
            QTimer.singleShot(120, obj, lambda d=obj: _settle(d))
    return False


def install(app: QApplication | None = None) -> None:
    """Fit every dialog to the screen as it is shown (once per application), through the
    application's one event filter (app_events.py)."""
    app_events.listen([QEvent.Type.Show], _on_show, app)
