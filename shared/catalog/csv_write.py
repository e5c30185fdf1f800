"""``format_catalog``: CatalogDraft -> the CSV texts of a catalog, the inverse of parse_catalog."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from .csv_fields import format_days
from .csv_schema import COLUMNS
from .draft import CatalogDraft

__all__ = ["format_catalog"]


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
