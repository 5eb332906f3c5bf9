"""Read models that screens need (tables, pickers, map data), Qt-free and testable without Qt."""
