"""Every dialog of the window, opened on the demo, for the accessibility walks (issue 20):
the name walk and the Tab-order walk go through the same list, so a dialog added here is
checked both ways."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.importing import read_source
from app.views.concerns.form import ConcernDialog
from app.views.exchange.export_action import ExportDialog
from app.views.exchange.import_dialog import ImportDialog
from app.views.exchange.returns_actions import ReturnPreview, ReturnsDialog
from app.views.map.connection_actions import PersonPicker
from app.views.meetings.action_dialog import ActionDialog
from app.views.meetings.closure_dialog import ClosureDialog
from app.views.meetings.details import NewMeetingDialog
from app.views.person.connection_form import ConnectionForm
from app.views.prompts.page import DismissDialog, PromptsPage
from app.views.shell.backup_actions import RestoreDialog
from app.views.shell.folders import data_folder
from app.views.shell.response_dialog import ResponseDialog
from app.views.shell.shared_actions import MoveDialog
from app.views.shell.shared_open import SharedOpenDialog
from tests.services.import_files import write_workbook


def _people(store) -> list[int]:  # noqa: ANN001
    with store.read() as s:
        return list(s.scalars(select(YoungPerson.id).order_by(YoungPerson.id).limit(2)))


def _school_list(folder: Path) -> Path:
    return write_workbook(
        folder / "school list.xlsx",
        {"Pupils": [["Forename", "Surname", "DOB", "School"],
                    ["Noa", "Newname (fictional)", "01/09/2011", "Riverside High (fictional)"]]},
    )  # fmt: skip


def _prompt(window):  # noqa: ANN001, ANN202
    page = next(p for p in window.pages if isinstance(p, PromptsPage))
    return page.all_prompts[0]


def dialogs(window, folder: Path) -> Iterator[tuple[str, Callable[[], QDialog]]]:  # noqa: ANN001
    """(name, make) for every dialog; `make` returns it built but not yet shown."""
    store = window.store
    a, b = _people(store)
    map_page = window.pages[0]
    plan = SimpleNamespace(
        agency="CAMHS", problems=[], nothing_to_do=False, summary_lines=lambda: ["2 to update"]
    )
    yield "person form", lambda: (map_page.add_action.trigger(), map_page.form)[1]
    yield "assessment form", lambda: window.pages[3].open_form(None)
    yield "concern form", lambda: ConcernDialog(store, person_id=a, parent=window)
    yield "connection form", lambda: ConnectionForm(store, person_a=a, person_b=b, parent=window)
    yield "person picker", lambda: PersonPicker([(b, "B-1"), (a, "A-1")], "Connect", window)
    yield "export dialog", lambda: ExportDialog(store, window)
    yield "import preview", lambda: ImportDialog(store, read_source(_school_list(folder)), window)
    yield "returns dialog", lambda: ReturnsDialog(["CAMHS", "Police"], window)
    yield "return preview", lambda: ReturnPreview(store, plan, window)  # type: ignore[arg-type]
    yield "response dialog", lambda: ResponseDialog(window, new=True)
    yield "new meeting", lambda: NewMeetingDialog(store, window)
    yield "meeting action", lambda: ActionDialog(store, window)
    yield "closure dialog", lambda: ClosureDialog(store, window)
    yield "dismiss prompt", lambda: DismissDialog(_prompt(window), window)
    yield "restore backup", lambda: RestoreDialog(store.db.path, data_folder(), window)
    yield "open shared response", lambda: SharedOpenDialog(window)
    yield "move to shared server", lambda: MoveDialog("FICTIONAL demo", window)
