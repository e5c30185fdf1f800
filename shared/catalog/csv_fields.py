"""Cell parsers of the catalog CSV: codes, numbers, booleans, dates, times and day lists, and
``_Row``, which checks one record's cells, reporting each problem at the record's line."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from .csv_schema import MAX_CODE
from .errors import Problem

__all__ = ["DAY_ABBREVIATIONS", "format_days", "parse_days", "parse_time"]

_SLUG = re.compile(r"[a-z0-9-]{1,%d}" % MAX_CODE)
_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?:[:.]00)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"ya", "yes", "1", "true"})
_FALSE = frozenset({"tidak", "no", "0", "false"})

DAY_ABBREVIATIONS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")  # ISO weekday 1..7
_DAY_NAMES: dict[str, int] = {}
for _iso, _names in enumerate((
    ("sen", "senin", "mon", "monday"),
    ("sel", "selasa", "tue", "tuesday"),
    ("rab", "rabu", "wed", "wednesday"),
    ("kam", "kamis", "thu", "thursday"),
    ("jum", "jumat", "jum'at", "fri", "friday"),
    ("sab", "sabtu", "sat", "saturday"),
    ("min", "minggu", "sun", "sunday"),
), start=1):
    _DAY_NAMES.update(dict.fromkeys(_names, _iso))
_RANGE_DASHES = ("-", "\u2013")  # spreadsheets like to turn '-' into an en dash


def parse_days(spec: str) -> tuple[int, ...]:
    """'Sen-Jum', 'Sel,Kam', 'Sen-Kam,Sab', 'mon-fri' -> sorted ISO weekdays. Raises ValueError."""
    days: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        for dash in _RANGE_DASHES:
            if dash in part:
                first, _, last = part.partition(dash)
                start, end = _day(first), _day(last)
                if start > end:
                    raise ValueError(f"range {part!r} runs backwards; write it from Monday "
                                     "towards Sunday, e.g. Sen-Jum")
                days.update(range(start, end + 1))
                break
        else:
            days.add(_day(part))
    if not days:
        raise ValueError("no day given; use e.g. Sen-Jum or Sen,Rab")
    return tuple(sorted(days))


def _day(name: str) -> int:
    key = name.strip().lower()
    if key not in _DAY_NAMES:
        raise ValueError(f"unknown day {name.strip()!r}; use Sen Sel Rab Kam Jum Sab Min "
                         "(or mon..sun)")
    return _DAY_NAMES[key]


def format_days(days: tuple[int, ...] | list[int]) -> str:
    """Sorted ISO weekdays -> 'Sen-Jum', 'Sen,Rab', 'Sen-Rab,Sab' (runs of 3+ become ranges)."""
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_ABBREVIATIONS[run[0] - 1]}-{DAY_ABBREVIATIONS[run[-1] - 1]}")
        else:
            parts.extend(DAY_ABBREVIATIONS[d - 1] for d in run)
    return ",".join(parts)


def parse_time(text: str) -> str:
    """'08:00', '8:00', '08.00' (and '08:00:00' as spreadsheets write it) -> '08:00'."""
    m = _TIME.fullmatch(text.strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"{text.strip()!r} is not a time; use HH:MM, e.g. 08:00 or 13.30")
    return f"{int(m[1]):02d}:{m[2]}"


class _Row:
    """One record being checked: validators report problems and return a usable value."""

    def __init__(self, file: str, line: int, cells: dict[str, str],
                 problems: list[Problem]) -> None:
        self.file, self.line, self.cells, self.problems = file, line, cells, problems
        self.ok = True

    def problem(self, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, message))
        self.ok = False

    def get(self, col: str) -> str:
        return self.cells.get(col, "")

    def required(self, col: str) -> str:
        value = self.get(col)
        if not value:
            self.problem(f"{col} is empty; it is required")
        return value

    def code(self, col: str = "code") -> str:
        value = self.required(col)
        if value and not _SLUG.fullmatch(value):
            self.problem(f"{col} {value!r} is not a valid code: use lowercase a-z, 0-9 and '-', "
                         f"at most {MAX_CODE} characters")
        return value

    def ref(self, col: str, known: Mapping[str, object] | None, file: str,
            required: bool = True) -> str:
        value = self.required(col) if required else self.get(col)
        if value and known is not None and value not in known:
            self.problem(f"{col} {value!r} does not exist in {file}")
        return value

    def integer(self, col: str, default: int, minimum: int | None = None,
                maximum: int | None = None) -> int:
        value = self.get(col)
        if not value:
            return default
        if not _INT.fullmatch(value):
            self.problem(f"{col} {value!r} is not a whole number")
            return default
        number = int(value)
        if minimum is not None and number < minimum:
            self.problem(f"{col} must be {minimum} or more, not {number}")
        elif maximum is not None and number > maximum:
            self.problem(f"{col} must be {maximum} or less, not {number}")
        return number

    def optional_integer(self, col: str, minimum: int) -> int | None:
        return self.integer(col, 0, minimum) if self.get(col) else None

    def positive_decimal(self, col: str, default: float) -> float:
        value = self.get(col)
        if not value:
            return default
        if not _DECIMAL.fullmatch(value) or float(value.replace(",", ".")) <= 0:
            self.problem(f"{col} {value!r} must be a number above 0, e.g. 7.5")
            return default
        return float(value.replace(",", "."))

    def boolean(self, col: str, default: bool) -> bool:
        value = self.get(col).lower()
        if not value:
            return default
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        self.problem(f"{col} {self.get(col)!r} is not ya/tidak (yes/no, 1/0, true/false)")
        return default

    def time(self, col: str, required: bool) -> str | None:
        value = self.required(col) if required else self.get(col)
        if not value:
            return None
        try:
            return parse_time(value)
        except ValueError as exc:
            self.problem(f"{col} {exc}")
            return None

    def date(self, col: str) -> str:
        value = self.required(col)
        if value:
            try:
                if not _DATE.fullmatch(value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                self.problem(f"{col} {value!r} is not a date; use YYYY-MM-DD, e.g. 2025-08-17")
        return value

    def items(self, col: str) -> tuple[str, ...]:
        return tuple(item.strip() for item in self.get(col).split(";") if item.strip())
