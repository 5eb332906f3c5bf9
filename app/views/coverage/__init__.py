"""The Coverage tab: the chair's view and its chart."""
