"""The overview report drawn as a PDF (Qt's own PDF writer) and Response > Overview report...."""
