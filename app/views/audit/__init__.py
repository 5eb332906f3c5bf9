"""The audit log tab."""
