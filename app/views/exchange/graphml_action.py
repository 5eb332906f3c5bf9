"""File > Export map as GraphML... (installed via MENU_INSTALLERS)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.shell.folders import response_place
from app.views.shell.store import Store

FULL = "GraphML, full: with given and family names (*.graphml)"
CIRCULATION = "GraphML, circulation: references only (*.graphml)"


def install_graphml_action(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    action = QAction("Export map as &GraphML...", window)
    action.setObjectName("exportGraphmlAction")
    action.setStatusTip("Write the map for other graph tools (Gephi, yEd, networkx, igraph)")
    action.setEnabled(not store.readonly)
    action.triggered.connect(lambda: export_map_graphml(window, store))
    window.add_page_action("File", action)


def export_map_graphml(window, store: Store) -> Path | None:  # noqa: ANN001
    """The file type chosen in the save dialog says full or circulation."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.network.graphml import export_graphml

    chosen, kind = QFileDialog.getSaveFileName(
        window,
        "Export the map as GraphML",
        str(response_place(store.db).parent / "Circles map.graphml"),
        f"{CIRCULATION};;{FULL}",
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".graphml":
        out = out.with_name(out.name + ".graphml")
    try:
        result = export_graphml(store.db, out, circulation=kind != FULL)
    except ExportError as exc:
        window.report(str(exc))
        return None
    window.statusBar().showMessage(
        f"Wrote {result.path.name} ({result.nodes} nodes, {result.edges} edges)", 10000
    )
    return result.path
