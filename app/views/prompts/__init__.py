"""The Prompts tab and its side panels."""
