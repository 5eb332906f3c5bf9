"""Reading an import file (.xlsx or .csv) into plain rows, safely (no Qt).

Files come from other agencies, so nothing here trusts them: the type is read from the
first bytes (not the name), a workbook's zip directory is checked for sizes before
openpyxl opens it (zip bombs), XML with entity declarations is refused (and openpyxl
parses with defusedxml anyway), formulas are never evaluated (they are kept as `Formula`
so the planner can refuse them), and reading stops at documented limits. Anything
unreadable is an `ImportFileError` whose text is one sentence for the user.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.services.importing.fields import ALL_NOTES, KINDS, READ_KINDS
from app.services.importing.headers import auto_mapping, guess_kind, kind_of_sheet_name
from app.services.importing.opening import (  # noqa: F401 - the errors are read from here
    ImportFileError,
    PasswordNeeded,
    WrongPassword,
    decrypted,
    is_protected,
    ole_message,
)
from app.services.importing.quoting import shown

# Documented limits (README "Importing"). A response holds tens or hundreds of young
# people; these leave ample room while keeping a hostile file from exhausting the laptop.
MAX_ROWS = 10_000  # data rows per sheet
MAX_SCAN_ROWS = 100_000  # sheet rows looked at, blank or not
MAX_COLUMNS = 100
MAX_SHEETS = 60
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts of a workbook, as the zip says
MAX_ZIP_ENTRIES = 5_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

ZIP_MAGIC = b"PK\x03\x04"
# Yielded instead of a row when a sheet goes on beyond MAX_SCAN_ROWS.
TOO_LONG: tuple[Any, ...] = ("\x00too long",)
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula, kept as its text: Circles never evaluates it."""

    text: str


@dataclass(frozen=True)
class CellError:
    """A cell holding a spreadsheet error such as #N/A."""

    text: str


@dataclass
class SourceSheet:
    """One sheet (or a CSV file): its headers and its non-blank data rows."""

    name: str
    kind: str | None  # one of READ_KINDS, from the sheet's name or its headers
    headers: list[str]
    header_row: int  # the header's row number in the file (1-based)
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    too_many_rows: bool = False  # more than MAX_ROWS rows of data
    too_long: bool = False  # goes on beyond MAX_SCAN_ROWS rows (blank or not)


@dataclass
class SourceData:
    path: Path
    format: str  # "xlsx" or "csv"
    sheets: list[SourceSheet]
    ignored: list[str] = field(default_factory=list)  # sheet names not imported

    @property
    def is_circles_workbook(self) -> bool:
        names = {s.name for s in self.sheets} | set(self.ignored)
        return "Cover" in names and "Young people" in names


def read_source(path: Path, *, sheet: str | None = None, password: str | None = None) -> SourceData:
    """Read `path` (.xlsx workbook or .csv). `sheet`: for a CSV, the sheet it stands for
    (default: guessed from its headers); for a workbook, the only sheet to read.
    `password`: for a password-protected workbook (PasswordNeeded without one,
    WrongPassword when it does not open it); ignored for any other file."""
    path = Path(path)
    head = _head(path)
    if head.startswith(OLE_MAGIC):
        if not is_protected(path):
            raise ImportFileError(ole_message(path))
        return _read_xlsx(path, sheet, decrypted(path, password, MAX_FILE_BYTES))
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(path, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise ImportFileError(f"{path.name} is not an Excel workbook (it may be damaged).")
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise ImportFileError(f"{path.name} is not an Excel workbook (.xlsx) or a CSV file.")
    return _read_csv(path, sheet)


def _head(path: Path) -> bytes:
    if not path.exists():
        raise ImportFileError(f"There is no file at {path}.")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a workbook or CSV file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8192)
    except PermissionError as exc:
        raise ImportFileError(f"{path.name} cannot be read: permission denied.") from exc
    except OSError as exc:
        raise ImportFileError(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    if size == 0:
        raise ImportFileError(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path.name} is {size / 1048576:.0f} MB; Circles imports files up to "
            f"{MAX_FILE_BYTES // 1048576} MB."
        )
    return head


# ----- workbooks ---------------------------------------------------------------------------
def _check_zip(path: Path, content: io.BytesIO | None = None) -> None:
    """Refuse a zip whose directory promises more than we will unpack, before openpyxl.
    `content`: the decrypted workbook when `path` is password-protected."""
    try:
        with zipfile.ZipFile(content if content is not None else path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ImportFileError(f"{path.name} has too many parts to be a workbook.")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    f"{path.name} would unpack to {total / 1048576:,.0f} MB, more than the "
                    f"{MAX_UNPACKED_BYTES // 1048576} MB Circles accepts (it may be a zip "
                    "bomb); it was not opened."
                )
            if any(i.flag_bits & 0x1 for i in infos):
                raise ImportFileError(
                    f"{path.name} is password-protected; remove the password and try again."
                )
            if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
                raise ImportFileError(
                    f"{path.name} is an OpenDocument spreadsheet; save it as an Excel "
                    "Workbook (.xlsx) and import that."
                )
            if "xl/workbook.xml" not in names:
                if "word/document.xml" in names:
                    raise ImportFileError(f"{path.name} is a Word document, not a workbook.")
                raise ImportFileError(f"{path.name} is a zip file, not an Excel workbook.")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        start = part.read(65536)
                    if b"<!ENTITY" in start or b"<!DOCTYPE" in start:
                        raise ImportFileError(
                            f"{path.name} contains XML entity declarations, which workbooks "
                            "never need (an 'XML bomb'); it was not opened."
                        )
    except ImportFileError:
        raise
    except NotImplementedError as exc:
        raise ImportFileError(
            f"{path.name} uses a kind of compression Circles cannot read; save it again "
            "as an Excel Workbook (.xlsx)."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, CRC errors...
        raise ImportFileError(
            f"{path.name} is damaged and cannot be opened as a workbook."
        ) from exc


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    kind = getattr(cell, "data_type", None)
    if kind == "f" or (kind != "s" and isinstance(value, str) and value.startswith("=")):
        return Formula(str(value))
    if kind == "e":
        return CellError(str(value))
    if isinstance(value, str):
        return value.strip() or None
    return value


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_notes_row(values: tuple[Any, ...]) -> bool:
    texts = [v for v in values if v is not None]
    return bool(texts) and all(isinstance(v, str) and v in ALL_NOTES for v in texts)


def _header_index(rows: list[tuple[int, tuple[Any, ...]]], kind: str | None) -> int:
    """Which of the first rows is the header: the first naming two known columns."""
    kinds = [kind] if kind else list(READ_KINDS)
    for i, (_, values) in enumerate(rows[:10]):
        headers = [str(v) if v is not None else "" for v in values]
        for k in kinds:
            if sum(1 for h in auto_mapping(k, headers).values() if h) >= 2:
                return i
    return 0


def _make_sheet(
    name: str, kind: str | None, rows_iter: Any, *, forced_kind: str | None = None
) -> SourceSheet | None:
    """Build a SourceSheet from an iterator of (row number, values); None if it is empty."""
    leading: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in rows_iter:
        if not _blank(values):
            leading.append((number, values))
            if len(leading) >= 10:
                break
    if not leading:
        return None
    h = _header_index(leading, forced_kind or kind)
    header_row, header_values = leading[h]
    headers = [_header_text(v) for v in header_values]
    while headers and not headers[-1]:
        headers.pop()
    kind = forced_kind or kind or guess_kind(headers)
    sheet = SourceSheet(name, kind, headers, header_row)
    width = len(headers)

    def rest():  # noqa: ANN202 - the rows after the header, leading ones first
        yield from leading[h + 1 :]
        yield from rows_iter

    for number, values in rest():
        if values is TOO_LONG:
            sheet.too_long = True
            break
        values = tuple(values[:width])
        if _blank(values):
            continue
        if not sheet.rows and _is_notes_row(values):
            continue  # the template's notes row
        if len(sheet.rows) >= MAX_ROWS:
            sheet.too_many_rows = True
            break
        sheet.rows.append((number, values))
    return sheet


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula | CellError):
        return value.text
    return " ".join(str(value).split())


def _read_xlsx(path: Path, only: str | None, content: io.BytesIO | None = None) -> SourceData:
    if content is None:
        _check_zip(path)
    else:
        _check_zip(path, content)
    import openpyxl

    if content is not None:
        content.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(
                content if content is not None else path,
                read_only=True,
                data_only=False,
                keep_links=False,
            )
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds; all mean unreadable
        raise _workbook_error(path, exc) from exc
    try:
        worksheets = list(wb.worksheets)
        if len(worksheets) > MAX_SHEETS:
            raise ImportFileError(f"{path.name} has more than {MAX_SHEETS} sheets.")
        chosen, forced = _choose_sheets(path, worksheets, only)
        data = SourceData(path, "xlsx", [])
        # A workbook with sheets named as Circles names them (the template, a returned
        # mapping workbook) is read by those names only: its Meetings or Actions sheets
        # are never guessed into something else. Other workbooks (a school's list) have
        # each sheet guessed from its headers.
        named = any(kind_of_sheet_name(ws.title) for ws in worksheets)
        for ws in worksheets:
            hidden = getattr(ws, "sheet_state", "visible") != "visible"
            kind = forced or kind_of_sheet_name(ws.title)
            if (
                ws not in chosen
                or (hidden and only is None)
                or (named and kind is None and only is None)
            ):
                data.ignored.append(ws.title)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = _make_sheet(ws.title, kind, _xlsx_rows(ws), forced_kind=forced)
            if sheet is None:
                if only is not None:
                    data.sheets.append(SourceSheet(ws.title, kind, [], 1))
                else:
                    data.ignored.append(ws.title)
            elif sheet.kind is None and only is None and not _looks_like_data(sheet):
                data.ignored.append(ws.title)
            else:
                data.sheets.append(sheet)
        return data
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _workbook_error(path, exc) from exc
    finally:
        wb.close()


def _looks_like_data(sheet: SourceSheet) -> bool:
    # A sheet of unknown name and headers (a Cover, a Summary) is not offered for import
    # unless it maps at least a couple of columns of some kind.
    return any(sum(1 for h in auto_mapping(k, sheet.headers).values() if h) >= 2 for k in KINDS)


def _choose_sheets(
    path: Path, worksheets: list[Any], only: str | None
) -> tuple[list[Any], str | None]:
    if only is None:
        return worksheets, None
    for ws in worksheets:
        if ws.title.casefold() == only.strip().casefold():
            return [ws], None
    kind = kind_of_sheet_name(only)
    visible = [ws for ws in worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if kind is not None and len(visible) == 1:
        return visible, kind  # a one-sheet list, imported as the sheet named
    names = ", ".join(shown(ws.title, 40) for ws in worksheets)
    raise ImportFileError(
        f"{path.name} has no sheet called '{shown(only, 40)}'; its sheets are: {names}."
    )


def _xlsx_rows(ws: Any):  # noqa: ANN202
    # In read-only mode openpyxl stops at the row the sheet's <dimension> element claims
    # is its last; a program that writes a stale one (A1:N3 over seven rows) would have
    # rows dropped without a word. Forget it and read every row the sheet really holds.
    ws.reset_dimensions()
    for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_SCAN_ROWS:
            yield number, TOO_LONG
            return
        yield number, tuple(_cell_value(c) for c in row)


def _workbook_error(path: Path, exc: BaseException) -> ImportFileError:
    name = type(exc).__name__
    causes = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 5:  # openpyxl wraps parser errors
        causes.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    # defusedxml names the refusal in its exception's type; lxml (the workbook part) in
    # its message ("entity amplification factor exceeded", "entity reference loop").
    entity_text = "entity" in str(exc).lower() or "entity" in str(exc.__cause__ or "").lower()
    if entity_text or any(("Entities" in c or "DTD" in c or "External" in c) for c in causes):
        return ImportFileError(
            f"{path.name} contains XML entity declarations, which workbooks never need "
            "(an 'XML bomb'); it was not opened."
        )
    if isinstance(exc, MemoryError):
        return ImportFileError(f"{path.name} is too large to import.")
    return ImportFileError(f"{path.name} is damaged and cannot be read as a workbook ({name}).")


# ----- CSV ---------------------------------------------------------------------------------
def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _read_csv(path: Path, sheet: str | None) -> SourceData:
    forced: str | None = None
    if sheet is not None:
        forced = kind_of_sheet_name(sheet)
        if forced is None or forced not in KINDS:
            raise ImportFileError(
                f"'{shown(sheet, 40)}' is not a sheet Circles imports; say one of: "
                f"{', '.join(KINDS)}."
            )
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise ImportFileError(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows():  # noqa: ANN202
        for number, record in enumerate(reader, start=1):
            if number > MAX_SCAN_ROWS:
                yield number, TOO_LONG
                return
            yield number, tuple((v.strip() or None) for v in record[:MAX_COLUMNS])

    try:
        made = _make_sheet(path.stem, forced, rows(), forced_kind=forced)
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} is not a readable CSV file ({exc}).") from exc
    if made is None:
        raise ImportFileError(f"{path.name} is empty.")
    if made.kind is None or made.kind not in KINDS:
        raise ImportFileError(
            f"Circles cannot tell which sheet {path.name} is from its headers; say which "
            f"(one of: {', '.join(KINDS)})."
        )
    made.name = made.kind
    return SourceData(path, "csv", [made])
