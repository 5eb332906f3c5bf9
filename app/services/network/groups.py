"""Groups of connected young people with concerns, their names, and bridges (no Qt).

A *group* here is a connected component of the young people with concerns, joined by
their active connections to each other; a large one (LARGE_GROUP or more) is also split
into communities (Louvain, with a fixed seed so the same rows give the same groups). Groups are computed, never stored: only the name a
meeting gives one is stored (GroupName), and it follows the group while most of its
people stay the same.

A *bridge* is a young person whose connections join otherwise separate parts of the
network: an articulation point, or someone with unusually high betweenness whose
connections reach two or more communities. The betweenness figure is used only to pick
them; the screen says in words which groups they link, never a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import GroupName
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.validation import ValidationError
from app.services.network.betweenness import betweenness
from app.services.network.graph import edge_suspected
from app.services.network.snapshot import Known

LARGE_GROUP = 8
MIN_COMMUNITY_GRAPH = 6  # smaller components are one group: nothing to split
BETWEENNESS_SAMPLE = 120  # source nodes sampled for betweenness on larger components


def people_key(ids: Iterable[int]) -> str:
    """The stable identity of a set of young people: their ids, sorted."""
    return ",".join(str(i) for i in sorted(set(ids)))


def key_ids(key: str) -> frozenset[int]:
    return frozenset(int(x) for x in key.split(",") if x.strip())


def join_words(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class Group:
    key: str
    person_ids: tuple[int, ...]
    references: tuple[str, ...]
    settings: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    default_name: str
    name: str | None = None
    name_id: int | None = None
    parent_key: str | None = None
    suspected_links: int = 0

    @property
    def size(self) -> int:
        return len(self.person_ids)

    @property
    def label(self) -> str:
        return self.name or self.default_name


@dataclass(frozen=True)
class Bridge:
    person_id: int
    reference: str
    joins: tuple[str, ...]  # names of the parts it links, in words
    parts: tuple[frozenset[int], ...]
    suspected: bool  # some of the links it makes are only suspected
    first_date: date | None
    last_date: date | None

    @property
    def text(self) -> str:
        return f"{self.reference} links " + join_words([f"the {j} group" for j in self.joins])


def _setting_lookups(known: Known) -> tuple[dict, dict]:
    """Each person's own settings (theirs and their concerns'), and for each person the
    settings of their connections to people with a larger id: worked out once per Known,
    as groups and bridges count settings for many large sets of people."""
    memo = known.memo.get("setting_lookups")
    if memo is None:
        own: dict[int, set[int]] = {}
        for pid, person in known.people.items():
            mine = {person.setting_id} if person.setting_id else set()
            mine |= {c.setting_id for c in known.concerns.get(pid, []) if c.setting_id}
            own[pid] = mine
        onward: dict[int, list[tuple[int, set[int]]]] = {}
        for a, nbrs in known.graph.adj.items():
            for b, data in nbrs.items():
                if a <= b:
                    found = {link.setting_id for link in data["links"] if link.setting_id}
                    if found:
                        onward.setdefault(a, []).append((b, found))
        memo = known.memo["setting_lookups"] = (own, onward)
    return memo


def _setting_counts(known: Known, members: Iterable[int]) -> Counter[int]:
    """How strongly each setting belongs to these people: members whose own setting or
    concern it is, plus connections among them recorded in it."""
    members = set(members)
    own, onward = _setting_lookups(known)
    counts: dict[int, int] = {}
    for pid in members:
        for sid in own.get(pid, ()):
            counts[sid] = counts.get(sid, 0) + 1
        for b, found in onward.get(pid, ()):
            if b in members:
                for sid in found:
                    counts[sid] = counts.get(sid, 0) + 1
    return Counter(counts)


def _setting_counts_in_order(known: Known, members: Iterable[int]) -> Counter[int]:
    """_setting_counts, with the settings in the order the subgraph's edges first name
    them: only that order separates two settings with the same name and count."""
    members = set(members)
    counts: Counter[int] = Counter()
    for pid in members:
        person = known.people.get(pid)
        own = {person.setting_id} if person and person.setting_id else set()
        own |= {c.setting_id for c in known.concerns.get(pid, []) if c.setting_id}
        counts.update(own)
    sub = known.graph.subgraph(members)
    for a, b in sub.edges:
        counts.update(
            {link.setting_id for link in known.graph.edges[a, b]["links"] if link.setting_id}
        )
    return counts


def _ordered_settings(known: Known, members: frozenset[int] | set[int]) -> list[int]:
    counts = _setting_counts(known, members)

    def key(s: int) -> tuple[int, str]:
        return (-counts[s], known.setting_name(s))

    order = sorted(counts, key=key)
    if any(key(a) == key(b) for a, b in zip(order, order[1:], strict=False)):
        # Two settings share a name and a count: keep the first-counted one first.
        counts = _setting_counts_in_order(known, members)
        order = sorted(counts, key=key)
    return order


def _names(known: Known, parts: list[frozenset[int]]) -> list[str]:
    """A name in words for each part: its most shared setting; where two parts would read
    the same, also its next setting; failing that, its first young person."""
    tops = [[known.setting_name(s) for s in _ordered_settings(known, p)] for p in parts]
    names = [t[0] if t else "" for t in tops]
    clash = {n for n in names if names.count(n) > 1}
    for i, name in enumerate(names):
        if name in clash and len(tops[i]) > 1:
            names[i] = f"{name} and {tops[i][1]}"
    for i, name in enumerate(names):
        if not name or names.count(name) > 1:
            first = known.refs(parts[i])[0]
            names[i] = f"{name} ({first} and others)" if name else f"{first} and others"
    return names


def group_names(session: Session, response_id: int) -> list[GroupName]:
    return list(
        session.scalars(
            select(GroupName).where(GroupName.response_id == response_id).order_by(GroupName.id)
        )
    )


def _match_names(groups: list[Group], stored: list[GroupName]) -> list[Group]:
    """Give each group its stored name: the exact set of people, else the name whose
    people overlap most (at least half of the union), each name used once."""
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(groups):
        ids = frozenset(g.person_ids)
        for ni, n in enumerate(stored):
            other = key_ids(n.people_key)
            union = ids | other
            score = len(ids & other) / len(union) if union else 0.0
            if score >= 0.5:
                pairs.append((score, -gi, ni))
    pairs.sort(reverse=True)
    used_g: dict[int, GroupName] = {}
    used_n: set[int] = set()
    for _score, neg_gi, ni in pairs:
        gi = -neg_gi
        if gi in used_g or ni in used_n:
            continue
        used_g[gi] = stored[ni]
        used_n.add(ni)
    out = []
    for gi, g in enumerate(groups):
        n = used_g.get(gi)
        out.append(g if n is None else replace(g, name=n.name, name_id=n.id))
    return out


def _group(known: Known, members: frozenset[int], parent: str | None, name: str) -> Group:
    dates = [d for p in members for d in known.concern_dates(p)]
    sub = known.graph.subgraph(members)
    return Group(
        key=people_key(members),
        person_ids=tuple(known.sorted_ids(members)),
        references=tuple(known.refs(members)),
        settings=tuple(known.setting_name(s) for s in _ordered_settings(known, members)),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        default_name=name,
        parent_key=parent,
        suspected_links=sum(1 for a, b in sub.edges if edge_suspected(known.graph, a, b)),
    )


def concern_groups(known: Known, stored: list[GroupName] | None = None) -> list[Group]:
    """Connected groups of 2+ young people with concerns; communities follow their group."""
    with_concerns = [p for p in known.with_concerns if p in known.graph]
    sub = known.graph.subgraph(with_concerns)
    components = [frozenset(c) for c in nx.connected_components(sub) if len(c) >= 2]
    components.sort(key=lambda c: reference_key(known, c))
    names = _names(known, components)
    groups: list[Group] = []
    for comp, name in zip(components, names, strict=True):
        parent = _group(known, comp, None, name)
        groups.append(parent)
        if len(comp) < LARGE_GROUP:
            continue
        parts = [
            frozenset(c)
            for c in nx.community.louvain_communities(sub.subgraph(comp), seed=0)
            if len(c) >= 2
        ]
        if len(parts) < 2:
            continue
        parts.sort(key=lambda c: reference_key(known, c))
        for part, pname in zip(parts, _names(known, parts), strict=True):
            groups.append(_group(known, part, parent.key, pname))
    return _match_names(groups, stored or [])


def reference_key(known: Known, ids: Iterable[int]) -> tuple:
    """The natural order of the first reference among these people, () for none."""
    return min((known.order_key(i) for i in ids), default=())


def name_group(session: Session, response_id: int, group: Group, name: str) -> Edit:
    """Give a group a name (or clear it with an empty name); undoable and audited."""
    name = " ".join((name or "").split())
    if len(name) > 200:
        raise ValidationError("A group name can be at most 200 characters.")
    refs = ", ".join(group.references[:4]) + ("…" if group.size > 4 else "")
    if group.name_id is not None and session.get(GroupName, group.name_id) is not None:
        if not name:
            return delete_edit(
                session, f"Clear the name of the group {refs}", "group_name", [group.name_id]
            )
        upd = update_op(
            session, "group_name", group.name_id, {"name": name, "people_key": group.key}
        )
        return Edit(f"Rename group {refs} to '{name}'", (upd,) if upd else ())
    if not name:
        raise ValidationError("Type a name for the group.")
    values = {"response_id": response_id, "people_key": group.key, "name": name}
    return Edit(f"Name group {refs} '{name}'", (insert_op("group_name", values),))


def _parts_without(adj: dict, nodes: Iterable[int], cut: int) -> list[frozenset[int]]:
    """The connected parts of 2+ people left when `cut` is taken out, found in the same
    order as networkx would over the subgraph without it (a plain search is much faster)."""
    seen = {cut}
    parts: list[frozenset[int]] = []
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        found = [start]
        frontier = [start]
        while frontier:
            nxt = []
            for v in frontier:
                for w in adj[v]:
                    if w not in seen:
                        seen.add(w)
                        found.append(w)
                        nxt.append(w)
            frontier = nxt
        if len(found) >= 2:
            parts.append(frozenset(found))
    return parts


def _cut_part_sizes(adj: dict, nodes: list[int]) -> dict[int, list[int]]:
    """For every person whose removal splits this connected component, the sizes of the
    parts left: one depth-first search for all of them (Hopcroft-Tarjan), where searching
    again without each person costs a full search per person."""
    if not nodes:
        return {}
    root = nodes[0]
    disc: dict[int, int] = {root: 0}
    low: dict[int, int] = {root: 0}
    size: dict[int, int] = {root: 1}
    split: dict[int, list[int]] = {}  # person -> sizes of the child subtrees cut off
    stack = [(root, None, iter(adj[root]))]
    while stack:
        v, parent, rest = stack[-1]
        for w in rest:
            if w == parent:
                continue
            if w in disc:
                low[v] = min(low[v], disc[w])
            else:
                disc[w] = low[w] = len(disc)
                size[w] = 1
                stack.append((w, v, iter(adj[w])))
                break
        else:
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[v])
                size[parent] += size[v]
                if low[v] >= disc[parent]:
                    split.setdefault(parent, []).append(size[v])
    out: dict[int, list[int]] = {}
    for v, cut_off in split.items():
        if v == root:
            if len(cut_off) >= 2:  # the root splits the component only with 2+ subtrees
                out[v] = cut_off
        else:  # the subtrees cut off, and the rest of the component with v's parent
            out[v] = [*cut_off, len(nodes) - 1 - sum(cut_off)]
    return out


_Communities = tuple[list[frozenset[int]], dict[int, int], list[str]]


def _communities(known: Known, sub: nx.Graph, comp: set[int]) -> _Communities:
    """The communities of a component, the community of each person, and their names."""
    found = (
        [frozenset(c) for c in nx.community.louvain_communities(sub, seed=0)]
        if len(comp) >= MIN_COMMUNITY_GRAPH
        else [frozenset(comp)]
    )
    return found, {n: i for i, c in enumerate(found) for n in c}, _names(known, found)


def bridges(known: Known) -> list[Bridge]:
    """Young people whose connections join otherwise separate parts of the network, where
    at least one of those parts includes a young person with a concern.

    Worked out once per snapshot (kept in `known.memo`): the bridge prompt and the Prompts
    page's Bridges tab both ask, and at 2,000 young people it takes half a second."""
    found = known.memo.get("bridges")
    if found is None:
        found = known.memo["bridges"] = _bridges(known)
    return list(found)  # type: ignore[call-overload]


def _bridges(known: Known) -> list[Bridge]:
    g = known.graph
    with_concerns = set(known.concerns)
    found: list[Bridge] = []
    for comp in nx.connected_components(g):
        # No part of a component without concerns can hold one: no bridge there.
        if len(comp) < 4 or not with_concerns & comp:
            continue
        # A plain copy without edge data: graph views make betweenness several times slower.
        sub = nx.Graph()
        sub.add_nodes_from(known.sorted_ids(comp))
        sub.add_edges_from(g.subgraph(comp).edges)
        adj = sub.adj
        comms: _Communities | None = None  # worked out on first need: often never
        cut_sizes = _cut_part_sizes(adj, list(sub))  # its keys: the articulation points
        # Sampled (with a fixed seed, so the same rows give the same bridges) on large maps.
        k = None if len(comp) <= BETWEENNESS_SAMPLE else BETWEENNESS_SAMPLE
        between = betweenness(sub, k=k, seed=0)  # = nx.betweenness_centrality, faster
        mean = sum(between.values()) / len(between)
        for v in known.sorted_ids(comp):
            parts: list[frozenset[int]] = []
            names: list[str] = []
            # Only a split into 2+ parts of 2+ people counts: the sizes tell which.
            if sum(1 for n in cut_sizes.get(v, ()) if n >= 2) >= 2:
                parts = _parts_without(adj, sub, v)
                parts.sort(key=lambda p: reference_key(known, p))
                names = _names(known, parts)
            if len(parts) < 2 and between[v] > 0 and between[v] >= 2 * mean:
                if comms is None:
                    comms = _communities(known, sub, comp)
                communities, community_of, community_names = comms
                reached = {community_of[u] for u in adj[v]} | {community_of[v]}
                chosen = [i for i in sorted(reached) if communities[i] - {v}]
                if len(chosen) >= 2:
                    parts = [communities[i] - {v} for i in chosen]
                    names = [community_names[i] for i in chosen]
            if len(parts) < 2 or not any(p & with_concerns for p in parts):
                continue
            links = [link for u in adj[v] for link in g.edges[v, u]["links"]]
            dates = [link.date_identified for link in links]
            found.append(
                Bridge(
                    person_id=v,
                    reference=known.ref(v),
                    joins=tuple(names),
                    parts=tuple(parts),
                    suspected=any(edge_suspected(g, v, u) for u in adj[v]),
                    first_date=min(dates) if dates else None,
                    last_date=max(dates) if dates else None,
                )
            )
    return found
