"""File > Export map as GraphML... (installed via MENU_INSTALLERS)."""

from __future__ import annotations

from pathlib import Path

from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.exchange.file_actions import add_action, ask_save_path
from app.views.shell.folders import response_place
from app.views.shell.store import Store

FULL = "GraphML, full: with given and family names (*.graphml)"
CIRCULATION = "GraphML, circulation: references only (*.graphml)"


def install_graphml_action(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    add_action(
        window,
        "File",
        "Export map as &GraphML...",
        "exportGraphmlAction",
        lambda: export_map_graphml(window, store),
        tip="Write the map for other graph tools (Gephi, yEd, networkx, igraph)",
        enabled=not store.readonly,
    )


def export_map_graphml(window, store: Store) -> Path | None:  # noqa: ANN001
    """The file type chosen in the save dialog says full or circulation."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.network.graphml import export_graphml

    out, kind = ask_save_path(
        window,
        "Export the map as GraphML",
        response_place(store.db).parent / "Circles map.graphml",
        f"{CIRCULATION};;{FULL}",
        ".graphml",
    )
    if out is None:
        return None
    try:
        result = export_graphml(store.db, out, circulation=kind != FULL)
    except ExportError as exc:
        window.report(str(exc))
        return None
    window.statusBar().showMessage(
        f"Wrote {result.path.name} ({result.nodes} nodes, {result.edges} edges)", 10000
    )
    return result.path
