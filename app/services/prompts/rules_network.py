"""The prompt rules read from the network of concerns and connections (no Qt): the same
setting, connected concerns, across settings or areas, a shared online space, exposure and
bridges (SPEC.md "Prompts").

Each rule yields Findings: the people behind it, the settings, first and last date, and a
sentence beginning "Consider ...". Findings never say that a group exists, never rate a
risk, and name suspected connections as suspected (disproved ones never reach here:
app/services/network/graph.py leaves them out). app/services/prompts/engine.py adds the dismissals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import networkx as nx
from sqlalchemy.orm import Session

from app.models.vocab import SettingKind
from app.services.network.exposure import exposure
from app.services.network.graph import edge_suspected
from app.services.network.groups import bridges, join_words
from app.services.network.snapshot import Known
from app.services.prompts.registry import Finding, Rule, rules
from app.services.prompts.wording import (
    dates_of,
    day_text,
    names,
    settings_of,
    span,
    suspected_note,
)


def _chains(events: list[tuple[date, int]], window: int) -> Iterator[list[tuple[date, int]]]:
    """Runs of concern dates in which each is within `window` days of the one before."""
    run: list[tuple[date, int]] = []
    for ev in sorted(events):
        if run and (ev[0] - run[-1][0]).days > window:
            yield run
            run = []
        run.append(ev)
    if run:
        yield run


@rules(
    Rule(
        "same_setting",
        "Same setting",
        "2+ young people with concerns in the same setting, each within N days of "
        "another, connected or not.",
    ),
)
def same_setting(known: Known, session: Session) -> list[Finding]:
    events: dict[int, list[tuple[date, int]]] = {}
    for pid, concerns in known.concerns.items():
        own = known.people[pid].setting_id
        for c in concerns:
            for sid in {c.setting_id, own} - {None}:
                events.setdefault(sid, []).append((c.date, pid))  # type: ignore[arg-type]
    merged: dict[frozenset[int], list] = {}
    for sid in sorted(events, key=known.setting_name):
        for run in _chains(events[sid], known.window):
            people = frozenset(p for _, p in run)
            if len(people) < 2:
                continue
            entry = merged.setdefault(people, [[], run[0][0], run[-1][0]])
            entry[0].append(known.setting_name(sid))
            entry[1], entry[2] = min(entry[1], run[0][0]), max(entry[2], run[-1][0])
    out = []
    for people, (settings, first, last) in merged.items():
        linked = known.graph.subgraph(people).number_of_edges() > 0
        extra = (
            ""
            if linked
            else " No connection between them is recorded; concerns in one setting are "
            "taken seriously even when apparently unconnected."
        )
        out.append(
            Finding(
                "same_setting",
                people,
                tuple(settings),
                first,
                last,
                f"Consider whether the concerns about {names(known, people)} at "
                f"{join_words(settings)} {span(first, last)} (each within {known.window} days "
                f"of another) are linked, and whether the multi-agency response group "
                f"should consider them together.{extra}",
            )
        )
    return out


def _close(a: list[date], b: list[date], window: int) -> bool:
    return any(abs((x - y).days) <= window for x in a for y in b)


@rules(
    Rule(
        "linked_concerns",
        "Connected concerns",
        "3+ young people with concerns, joined by active connections between people "
        "whose concerns are within N days of each other.",
    ),
)
def linked_concerns(known: Known, session: Session) -> list[Finding]:
    h = nx.Graph()
    with_concerns = [p for p in known.with_concerns if p in known.graph]
    h.add_nodes_from(with_concerns)
    for a, b in known.graph.subgraph(with_concerns).edges:
        if _close(known.concern_dates(a), known.concern_dates(b), known.window):
            h.add_edge(a, b)
    out = []
    for comp in nx.connected_components(h):
        if len(comp) < 3:
            continue
        people = frozenset(comp)
        first, last = dates_of(known, people)
        out.append(
            Finding(
                "linked_concerns",
                people,
                settings_of(known, people),
                first,
                last,
                f"Consider a coordinated multi-agency response for {names(known, people)}: "
                f"each is connected to another of them, and their concerns {span(first, last)} "
                f"fall within {known.window} days of each other.{suspected_note(known, people)}",
            )
        )
    return out


@rules(
    Rule(
        "cross_boundary",
        "Across settings or areas",
        "Connected young people with concerns in different settings or home areas.",
    ),
)
def cross_boundary(known: Known, session: Session) -> list[Finding]:
    groups: dict[frozenset[str], dict] = {}
    with_concerns = [p for p in known.with_concerns if p in known.graph]
    for a, b in known.graph.subgraph(with_concerns).edges:
        pa, pb = known.people[a], known.people[b]
        area_a, area_b = known.area_of(a), known.area_of(b)
        areas_differ = bool(area_a and area_b and area_a.casefold() != area_b.casefold())
        settings_differ = bool(pa.setting_id and pb.setting_id and pa.setting_id != pb.setting_id)
        if not (areas_differ or settings_differ):
            continue
        places = (
            frozenset({area_a, area_b})
            if areas_differ
            else frozenset({known.setting_name(pa.setting_id), known.setting_name(pb.setting_id)})
        )
        entry = groups.setdefault(places, {"areas": areas_differ, "pairs": []})
        entry["pairs"].append((a, b))
    out = []
    for places, entry in groups.items():
        people = frozenset(p for pair in entry["pairs"] for p in pair)
        first, last = dates_of(known, people)
        pairs = [
            f"{known.ref(a)}–{known.ref(b)}"
            + (" (suspected)" if edge_suspected(known.graph, a, b) else "")
            for a, b in sorted(entry["pairs"], key=lambda p: (known.ref(p[0]), known.ref(p[1])))
        ]
        where = join_words(sorted(places))
        if entry["areas"]:
            text = (
                f"Consider a cross-boundary agreement between {where} (who assesses and who "
                f"supports, agreed by Children's Services and Police): connected young "
                f"people with concerns live or go to school in different areas "
                f"({', '.join(pairs)})."
            )
        else:
            text = (
                f"Consider sharing information between {where}: connected young people "
                f"with concerns are in different settings ({', '.join(pairs)})."
            )
        out.append(Finding("cross_boundary", people, settings_of(known, people), first, last, text))
    return out


@rules(
    Rule(
        "online_space",
        "Shared online space",
        "An online space (group chat, platform community, gaming server) shared by 2+ "
        "young people with concerns.",
    ),
)
def online_space(known: Known, session: Session) -> list[Finding]:
    out = []
    for sid, setting in sorted(known.settings.items(), key=lambda kv: kv[1].name):
        try:
            online = SettingKind(setting.kind).online
        except ValueError:
            online = False
        if not online:
            continue
        members: dict[int, bool] = {}  # person -> only suspected evidence
        for pid in known.with_concerns:
            node = known.graph.nodes[pid] if pid in known.graph else {}
            if any(c.setting_id == sid for c in known.concerns[pid]):
                members[pid] = False
            elif sid in node.get("settings", {}):
                members[pid] = node["settings"][sid]
        if len(members) < 2:
            continue
        people = frozenset(members)
        first, last = dates_of(known, people)
        doubtful = [p for p, s in members.items() if s]
        note = (
            f" The link of {join_words(known.refs(doubtful))} to it is only suspected."
            if len(doubtful) == 1
            else f" The links of {join_words(known.refs(doubtful))} to it are only suspected."
            if doubtful
            else ""
        )
        platform = f" ({setting.platform})" if setting.platform else ""
        out.append(
            Finding(
                "online_space",
                people,
                (setting.name,),
                first,
                last,
                f"Consider what is known about {setting.name}{platform}, an online space "
                f"shared by {names(known, people)}, who "
                f"{'both' if len(people) == 2 else 'all'} have concerns, and whether "
                f"online safety support or a report to the platform is needed.{note}",
            )
        )
    return out


@rules(
    Rule(
        "exposure",
        "Exposure",
        "Young people within 2 links of someone with a concern in the last N days "
        "whose latest assessment is older than that concern, or who have none.",
    ),
)
def exposure_rule(known: Known, session: Session) -> list[Finding]:
    exp = exposure(known, distance=2, mode="any")
    out = []
    for s in known.sorted_ids(exp.sources):
        reached = exp.reached_from.get(s, {})
        marked = {p: d for p, d in reached.items() if p in exp.marks and p not in exp.sources}
        if not marked:
            continue
        by_distance = []
        for d in (1, 2):
            ids = [p for p, dist in marked.items() if dist == d]
            if ids:
                label = "1 link" if d == 1 else "2 links"
                by_distance.append(f"{names(known, ids)} ({label})")
        doubtful = [p for p in marked if p in exp.via_suspected]
        note = (
            f" {join_words(known.refs(doubtful))} "
            f"{'is' if len(doubtful) == 1 else 'are'} reached only through a suspected "
            "connection."
            if doubtful
            else ""
        )
        people = frozenset(marked) | {s}
        out.append(
            Finding(
                "exposure",
                frozenset(people),
                settings_of(known, [s]),
                exp.sources[s],
                exp.sources[s],
                f"Consider whether young people connected to {known.ref(s)}, who had a "
                f"concern on {day_text(exp.sources[s])}, need to be seen: not assessed since then: "
                f"{'; '.join(by_distance)}.{note}",
                related_ids=frozenset(reached),
                marks={p: exp.marks[p] for p in marked},
            )
        )
    return out


@rules(
    Rule(
        "bridge",
        "Bridge",
        "A young person whose connections join otherwise separate parts of the "
        "network (articulation point or high betweenness), described in words.",
    ),
)
def bridge_rule(known: Known, session: Session) -> list[Finding]:
    out = []
    for b in bridges(known):
        note = " Some of these connections are only suspected." if b.suspected else ""
        out.append(
            Finding(
                "bridge",
                frozenset({b.person_id}),
                tuple(dict.fromkeys(j for j in b.joins)),
                b.first_date,
                b.last_date,
                f"Consider {b.reference}'s connections when planning support and "
                f"communication: {b.text}.{note}",
                related_ids=frozenset().union(*b.parts),
            )
        )
    return out
