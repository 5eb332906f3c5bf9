"""Describing what an import changes in a record, in the preview's words (no Qt)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.importing.fields import FIELDS, Field


def changed_fields(current: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(current, k) != v}


def _shown(f: Field | None, value: Any) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if f is not None and f.vocab is not None:
        return f.vocab.label_for(str(value)) or str(value)
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "..."


def describe_changes(kind: str, changed: dict[str, Any], current: Any = None) -> str:
    """'Year group Y9 → Y11; Status Booked → Completed' (settings and notes by name only)."""
    fields = {f.key: f for f in FIELDS[kind]}
    parts = []
    for key, new in changed.items():
        f = fields.get(key)
        name = f.header if f else key.replace("_", " ").capitalize()
        if current is None or key.endswith("_id") or key in ("notes", "removed_reason"):
            parts.append(name)
        else:
            parts.append(f"{name} {_shown(f, getattr(current, key))} → {_shown(f, new)}")
    return "; ".join(parts)
