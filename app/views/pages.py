"""The pages of the main window, in tab order. Each is built with (store, window).

A page may define `title` (the tab's text) and `install(window)` to add menu actions or
docks; the main window rebuilds every page when another response file is opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.views.audit_page import AuditPage
from app.views.import_actions import install_import_actions
from app.views.overview_page import OverviewPage

PageFactory = Callable[..., QWidget]

PAGES: list[PageFactory] = [
    OverviewPage,
    AuditPage,
]

# Functions called with (window, store) after the pages are built, to add menu actions
# that are not part of a page (exports, imports, ...). Use window.add_page_action(menu,
# action) so the actions are removed when another file is opened.
MENU_INSTALLERS: list[Callable[..., None]] = [
    install_import_actions,
]
