"""The pages of the main window, in tab order. Each is built with (store, window).

A page may define `title` (the tab's text), `docks` (shown with that page only) and
`install(window)` to add menu actions or docks; the main window rebuilds every page when
another response file is opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.views.assessments.page import AssessmentsPage
from app.views.audit.page import AuditPage
from app.views.concerns.page import ConcernsPage
from app.views.coverage.page import CoveragePage
from app.views.exchange.export_action import install_export_action
from app.views.exchange.graphml_action import install_graphml_action
from app.views.exchange.import_actions import install_import_actions
from app.views.exchange.returns_actions import install_returns_actions
from app.views.map.page import MapPage
from app.views.meetings.actions_page import ActionsPage
from app.views.meetings.closure_dialog import install_closure_action
from app.views.meetings.page import MeetingsPage
from app.views.overview.page import OverviewPage
from app.views.prompts.page import PromptsPage
from app.views.report.action import install_report_action
from app.views.shell.backup_actions import install_backup_actions
from app.views.timeline.page import TimelinePage

PageFactory = Callable[..., QWidget]

PAGES: list[PageFactory] = [
    MapPage,
    OverviewPage,
    CoveragePage,
    AssessmentsPage,
    ConcernsPage,
    TimelinePage,
    PromptsPage,
    MeetingsPage,
    ActionsPage,
    AuditPage,
]

# Pages where a young person can be selected: the young person panel is shown beside
# these only (elsewhere, Overview, Prompts, Meetings, Actions and the audit log have the room).
PERSON_PAGES: tuple[type[QWidget], ...] = (
    MapPage,
    CoveragePage,
    AssessmentsPage,
    ConcernsPage,
    TimelinePage,
)

# Functions called with (window, store) after the pages are built, to add menu actions
# that are not part of a page (exports, imports, ...). Use window.add_page_action(menu,
# action) so the actions are removed when another file is opened.
MENU_INSTALLERS: list[Callable[..., None]] = [
    install_import_actions,
    install_export_action,
    install_backup_actions,
    install_closure_action,
    install_returns_actions,
    install_graphml_action,
    install_report_action,
]
