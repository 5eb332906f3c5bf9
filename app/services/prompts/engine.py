"""Prompts: decision support computed from the data, never decisions (no Qt).

`prompts_for` runs every rule listed in app/services/prompts/rules.py over what was known on a
day and marks the prompts a meeting dismissed. A dismissal (PromptDismissal) is keyed by
the rule and the exact set of people behind the prompt, so a dismissed prompt stays
dismissed until that set changes, and then comes back. Dismissing needs a reason and is
an ordinary undoable, audited edit.

Prompts are listed by rule, then date, then reference: never by a risk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.database import current_user
from app.models.entities import PromptDismissal
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op
from app.services.editing.validation import ValidationError
from app.services.network.groups import people_key
from app.services.network.snapshot import Known, known_as_at
from app.services.prompts.rules import CHECKS, RULES, Finding

__all__ = ["RULES", "Prompt", "dismiss_prompt", "prompts_for", "restore_prompt"]


@dataclass(frozen=True)
class Prompt:
    rule: str
    people: list[str]  # references, in order
    person_ids: list[int]
    settings: list[str]
    first_date: date | None
    last_date: date | None
    text: str
    dismissed: bool = False
    dismissed_reason: str | None = None
    dismissed_by: str | None = None
    dismissed_at: datetime | None = None
    related_ids: list[int] = field(default_factory=list)  # context for the map, not identity
    marks: dict[int, str] = field(default_factory=dict)  # e.g. "not assessed since concern"

    @property
    def people_key(self) -> str:
        return people_key(self.person_ids)

    @property
    def key(self) -> str:
        """Stable identity: the rule and the exact set of people behind it."""
        return f"{self.rule}:{self.people_key}"

    @property
    def rule_label(self) -> str:
        return RULES[self.rule].label if self.rule in RULES else self.rule

    def to_json(self) -> dict:
        """The `prompts --json` object. Keys are a stable interface: add, never rename."""
        return {
            "rule": self.rule,
            "people": list(self.people),
            "settings": list(self.settings),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "text": self.text,
            "dismissed": self.dismissed,
        }


def _prompt(known: Known, f: Finding, dismissal: PromptDismissal | None) -> Prompt:
    ids = known.sorted_ids(f.person_ids)
    return Prompt(
        rule=f.rule,
        people=[known.ref(i) for i in ids],
        person_ids=ids,
        settings=[s for s in f.settings if s],
        first_date=f.first_date,
        last_date=f.last_date,
        text=f.text,
        dismissed=dismissal is not None,
        dismissed_reason=dismissal.reason if dismissal else None,
        dismissed_by=dismissal.dismissed_by if dismissal else None,
        dismissed_at=dismissal.dismissed_at if dismissal else None,
        related_ids=known.sorted_ids(f.related_ids - f.person_ids),
        marks=dict(f.marks),
    )


def _dismissals(
    session: Session, response_id: int, as_of: date | None
) -> dict[tuple[str, str], PromptDismissal]:
    rows = session.scalars(
        select(PromptDismissal)
        .where(PromptDismissal.response_id == response_id)
        .order_by(PromptDismissal.dismissed_at, PromptDismissal.id)
    )
    out: dict[tuple[str, str], PromptDismissal] = {}
    for d in rows:
        if as_of is None or d.dismissed_at.date() <= as_of:
            out[(d.rule, d.people_key)] = d  # the latest dismissal wins
    return out


def prompts_for(
    session: Session, response_id: int, as_of: date | None = None, *, known: Known | None = None
) -> list[Prompt]:
    """Every prompt as at `as_of` (default today), dismissed ones included and marked.

    `known`: the snapshot as at `as_of`, when the caller has it already (the Prompts page
    shows its bridges and exposure too: worked out once, not twice)."""
    if known is None:
        known = known_as_at(session, response_id, as_of)
    dismissed = _dismissals(session, response_id, as_of)
    order = list(RULES)
    seen: set[str] = set()
    out: list[Prompt] = []
    for check in CHECKS:
        for f in check(known, session):
            key = (f.rule, people_key(f.person_ids))
            prompt = _prompt(known, f, dismissed.get(key))
            if prompt.key in seen:
                continue
            seen.add(prompt.key)
            out.append(prompt)
    out.sort(
        key=lambda p: (
            order.index(p.rule) if p.rule in order else len(order),
            p.first_date or date.min,
            [known.order_key(i) for i in p.person_ids],  # = reference_key of p.people
        )
    )
    return out


def dismiss_prompt(session: Session, response_id: int, prompt: Prompt, reason: str) -> Edit:
    """Record that a meeting dismissed a prompt, and why (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for dismissing the prompt.")
    existing = session.scalar(
        select(PromptDismissal.id).where(
            PromptDismissal.response_id == response_id,
            PromptDismissal.rule == prompt.rule,
            PromptDismissal.people_key == prompt.people_key,
        )
    )
    if existing is not None:
        raise ValidationError("That prompt is already dismissed.")
    values = {
        "response_id": response_id,
        "rule": prompt.rule,
        "people_key": prompt.people_key,
        "reason": reason,
        "dismissed_by": current_user(),
        "dismissed_at": datetime.now().replace(microsecond=0),
    }
    return Edit(
        f"Dismiss prompt ({prompt.rule_label}: {', '.join(prompt.people[:6])})",
        (insert_op("prompt_dismissal", values),),
    )


def restore_prompt(session: Session, response_id: int, prompt: Prompt) -> Edit:
    """Undo a dismissal on purpose (the prompt shows as open again); audited."""
    ids = list(
        session.scalars(
            select(PromptDismissal.id).where(
                PromptDismissal.response_id == response_id,
                PromptDismissal.rule == prompt.rule,
                PromptDismissal.people_key == prompt.people_key,
            )
        )
    )
    if not ids:
        raise ValidationError("That prompt is not dismissed.")
    label = f"Restore prompt ({prompt.rule_label}: {', '.join(prompt.people[:6])})"
    return delete_edit(session, label, "prompt_dismissal", ids)
