"""Meetings, roles, checklists, actions, plans and closure (no Qt)."""
