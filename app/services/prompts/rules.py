"""Every prompt rule of SPEC.md "Prompts", in the order prompts are listed (no Qt).

The one list to extend: each function declares the rules it finds (registry.py), so
`RULES` (ids, labels, descriptions, in listing order) is read from these functions and can
never drift from them. The rules themselves: rules_network.py and rules_meetings.py.
"""

from __future__ import annotations

from app.services.prompts.registry import Check, Finding, Rule
from app.services.prompts.rules_meetings import meeting_roles, parents_not_informed
from app.services.prompts.rules_network import (
    bridge_rule,
    cross_boundary,
    exposure_rule,
    linked_concerns,
    online_space,
    same_setting,
)

__all__ = ["CHECKS", "RULES", "Check", "Finding", "Rule"]

CHECKS: tuple[Check, ...] = (
    same_setting,
    linked_concerns,
    cross_boundary,
    online_space,
    exposure_rule,
    bridge_rule,
    meeting_roles,
    parents_not_informed,
)

RULES: dict[str, Rule] = {r.id: r for check in CHECKS for r in check.rules}
