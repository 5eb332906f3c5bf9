"""The young person panel and the person and connection forms."""
