"""The catalog's CSV files (docs/catalog-format.md): their columns, which are required, the keys
of site.csv and the limits and defaults the parser applies."""
from __future__ import annotations

from .draft import SiteRow

__all__ = [
    "COLUMNS", "DEFAULT_BOOTH_SUFFIX", "DEFAULT_SITE", "FILE_NAMES", "MAX_CODE", "MAX_PADDING",
    "REQUIRED_FILES", "SITE_KEYS", "default_booth_code",
]

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


def default_booth_code(agency: str) -> str:
    return agency[: MAX_CODE - len(DEFAULT_BOOTH_SUFFIX)] + DEFAULT_BOOTH_SUFFIX
