"""The pages of the main window, in tab order. Each is built with (store, window).

A page may define `title` (the tab's text), `docks` (shown with that page only) and
`install(window)` to add menu actions or docks; the main window rebuilds every page when
another response file is opened.

Pages are named here by module, not imported: the first page (the map) is built when the
file opens and every other page, and the code behind it, only when its tab is first shown
(a `PageSlot` holds its place until then), so a window opens in a fraction of the time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.server_faults import server_fault
from app.views.common.a11y import ORDER_ROOT
from app.views.common.screen_fit import ScrollArea
from app.views.common.tab_order import set_reading_order


@dataclass(frozen=True)
class PageSpec:
    title: str
    target: str  # "module:Class"

    def factory(self) -> Callable[..., QWidget]:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


PAGES: list[PageSpec] = [
    PageSpec("Map", "app.views.map.page:MapPage"),
    PageSpec("Overview", "app.views.overview.page:OverviewPage"),
    PageSpec("Coverage", "app.views.coverage.page:CoveragePage"),
    PageSpec("Assessments", "app.views.assessments.page:AssessmentsPage"),
    PageSpec("Concerns", "app.views.concerns.page:ConcernsPage"),
    PageSpec("Timeline", "app.views.timeline.page:TimelinePage"),
    PageSpec("Prompts", "app.views.prompts.page:PromptsPage"),
    PageSpec("Meetings", "app.views.meetings.page:MeetingsPage"),
    PageSpec("Actions", "app.views.meetings.actions_page:ActionsPage"),
    PageSpec("Audit log", "app.views.audit.page:AuditPage"),
]

# Pages where a young person can be selected, by tab title: the young person panel is
# shown beside these only (elsewhere, Overview, Prompts, Meetings, Actions and the audit
# log have the room).
PERSON_PAGES = frozenset({"Map", "Coverage", "Assessments", "Concerns", "Timeline"})


def _installer(target: str) -> Callable[..., None]:
    def install(window: Any, store: Any) -> None:
        module, name = target.split(":")
        getattr(importlib.import_module(module), name)(window, store)

    return install


# Functions called with (window, store) after the pages are built, to add menu actions
# that are not part of a page (exports, imports, ...). Use window.add_page_action(menu,
# action) so the actions are removed when another file is opened. (Each module's heavy
# code, openpyxl and the workbook writers, loads when its action is first used.)
MENU_INSTALLERS: list[Callable[..., None]] = [
    _installer("app.views.exchange.import_actions:install_import_actions"),
    _installer("app.views.exchange.export_action:install_export_action"),
    _installer("app.views.shell.backup_actions:install_backup_actions"),
    _installer("app.views.shell.shared_actions:install_shared_actions"),
    _installer("app.views.meetings.closure_dialog:install_closure_action"),
    _installer("app.views.exchange.returns_actions:install_returns_actions"),
    _installer("app.views.exchange.graphml_action:install_graphml_action"),
    _installer("app.views.report.action:install_report_action"),
]


class PageSlot(QWidget):
    """A tab's place: builds its page the first time it is shown (or asked for)."""

    def __init__(self, spec: PageSpec, store: Any, window: Any) -> None:
        super().__init__()
        self.spec = spec
        self.title = spec.title
        self.store = store
        self.window_ = window
        self.page: QWidget | None = None
        self.setObjectName(f"pageSlot{spec.title.replace(' ', '')}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # The page scrolls when the window is smaller than it wants (large text, a small
        # screen), so the window's smallest size never exceeds the screen.
        self.scroll = ScrollArea()
        lay.addWidget(self.scroll)

    def build(self) -> QWidget:
        if self.page is None:
            self.page = self.spec.factory()(self.store, self.window_)
            self.scroll.setWidget(self.page)
            if self.isVisible():  # shown now, not on the next turn of the event loop
                self.page.show()
            install = getattr(self.page, "install", None)
            if install is not None:
                install(self.window_)
            set_reading_order(self.page)  # Tab in reading order, set explicitly
            self.page.setProperty(ORDER_ROOT, True)  # and kept so as the page changes
            from app.views.shell.warm import idle_work

            # At the next quiet moment (the user reading the page, not clicking): the
            # collection before the freeze walks what the build made (13-40 ms at 2,000
            # young people), so it waits for no click.
            idle_work(self.window_).collect_later()
        return self.page

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        # The tab widget shows the new tab's slot before it says the tab changed: the
        # window hides the map's docks (or shows them) first, so the page is laid out and
        # painted once, at the size it keeps (not at the height left by the map's docks,
        # then again). Ctrl+Tab, a click and setCurrentIndex all come through here.
        if visible and not self.isVisible():
            about_to_show = getattr(self.window_, "page_about_to_show", None)
            if about_to_show is not None:
                about_to_show(self)
        super().setVisible(visible)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        try:
            self.build()
        except Exception as exc:  # a shared server lost: built when it is back
            connection = getattr(self.store, "connection", None)
            if connection is None or server_fault(exc) is None:
                raise
            self.page = None
            self.store.read_failed(exc)
            connection.state_changed.connect(self._build_when_back)
        super().showEvent(event)

    def _build_when_back(self, online: bool) -> None:
        if online and self.page is None and self.isVisible():
            self.build()


def build_pages(window: Any, store: Any) -> list[PageSlot]:
    """One slot per page in window.tabs; the first page is built at once (it is shown)."""
    slots = []
    for spec in PAGES:
        slot = PageSlot(spec, store, window)
        window.tabs.addTab(slot, spec.title)
        slots.append(slot)
    slots[0].build()
    for installer in MENU_INSTALLERS:
        installer(window, store)
    return slots
