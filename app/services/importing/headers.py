"""Recognising an import's sheets and columns: header synonyms, sheet names, guessing (no Qt).

What each column means is in fields.py; this module matches the headers and sheet names
found in a file (a school's "Pupils" list, a "DOB" column) to those fields.
"""

from __future__ import annotations

import re

from app.services.importing.fields import (
    ASSESSMENTS,
    CONCERNS,
    CONNECTIONS,
    FIELDS,
    KINDS,
    READ_KINDS,
    SETTINGS,
    YOUNG_PEOPLE,
    Field,
)

# Other names a sheet may have (a school's "Pupils" list is a list of young people).
SHEET_SYNONYMS: dict[str, tuple[str, ...]] = {
    YOUNG_PEOPLE: ("young person", "people", "pupils", "students", "children", "young persons"),
    CONNECTIONS: ("links", "connection"),
    CONCERNS: ("concern", "incidents", "events"),
    ASSESSMENTS: ("assessment",),
    SETTINGS: ("setting",),
}


def normalise(header: object) -> str:
    """'Date of birth (dd/mm/yyyy)*' -> 'date of birth': no brackets, marks or case."""
    text = re.sub(r"\([^)]*\)", " ", str(header or ""))
    text = re.sub(r"[^0-9a-z]+", " ", text.casefold())
    return " ".join(text.split())


def field_named(kind: str, header: str) -> Field | None:
    """The field of `kind` whose template header (or any synonym) matches `header`."""
    wanted = normalise(header)
    if not wanted:
        return None
    for f in FIELDS[kind]:
        if wanted == normalise(f.header):
            return f
    for f in FIELDS[kind]:
        if any(wanted == normalise(s) for s in f.synonyms):
            return f
    return None


def field_by_header(kind: str, header: str) -> Field:
    for f in FIELDS[kind]:
        if f.header == header:
            return f
    raise KeyError(header)


def auto_mapping(kind: str, headers: list[str]) -> dict[str, str | None]:
    """Each column header -> the field header it stands for (None: not imported).

    A field is given to the first column that matches it; a later column that matches
    the same field is left unmapped (a returned workbook never repeats a column).
    """
    taken: set[str] = set()
    mapping: dict[str, str | None] = {}
    for header in headers:
        if not header or header in mapping:
            continue
        f = field_named(kind, header)
        if f is not None and f.header not in taken:
            taken.add(f.header)
            mapping[header] = f.header
        else:
            mapping[header] = None
    return mapping


def kind_of_sheet_name(name: str) -> str | None:
    wanted = normalise(name)
    for kind in READ_KINDS:
        if wanted == normalise(kind) or wanted in SHEET_SYNONYMS[kind]:
            return kind
    return None


# Columns that say which sheet a list of unknown name is (a "Person A" means connections).
_TELLING = {
    YOUNG_PEOPLE: {"given_name", "family_name", "date_of_birth", "year_group"},
    CONNECTIONS: {"person_a_id", "person_b_id", "confidence"},
    CONCERNS: {"category", "medical_attention", "reporting_agency"},
    ASSESSMENTS: {"status", "assessor", "completed_date", "risk", "need_level"},
}


def guess_kind(headers: list[str]) -> str | None:
    """The template sheet a list with these headers most likely is, or None if unclear."""
    scores: dict[str, int] = {}
    for kind in KINDS:
        keys = {field_by_header(kind, h).key for h in auto_mapping(kind, headers).values() if h}
        scores[kind] = 2 * len(keys & _TELLING[kind]) + len(keys)
    best = max(scores.values(), default=0)
    winners = [k for k, v in scores.items() if v == best]
    if best < 3 or len(winners) != 1:
        return None
    return winners[0]
