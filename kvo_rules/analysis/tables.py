"""Reading the CSV exports the analysis starts from, with a location for every value.

Exports come from spreadsheet programs and web portals: the separator may be ``;`` (the Dutch
default and the police portal's) or ``,``, there may be a byte order mark, and a file saved
by an old spreadsheet may not be UTF-8. All of it is detected or reported as
``file:line:col: message``; nothing is guessed silently.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.yamlio import MAX_FILE_BYTES

__all__ = ["SEPARATORS", "Cell", "Row", "Table", "read_bytes", "read_table"]

SEPARATORS = (";", ",", "\t")
"""The separators recognised, in order of preference when a header has as many of each."""


@dataclass(frozen=True)
class Cell:
    """One value of a CSV file and where it stands."""

    value: str
    location: Location


@dataclass(frozen=True)
class Row:
    """One record: its cells by column name."""

    cells: Mapping[str, Cell]
    location: Location

    def __getitem__(self, column: str) -> Cell:
        return self.cells[column]

    def get(self, column: str) -> Cell | None:
        """The cell of ``column``, or None when the file has no such column."""
        return self.cells.get(column)


@dataclass
class Table:
    """A CSV file read: its columns (by their canonical name) and its rows."""

    source: str
    separator: str
    columns: dict[str, Location] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, refusing directories, missing and oversized files."""
    source = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise KvoError.at(Location(source), msg("is a directory, expected a file"))
        if p.stat().st_size > MAX_FILE_BYTES:
            raise KvoError.at(
                Location(source), msg("file larger than {limit} MiB", limit=MAX_FILE_BYTES // 2**20)
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise KvoError.at(Location(source), msg("no such file")) from None
    except OSError as exc:
        raise KvoError.at(
            Location(source), msg("cannot read file: {reason}", reason=exc.strerror)
        ) from None


def decode(raw: bytes, source: str) -> str:
    """UTF-8 text (a byte order mark is dropped); anything else is a located error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KvoError.at(
            Location(source, 1, 1),
            msg("the file is UTF-16 text: save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')"),
        )
    if b"\x00" in raw[:8192]:
        raise KvoError.at(Location(source), msg("this is a binary file, not CSV text"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        start = before.rfind(b"\n") + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        guess = ""
        try:
            raw.decode("cp1252")
            guess = " (it looks like Windows-1252 or Latin-1, as older spreadsheets save it)"
        except UnicodeDecodeError:
            pass
        raise KvoError.at(
            Location(source, line, column),
            msg(
                "the file is not UTF-8 text{guess}: save it as UTF-8 (in a spreadsheet: "
                "'CSV UTF-8')",
                guess=guess,
            ),
        ) from None


def _outside_quotes(line: str) -> str:
    out, quoted = [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            out.append(char)
    return "".join(out)


def _separator(header: str) -> str:
    plain = _outside_quotes(header)
    counts = {sep: plain.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: (counts[sep], -SEPARATORS.index(sep)))
    return best if counts[best] else SEPARATORS[0]


def _field_starts(line: str, separator: str) -> list[int]:
    """The 1-based column where each field of a one-line record starts."""
    starts, quoted, at_start = [1], False, True
    for i, char in enumerate(line):
        if at_start:
            at_start = False
            if char == '"':
                quoted = True
                continue
        if quoted:
            if char == '"':
                quoted = False  # a doubled quote re-opens on the next character
            continue
        if char == separator:
            starts.append(i + 2)
            at_start = True
    return starts


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    optional: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    what: str = "file",
) -> Table:
    """Read a CSV file with a header line; ``required`` columns must all be there.

    ``aliases`` maps other spellings of a header to its canonical name. Columns that are
    neither required nor optional are kept as they are named.
    """
    source = str(path)
    text = decode(read_bytes(path), source)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise KvoError.at(Location(source), msg("{what} is empty", what=what))
    separator = _separator(lines[first])
    if separator not in _outside_quotes(lines[first]) and len(required) > 1:
        raise KvoError.at(
            Location(source, first + 1, 1), _missing(list(required), [lines[first]], what)
        )
    reader = csv.reader(lines[first:], delimiter=separator, strict=True)
    table = Table(source, separator)
    alias = dict(aliases or {})
    try:
        header = next(reader)
        names: list[str] = []
        for i, start in enumerate(_field_starts(lines[first], separator)[: len(header)]):
            name = header[i].strip()
            name = alias.get(name, name)
            loc = Location(source, first + 1, start)
            if name in table.columns:
                raise KvoError.at(
                    loc, msg("column '{name}' appears twice in the header", name=name)
                )
            table.columns[name] = loc
            names.append(name)
        missing = [c for c in required if c not in table.columns]
        if missing:
            raise KvoError.at(Location(source, first + 1, 1), _missing(missing, names, what))
        for record in reader:
            number = first + reader.line_num
            if not any(v.strip() for v in record):
                continue
            line_text = lines[number - 1] if number - 1 < len(lines) else ""
            starts = _field_starts(line_text, separator)
            if len(record) != len(names):
                raise KvoError.at(
                    Location(source, number, 1),
                    msg(
                        "this row has {n} values and the header {columns} columns (separator "
                        "'{separator}')",
                        n=len(record),
                        columns=len(names),
                        separator=_show(separator),
                    ),
                )
            cells = {
                name: Cell(
                    record[i].strip(),
                    Location(source, number, starts[i] if i < len(starts) else 1),
                )
                for i, name in enumerate(names)
            }
            table.rows.append(Row(cells, Location(source, number, 1)))
    except csv.Error as exc:
        number = first + reader.line_num
        raise KvoError.at(
            Location(source, number, 1), msg("not valid CSV: {reason}", reason=str(exc))
        ) from None
    return table


def _show(separator: str) -> str:
    return "\\t" if separator == "\t" else separator


def _missing(missing: list[str], found: list[str], what: str) -> str:
    if len(found) == 1:
        return msg(
            "the header has a single column '{column}': the columns of {what} must be "
            "separated by ';' or ','",
            column=found[0][:60],
            what=what,
        )
    hint = did_you_mean(missing[0], found) if missing else ""
    names = ", ".join(f"'{m}'" for m in missing)
    header = ", ".join(found)
    if len(missing) > 1:
        return msg(
            "missing columns {names}{hint}; the header has: {header}",
            names=names,
            hint=hint,
            header=header,
        )
    return msg(
        "missing column {names}{hint}; the header has: {header}",
        names=names,
        hint=hint,
        header=header,
    )
