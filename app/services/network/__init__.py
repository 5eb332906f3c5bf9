"""The network of young people: the graph snapshot, groups, exposure, bridges, layouts, map positions (no Qt)."""
