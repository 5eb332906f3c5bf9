"""The map as GraphML, for other graph tools (Gephi, yEd, networkx, igraph) (no Qt).

One node per young person (reference, setting, recorded risk and its colour, coverage state,
position on the map; given and family name only in full mode) and one edge per active
connection (mode, kind, source agency, confidence, date identified). A connection to a
setting ends on a node for the setting (node_type "setting"). Every key is declared with
its type, UTF-8. Written as every export is: a private temporary file, recorded in the
audit log, then moved onto its name. Circulation mode leaves out names and dates of birth
(there is no date of birth in the file in either mode) and the free-text notes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.models.database import Database
from app.models.entities import Connection, Response, Setting, YoungPerson
from app.services.files.exports import check_export, write_export
from app.services.network.layouts import force_directed
from app.services.queries.map_data import load_map
from app.services.workbook.writer import risk_colour

NS = "http://graphml.graphdrawing.org/xmlns"
# (id, for, name, type): names are what networkx and igraph show as attributes.
NODE_KEYS = (
    ("d0", "node", "node_type", "string"),
    ("d1", "node", "reference", "string"),
    ("d2", "node", "setting", "string"),
    ("d3", "node", "risk", "string"),
    ("d4", "node", "risk_colour", "string"),
    ("d5", "node", "coverage", "string"),
    ("d6", "node", "x", "double"),
    ("d7", "node", "y", "double"),
)
NAME_KEYS = (
    ("d8", "node", "given_name", "string"),
    ("d9", "node", "family_name", "string"),
)
EDGE_KEYS = (
    ("e0", "edge", "mode", "string"),
    ("e1", "edge", "kind", "string"),
    ("e2", "edge", "source_agency", "string"),
    ("e3", "edge", "confidence", "string"),
    ("e4", "edge", "date_identified", "string"),
)


@dataclass(frozen=True)
class GraphmlResult:
    path: Path
    nodes: int
    edges: int
    circulation: bool


def build_graphml(db: Database, *, circulation: bool) -> tuple[bytes, int, int]:
    with db.read() as s:
        response = s.get(Response, db.response_id)
        data = load_map(s, db.response_id)
        people = {
            p.id: p
            for p in s.scalars(select(YoungPerson).where(YoungPerson.response_id == db.response_id))
        }
        settings = {
            x.id: x for x in s.scalars(select(Setting).where(Setting.response_id == db.response_id))
        }
        conns = list(
            s.scalars(
                select(Connection)
                .where(Connection.response_id == db.response_id, Connection.status == "active")
                .order_by(Connection.id)
            )
        )
        scale = response.risk_levels
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    keys = NODE_KEYS + (() if circulation else NAME_KEYS) + EDGE_KEYS
    for key_id, owner, name, kind in keys:
        ET.SubElement(
            root, f"{{{NS}}}key", {"id": key_id, "for": owner, "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"id": "G", "edgedefault": "undirected"})

    def add(parent: ET.Element, key: str, value: object) -> None:
        if value is None or value == "":
            return
        ET.SubElement(parent, f"{{{NS}}}data", {"key": key}).text = str(value)

    placed = _positions(data, people, conns)
    nodes = 0
    for pid in sorted(data.people, key=lambda i: people[i].reference):
        info, p = data.people[pid], people[pid]
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": f"p{pid}"})
        add(node, "d0", "young_person")
        add(node, "d1", p.reference)
        add(node, "d2", info.setting)
        add(node, "d3", info.risk)
        add(node, "d4", "#" + (risk_colour(info.risk, scale) or "BBBBBB"))
        add(node, "d5", info.coverage or p.inclusion)
        add(node, "d6", round(placed[pid][0], 2))
        add(node, "d7", round(placed[pid][1], 2))
        if not circulation:
            add(node, "d8", p.given_name)
            add(node, "d9", p.family_name)
        nodes += 1
    used_settings = sorted(
        {c.setting_id for c in conns if c.person_b_id is None and c.setting_id in settings}
    )
    for sid in used_settings:
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": f"s{sid}"})
        add(node, "d0", "setting")
        add(node, "d2", settings[sid].name)
        add(node, "d6", settings[sid].map_x)
        add(node, "d7", settings[sid].map_y)
        nodes += 1
    edges = 0
    for c in conns:
        if c.person_a_id not in data.people:
            continue
        if c.person_b_id is not None:
            if c.person_b_id not in data.people:
                continue
            target = f"p{c.person_b_id}"
        elif c.setting_id in settings:
            target = f"s{c.setting_id}"
        else:
            continue
        edge = ET.SubElement(
            graph,
            f"{{{NS}}}edge",
            {"id": f"c{c.id}", "source": f"p{c.person_a_id}", "target": target},
        )
        add(edge, "e0", c.mode)
        add(edge, "e1", c.kind)
        add(edge, "e2", c.source_agency)
        add(edge, "e3", c.confidence)
        add(edge, "e4", c.date_identified.isoformat() if c.date_identified else None)
        edges += 1
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), nodes, edges


def _positions(data, people, conns) -> dict[int, tuple[float, float]]:  # noqa: ANN001
    """Where each young person sits on the map; people not placed yet (the map places them
    when it is first shown) get the map's own force layout around those already placed."""
    known = {
        pid: (float(people[pid].map_x), float(people[pid].map_y))
        for pid in data.people
        if people[pid].map_x is not None and people[pid].map_y is not None
    }
    if len(known) == len(data.people):
        return known
    edges = [
        (c.person_a_id, c.person_b_id)
        for c in conns
        if c.person_b_id is not None
        and c.person_a_id in data.people
        and c.person_b_id in data.people
    ]
    laid = force_directed(list(data.people), edges, known, fixed=set(known))
    return {**laid, **known}


def export_graphml(db: Database, out: Path, *, circulation: bool = False) -> GraphmlResult:
    out = check_export(db, out, suffix=".graphml")
    content, nodes, edges = build_graphml(db, circulation=circulation)
    mode = "circulation" if circulation else "full"
    write_export(
        db,
        out,
        lambda tmp: tmp.write_bytes(content),  # into the private file: its mode stays
        action=f"Exported the map as GraphML ({mode}, {nodes} nodes, {edges} edges)",
    )
    return GraphmlResult(out, nodes, edges, circulation)
