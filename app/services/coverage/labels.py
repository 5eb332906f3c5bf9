"""How the coverage states are worded and coloured, in one place for every screen and output.

The state codes (`at_risk`, `overdue`, ...) are the `coverage --json` interface and never
change; the words are for people. "At risk" is never shown: next to "assessed risk" (risk
of harm) a chair could misread it, so the state is called "Not booked in time", and a
list line says which of its two cases it is ("Not booked" or "Booked ... after the review
date").

The colours are chosen so that no coverage state looks like a risk level: none is a
colour of the risk palette (Okabe-Ito vermillion, orange, bluish green, reddish purple,
sky blue, yellow, and the grey of "not yet assessed"), each has at least 3:1 contrast on
a white background, and each comes with the state's words and an edge style, so the tiles
read in greyscale too. The edge styles echo the map's rings: solid for overdue, dashed
for not booked in time.
"""

from __future__ import annotations

from typing import Any

from app.services.coverage.figures import STATE_LABELS, STATES

# A few words for tiles, lists and the command line; STATE_LABELS is the full definition.
SHORT_LABELS: dict[str, str] = {s: STATE_LABELS[s].split(" (")[0] for s in STATES}

STATE_COLOURS: dict[str, str] = {
    "assessed_on_time": "#0072B2",  # blue (also the Coverage chart's "assessed" line)
    "assessed_late": "#332288",  # indigo
    "booked_on_time": "#5B6C80",  # slate
    "at_risk": "#882255",  # wine: "Not booked in time"
    "overdue": "#000000",  # black, as the map's overdue ring
    "declined_or_unable": "#6A3D9A",  # purple
    "not_required": "#767676",  # dark grey (darker than "not yet assessed")
}
# The second cue beside the words: a Qt style sheet border style for the tile's edge.
STATE_EDGES: dict[str, str] = {
    "assessed_on_time": "solid",
    "assessed_late": "solid",
    "booked_on_time": "dotted",  # pencilled in
    "at_risk": "dashed",  # as the map's dashed ring
    "overdue": "solid",
    "declined_or_unable": "solid",
    "not_required": "dotted",
}


def short_label(state: str) -> str:
    """'Not booked in time' rather than the full definition, for lists."""
    return SHORT_LABELS.get(state, state)


def state_words(p: Any) -> str:
    """One person's coverage state in full, with the date behind it: anything with
    `state` and `deciding_date` (a PersonCoverage). Booked and not booked are never merged."""
    when = f"{p.deciding_date:%d/%m}" if p.deciding_date else None
    if p.state == "at_risk":
        return f"Booked {when}, after review date" if when else "Not booked"
    if p.state == "overdue":
        return f"Overdue, booked {when}" if when else "Overdue, not booked"
    if p.state == "booked_on_time":
        return f"Booked {when}" if when else short_label(p.state)
    if p.state in ("assessed_on_time", "assessed_late") and when:
        return f"{short_label(p.state)} {when}"
    return short_label(p.state)


def review_days(days: int, *, today: str = "due today") -> str:
    """How far the review date is, in words: '10 days left', '1 day left', 'passed 3 days ago'.

    One wording for every screen and the command line (singular for one day)."""
    if days == 0:
        return today
    count = abs(days)
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} left" if days > 0 else f"passed {count} {unit} ago"
