"""Prompts (decision support, never decisions): the rule registry, the engine and its helper process (no Qt)."""
