"""What a circulation workbook leaves in place of personal data, and spotting it (no Qt).

A circulation-mode export (WORKBOOK.md) leaves out names and dates of birth: inside free
text it writes the exporter's NAME_REMOVED and DOB_REMOVED markers, and a whole cell left
out starts with "[removed". When the workbook comes back, such a cell is not what Circles
holds ("... on [date removed] per mum" must not replace the note that holds the real date),
so it is never written back.
"""

from __future__ import annotations

REDACTED = "[name removed]"
DATE_REDACTED = "[date removed]"
REDACTION_MARKS: tuple[str, ...] = (REDACTED, DATE_REDACTED)
REMOVED_CELL_START = "[removed"


def redaction_marks(value: object) -> list[str]:
    """The circulation markers in a cell ([] when it holds none): any of them, anywhere in
    the text, means the cell is not what Circles holds and must never be written back."""
    if not isinstance(value, str) or "[" not in value:
        return []
    folded = value.casefold()
    found = [m for m in REDACTION_MARKS if m in folded]
    if folded.lstrip().startswith(REMOVED_CELL_START):
        found.append(REMOVED_CELL_START + "...]")
    return found
