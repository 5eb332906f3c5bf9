"""File > Export map as GraphML...: the file type chosen says full or circulation."""

from __future__ import annotations

import networkx as nx
from PySide6.QtWidgets import QFileDialog

from app.services.files.demo import build_demo
from app.views.exchange.graphml_action import CIRCULATION, FULL


def test_menu_writes_full_and_circulation_graphml(window, qt_sandbox, monkeypatch):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    action = next(a for a in window.file_menu.actions() if a.objectName() == "exportGraphmlAction")
    for kind, name in ((FULL, "full.graphml"), (CIRCULATION, "circ")):
        out = qt_sandbox / name
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, o=out, k=kind, **kw: (str(o), k)
        )
        action.trigger()
    full = nx.read_graphml(qt_sandbox / "full.graphml")
    circ = nx.read_graphml(qt_sandbox / "circ.graphml")
    assert full.number_of_nodes() == circ.number_of_nodes() > 0
    assert all(
        "given_name" in d for _, d in full.nodes(data=True) if d["node_type"] == "young_person"
    )
    assert not any("given_name" in d for _, d in circ.nodes(data=True))
    assert (qt_sandbox / "circ.graphml").stat().st_mode & 0o077 == 0
