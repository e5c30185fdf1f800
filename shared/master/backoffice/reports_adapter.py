"""The one place the back office calls the reports engine (shared.store.reports_db,
shared.domain.reports, shared.reports): build a report for a query, its tables, its files.

Runs in a worker thread with a read-only connection of its own (a year of history must not hold
the event loop or the master's read connection). Supervisors' queries always carry their agency.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ...domain import reports as r
from ...reports import export, tables as report_tables
from ...store import reports_db as q
from ...store.catalog_db import load_catalog
from ...store.database import connect

KINDS = ("visitors", "times", "presence", "skm")
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}
MAX_DAYS = 3 * 366 + 1  # a query spans at most three years


@dataclass(frozen=True)
class Query:
    kind: str
    from_day: date
    to_day: date
    agency_id: int | None = None
    grain: str = "month"
    by_service: bool = False
    dims: tuple[str, ...] = ("agency", "service")
    weight: str = "exact"
    min_gap: int = 15
    extra: dict[str, Any] = field(default_factory=dict)


def _connect(db: Path):
    conn = connect(db, durable=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


def build(db: Path, query: Query, now: datetime | None = None) -> Any:
    """The report object of the engine for this query."""
    conn = _connect(db)
    try:
        if query.kind == "visitors":
            return q.visitor_report(conn, query.from_day, query.to_day, query.grain,
                                    query.by_service, query.agency_id)
        if query.kind == "times":
            return q.times_report(conn, query.from_day, query.to_day, query.dims,
                                  query.agency_id)
        if query.kind == "presence":
            return q.presence_report(conn, query.from_day, query.to_day, query.agency_id,
                                     now=now or datetime.now(timezone.utc),
                                     min_gap_minutes=query.min_gap)
        if query.kind == "skm":
            return q.skm_report(conn, query.from_day, query.to_day, query.agency_id,
                                weight=query.weight)  # type: ignore[arg-type]
        raise ValueError(f"unknown report {query.kind!r}")
    finally:
        conn.close()


def monthly(db: Path, month: str, agency_id: int | None, now: datetime | None = None
            ) -> r.MonthlyReport:
    """The monthly report (all four parts); for one agency when ``agency_id`` is given."""
    conn = _connect(db)
    try:
        if agency_id is None:
            return q.monthly_report(conn, month, now=now)
        start, end = r.month_bounds(month)
        with q.snapshot(conn):
            catalog = load_catalog(conn)
            labels = q.load_labels(conn, catalog)
            return r.MonthlyReport(
                site_name=catalog.site.name, month=month,
                visitors=q.visitor_report(conn, start, end, "month", agency_id=agency_id,
                                          labels=labels),
                times=q.times_report(conn, start, end, ("agency", "hour"), agency_id,
                                     labels=labels),
                presence=q.presence_report(conn, start, end, agency_id, now=now,
                                           catalog=catalog, labels=labels),
                skm=q.skm_report(conn, start, end, agency_id, labels=labels))
    finally:
        conn.close()


def tables(report: Any) -> list[report_tables.Table]:
    return report_tables.tables_for(report)


def title(report: Any) -> str:
    return report_tables.report_title(report)


def cell(value: Any, kind: str) -> str:
    return report_tables.fmt(value, kind)


def numeric_kind(kind: str) -> bool:
    return kind != report_tables.TEXT


def table_names(report: Any) -> list[str]:
    return [t.name for t in tables(report)]


def render_file(report: Any, fmt: str, table: str | None = None) -> bytes:
    """The report as CSV (one table), XLSX (every table) or PDF (tables, or the monthly PDF
    with charts)."""
    if fmt == "csv":
        return ("\ufeff" + export.to_csv(report, table)).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="antrean-report-") as folder:
        path = Path(folder) / f"laporan.{fmt}"
        if fmt == "xlsx":
            export.write_xlsx(report, path)
        elif fmt == "pdf":
            from ...reports import pdf

            if isinstance(report, r.MonthlyReport):
                pdf.write_monthly_pdf(report, path)
            else:
                pdf.write_tables_pdf(report, path)
        else:
            raise ValueError(f"unknown format {fmt!r}")
        return path.read_bytes()
