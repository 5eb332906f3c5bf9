"""`graphml`: the map for other graph tools, read back by networkx and igraph intact."""

from __future__ import annotations

import sqlite3
import stat

import networkx as nx
import pytest

from app.__main__ import main
from app.models.database import open_database
from app.models.entities import Connection, YoungPerson
from app.services.files.demo import build_demo

NODE_ATTRS = {"node_type", "reference", "setting", "risk", "risk_colour", "coverage", "x", "y"}
EDGE_ATTRS = {"mode", "kind", "source_agency", "confidence", "date_identified"}


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def _truth(path):  # noqa: ANN001, ANN202
    db = open_database(path, readonly=True)
    try:
        with db.read() as s:
            people = {p.reference: p for p in s.query(YoungPerson).all()}
            names = {p.given_name for p in people.values()} | {
                p.family_name for p in people.values()
            }
            dobs = {p.date_of_birth for p in people.values() if p.date_of_birth}
            active = s.query(Connection).filter(Connection.status == "active").all()
            s.expunge_all()
        return people, names, dobs, active
    finally:
        db.close()


def test_full_graphml_reads_back_in_networkx_and_igraph(demo, tmp_path, capsys):
    out = tmp_path / "map.graphml"
    assert main(["graphml", str(demo), "--out", str(out)]) == 0
    assert "nodes" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    people, _names, _dobs, active = _truth(demo)
    g = nx.read_graphml(out)
    persons = {d["reference"]: d for _, d in g.nodes(data=True) if d["node_type"] == "young_person"}
    assert set(persons) == set(people)
    for ref, d in persons.items():
        assert NODE_ATTRS | {"given_name", "family_name"} <= set(d), ref
        assert d["given_name"] == people[ref].given_name and isinstance(d["x"], float)
    assert g.number_of_edges() == len(active)
    for _a, _b, d in g.edges(data=True):
        assert set(d) >= EDGE_ATTRS
    with sqlite3.connect(demo) as con:
        assert (
            con.execute(
                "SELECT count(*) FROM audit_entry WHERE action LIKE 'Exported the map as GraphML%'"
            ).fetchone()[0]
            == 1
        )
    igraph = pytest.importorskip("igraph", reason="python-igraph is not installed")
    h = igraph.Graph.Read_GraphML(str(out))
    assert h.vcount() == g.number_of_nodes() and h.ecount() == len(active)
    assert NODE_ATTRS | {"given_name", "family_name"} <= set(h.vs.attributes())
    assert EDGE_ATTRS <= set(h.es.attributes())
    assert sorted(h.vs["reference"]) == sorted(d["reference"] for _, d in g.nodes(data=True))
    assert sorted(h.es["date_identified"]) == sorted(c.date_identified.isoformat() for c in active)


def test_circulation_graphml_holds_no_name_or_date_of_birth(demo, tmp_path, capsys):
    out = tmp_path / "map.graphml"
    assert main(["graphml", str(demo), "--out", str(out), "--circulation"]) == 0
    _people, names, dobs, _active = _truth(demo)
    text = out.read_text(encoding="utf-8")
    for name in names:
        assert f">{name}<" not in text and name not in text.split(), name
    for dob in dobs:
        assert dob.isoformat() not in text and f"{dob:%d/%m/%Y}" not in text
    assert "given_name" not in text
    g = nx.read_graphml(out)
    assert all("given_name" not in d for _, d in g.nodes(data=True))
    # Refuses to replace without --force.
    assert main(["graphml", str(demo), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
