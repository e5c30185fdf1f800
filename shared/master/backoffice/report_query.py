"""Reading a report query from the URL (period picker, agency filter, options), with the
supervisor's scope enforced: a supervisor's query always names their own agency."""
from __future__ import annotations

from datetime import date, timedelta

from ...domain import reports as r
from ...domain.schedule import local
from .core import Page
from .forms import HttpError
from .reports_adapter import KINDS, MAX_DAYS, Query

WEIGHTS = ("exact", "0.11")


def today(p: Page) -> date:
    return local(p.bo.master.now(), p.bo.catalog().site.timezone).date()


def _day(p: Page, name: str, default: date) -> date:
    text = p.query(name)
    if not text:
        return default
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise HttpError(400, p.t("reports.bad_date", value=text)) from None


def agency_filter(p: Page) -> int | None:
    """The agency id to report on (None: all). Supervisors: always their own; asking for another
    agency is refused."""
    code = p.query("agency")
    agency_id = None
    if code:
        matches = [a.id for a in p.bo.catalog().agencies.values() if a.code == code]
        if not matches:
            raise HttpError(400, p.t("reports.bad_agency", value=code))
        agency_id = matches[0]
    scope = p.scope_agency
    if p.is_admin:
        return agency_id
    if scope is None:
        raise HttpError(403, p.t("err.forbidden"))
    if agency_id is not None and agency_id != scope:
        raise HttpError(403, p.t("err.other_agency"))
    return scope


def period(p: Page) -> tuple[date, date]:
    end_default = today(p)
    start = _day(p, "from", end_default.replace(day=1))
    end = _day(p, "to", end_default)
    if end < start:
        raise HttpError(400, p.t("reports.bad_period"))
    if (end - start).days + 1 > MAX_DAYS:
        raise HttpError(400, p.t("reports.too_long"))
    return start, end


def read_query(p: Page, kind: str) -> Query:
    if kind not in KINDS:
        raise HttpError(404, p.t("err.title.404"))
    start, end = period(p)
    agency_id = agency_filter(p)
    grain = p.query("grain", "month") or "month"
    if grain not in r.GRAINS:
        raise HttpError(400, p.t("reports.bad_option", name="grain"))
    dims = tuple(d for d in r.TIME_DIMENSIONS if d in p.request.query_params.getlist("dim"))
    unknown = set(p.request.query_params.getlist("dim")) - set(r.TIME_DIMENSIONS)
    if unknown:
        raise HttpError(400, p.t("reports.bad_option", name="dim"))
    weight = p.query("weight", "exact") or "exact"
    if weight not in WEIGHTS:
        raise HttpError(400, p.t("reports.bad_option", name="weight"))
    gap_text = p.query("min_gap", "15") or "15"
    if not gap_text.isdigit() or not 1 <= int(gap_text) <= 480:
        raise HttpError(400, p.t("reports.bad_option", name="min_gap"))
    return Query(kind, start, end, agency_id, grain, p.query("by_service") == "1",
                 dims or ("agency",), weight, int(gap_text))


def read_month(p: Page) -> str:
    text = p.query("month") or today(p).strftime("%Y-%m")
    try:
        if len(text) != 7:
            raise ValueError
        date.fromisoformat(f"{text}-01")
    except ValueError:
        raise HttpError(400, p.t("reports.bad_month", value=text)) from None
    return text


def presets(p: Page) -> list[tuple[str, date, date]]:
    end = today(p)
    first = end.replace(day=1)
    last_month_end = first - timedelta(days=1)
    return [
        ("reports.today", end, end),
        ("reports.last7", end - timedelta(days=6), end),
        ("reports.this_month", first, end),
        ("reports.last_month", last_month_end.replace(day=1), last_month_end),
        ("reports.this_year", end.replace(month=1, day=1), end),
    ]
