"""The networkx graph derived from the rows: active links only, as at a day, by mode."""

from __future__ import annotations

from datetime import timedelta

from app.services.network.graph import GraphCache, build_graph, by_mode
from tests.services.response_builder import D0, Builder


def test_graph_keeps_active_links_known_by_the_day(new_db, editor):
    b = Builder(new_db, editor)
    for ref in ("YP-01", "YP-02", "YP-03", "YP-04"):
        b.person(ref)
    b.person("YP-05", inclusion="removed", removed_reason="Fictional: no link")
    b.link("YP-01", "YP-02", mode="online", kind="direct_messages")
    b.link("YP-02", "YP-03", identified=D0 + timedelta(days=10))
    b.link("YP-03", "YP-04", status="disproved")
    b.link("YP-01", "YP-05")
    ids = b.ids
    with new_db.read() as s:
        g = build_graph(s, new_db.response_id)
        early = build_graph(s, new_db.response_id, D0 + timedelta(days=5))
    assert ids["YP-05"] not in g  # removed from scope
    assert {frozenset(e) for e in g.edges} == {
        frozenset({ids["YP-01"], ids["YP-02"]}),
        frozenset({ids["YP-02"], ids["YP-03"]}),
    }
    assert early.number_of_edges() == 1
    assert set(by_mode(g, "real_life").edges) == {(ids["YP-02"], ids["YP-03"])}
    assert by_mode(g, "online").number_of_edges() == 1
    link = g.edges[ids["YP-01"], ids["YP-02"]]["links"][0]
    assert link.describe() == "Direct messages, online: reported by School, confirmed"


def test_cache_is_rebuilt_when_its_rows_change(new_db, editor):
    b = Builder(new_db, editor)
    b.person("YP-01")
    b.person("YP-02")
    cache = GraphCache()
    with new_db.read() as s:
        first = cache.graph(s, new_db.response_id)
        assert cache.graph(s, new_db.response_id) is first
    b.link("YP-01", "YP-02")
    cache.invalidate({"assessment"})
    with new_db.read() as s:
        assert cache.graph(s, new_db.response_id) is first  # unrelated change
    cache.invalidate({"connection"})
    with new_db.read() as s:
        assert cache.graph(s, new_db.response_id).number_of_edges() == 1
