"""The data rows of the table sheets, written as worksheet XML by Circles (no Qt).

openpyxl builds the workbook: every sheet's settings, header row, styles, drop-downs,
colour rules, print set-up, header and footer, document properties. Cell by cell it also
spends about 12 microseconds building and serialising elements, which for the 500,000
cells of a 5,000-person response was 5 to 7 seconds on its own, most of the 10-second
budget in issue #5. The data rows are the plainest part of the format (a `<row>` of `<c>`
cells, each with a reference, a type, a style number and a value), so `write_table` puts a
placeholder row into openpyxl's sheet and `splice` swaps these rows in as the file is
finished, at about a tenth of the cost.

Each cell is written the way openpyxl writes the same cell: text as an inline string
(with xml:space="preserve" where it starts or ends with white space), numbers with 16
significant digits, dates as Excel serial numbers, TRUE/FALSE as a boolean, and the style
numbers openpyxl itself assigned (`StyleIds`). tests/services/test_workbook_rows_xml.py
writes the same rows both ways and compares every cell, value and style.
"""

from __future__ import annotations

import secrets
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils.datetime import to_excel

# Cell encoder: (cell reference, value) -> the <c> element.
Encoder = Callable[[str, Any], str]

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_PIECES_PER_CHUNK = 16_000  # row and cell strings joined into one write


def _style(style_id: int | None) -> str:
    return f' s="{style_id}"' if style_id else ""


def text_cell(ref: str, text: str, style_id: int | None = None) -> str:
    """An inline string (the text must already be clean: see writer.clean_text)."""
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return (
        f'<c r="{ref}"{_style(style_id)} t="inlineStr"><is><t{space}>'
        f"{text.translate(_ESCAPE)}</t></is></c>"
    )


def number_cell(ref: str, value: float | int | Decimal, style_id: int | None = None) -> str:
    return f'<c r="{ref}"{_style(style_id)} t="n"><v>{value:.16g}</v></c>'


def date_cell(ref: str, value: date | datetime, style_id: int | None) -> str:
    return number_cell(ref, to_excel(value), style_id)


def bool_cell(ref: str, value: bool, style_id: int | None = None) -> str:
    return f'<c r="{ref}"{_style(style_id)} t="b"><v>{1 if value else 0}</v></c>'


def value_cell(ref: str, value: Any, style_id: int | None = None) -> str:
    """Any other value, by its type (as openpyxl binds it)."""
    if isinstance(value, bool):
        return bool_cell(ref, value, style_id)
    if isinstance(value, int | float | Decimal):
        return number_cell(ref, value, style_id)
    if isinstance(value, date):
        return date_cell(ref, value, style_id)
    return text_cell(ref, str(value), style_id)


@dataclass
class PendingRows:
    """One table sheet's data rows, waiting to be spliced into the finished file."""

    title: str
    rows: Sequence[Sequence[Any]]
    letters: Sequence[str]
    encoders: Sequence[Encoder]
    heights: dict[int, float] = field(default_factory=dict)  # sheet row -> points
    first_row: int = 2
    token: str = field(default_factory=lambda: f"circles-rows-{secrets.token_hex(8)}")

    rendered: list[bytes] | None = None

    def prerender(self) -> None:
        """Write the rows' XML now, into memory (while waiting for something else)."""
        if self.rendered is None:
            self.rendered = list(self._render())

    def chunks(self) -> Iterator[bytes]:
        """The rows' XML, some thousands of cells at a time."""
        if self.rendered is not None:
            yield from self.rendered
            self.rendered = None  # the memory goes as the part is written
        else:
            yield from self._render()

    def _render(self) -> Iterator[bytes]:
        cols = list(zip(self.letters, self.encoders, strict=True))
        heights = self.heights
        out: list[str] = []
        for i, row in enumerate(self.rows, self.first_row):
            h = heights.get(i)
            out.append(f'<row r="{i}" customHeight="1" ht="{h:.16g}">' if h else f'<row r="{i}">')
            n = str(i)
            for (letter, enc), v in zip(cols, row, strict=True):
                if v is None or v == "":
                    continue
                out.append(enc(letter + n, v))
            out.append("</row>")
            if len(out) > _PIECES_PER_CHUNK:
                yield "".join(out).encode("utf-8", "replace")
                out.clear()
        if out:
            yield "".join(out).encode("utf-8", "replace")


class SpliceError(RuntimeError):
    """A placeholder row was not where write_table put it (a bug, never the user's file)."""


def splice(
    src: Path,
    dst: Path,
    pending: Sequence[PendingRows],
    progress: Callable[[PendingRows], None] | None = None,
) -> None:
    """Copy the workbook openpyxl saved at `src` to `dst`, each placeholder row replaced
    by its sheet's data rows. Every other part is copied as it is."""
    by_token = {p.token.encode(): p for p in pending}
    done: set[bytes] = set()
    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            found = None
            if info.filename.startswith("xl/worksheets/"):
                found = next((t for t in by_token if t not in done and t in data), None)
            if found is None:
                zout.writestr(info, data)
                continue
            at = data.index(found)
            start = data.rfind(b"<row ", 0, at)
            end = data.find(b"</row>", at)
            if start < 0 or end < 0:
                raise SpliceError(f"The placeholder row of {by_token[found].title} is malformed.")
            target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            target.external_attr = info.external_attr
            # No Zip64 header (some readers, older Excel among them, call such a file
            # damaged): a sheet part is far below the 2 GB it would take.
            with zout.open(target, "w") as part:
                part.write(data[:start])
                for chunk in by_token[found].chunks():
                    part.write(chunk)
                part.write(data[end + len(b"</row>") :])
            done.add(found)
            if progress is not None:
                progress(by_token[found])
    missing = [p.title for t, p in by_token.items() if t not in done]
    if missing:
        raise SpliceError(f"No placeholder row was found for {', '.join(missing)}.")
