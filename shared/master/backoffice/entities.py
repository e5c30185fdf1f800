"""The catalog's editable tables (agencies, booths, counters, services, closures) as data: their
form fields, list columns, and how a form's values become a draft row and back.

The generic pages in admin_catalog.py render and check them; the last word on validity is the
CSV parser (catalog_ops.validate), these checks only give friendlier messages first.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable

from ...catalog.draft import AgencyRow, BoothRow, CatalogDraft, ClosureRow, CounterRow, ServiceRow


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # text key
    kind: str  # line | textarea | lines | code | prefix | int | decimal | bool | choice | time | date
    required: bool = False
    help: str | None = None  # text key
    max_len: int = 200
    minimum: int = 0
    maximum: int = 1_000_000
    default: Any = None
    choices: str | None = None  # agency | booth | agency? | booth? (? = may be empty)
    wide: bool = False
    empty: str | None = None  # text key shown in lists for an empty value


@dataclass(frozen=True)
class Entity:
    slug: str
    title: str  # text key (plural)
    single: str  # text key
    fields: tuple[Field, ...]
    columns: tuple[str, ...]
    rows_of: Callable[[CatalogDraft], list]
    key_of: Callable[[Any], str]
    to_values: Callable[[Any], dict[str, Any]]
    build: Callable[[dict[str, Any]], Any]
    keyed: bool = True  # the first field is the code (read-only once created)
    deletable: bool = True
    delete_note: str | None = None  # text key shown by the delete button
    # (values, draft, key being edited or None) -> {field: text key}
    check: Callable[[dict[str, Any], CatalogDraft, str | None], dict[str, str]] = \
        field(default=lambda v, d, k: {})
    # (draft, key) -> text key of a refusal, or None; may also cascade (remove dependants)
    on_delete: Callable[[CatalogDraft, str], str | None] = field(default=lambda d, k: None)


def _dup(values: dict, draft: CatalogDraft, key: str | None, rows: list, what: str) -> dict:
    if key is None and any(r.code == values["code"] for r in rows):
        return {"code": "err.duplicate_code"}
    return {}


# -- agencies --------------------------------------------------------------------------------------
AGENCIES = Entity(
    "agencies", "agencies.title", "agencies.single",
    (Field("code", "f.code", "code", True, "help.code"),
     Field("name", "f.agency_name", "line", True, max_len=200, wide=True),
     Field("short_name", "f.short_name", "line", False, "help.short_name", max_len=60),
     Field("sort", "f.sort", "int", False, "help.sort", maximum=100_000)),
    ("code", "name", "short_name", "sort"),
    rows_of=lambda d: d.agencies, key_of=lambda r: r.code,
    to_values=lambda r: {"code": r.code, "name": r.name, "short_name": r.short_name,
                         "sort": r.sort},
    build=lambda v: AgencyRow(v["code"], v["name"], v["short_name"] or v["name"],
                              v["sort"] if v["sort"] is not None else 0),
    deletable=False, delete_note="agencies.no_delete",
    check=lambda v, d, k: _dup(v, d, k, d.agencies, "agency"),
)


# -- booths ----------------------------------------------------------------------------------------
def _booth_delete(draft: CatalogDraft, code: str) -> str | None:
    if any(c.booth == code for c in draft.counters):
        return "booths.has_counters"
    draft.schedules = [s for s in draft.schedules if s.booth != code]
    draft.closures = [c for c in draft.closures if c.booth != code]
    return None


BOOTHS = Entity(
    "booths", "booths.title", "booths.single",
    (Field("code", "f.code", "code", True, "help.code"),
     Field("agency", "f.agency", "choice", True, choices="agency"),
     Field("name", "f.booth_name", "line", True, wide=True),
     Field("zone", "f.zone", "line", False, "help.zone", max_len=60)),
    ("code", "agency", "name", "zone"),
    rows_of=lambda d: d.booths, key_of=lambda r: r.code,
    to_values=lambda r: {"code": r.code, "agency": r.agency, "name": r.name, "zone": r.zone},
    build=lambda v: BoothRow(v["code"], v["agency"], v["name"], v["zone"]),
    check=lambda v, d, k: _dup(v, d, k, d.booths, "booth"),
    on_delete=_booth_delete,
)


# -- counters --------------------------------------------------------------------------------------
def _counter_check(v: dict, draft: CatalogDraft, key: str | None) -> dict[str, str]:
    errors = _dup(v, draft, key, draft.counters, "counter")
    code = key or v["code"]
    if any(c.booth == v["booth"] and c.number == v["number"] and c.code != code
           for c in draft.counters):
        errors["number"] = "err.duplicate_number"
    return errors


def _counter_delete(draft: CatalogDraft, code: str) -> str | None:
    draft.profiles = [p for p in draft.profiles if p.counter != code]
    return None


COUNTERS = Entity(
    "counters", "counters.title", "counters.single",
    (Field("code", "f.code", "code", True, "help.code"),
     Field("booth", "f.booth", "choice", True, choices="booth"),
     Field("number", "f.number", "int", True, "help.number", minimum=1, maximum=999),
     Field("name", "f.counter_name", "line", False, max_len=100),
     Field("zone", "f.zone", "line", False, "help.counter_zone", max_len=60)),
    ("code", "booth", "number", "name", "zone"),
    rows_of=lambda d: d.counters, key_of=lambda r: r.code,
    to_values=lambda r: {"code": r.code, "booth": r.booth, "number": r.number, "name": r.name,
                         "zone": r.zone},
    build=lambda v: CounterRow(v["code"], v["booth"], v["number"], v["name"], v["zone"]),
    check=_counter_check, on_delete=_counter_delete,
)


# -- services --------------------------------------------------------------------------------------
def _service_check(v: dict, draft: CatalogDraft, key: str | None) -> dict[str, str]:
    errors = _dup(v, draft, key, draft.services, "service")
    for name in ("requirements", "procedure"):
        if any(";" in item for item in v[name]):
            errors[name] = "err.semicolon"
    return errors


SERVICES = Entity(
    "services", "services.title", "services.single",
    (Field("code", "f.code", "code", True, "help.code"),
     Field("agency", "f.agency", "choice", True, choices="agency"),
     Field("prefix", "f.prefix", "prefix", True, "help.prefix"),
     Field("name", "f.service_name", "line", True, wide=True),
     Field("requirements", "f.requirements", "lines", False, "help.lines", 4000, wide=True),
     Field("procedure", "f.procedure", "lines", False, "help.lines", 4000, wide=True),
     Field("completion_time", "f.completion_time", "line", False, "help.completion_time"),
     Field("cost", "f.cost", "line", False, "help.cost"),
     Field("product", "f.product", "line", False),
     Field("complaints", "f.complaints", "textarea", False, max_len=2000, wide=True),
     Field("daily_quota", "f.daily_quota", "int", False, "help.daily_quota", maximum=100_000,
           empty="list.unlimited"),
     Field("cutoff_minutes", "f.cutoff_minutes", "int", False, "help.cutoff", maximum=720,
           default=30),
     Field("priority_eligible", "f.priority_eligible", "bool", default=True),
     Field("booking_quota", "f.booking_quota", "int", False, "help.booking_quota",
           maximum=100_000, default=0),
     Field("avg_service_minutes", "f.avg_service_minutes", "decimal", False, "help.avg_minutes",
           default=10.0),
     Field("sort", "f.sort", "int", False, "help.sort", maximum=1_000_000)),
    ("code", "agency", "prefix", "name", "daily_quota", "cutoff_minutes"),
    rows_of=lambda d: d.services, key_of=lambda r: r.code,
    to_values=lambda r: {
        "code": r.code, "agency": r.agency, "prefix": r.prefix, "name": r.name,
        "requirements": list(r.requirements), "procedure": list(r.procedure),
        "completion_time": r.completion_time, "cost": r.cost, "product": r.product,
        "complaints": r.complaints, "daily_quota": r.daily_quota,
        "cutoff_minutes": r.cutoff_minutes, "priority_eligible": r.priority_eligible,
        "booking_quota": r.booking_quota, "avg_service_minutes": r.avg_service_minutes,
        "sort": r.sort},
    build=lambda v: ServiceRow(
        v["code"], v["agency"], v["prefix"], v["name"], tuple(v["requirements"]),
        tuple(v["procedure"]), v["completion_time"], v["cost"], v["product"], v["complaints"],
        v["daily_quota"], 30 if v["cutoff_minutes"] is None else v["cutoff_minutes"],
        v["priority_eligible"], v["booking_quota"] or 0, v["avg_service_minutes"],
        v["sort"] if v["sort"] is not None else 0),
    delete_note="services.delete_note",
    check=_service_check,
)


# -- closures --------------------------------------------------------------------------------------
def closure_key(r: ClosureRow) -> str:
    text = "|".join([r.day, r.agency or "", r.booth or "", r.opens or "", r.closes or "",
                     r.reason])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _closure_check(v: dict, draft: CatalogDraft, key: str | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if bool(v["opens"]) != bool(v["closes"]):
        errors["closes"] = "err.both_times"
    elif v["opens"] and v["opens"] >= v["closes"]:
        errors["closes"] = "err.time_order"
    if v["booth"]:
        owner = next((b.agency for b in draft.booths if b.code == v["booth"]), None)
        if v["agency"] and owner and owner != v["agency"]:
            errors["booth"] = "err.booth_agency"
    return errors


CLOSURES = Entity(
    "closures", "closures.title", "closures.single",
    (Field("day", "f.date", "date", True),
     Field("agency", "f.agency_optional", "choice", False, "help.closure_agency",
           choices="agency?", empty="list.whole_site"),
     Field("booth", "f.booth_optional", "choice", False, choices="booth?",
           empty="list.all_booths"),
     Field("opens", "f.from", "time", False, "help.whole_day", empty="list.all_day"),
     Field("closes", "f.until", "time", False, empty="list.all_day"),
     Field("reason", "f.reason", "line", False, "help.reason", max_len=120, wide=True)),
    ("day", "agency", "booth", "opens", "closes", "reason"),
    rows_of=lambda d: d.closures, key_of=closure_key,
    to_values=lambda r: {"day": r.day, "agency": r.agency or "", "booth": r.booth or "",
                         "opens": r.opens, "closes": r.closes, "reason": r.reason},
    build=lambda v: ClosureRow(v["day"], v["agency"] or None, v["booth"] or None,
                               v["opens"] or None, v["closes"] or None, v["reason"]),
    keyed=False, check=_closure_check,
)

ENTITIES = (AGENCIES, SERVICES, BOOTHS, COUNTERS, CLOSURES)
