"""The words prompts share: dates, spans, lists of references, suspected connections (no Qt)."""

from __future__ import annotations

from datetime import date

from app.services.network.graph import suspected_pairs
from app.services.network.groups import join_words
from app.services.network.snapshot import Known

MAX_NAMED = 10  # references written out in a sentence; the prompt's people list has all


def day_text(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def span(first: date | None, last: date | None) -> str:
    if first is None:
        return ""
    return (
        f"on {day_text(first)}"
        if first == last
        else f"between {day_text(first)} and {day_text(last)}"
    )


def names(known: Known, ids) -> str:  # noqa: ANN001
    refs = known.refs(ids)
    if len(refs) > MAX_NAMED:
        more = len(refs) - MAX_NAMED
        return ", ".join(refs[:MAX_NAMED]) + f" and {more} other{'s' if more > 1 else ''}"
    return join_words(refs)


def suspected_note(known: Known, ids) -> str:  # noqa: ANN001
    pairs = suspected_pairs(known.graph, ids)
    if not pairs:
        return ""
    words = [f"{known.ref(a)}–{known.ref(b)}" for a, b in pairs]
    return (
        f" The connection {words[0]} is only suspected."
        if len(words) == 1
        else f" The connections {join_words(words)} are only suspected."
    )


def settings_of(known: Known, people) -> tuple[str, ...]:  # noqa: ANN001
    ids: list[int] = []
    for pid in known.sorted_ids(people):
        own = known.people[pid].setting_id
        for sid in [own, *(c.setting_id for c in known.concerns.get(pid, []))]:
            if sid is not None and sid not in ids:
                ids.append(sid)
    return tuple(known.setting_name(s) for s in ids)


def dates_of(known: Known, people) -> tuple[date | None, date | None]:  # noqa: ANN001
    dates = [d for p in people for d in known.concern_dates(p)]
    return (min(dates), max(dates)) if dates else (None, None)
