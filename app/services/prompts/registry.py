"""The one registry of prompt rules: each rule's id, label and description is declared on
the function that finds it, and the functions are listed once, in order, in rules.py.

A function may find prompts of more than one rule (meeting_roles finds the four invitation
rules); it declares each of them, in the order the rules are listed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from app.services.network.snapshot import Known


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Finding:
    rule: str
    person_ids: frozenset[int]
    settings: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    text: str
    related_ids: frozenset[int] = field(default_factory=frozenset)  # context, not identity
    marks: dict[int, str] = field(default_factory=dict)  # a short word per person for the map


Find = Callable[[Known, Session], list[Finding]]


@dataclass(frozen=True)
class Check:
    """A function finding prompts, with the rules whose findings it returns."""

    find: Find
    rules: tuple[Rule, ...]

    def __call__(self, known: Known, session: Session) -> list[Finding]:
        return self.find(known, session)

    @property
    def name(self) -> str:
        return self.find.__name__


def rules(*declared: Rule) -> Callable[[Find], Check]:
    """Declare the rules a finding function returns: `@rules(Rule("bridge", ...))`."""

    def wrap(find: Find) -> Check:
        return Check(find, declared)

    return wrap
