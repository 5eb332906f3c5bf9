"""SQLAlchemy entities, vocabulary, the database file, its lock and upgrades. No Qt, no services."""
