"""The columns of an agency return, shared by the writer and the importer (no Qt).

Locked columns tell the agency who the young person is in its own records; the columns to
fill carry the assessment. Names and date of birth are only there for an agency that may
receive them (recipients.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.vocab import AssessmentStatus

SHEET = "Return"
COVER = "Cover"
LISTS = "Lists"
# The workbook-level name holding the return's id (also shown on the Cover).
ID_NAME = "CirclesReturnId"
RESPONSE_NAME = "CirclesReturnResponse"

TEXT, DATE, STATUS, RISK, NEED = "text", "date", "status", "risk", "need"


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # a key of the sent values (locked) or an assessment field (to fill)
    kind: str = TEXT
    width: float = 16


LOCKED: tuple[Column, ...] = (
    Column("Reference", "reference", width=12),
    Column("Given name", "given_name"),
    Column("Family name", "family_name"),
    Column("Date of birth", "date_of_birth", DATE, 13),
    Column("Setting", "setting", width=26),
    Column("Year group", "year_group", width=10),
)
NAME_KEYS = frozenset({"given_name", "family_name", "date_of_birth"})

TO_FILL: tuple[Column, ...] = (
    Column("Status", "status", STATUS, 18),
    Column("Booked date", "booked_date", DATE, 13),
    Column("Completed date", "completed_date", DATE, 14),
    Column("Assessor", "assessor", width=22),
    Column("Assessed risk", "risk", RISK, 14),
    Column("Level of need", "need_level", NEED, 22),
    Column("Next review", "next_review_date", DATE, 13),
)

# "Not required" needs a reason and is the chair's decision, so returns do not offer it.
RETURN_STATUSES: tuple[AssessmentStatus, ...] = (
    AssessmentStatus.NOT_STARTED,
    AssessmentStatus.BOOKED,
    AssessmentStatus.COMPLETED,
    AssessmentStatus.DECLINED,
    AssessmentStatus.UNABLE_TO_CONTACT,
)


def locked_columns(with_names: bool) -> tuple[Column, ...]:
    return tuple(c for c in LOCKED if with_names or c.key not in NAME_KEYS)
