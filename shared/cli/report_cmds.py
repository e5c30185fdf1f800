"""report visitors|times|presence|skm|monthly, skm index, bench reports."""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from ..domain import reports as r
from ..domain.skm import SkmCsvError, parse_skm_csv, skm_index
from ..store import reports_db as q
from ..store.catalog_db import NoCatalog, load_catalog
from .catalog_cmds import add_db, open_db
from .errors import UserError

FORMATS = ("json", "csv", "xlsx", "pdf")


def register(sub) -> None:
    rep = sub.add_parser("report", help="reports: visitors, times, presence, skm, monthly PDF")
    rep_sub = rep.add_subparsers(dest="report", required=True)

    p = rep_sub.add_parser("visitors", help="tickets per period, agency/service, outcome, channel")
    _period_args(p)
    p.add_argument("--grain", choices=r.GRAINS, default="month", help="period of each line")
    p.add_argument("--by-service", action="store_true", help="a line per service, not agency")
    p.set_defaults(handler=cmd_visitors)

    p = rep_sub.add_parser("times", help="waiting and service times (mean, median, p90)")
    _period_args(p)
    p.add_argument("--by", default="agency",
                   help=f"comma-separated dimensions: {','.join(r.TIME_DIMENSIONS)} "
                        "(default agency)")
    p.set_defaults(handler=cmd_times)

    p = rep_sub.add_parser("presence", help="booth presence: scheduled vs staffed hours")
    _period_args(p)
    p.add_argument("--min-gap", type=int, default=15, help="shortest empty slot listed, minutes")
    p.set_defaults(handler=cmd_presence)

    p = rep_sub.add_parser("skm", help="SKM index per agency and service")
    _period_args(p)
    p.add_argument("--weight", choices=("exact", "0.11"), default="exact")
    p.set_defaults(handler=cmd_skm)

    p = rep_sub.add_parser("monthly", help="the monthly report (PDF with charts; or xlsx/json)")
    add_db(p)
    p.add_argument("--month", required=True, type=_month, help="YYYY-MM")
    p.add_argument("--format", choices=("pdf", "xlsx", "json"), default=None)
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--weight", choices=("exact", "0.11"), default="exact")
    p.set_defaults(handler=cmd_monthly)

    skm = sub.add_parser("skm", help="SKM survey tools")
    skm_sub = skm.add_subparsers(dest="skm", required=True)
    p = skm_sub.add_parser("index", help="SKM index of a CSV of answers (columns U1..U9)")
    p.add_argument("file", type=Path)
    p.add_argument("--weight", choices=("exact", "0.11"), default="exact",
                   help="0.11: legacy spreadsheet compatibility (max 99.00)")
    p.set_defaults(handler=cmd_skm_index)

    register_bench(_bench_subparsers(sub))


def _bench_subparsers(sub):
    """The `bench` command's subparsers (shared.cli.bench registers `bench`; this module must
    come after it in main's module tuple), or a new `bench` command if there is none."""
    bench = sub.choices.get("bench")
    if bench is None:
        bench = sub.add_parser("bench", help="benchmarks (print JSON)")
        return bench.add_subparsers(dest="bench", required=True)
    for action in bench._actions:  # argparse keeps its subparsers action here
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the bench command has no subcommands")  # pragma: no cover


def register_bench(bench_sub) -> None:
    p = bench_sub.add_parser("reports", help="time each report over a month and a year of data")
    add_db(p)
    p.add_argument("--month", type=_month, default=None,
                   help="YYYY-MM (default: the last complete month with tickets)")
    p.add_argument("--repeat", type=int, default=3, help="runs per report (best and first kept)")
    p.add_argument("--render", action="store_true",
                   help="also time the exports (monthly PDF, yearly XLSX)")
    p.set_defaults(handler=cmd_bench_reports)


# --------------------------------------------------------------------------- arguments

def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _month(text: str) -> str:
    try:
        date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month YYYY-MM: {text!r}") from None
    if len(text) != 7:
        raise argparse.ArgumentTypeError(f"not a month YYYY-MM: {text!r}")
    return text


def _period_args(p: argparse.ArgumentParser) -> None:
    add_db(p)
    p.add_argument("--from", dest="from_day", required=True, type=_day, help="YYYY-MM-DD")
    p.add_argument("--to", dest="to_day", required=True, type=_day, help="YYYY-MM-DD (inclusive)")
    p.add_argument("--agency", default=None, help="agency code")
    p.add_argument("--service", default=None, help="service code")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="default: from the -o suffix, else json")
    p.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    p.add_argument("--table", default=None, help="csv: which table (default: the first)")


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise UserError(f"no database at {path}")
    return open_db(path, create=False)


def _filters(conn: sqlite3.Connection, args) -> tuple[int | None, int | None]:
    if args.to_day < args.from_day:
        raise UserError(f"--to {args.to_day} is before --from {args.from_day}")
    try:
        catalog = load_catalog(conn)
        return (q.agency_id_of(catalog, args.agency), q.service_id_of(catalog, args.service))
    except (q.UnknownCode, NoCatalog) as exc:
        raise UserError(str(exc)) from None


def _format(args, allowed=FORMATS) -> str:
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = suffix if suffix in allowed else "json"
    if fmt in ("xlsx", "pdf") and args.output is None:
        raise UserError(f"--format {fmt} needs -o FILE")
    return fmt


def _emit(report: Any, args, allowed=FORMATS) -> int:
    from ..reports import export

    fmt = _format(args, allowed)
    if fmt == "json":
        text = json.dumps(export.jsonable(report), ensure_ascii=False, indent=1)
        _write_text(text + "\n", args.output)
    elif fmt == "csv":
        try:
            text = export.to_csv(report, getattr(args, "table", None))
        except KeyError as exc:
            raise UserError(exc.args[0]) from None
        if args.output:
            export.write_csv(report, args.output, getattr(args, "table", None))
        else:
            sys.stdout.write(text)
    elif fmt == "xlsx":
        export.write_xlsx(report, args.output)
    else:
        from ..reports import pdf

        if isinstance(report, r.MonthlyReport):
            pdf.write_monthly_pdf(report, args.output)
        else:
            pdf.write_tables_pdf(report, args.output)
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- handlers

def cmd_visitors(args) -> int:
    conn = _connect(args.db)
    agency, service = _filters(conn, args)
    report = q.visitor_report(conn, args.from_day, args.to_day, args.grain, args.by_service,
                              agency, service)
    return _emit(report, args)


def cmd_times(args) -> int:
    dims = tuple(d.strip() for d in args.by.split(",") if d.strip())
    bad = [d for d in dims if d not in r.TIME_DIMENSIONS]
    if bad or not dims:
        raise UserError(f"--by takes {', '.join(r.TIME_DIMENSIONS)}; got {args.by!r}")
    conn = _connect(args.db)
    agency, service = _filters(conn, args)
    report = q.times_report(conn, args.from_day, args.to_day, dims, agency, service)
    return _emit(report, args)


def cmd_presence(args) -> int:
    if args.service:
        raise UserError("presence is per booth: use --agency, not --service")
    conn = _connect(args.db)
    agency, _ = _filters(conn, args)
    report = q.presence_report(conn, args.from_day, args.to_day, agency,
                               min_gap_minutes=args.min_gap)
    return _emit(report, args)


def cmd_skm(args) -> int:
    conn = _connect(args.db)
    agency, service = _filters(conn, args)
    report = q.skm_report(conn, args.from_day, args.to_day, agency, service, args.weight)
    return _emit(report, args)


def cmd_monthly(args) -> int:
    conn = _connect(args.db)
    try:
        report = q.monthly_report(conn, args.month, weight=args.weight)
    except NoCatalog as exc:
        raise UserError(str(exc)) from None
    if args.format is None and args.output is None:
        raise UserError("give -o FILE (.pdf, .xlsx or .json) or --format json")
    return _emit(report, args, ("pdf", "xlsx", "json"))


def cmd_skm_index(args) -> int:
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {args.file}: {exc}") from None
    try:
        responses = parse_skm_csv(text)
    except SkmCsvError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    result = skm_index(responses, args.weight)
    print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=1))
    return 0


# --------------------------------------------------------------------------- bench

def _timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    """Wall time of the first and the best run, and the process CPU time of the best run (the
    machine may be shared: CPU time is what the report itself costs)."""
    runs, result = [], None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    best = min(runs)
    return {"first_s": round(runs[0][0], 3), "best_s": round(best[0], 3),
            "best_cpu_s": round(best[1], 3)}, result


def _default_month(conn: sqlite3.Connection) -> str:
    last = conn.execute("SELECT max(day) FROM tickets").fetchone()[0]
    if last is None:
        raise UserError("the database has no tickets to time reports on")
    last_day = date.fromisoformat(last)
    if (last_day + timedelta(days=1)).month == last_day.month:  # month not complete
        last_day = last_day.replace(day=1) - timedelta(days=1)
    return last_day.strftime("%Y-%m")


def cmd_bench_reports(args) -> int:
    import tempfile

    start = time.perf_counter()
    conn = _connect(args.db)
    opened = time.perf_counter() - start
    month = args.month or _default_month(conn)
    m_from, m_to = r.month_bounds(month)
    # The year: the 365 days up to the last day with tickets.
    last = conn.execute("SELECT max(day) FROM tickets").fetchone()[0]
    y_to = date.fromisoformat(last) if last else m_to
    y_from = y_to - timedelta(days=364)
    now = datetime.now(timezone.utc)
    labels = q.load_labels(conn)

    def count(a: date, b: date) -> int:
        return conn.execute("SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ?",
                            (a.isoformat(), b.isoformat())).fetchone()[0]

    def suite(a: date, b: date) -> dict[str, Any]:
        out: dict[str, Any] = {"from": a.isoformat(), "to": b.isoformat(), "tickets": count(a, b),
                               "skm_responses": conn.execute(
                                   "SELECT count(*) FROM skm_responses WHERE day BETWEEN ? AND ?",
                                   (a.isoformat(), b.isoformat())).fetchone()[0]}
        runs = {
            "visitors": lambda: q.visitor_report(conn, a, b, "month", labels=labels),
            "visitors_by_service_day": lambda: q.visitor_report(conn, a, b, "day", True,
                                                                labels=labels),
            "visitors_by_quarter": lambda: q.visitor_report(conn, a, b, "quarter", labels=labels,
                                                            with_hours=False),
            "times": lambda: q.times_report(conn, a, b, ("agency",), labels=labels),
            "times_all_dimensions": lambda: q.times_report(conn, a, b, r.TIME_DIMENSIONS,
                                                           labels=labels),
            "presence": lambda: q.presence_report(conn, a, b, now=now, labels=labels),
            "skm": lambda: q.skm_report(conn, a, b, labels=labels),
        }
        for name, fn in runs.items():
            out[name], _ = _timed(fn, args.repeat)
        return out

    result: dict[str, Any] = {"db": str(args.db), "open_s": round(opened, 3),
                              "tickets_total": conn.execute(
                                  "SELECT count(*) FROM tickets").fetchone()[0],
                              "month": suite(m_from, m_to), "year": suite(y_from, y_to)}
    result["month"]["monthly_report"], monthly = _timed(
        lambda: q.monthly_report(conn, month, now=now), args.repeat)
    if args.render:
        from ..reports import export, pdf

        with tempfile.TemporaryDirectory() as tmp:
            result["month"]["monthly_pdf_render"], _ = _timed(
                lambda: pdf.write_monthly_pdf(monthly, Path(tmp) / "m.pdf"), 1)
            year = q.visitor_report(conn, y_from, y_to, "month", True, labels=labels)
            result["year"]["visitors_by_service_month_xlsx_render"], _ = _timed(
                lambda: export.write_xlsx(year, Path(tmp) / "y.xlsx"), 1)
    print(json.dumps(result, indent=1))
    return 0
