"""How an import problem repeats a cell: short, on one line (no Qt).

Problems name the cell that is wrong ("'31/02/2011' is not a real date"). Cells come from
other agencies' files, may hold personal data and may be any length (a 1,000,000-character
cell once made a 32,857-character error line), so every quoted cell, header or sheet name
goes through `shown`: at most about 80 characters, line breaks and control characters
turned into spaces, and "..." where it was cut.
"""

from __future__ import annotations

SHOWN_CHARS = 80
ELLIPSIS = "..."


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """`value` as an error line may repeat it: one line of at most `limit` characters."""
    if value is None:
        return ""
    # Formula and CellError keep their text in .text; anything else is shown as str().
    text = getattr(value, "text", value)
    raw = text if isinstance(text, str) else str(text)
    # Only the start is ever shown: cleaning a whole million-character cell is wasted work.
    head = raw[: limit * 4]
    clean = " ".join("".join(c if c.isprintable() else " " for c in head).split())
    if len(clean) > limit or len(raw) > len(head):
        clean = clean[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS
    return clean
