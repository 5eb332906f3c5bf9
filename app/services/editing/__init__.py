"""The editing path: Edit, RowOp, Changes, the Editor, row operations, audit, validation (no Qt)."""
