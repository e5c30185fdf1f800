"""``parse_catalog``: the CSV texts of a catalog -> CatalogDraft, or one CatalogError listing
every problem in every file (cross-file references, duplicates, overlapping schedules ...)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.domain.calling import CallingRule

from .csv_fields import _Row, format_days, parse_days
from .csv_schema import (COLUMNS, DEFAULT_SITE, FILE_NAMES, MAX_PADDING, REQUIRED_FILES,
                         SITE_KEYS, default_booth_code)
from .csv_tables import _read_table, _Table
from .draft import (AgencyRow, BoothRow, CatalogDraft, ClosureRow, CounterRow, ProfileRow,
                    ScheduleRow, ServiceRow, SiteRow)
from .errors import CatalogError, Problem

__all__ = ["parse_catalog"]

_PREFIX = re.compile(r"[A-Z]{1,3}")


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
