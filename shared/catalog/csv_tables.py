"""Reading one CSV text into records: the header, the physical line each record starts at, CSV
syntax errors, unknown and missing columns, values in columns without a header."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .csv_schema import COLUMNS, REQUIRED_FILES
from .errors import Problem


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class _Record:
    line: int
    cells: dict[str, str]  # known column -> stripped cell ('' when the row is short)


@dataclass
class _Table:
    records: list[_Record]
    complete: bool  # False when a CSV syntax error made a record unreadable


def _read_table(file: str, text: str, problems: list[Problem]) -> _Table | None:
    """The records of one file, or None when its header is unusable (problems reported)."""
    columns, required = COLUMNS[file]
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    header: dict[str, int] | None = None
    named: set[int] = set()  # columns with a header, known or not (unknown ones are reported once)
    table = _Table([], True)
    last_line = 0
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last_line = reader.line_num
            problems.append(Problem(file, start, _csv_error_message(exc)))
            if header is None:
                return None
            table.complete = False
            continue
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines (spreadsheets leave them) are no records
        if header is None:
            header = _read_header(file, start, row, columns, required, problems)
            if header is None:
                return None
            named = {i for i, cell in enumerate(row) if cell.strip()}
            continue
        stray = [i for i, cell in enumerate(row) if cell.strip() and i not in named]
        if stray:
            problems.append(Problem(file, start, f"value {row[stray[0]].strip()!r} in column "
                                    f"{_column_letter(stray[0])}, which has no header"))
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in header.items()}
        table.records.append(_Record(start, cells))
    if header is None and file in REQUIRED_FILES:
        problems.append(Problem(file, 0, "the file is empty; its first line must be the header "
                                + ",".join(columns)))
        return None
    return table


def _csv_error_message(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return ('a quoted cell starting in this record is never closed (missing \'"\'); '
                "the rest of the file was swallowed by it")
    return f"bad CSV quoting: {exc}"


def _read_header(file: str, line: int, row: list[str], columns: tuple[str, ...],
                 required: frozenset[str], problems: list[Problem]) -> dict[str, int] | None:
    names = [cell.strip().lower() for cell in row]
    if len(names) == 1 and ";" in names[0]:
        problems.append(Problem(file, line, "columns are separated by ';'; save the file as "
                                "comma separated CSV (CSV UTF-8)"))
        return None
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name in index:
            problems.append(Problem(file, line, f"column {name!r} appears twice"))
        elif name not in columns:
            problems.append(Problem(file, line, f"unknown column {name!r}; the columns of "
                                    f"{file} are {','.join(columns)}"))
        else:
            index[name] = i
    missing = [c for c in columns if c in required and c not in index]
    for name in missing:
        problems.append(Problem(file, line, f"missing required column {name!r}"))
    return None if missing else index
