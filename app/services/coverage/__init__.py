"""Assessment coverage: the states, the figures, who owns the next step (no Qt)."""
