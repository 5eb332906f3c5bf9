"""Response files and what is written beside them: private files, backups, integrity, the fictional demo, encryption (no Qt)."""
