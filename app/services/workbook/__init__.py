"""The Excel mapping workbook: one module per group of sheets, a registry of sheet writers.

`export_workbook(db, out, circulation=..., as_of=...)` writes it (see export.py).
"""

from __future__ import annotations

from app.services.workbook.export import ExportError, ExportResult, export_workbook

__all__ = ["ExportError", "ExportResult", "export_workbook"]
