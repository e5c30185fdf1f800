"""The catalog as a set of CSV texts (docs/catalog-format.md) <-> CatalogDraft.

Pure: the caller reads and writes the files (see files.py). ``parse_catalog`` checks everything
and raises one CatalogError listing every problem in every file, each at the physical line where
its record starts (header = line 1; a quoted cell spanning several lines does not shift the lines
of the records after it). ``format_catalog`` is its inverse.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.domain.calling import CallingRule

from .draft import (
    AgencyRow,
    BoothRow,
    CatalogDraft,
    ClosureRow,
    CounterRow,
    ProfileRow,
    ScheduleRow,
    ServiceRow,
    SiteRow,
)
from .errors import CatalogError, Problem

# file -> (columns in export order, columns whose cells are required)
COLUMNS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "site.csv": (("key", "value"), frozenset({"key", "value"})),
    "agencies.csv": (("code", "name", "short_name", "sort"), frozenset({"code", "name"})),
    "booths.csv": (("code", "agency", "name", "zone"), frozenset({"code", "agency", "name"})),
    "counters.csv": (
        ("code", "booth", "number", "name", "zone"),
        frozenset({"code", "booth", "number"}),
    ),
    "services.csv": (
        ("code", "agency", "prefix", "name", "requirements", "procedure", "completion_time",
         "cost", "product", "complaints", "daily_quota", "cutoff_minutes", "priority",
         "booking_quota", "avg_service_minutes", "sort"),
        frozenset({"code", "agency", "prefix", "name"}),
    ),
    "schedules.csv": (
        ("agency", "booth", "days", "opens", "closes"),
        frozenset({"days", "opens", "closes"}),
    ),
    "closures.csv": (
        ("date", "agency", "booth", "from", "until", "reason"),
        frozenset({"date"}),
    ),
    "profiles.csv": (("counter", "service", "position"), frozenset({"counter", "service"})),
}
FILE_NAMES: tuple[str, ...] = tuple(COLUMNS)
REQUIRED_FILES: tuple[str, ...] = ("site.csv", "agencies.csv", "services.csv")

SITE_KEYS = ("id", "name", "timezone", "number_padding", "calling_rule", "require_staffed",
             "ticket_footer", "open_24h")
DEFAULT_SITE = SiteRow(id="", name="")
MAX_PADDING = 6
DEFAULT_BOOTH_SUFFIX = "-gerai"
MAX_CODE = 40

_SLUG = re.compile(r"[a-z0-9-]{1,%d}" % MAX_CODE)
_PREFIX = re.compile(r"[A-Z]{1,3}")
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


# --------------------------------------------------------------------------- small parsers


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


def default_booth_code(agency: str) -> str:
    return agency[: MAX_CODE - len(DEFAULT_BOOTH_SUFFIX)] + DEFAULT_BOOTH_SUFFIX


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --------------------------------------------------------------------------- reading tables


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


# --------------------------------------------------------------------------- parse_catalog


class _Parser:
    """Reads every file, then checks rows file by file; cross-file references use the codes
    seen so far. A file whose header is unusable (or that lost a record to a CSV syntax error)
    is not used for reference checks: they would only produce noise."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.problems: list[Problem] = []
        self.tables: dict[str, _Table | None] = {}
        for name in FILE_NAMES:
            if name in files:
                self.tables[name] = _read_table(name, files[name], self.problems)
            elif name in REQUIRED_FILES:
                self.problems.append(Problem(name, 0, "required file is missing"))
                self.tables[name] = None
            else:
                self.tables[name] = _Table([], True)
        for name in files:
            if name not in COLUMNS:
                self.problems.append(Problem(name, 0, "unknown file; a catalog consists of "
                                             + ", ".join(FILE_NAMES)))
        # code -> line of its first row, for duplicate and reference checks
        self.lines: dict[str, dict[str, int]] = {name: {} for name in FILE_NAMES}
        self.booth_agency: dict[str, str] = {}
        self.booth_zone: dict[str, str] = {}
        # files whose codes are not all known (a CSV syntax error lost a record, or the booths
        # lack the default booths of an unreadable agencies.csv)
        self.incomplete = {name for name, table in self.tables.items()
                           if table is None or not table.complete}

    def rows(self, file: str) -> list[_Row]:
        table = self.tables[file]
        if table is None:
            return []
        return [_Row(file, r.line, r.cells, self.problems) for r in table.records]

    def known(self, file: str) -> dict[str, int] | None:
        """The codes of ``file`` for reference checks; None when it could not be read entirely."""
        return None if file in self.incomplete else self.lines[file]

    def unique_code(self, row: _Row) -> str:
        code = row.code()
        lines = self.lines[row.file]
        if code in lines:
            row.problem(f"duplicate code {code!r} (first at line {lines[code]})")
        elif code:
            lines[code] = row.line
        return code

    def parse(self) -> CatalogDraft:
        site = self.site()
        agencies = self.agencies()
        booths = self.booths()
        counters = self.counters()
        services = self.services()
        schedules = self.schedules()
        closures = self.closures()
        profiles = self.profiles()
        if self.problems or site is None:
            rank = {name: i for i, name in enumerate(FILE_NAMES)}
            self.problems.sort(key=lambda p: (rank.get(p.file, len(rank)), p.line))
            raise CatalogError(self.problems)
        return CatalogDraft(site, agencies, booths, counters, services, schedules, closures,
                            profiles)

    # ---- site.csv

    def site(self) -> SiteRow | None:
        if self.tables["site.csv"] is None:
            return None
        seen: dict[str, _Row] = {}
        for row in self.rows("site.csv"):
            key = row.get("key").lower()
            if not key:
                row.problem("key is empty")
            elif key not in SITE_KEYS:
                row.problem(f"unknown key {row.get('key')!r}; the keys are {', '.join(SITE_KEYS)}")
            elif key in seen:
                row.problem(f"key {key!r} appears twice (first at line {seen[key].line})")
            else:
                seen[key] = _Row(row.file, row.line, {key: row.get("value")}, self.problems)
        missing = [key for key in ("id", "name") if key not in seen]
        for key in missing:
            self.problems.append(Problem("site.csv", 0, f"missing required key {key!r}"))
        if missing:
            return None

        def value(key: str) -> _Row:
            return seen.get(key) or _Row("site.csv", 0, {}, self.problems)

        d = DEFAULT_SITE
        site = SiteRow(
            id=seen["id"].code("id"),
            name=seen["name"].required("name"),
            timezone=value("timezone").get("timezone") or d.timezone,
            number_padding=value("number_padding").integer(
                "number_padding", d.number_padding, 1, MAX_PADDING),
            calling_rule=value("calling_rule").get("calling_rule") or d.calling_rule,
            require_staffed=value("require_staffed").boolean("require_staffed",
                                                             d.require_staffed),
            ticket_footer=value("ticket_footer").get("ticket_footer") or d.ticket_footer,
            open_24h=value("open_24h").boolean("open_24h", d.open_24h),
        )
        try:
            ZoneInfo(site.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
            value("timezone").problem(
                f"timezone {site.timezone!r} is not an IANA time zone; use Asia/Jakarta (WIB), "
                "Asia/Makassar (WITA) or Asia/Jayapura (WIT)")
        try:
            site.calling_rule = CallingRule.parse(site.calling_rule).spec
        except ValueError as exc:
            value("calling_rule").problem(f"calling_rule: {exc}")
        return site

    # ---- agencies.csv, booths.csv, counters.csv

    def agencies(self) -> list[AgencyRow]:
        result: list[AgencyRow] = []
        # every agency code (even of a row with other problems): its default booth may be needed
        self.agency_names: dict[str, str] = {}
        for n, row in enumerate(self.rows("agencies.csv"), 1):
            known = row.get("code") in self.lines["agencies.csv"]
            code = self.unique_code(row)
            name = row.required("name")
            agency = AgencyRow(code, name, row.get("short_name") or name, row.integer("sort", n))
            if code and not known:
                self.agency_names[code] = agency.short_name or code
            if row.ok:
                result.append(agency)
        return result

    def booths(self) -> list[BoothRow]:
        booths: list[BoothRow] = []
        for row in self.rows("booths.csv"):
            code = self.unique_code(row)
            agency = row.ref("agency", self.known("agencies.csv"), "agencies.csv")
            booth = BoothRow(code, agency, row.required("name"), row.get("zone"))
            if code and code not in self.booth_agency:
                self.booth_agency[code], self.booth_zone[code] = agency, booth.zone
            if row.ok:
                booths.append(booth)
        if "agencies.csv" in self.incomplete:
            self.incomplete.add("booths.csv")  # the default booths are not all known
        if self.tables["booths.csv"] is None:
            return booths
        # An agency without a booth gets one named after it, without counters (counters.csv
        # may list counters for it under the default booth's code).
        with_booth = set(self.booth_agency.values())
        lines = self.lines["booths.csv"]
        for agency, name in self.agency_names.items():
            if agency in with_booth:
                continue
            code = default_booth_code(agency)
            if code in lines:
                taken = (f"booths.csv:{lines[code]}" if lines[code] else
                         f"default booth of agency {self.booth_agency[code]!r}")
                self.problems.append(Problem(
                    "agencies.csv", self.lines["agencies.csv"][agency], f"agency {agency!r} has "
                    f"no booth and the code of its default booth, {code!r}, is taken ({taken}); "
                    "add a booth for it to booths.csv"))
                continue
            lines[code] = 0
            self.booth_agency[code], self.booth_zone[code] = agency, ""
            booths.append(BoothRow(code, agency, name))
        return booths

    def counters(self) -> list[CounterRow]:
        counters: list[CounterRow] = []
        numbers: dict[tuple[str, int], int] = {}
        for row in self.rows("counters.csv"):
            code = self.unique_code(row)
            booth = row.ref("booth", self.known("booths.csv"), "booths.csv")
            number = row.integer("number", 0, minimum=1) if row.required("number") else 0
            if number > 0 and booth:
                if (booth, number) in numbers:
                    row.problem(f"booth {booth!r} already has a counter number {number} "
                                f"(line {numbers[booth, number]})")
                else:
                    numbers[booth, number] = row.line
            counter = CounterRow(code, booth, number, row.get("name"),
                                 row.get("zone") or self.booth_zone.get(booth, ""))
            if row.ok:
                counters.append(counter)
        return counters

    # ---- services.csv

    def services(self) -> list[ServiceRow]:
        services: list[ServiceRow] = []
        d = ServiceRow("", "", "", "")
        for n, row in enumerate(self.rows("services.csv"), 1):
            code = self.unique_code(row)
            agency = row.ref("agency", self.known("agencies.csv"), "agencies.csv")
            prefix = row.required("prefix")
            if prefix and not _PREFIX.fullmatch(prefix):
                row.problem(f"prefix {prefix!r} must be 1 to 3 capital letters A-Z, e.g. A or KTP")
            service = ServiceRow(
                code=code, agency=agency, prefix=prefix, name=row.required("name"),
                requirements=row.items("requirements"),
                procedure=row.items("procedure"),
                completion_time=row.get("completion_time"),
                cost=row.get("cost"),
                product=row.get("product"),
                complaints=row.get("complaints"),
                daily_quota=row.optional_integer("daily_quota", 0),
                cutoff_minutes=row.integer("cutoff_minutes", d.cutoff_minutes, 0),
                priority_eligible=row.boolean("priority", d.priority_eligible),
                booking_quota=row.integer("booking_quota", d.booking_quota, 0),
                avg_service_minutes=row.positive_decimal("avg_service_minutes",
                                                         d.avg_service_minutes),
                sort=row.integer("sort", n),
            )
            if row.ok:
                services.append(service)
        return services

    # ---- schedules.csv, closures.csv

    def scope(self, row: _Row) -> tuple[str | None, str | None]:
        """(agency, booth) of a schedule or closure row; an empty agency follows the booth."""
        agency = row.ref("agency", self.known("agencies.csv"), "agencies.csv", required=False)
        booth = row.ref("booth", self.known("booths.csv"), "booths.csv", required=False)
        owner = self.booth_agency.get(booth) if booth else None
        if owner:
            if not agency:
                agency = owner
            elif owner != agency:
                row.problem(f"booth {booth!r} belongs to agency {owner!r}, not {agency!r}")
        return agency or None, booth or None

    def schedules(self) -> list[ScheduleRow]:
        result: list[ScheduleRow] = []
        taken: dict[tuple[str | None, str | None, int], list[tuple[str, str, int]]] = {}
        for row in self.rows("schedules.csv"):
            agency, booth = self.scope(row)
            days: tuple[int, ...] = ()
            if spec := row.required("days"):
                try:
                    days = parse_days(spec)
                except ValueError as exc:
                    row.problem(f"days {spec!r}: {exc}")
            opens, closes = row.time("opens", True), row.time("closes", True)
            if opens and closes and opens >= closes:
                row.problem(f"opens {opens} is not before closes {closes}")
            if not (row.ok and opens and closes):
                continue
            overlaps: dict[int, tuple[str, str, list[int]]] = {}
            for day in days:
                for other_opens, other_closes, line in taken.get((agency, booth, day), []):
                    if opens < other_closes and other_opens < closes:
                        overlaps.setdefault(line, (other_opens, other_closes, []))[2].append(day)
                taken.setdefault((agency, booth, day), []).append((opens, closes, row.line))
            for line, (other_opens, other_closes, on) in overlaps.items():
                row.problem(f"{opens}-{closes} overlaps {other_opens}-{other_closes} of line "
                            f"{line} on {format_days(on)}")
            result.extend(ScheduleRow(agency, booth, day, opens, closes) for day in days)
        return result

    def closures(self) -> list[ClosureRow]:
        result: list[ClosureRow] = []
        for row in self.rows("closures.csv"):
            day = row.date("date")
            agency, booth = self.scope(row)
            opens, closes = row.time("from", False), row.time("until", False)
            if bool(row.get("from")) != bool(row.get("until")):
                row.problem("give both from and until, or neither (closed the whole day)")
            elif opens and closes and opens >= closes:
                row.problem(f"from {opens} is not before until {closes}")
            if row.ok:
                result.append(ClosureRow(day, agency, booth, opens, closes, row.get("reason")))
        return result

    # ---- profiles.csv

    def profiles(self) -> list[ProfileRow]:
        result: list[ProfileRow] = []
        pairs: dict[tuple[str, str], int] = {}
        for row in self.rows("profiles.csv"):
            counter = row.ref("counter", self.known("counters.csv"), "counters.csv")
            service = row.ref("service", self.known("services.csv"), "services.csv")
            if counter and service:
                if (counter, service) in pairs:
                    row.problem(f"counter {counter!r} already lists service {service!r} "
                                f"(line {pairs[counter, service]})")
                else:
                    pairs[counter, service] = row.line
            position = row.integer("position", 0, minimum=0)
            if row.ok:
                result.append(ProfileRow(counter, service, position))
        return result


def parse_catalog(files: Mapping[str, str]) -> CatalogDraft:
    """Parse the CSV texts of a catalog (file name -> text). Raises CatalogError listing every
    problem in every file, sorted by file and line."""
    return _Parser(files).parse()


# --------------------------------------------------------------------------- format_catalog


def format_catalog(draft: CatalogDraft) -> dict[str, str]:
    """The CSV texts of a catalog; ``parse_catalog`` gives the same draft back (schedule rows
    grouped by day lists, so their order may differ). Every file is written, with all columns."""
    s = draft.site
    tables: dict[str, list[list[str]]] = {
        "site.csv": [
            ["id", s.id], ["name", s.name], ["timezone", s.timezone],
            ["number_padding", str(s.number_padding)], ["calling_rule", s.calling_rule],
            ["require_staffed", _bool(s.require_staffed)], ["ticket_footer", s.ticket_footer],
            ["open_24h", _bool(s.open_24h)],
        ],
        "agencies.csv": [[a.code, a.name, a.short_name, str(a.sort)] for a in draft.agencies],
        "booths.csv": [[b.code, b.agency, b.name, b.zone] for b in draft.booths],
        "counters.csv": [],
        "services.csv": [
            [v.code, v.agency, v.prefix, v.name, "; ".join(v.requirements),
             "; ".join(v.procedure), v.completion_time, v.cost, v.product, v.complaints,
             "" if v.daily_quota is None else str(v.daily_quota), str(v.cutoff_minutes),
             _bool(v.priority_eligible), str(v.booking_quota),
             _decimal(v.avg_service_minutes), str(v.sort)]
            for v in draft.services
        ],
        "schedules.csv": [],
        "closures.csv": [
            [c.day, c.agency or "", c.booth or "", c.opens or "", c.closes or "", c.reason]
            for c in draft.closures
        ],
        "profiles.csv": [[p.counter, p.service, str(p.position)] for p in draft.profiles],
    }
    booth_zone = {b.code: b.zone for b in draft.booths}
    for c in draft.counters:
        # An empty zone means "the booth's zone", so a counter in its booth's zone leaves it
        # empty: moving the booth to another floor then moves its counters too.
        zone = "" if c.zone == booth_zone.get(c.booth) else c.zone
        tables["counters.csv"].append([c.code, c.booth, str(c.number), c.name, zone])
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for r in draft.schedules:
        groups.setdefault((r.agency or "", r.booth or "", r.opens, r.closes), []).append(r.weekday)
    for (agency, booth, opens, closes), days in groups.items():
        tables["schedules.csv"].append([agency, booth, format_days(days), opens, closes])
    return {name: _csv_text([list(COLUMNS[name][0])] + rows) for name, rows in tables.items()}


def _bool(value: bool) -> str:
    return "ya" if value else "tidak"


def _decimal(value: float) -> str:
    """Shortest text that reads back as exactly ``value``, never in exponent notation."""
    text = repr(float(value))
    if "e" in text:
        text = f"{Decimal(text):f}"
    return text.removesuffix(".0")


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    # CRLF (RFC 4180): with a bare "\n" terminator the writer would not quote a cell holding "\r".
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
