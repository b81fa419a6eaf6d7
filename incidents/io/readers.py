"""Read tabular files once, as a stream of rows: CSV/TSV text in any common encoding, XLSX, GeoJSON.

A :class:`Table` yields ``(row_number, {column: value})`` where ``row_number`` is the row as a
spreadsheet shows it (the header is row 1); a text table can also give each row as a plain list of
cells in column order (``records``), which bulk imports read faster. Column names are folded to lower case. Text files are
decoded line by line: UTF-8 (with or without BOM) first, a line that is not UTF-8 falls back to
Windows-1252 / Latin-1, so one stray byte never stops an import. The delimiter (comma, semicolon or
tab) is taken from the header line.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import logging
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterator

from ..errors import AtlasError

log = logging.getLogger(__name__)

#: Excel's own limit of columns (XFD): a worksheet row with more cells is not a real workbook.
XLSX_MAX_COLUMNS = 16_384
#: Parts of a workbook openpyxl reads whole (workbook, styles, relationships) are at most this size
#: unpacked: real ones are kilobytes, a styles part of millions of formats is a memory bomb.
XLSX_MAX_PART_BYTES = 16_000_000


def _limits() -> Any:
    from ..settings import get_settings

    return get_settings()

_DELIMITERS = (",", ";", "\t")
#: A row spanning more physical lines than this has an unbalanced quote: reading stops there.
MAX_LINES_PER_ROW = 1000
_SNIFF_BYTES = 8192


class UnreadableFileError(AtlasError):
    """The file cannot be read at all (missing, binary junk, unknown layout): nothing was written."""


Row = dict[str, Any]
#: Key of the cells beyond the header's columns in a row dict (only when one of them is not blank).
EXTRA = "\x00extra"


@dataclass
class Table:
    """Rows of one file, read once. ``rows()`` may be called only once."""

    kind: str  # "text" | "xlsx" | "geojson"
    columns: list[str]
    name: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    size: int | None = None  # bytes, when known
    _rows: Iterator[tuple[int, Row]] | None = field(default=None, repr=False)
    _records: Iterator[tuple[int, list[Any]]] | None = field(default=None, repr=False)
    _position: Callable[[], float | None] = field(default=lambda: None, repr=False)
    _close: Callable[[], None] = field(default=lambda: None, repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[int, Row]]:
        """``(row number as a spreadsheet shows it, row)`` for every data row."""
        if self._records is not None:
            return _as_dicts(self.records(), self.columns)
        if self._rows is None:
            raise RuntimeError("a table can be read only once")
        rows, self._rows = self._rows, None
        return rows

    @property
    def has_records(self) -> bool:
        """True when the rows can be read as lists of cells (text tables not read yet)."""
        return self._records is not None

    def records(self) -> Iterator[tuple[int, list[Any]]]:
        """``(row number, cells)`` for every data row of a text table, cells in ``columns`` order:
        the same rows as :meth:`rows` (short rows padded with ""), a row with a non-blank cell beyond
        the header's columns longer than ``columns``. Either this or ``rows`` may be called, once."""
        if self._records is None:
            raise RuntimeError("a table can be read only once" if self.kind == "text"
                               else f"a {self.kind} table has no records; read its rows")
        records, self._records = self._records, None
        return records

    def fraction_read(self) -> float | None:
        """How much of the file has been read (0..1), when known."""
        return self._position()

    def close(self) -> None:
        self._close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_binary(source: Any) -> tuple[BinaryIO, str, int | None, bool]:
    """(binary file, display name, size, whether we opened it) for a path or a file-like object."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise UnreadableFileError(f"no such file: {path}")
        if path.is_dir():
            raise UnreadableFileError(f"{path} is a directory, not a file")
        try:
            fh = open(path, "rb")
        except OSError as e:
            raise UnreadableFileError(f"cannot open {path}: {e.strerror}") from e
        return fh, path.name, path.stat().st_size, True
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(bytes(source)), "upload", len(source), True
    if hasattr(source, "read"):
        name = getattr(source, "name", None) or "upload"
        size = getattr(source, "size", None)
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        return source, os.path.basename(str(name)), size, False
    raise TypeError(f"cannot read {type(source).__name__}: give a path, bytes or a binary file")


def open_table(source: Any, sheet: str | None = None) -> Table:
    """Open a CSV/TSV, XLSX or GeoJSON file (path, bytes or binary file object) for streaming.

    ``sheet``: the XLSX sheet to read (default: the first that is not empty); ignored for text.
    Raises UnreadableFileError with a one-line reason when the bytes are not such a file.
    """
    fh, name, size, owned = _open_binary(source)
    try:
        limits = _limits()
        _check_size(fh, name, size, isinstance(source, (str, os.PathLike)), limits)
        head = _peek(fh, _SNIFF_BYTES)
        if not head:
            raise UnreadableFileError(f"{name} is empty")
        if head.startswith(b"PK\x03\x04"):
            return _xlsx_table(fh, name, size, owned, sheet)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFileError(f"{name} is an old Excel .xls (or another OLE) file; save it as .xlsx or CSV")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = io.TextIOWrapper(fh, encoding="utf-16", newline="")
            return _text_table(text, fh, name, size, owned, "utf-16")
        if b"\x00" in head:
            raise UnreadableFileError(f"{name} is not a text, XLSX or GeoJSON file (binary data)")
        stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
        if stripped.startswith((b"{", b"[")):
            return _geojson_table(fh, name, size, owned)
        return _text_table(None, fh, name, size, owned, None)
    except BaseException:
        if owned:
            fh.close()
        raise


def _check_size(fh: BinaryIO, name: str, size: int | None, on_disk: bool, limits: Any) -> None:
    """UnreadableFileError when the file is larger than the upload (or on-disk file) limit."""
    if size is None and fh.seekable():
        pos = fh.tell()
        size = fh.seek(0, io.SEEK_END) - pos
        fh.seek(pos)
    limit_mb, setting = ((limits.max_file_mb, "ATLAS_MAX_FILE_MB") if on_disk
                         else (limits.max_upload_mb, "ATLAS_MAX_UPLOAD_MB"))
    if size is not None and size > limit_mb * 1_000_000:
        raise UnreadableFileError(f"{name} is {size / 1e6:,.1f} MB, over the {limit_mb:,} MB limit of "
                                  f"{'a file' if on_disk else 'an upload'} ({setting})")


def _peek(fh: BinaryIO, n: int) -> bytes:
    pos = fh.tell() if fh.seekable() else None
    data = fh.read(n)
    if pos is not None:
        fh.seek(pos)
    elif data:
        raise UnreadableFileError("the upload cannot be rewound")
    return data


# -- text (CSV/TSV) -----------------------------------------------------------------------------
_FALLBACK = "incident-atlas-cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not valid UTF-8 as Windows-1252 (ISO-8859-1 where 1252 leaves a gap)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    out = []
    for b in exc.object[exc.start:exc.end]:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out), exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


def _guess_encoding(head: bytes) -> str:
    """"utf-8-sig" (BOM), "utf-8", or "latin-1" when the first bytes are not UTF-8 (for the summary).

    Text is always decoded as UTF-8, and each byte that is not valid UTF-8 as Windows-1252 / Latin-1,
    so Latin-1 files, and UTF-8 files with a stray Latin-1 line, both read right.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most columns (quotes respected)."""
    best, best_n = ",", 0
    for d in _DELIMITERS:
        try:
            n = len(next(csv.reader([header_line], delimiter=d)))
        except (csv.Error, StopIteration):
            continue
        if n > best_n:
            best, best_n = d, n
    return best


def _text_table(text: IO[str] | None, fh: BinaryIO, name: str, size: int | None, owned: bool,
                encoding: str | None) -> Table:
    if text is None:
        encoding = _guess_encoding(_peek(fh, 1 << 16))
        codec = "utf-8-sig" if encoding == "utf-8-sig" else "utf-8"  # Latin-1 bytes: the fallback
        text = io.TextIOWrapper(fh, encoding=codec, errors=_FALLBACK, newline="")
    try:
        return _text_table_body(text, fh, name, size, owned, encoding)
    except BaseException:
        try:
            text.detach()
        except ValueError:
            pass
        raise


class _LineTooLong(Exception):
    pass


def _bounded_lines(text: IO[str], limit: int) -> Iterator[str]:
    """The text's lines, each read at most ``limit`` characters at a time: a line longer than that
    raises _LineTooLong before the rest of it is read into memory."""
    readline = text.readline
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            raise _LineTooLong
        yield line


def _too_long(name: str, rowno: int, limit: int) -> UnreadableFileError:
    return UnreadableFileError(f"{name}: row {rowno:,} has a cell or line longer than {limit:,} characters, the "
                               "limit (ATLAS_MAX_CELL_CHARS)")


def _text_table_body(text: IO[str], fh: BinaryIO, name: str, size: int | None, owned: bool,
                     encoding: str | None) -> Table:
    limits = _limits()
    cell_limit, max_rows = limits.max_cell_chars, limits.max_rows
    csv.field_size_limit(cell_limit)  # process-wide; every reader sets the same setting
    lines = _bounded_lines(text, cell_limit)
    try:
        first = next(lines, "")
        while first and not first.strip():  # leading blank lines are not the header
            first = next(lines, "")
    except _LineTooLong:
        raise _too_long(name, 1, cell_limit) from None
    if not first:
        raise UnreadableFileError(f"{name} has no header row")
    delimiter = _sniff_delimiter(first)

    reader = csv.reader(itertools.chain((first,), lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise _too_long(name, 1, cell_limit) from None
        raise UnreadableFileError(f"{name}: the header row cannot be read: {e}") from e
    except _LineTooLong:
        raise _too_long(name, 1, cell_limit) from None
    columns = [_column_name(c) for c in header]
    if not any(columns):
        raise UnreadableFileError(f"{name} has an empty header row")
    if any(ch in "".join(columns) for ch in "\ufffd\x00"):
        raise UnreadableFileError(f"{name} is not a readable text table (garbled header)")

    short: dict[str, Any] = {"count": 0, "rows": []}  # rows with fewer cells than the header (padded)

    def records() -> Iterator[tuple[int, list[str]]]:
        n = len(columns)
        rowno = 1
        line = reader.line_num
        try:
            for rec in reader:
                rowno += 1
                if rowno > max_rows + 1:
                    raise UnreadableFileError(f"{name} has more than {max_rows:,} rows, the limit (ATLAS_MAX_ROWS); "
                                              "the rows before it were read")
                if reader.line_num - line > MAX_LINES_PER_ROW:
                    raise UnreadableFileError(f"{name}: row {rowno} runs over {reader.line_num - line:,} lines "
                                              "(a quote that is never closed?)")
                line = reader.line_num
                if len(rec) != n:
                    if not rec or (len(rec) == 1 and not rec[0].strip()):
                        continue  # blank line
                    if len(rec) < n:
                        short["count"] += 1
                        if len(short["rows"]) < 10:
                            short["rows"].append(rowno)
                        rec = rec + [""] * (n - len(rec))
                    elif not any(v.strip() for v in rec[n:]):
                        rec = rec[:n]  # blank cells beyond the header: nothing lost
                yield rowno, rec
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise _too_long(name, rowno + 1, cell_limit) from None
            raise UnreadableFileError(f"{name}: row {rowno + 1} cannot be read as CSV: {e}") from e
        except _LineTooLong:
            raise _too_long(name, rowno + 1, cell_limit) from None
        except UnicodeError as e:  # only UTF-16 text can still fail
            raise UnreadableFileError(f"{name}: row {rowno + 1} cannot be decoded: {e}") from e

    def position() -> float | None:
        if not size:
            return None
        try:
            return min(1.0, fh.tell() / size)
        except (OSError, ValueError):
            return None

    def close() -> None:
        try:
            text.detach()  # a wrapper closes its buffer when collected; an upload must stay open
        except ValueError:
            pass
        if owned:
            fh.close()

    return Table("text", columns, name=name, encoding=encoding, delimiter=delimiter, size=size,
                 _records=records(), _position=position, _close=close, extra={SHORT_ROWS: short})


#: ``Table.extra`` key: how many rows of a text table had fewer cells than the header, and the first ten.
SHORT_ROWS = "short_rows"


def _as_dicts(records: Iterator[tuple[int, list[Any]]], columns: list[str]) -> Iterator[tuple[int, Row]]:
    """Records as row dicts (``columns`` is read as each row comes: a layout may rename columns
    first); cells beyond the columns go under :data:`EXTRA`."""
    for rowno, rec in records:
        row = dict(zip(columns, rec))
        if len(rec) > len(columns):
            row[EXTRA] = rec[len(columns):]
        yield rowno, row


def text_encoding(table: Table) -> str | None:
    """The file's encoding as detected from its first bytes (UTF-8, UTF-8 with BOM, Latin-1, UTF-16)."""
    return table.encoding


def _column_name(raw: Any) -> str:
    return " ".join(str(raw if raw is not None else "").replace("\ufeff", "").split()).lower()


# -- XLSX --------------------------------------------------------------------------------------
def _xlsx_table(fh: BinaryIO, name: str, size: int | None, owned: bool, sheet: str | None = None) -> Table:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - openpyxl is a runtime requirement
        raise UnreadableFileError("reading .xlsx needs openpyxl (pip install openpyxl)") from e
    limits = _limits()
    _check_xlsx(fh, name, limits)
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise UnreadableFileError(f"{name} is a ZIP file but not a readable .xlsx workbook ({e})") from e
    except Exception as e:  # openpyxl raises assorted errors on damaged workbooks
        raise UnreadableFileError(f"{name} is not a readable .xlsx workbook: {type(e).__name__}") from e

    def close() -> None:
        wb.close()
        if owned:
            fh.close()

    worksheets = wb.worksheets
    if sheet is not None:
        worksheets = [ws for ws in wb.worksheets if ws.title == sheet]
        if not worksheets:
            titles = ", ".join(repr(ws.title) for ws in wb.worksheets)
            close()
            raise UnreadableFileError(f"{name} has no sheet {sheet!r} (its sheets: {titles})")
    for ws in worksheets:
        it = _parsed(ws.iter_rows(), name)
        header_row = None
        for cells in it:
            values = [c.value for c in cells]
            if any(v not in (None, "") for v in values):
                header_row = (cells, values)
                break
        if header_row is None:
            continue  # an empty sheet
        cells, values = header_row
        columns = [_column_name(v) for v in values]
        while columns and not columns[-1]:
            columns.pop()
        first_row = _cell_row(cells) or 1
        total = ws.max_row if isinstance(ws.max_row, int) else None
        state = {"row": first_row}

        def rows(it=it, columns=columns, first_row=first_row, state=state) -> Iterator[tuple[int, Row]]:
            n = len(columns)
            expected = first_row
            cell_limit, max_rows, count = limits.max_cell_chars, limits.max_rows, 0
            for cells in it:
                count += 1
                if count > max_rows:
                    raise UnreadableFileError(f"{name} has more than {max_rows:,} rows, the limit (ATLAS_MAX_ROWS); "
                                              "the rows before it were read")
                expected += 1
                r = _cell_row(cells) or expected
                expected = r
                state["row"] = r
                values = [xlsx_unescape(c.value) if c.value.__class__ is str and "_x" in c.value else c.value
                          for c in cells[:n]]
                if not any(v not in (None, "") for v in values):
                    continue
                if any(v.__class__ is str and len(v) > cell_limit for v in values):
                    raise _too_long(name, r, cell_limit)
                if len(values) < n:
                    values += [None] * (n - len(values))
                yield r, dict(zip(columns, values))

        def position(total=total, state=state) -> float | None:
            return min(1.0, state["row"] / total) if total else None

        return Table("xlsx", columns, name=name, sheet=ws.title, size=size, _rows=rows(),
                     _position=position, _close=close)
    close()
    raise UnreadableFileError(f"{name}: every sheet of the workbook is empty")


def sheet_names(source: Any) -> list[str]:
    """The sheets of an XLSX workbook, in order ([] for any other file)."""
    fh, name, size, owned = _open_binary(source)
    try:
        if not _peek(fh, 4).startswith(b"PK\x03\x04"):
            return []
        limits = _limits()  # the same limits as reading it: nothing is parsed before they are checked
        _check_size(fh, name, size, isinstance(source, (str, os.PathLike)), limits)
        _check_xlsx(fh, name, limits)
        import openpyxl

        try:
            wb = openpyxl.load_workbook(fh, read_only=True)
        except Exception:  # an unreadable workbook says so when it is opened for reading
            return []
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    finally:
        if owned:
            fh.close()
        elif hasattr(fh, "seek"):
            fh.seek(0)


def _parsed(rows: Iterator[Any], name: str) -> Iterator[Any]:
    """openpyxl's rows; its assorted errors on a damaged sheet (a shared string that is not there, a
    broken cell) are UnreadableFileError."""
    n = 0
    try:
        for n, row in enumerate(rows, start=1):
            yield row
    except (UnreadableFileError, GeneratorExit, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - openpyxl raises IndexError, KeyError, ValueError, XML errors...
        raise UnreadableFileError(f"{name}: sheet row {n + 1:,} cannot be read ({type(e).__name__}: "
                                  f"{str(e)[:80]})") from e


def _check_xlsx(fh: BinaryIO, name: str, limits: Any) -> None:
    """Refuse a workbook over the limits from its ZIP directory and a streamed look at its parts,
    before openpyxl parses anything: unpacked size (``max_xlsx_mb``), parts read whole
    (``XLSX_MAX_PART_BYTES``), shared strings (``max_shared_strings``), cells in a row (Excel's own
    ``XLSX_MAX_COLUMNS``), text between two tags (about ``max_cell_chars``). Reads the file once
    more, unpacking 256 KB at a time."""
    pos = fh.tell()
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise UnreadableFileError(f"{name} is a ZIP file but not a readable .xlsx workbook ({e})") from e
    try:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_xlsx_mb * 1_000_000:
            raise UnreadableFileError(f"{name} unpacks to {total / 1e6:,.0f} MB, over the {limits.max_xlsx_mb:,} MB "
                                      "limit of a workbook (ATLAS_MAX_XLSX_MB)")
        for info in infos:
            part = info.filename.lower()
            if part.endswith("sharedstrings.xml"):
                _scan_xml(zf, info, name, limits, shared=True)
            elif "worksheets/" in part and part.endswith(".xml"):
                _scan_xml(zf, info, name, limits, shared=False)
            elif info.file_size > XLSX_MAX_PART_BYTES and not part.startswith("xl/media/"):
                raise UnreadableFileError(f"{name}: its part {info.filename} unpacks to {info.file_size / 1e6:,.0f} "
                                          f"MB, over the {XLSX_MAX_PART_BYTES / 1e6:,.0f} MB a workbook part may have")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise UnreadableFileError(f"{name} is a ZIP file but not a readable .xlsx workbook ({e})") from e
    finally:
        fh.seek(pos)


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Any, *, shared: bool) -> None:
    """Stream one part: count shared strings (``<si>``), or cells per row (``<c``) of a sheet, and
    watch the longest text between two tags. Each piece handed on ends before a ``<``, so no tag is
    cut in two."""
    strings, cells, longest = 0, 0, limits.max_cell_chars
    leftover = b""
    with zf.open(info) as part:
        while True:
            chunk = part.read(1 << 18)
            buf = leftover + chunk
            if not chunk:
                cut = len(buf)
            else:
                cut = buf.rfind(b"<")
                if cut <= 0:  # no tag starts in it: text (or junk) still running
                    if len(buf) > longest:
                        raise UnreadableFileError(f"{name}: a cell in {info.filename} is longer than {longest:,} "
                                                  "characters, the limit (ATLAS_MAX_CELL_CHARS)")
                    leftover = buf
                    continue
            done, leftover = buf[:cut], buf[cut:]
            if shared:
                strings += done.count(b"<si>") + done.count(b"<si ")
                if strings > limits.max_shared_strings:
                    raise UnreadableFileError(f"{name} holds more than {limits.max_shared_strings:,} distinct strings, "
                                              "the limit (ATLAS_MAX_SHARED_STRINGS)")
            else:
                pieces = done.split(b"<row")
                for k, piece in enumerate(pieces):
                    if k:
                        cells = 0  # a new row starts
                    cells += piece.count(b"<c ") + piece.count(b"<c>")
                    if cells > XLSX_MAX_COLUMNS:
                        raise UnreadableFileError(f"{name}: a row of {info.filename} has more than "
                                                  f"{XLSX_MAX_COLUMNS:,} cells, Excel's own limit")
            if not chunk:
                return


_XLSX_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XLSX_LITERAL_RE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")


def xlsx_escape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes for characters XML cannot carry (CR, control characters)."""
    if "_x" in text:
        text = _XLSX_LITERAL_RE.sub("_x005F_", text)
    return _XLSX_CONTROL_RE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def xlsx_unescape(text: str) -> str:
    """Undo Excel's ``_xHHHH_`` escapes (``_x000D_`` -> CR, ``_x005F_`` -> ``_``)."""
    return _XLSX_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _cell_row(cells: Any) -> int | None:
    for c in cells:
        r = getattr(c, "row", None)
        if isinstance(r, int):
            return r
    return None


# -- GeoJSON -----------------------------------------------------------------------------------
def _geojson_table(fh: BinaryIO, name: str, size: int | None, owned: bool) -> Table:
    limits = _limits()
    cap = limits.max_geojson_mb * 1_000_000
    try:
        raw = fh.read(cap + 1)
    finally:
        if owned:
            fh.close()
    if len(raw) > cap:
        raise UnreadableFileError(f"{name} is over {limits.max_geojson_mb:,} MB, the limit of a GeoJSON file, which is "
                                  "read whole (ATLAS_MAX_GEOJSON_MB); export it as CSV")
    depth = json_depth(raw)
    if depth > limits.max_geojson_depth:
        raise UnreadableFileError(f"{name} nests objects and arrays {depth:,} deep, over the limit of "
                                  f"{limits.max_geojson_depth} (ATLAS_MAX_GEOJSON_DEPTH)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise UnreadableFileError(f"{name} is not valid JSON: {e}") from e
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise UnreadableFileError(f"{name} is JSON but not a GeoJSON FeatureCollection")
    features = data["features"]
    if len(features) > limits.max_rows:
        raise UnreadableFileError(f"{name} has {len(features):,} features, over the limit of {limits.max_rows:,} rows "
                                  "(ATLAS_MAX_ROWS)")
    columns: list[str] = []
    for f in features[:50]:
        props = f.get("properties") if isinstance(f, dict) else None
        for k in props or {}:
            if k not in columns:
                columns.append(k)
    state = {"i": 0}

    def rows() -> Iterator[tuple[int, Row]]:
        for i, f in enumerate(features, start=1):
            state["i"] = i
            yield i, {"\x00feature": f}

    def position() -> float | None:
        return state["i"] / len(features) if features else 1.0

    return Table("geojson", columns, name=name, encoding="utf-8", size=size, _rows=rows(), _position=position)


_JSON_STRING_RE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(raw: bytes) -> int:
    """How deep objects and arrays nest in JSON text (strings skipped), without parsing it: C-level
    passes (a regex, ``bytes.translate``, a NumPy running sum), so a deep or large file costs
    little before it is refused."""
    import numpy as np

    brackets = _JSON_STRING_RE.sub(b"", raw).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    steps = np.frombuffer(brackets, dtype=np.uint8)
    opening = (steps == ord("[")) | (steps == ord("{"))
    return int(np.cumsum(np.where(opening, 1, -1), dtype=np.int64).max())
