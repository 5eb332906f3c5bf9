"""Prompts as a summary a chair can take in: grouped by rule, newest first, one line each.

Newest first means by the prompt's last date (then its first date): never by a risk. The
groups come in the order of their newest prompt; dismissed prompts are kept apart by the
caller. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.prompts.engine import RULES, Prompt

# References shown on one line before "and N more" (the detail lists every one).
SHOWN_REFERENCES = 4


@dataclass(frozen=True)
class PromptGroup:
    rule: str
    label: str
    description: str
    prompts: list[Prompt]


def _newest(p: Prompt) -> tuple[date, date]:
    return (p.last_date or p.first_date or date.min, p.first_date or date.min)


def group_prompts(prompts: list[Prompt]) -> list[PromptGroup]:
    """One group per rule, each newest first; groups in the order of their newest prompt
    (ties in the rules' own order)."""
    order = {rule: n for n, rule in enumerate(RULES)}
    by_rule: dict[str, list[Prompt]] = {}
    for p in prompts:
        by_rule.setdefault(p.rule, []).append(p)
    groups = []
    for rule, items in by_rule.items():
        items.sort(key=lambda p: (_newest(p), p.people), reverse=True)
        known = RULES.get(rule)
        groups.append(
            PromptGroup(
                rule,
                known.label if known else rule,
                known.description if known else "",
                items,
            )
        )
    groups.sort(key=lambda g: (_newest(g.prompts[0]), -order.get(g.rule, 99)), reverse=True)
    return groups


def references_line(p: Prompt) -> str:
    """The young people behind a prompt in a few words: "YP-01, YP-02, YP-03, YP-05 and
    2 more" (the detail lists them all)."""
    refs = list(p.people)
    if len(refs) <= SHOWN_REFERENCES + 1:
        return ", ".join(refs)
    shown = ", ".join(refs[:SHOWN_REFERENCES])
    return f"{shown} and {len(refs) - SHOWN_REFERENCES} more"


def where_line(p: Prompt) -> str:
    if not p.settings:
        return ""
    more = len(p.settings) - 1
    return p.settings[0] + (f" and {more} more" if more else "")


def summary_line(p: Prompt) -> str:
    """One line: the references, then where (the group row gives the rule)."""
    where = where_line(p)
    return references_line(p) + (f" · {where}" if where else "")


def dates_line(p: Prompt) -> str:
    if p.first_date is None:
        return ""
    if p.last_date and p.last_date != p.first_date:
        if p.first_date.year == p.last_date.year:
            return f"{p.first_date:%d/%m} – {p.last_date:%d/%m/%Y}"
        return f"{p.first_date:%d/%m/%Y} – {p.last_date:%d/%m/%Y}"
    return f"{p.first_date:%d/%m/%Y}"
