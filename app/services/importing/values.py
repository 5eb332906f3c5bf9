"""Turning one imported cell into a stored value, or a plain sentence saying why not (no Qt)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.models.vocab import AGENCIES, NOT_YET_ASSESSED, Labelled
from app.services.editing.rules import too_long
from app.services.editing.validation import DATE_FORMS, ValidationError, parse_typed_date
from app.services.importing.fields import (
    BOOL,
    CONTAGION,
    DATE,
    ENUM,
    ID,
    INT,
    LEAD,
    NEED,
    RISK,
    YEAR,
    Field,
)
from app.services.importing.quoting import shown
from app.services.importing.source import CellError, Formula

if TYPE_CHECKING:
    from app.models.entities import Response


class CellProblem(ValueError):
    """A cell that cannot be imported; str(error) says what is wrong with it."""


_TRUE = {"y", "yes", "true", "1", "x"}
_FALSE = {"n", "no", "false", "0"}


def check_plain(value: Any) -> Any:
    if isinstance(value, Formula):
        raise CellProblem(
            f"the cell holds a formula ({shown(value, 40)}); Circles never runs formulas, so "
            "type the value itself"
        )
    if isinstance(value, CellError):
        raise CellProblem(f"the cell holds a spreadsheet error ({shown(value, 40)})")
    return value


def _quoted(value: Any) -> str:
    """A cell as typed ('12', 'Yes'), shortened for a problem's sentence."""
    return shown(as_text(value, max_len=len(str(value)) + 10))


def as_text(value: Any, max_len: int = 200) -> str | None:
    """Text as typed; whole numbers lose a spreadsheet's '.0'."""
    value = check_plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = f"{value:%d/%m/%Y}"
    elif isinstance(value, date):
        text = f"{value:%d/%m/%Y}"
    else:
        text = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    if not text:
        return None
    if len(text) > max_len:
        raise CellProblem(too_long(max_len))
    return text


def as_date(value: Any) -> date | None:
    value = check_plain(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()  # a time of day, if any, does not matter here
    if isinstance(value, date):
        return value
    if isinstance(value, bool | int | float):
        raise CellProblem(f"'{_quoted(value)}' is not a date; use {DATE_FORMS}")
    try:
        return parse_typed_date(str(value), quote=shown)
    except ValidationError as exc:
        raise CellProblem(str(exc)) from None


def as_bool(value: Any) -> bool | None:
    value = check_plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = as_text(value) or ""
    if text.casefold() in _TRUE:
        return True
    if text.casefold() in _FALSE:
        return False
    raise CellProblem(f"'{shown(text)}' is not Yes or No")


def as_int(value: Any, low: int, high: int) -> int | None:
    value = check_plain(value)
    if value is None:
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not number.is_integer():
        raise CellProblem(f"'{_quoted(value)}' is not a whole number")
    if not low <= number <= high:
        raise CellProblem(f"{int(number)} is not between {low} and {high}")
    return int(number)


def as_code(vocab: type[Labelled], value: Any) -> str | None:
    """An enumeration's stored code from its label (or code), ignoring case."""
    text = as_text(value)
    if text is None:
        return None
    try:
        return vocab.from_text(text).value
    except ValueError as exc:
        raise CellProblem(f"'{shown(text)}' is not one of: {', '.join(vocab.labels())}") from exc


def as_choice(value: Any, choices: list[str], what: str) -> str | None:
    """One of a response's configured labels (risk scale, levels of need), ignoring case;
    a level of need may be given by its first word ("L3")."""
    text = as_text(value)
    if text is None:
        return None
    folded = text.casefold()
    for c in choices:
        if c.casefold() == folded:
            return c
    by_word = [c for c in choices if c.split()[0].casefold() == folded]
    if len(by_word) == 1:
        return by_word[0]
    raise CellProblem(f"'{shown(text)}' is not {what}: {', '.join(choices)}")


def as_year(value: Any) -> str | None:
    """Year groups as Circles writes them: 9, '9' and 'Year 9' become 'Y9'."""
    value = check_plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value <= 14:
            return f"Y{int(value)}"
    text = as_text(value, 40)
    if text is None:
        return None
    m = re.fullmatch(r"(?:year|yr|y)?\s*(\d{1,2})", text, flags=re.IGNORECASE)
    return f"Y{int(m.group(1))}" if m else text


def as_id(value: Any) -> int | None:
    value = check_plain(value)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise CellProblem(f"'{_quoted(value)}' is not a Circles ID") from exc
    if not number.is_integer() or number < 1:
        raise CellProblem(f"'{_quoted(value)}' is not a Circles ID")
    return int(number)


def as_contagion(value: Any) -> dict[str, bool]:
    """'Others present; content shared' -> the three contagion flags."""
    text = (as_text(value, 500) or "").casefold()
    return {
        "others_present": "others" in text or "present" in text,
        "content_shared": "content" in text or "shared" in text,
        "group_reference": "group" in text or "challenge" in text,
    }


def as_lead(value: Any) -> dict[str, str] | None:
    """'Lead 3, School' or 'Lead 3 (School)' -> professional and agency. A bracket is
    taken as the agency only when it names a known agency ('Lead (fictional)' is a name)."""
    text = as_text(value, 400)
    if text is None:
        return None
    if ", " in text:
        who, agency = text.rsplit(", ", 1)
        return {"lead_professional": who.strip(), "lead_agency": agency.strip()}
    m = re.fullmatch(r"(.*\S)\s*\(([^()]*)\)", text)
    if m and m.group(2).strip().casefold() in {a.casefold() for a in AGENCIES}:
        return {"lead_professional": m.group(1), "lead_agency": m.group(2).strip()}
    return {"lead_professional": text}


def parse_cell(f: Field, raw: Any, response: Response | None) -> Any:
    """The value to store for one cell of column `f`, or CellProblem saying why not.
    `response` gives the risk levels and levels of need a cell must be one of."""
    if f.type == DATE:
        return as_date(raw)
    if f.type == BOOL:
        return as_bool(raw)
    if f.type == INT:
        return as_int(raw, 0, 30)
    if f.type == ENUM:
        assert f.vocab is not None
        return as_code(f.vocab, raw)
    if f.type == YEAR:
        return as_year(raw)
    if f.type == ID:
        return as_id(raw)
    if f.type == LEAD:
        return as_lead(raw)
    if f.type == CONTAGION:
        return as_contagion(raw) if as_text(raw, 500) is not None else None
    if f.type == RISK:
        text = as_text(raw)
        if text is None or text.casefold() == NOT_YET_ASSESSED.casefold():
            return None
        assert response is not None
        return as_choice(text, response.risk_levels, "one of this response's risk levels")
    if f.type == NEED:
        assert response is not None
        return as_choice(raw, response.need_level_list, "one of the levels of need")
    return as_text(raw, f.max_len)
