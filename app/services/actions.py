"""Actions owed by agencies. Overdue is derived from the due date, never stored (no Qt)."""

from __future__ import annotations

from datetime import date

from app.models.entities import Action


def is_overdue(action: Action, as_of: date) -> bool:
    return action.status == "open" and action.due_date < as_of


def days_overdue(action: Action, as_of: date) -> int:
    return (as_of - action.due_date).days if is_overdue(action, as_of) else 0
