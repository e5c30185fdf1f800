"""Report pages: period picker and agency filter, charts (server-side SVG), tables, downloads."""
from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from ...domain import reports as r
from ...domain.skm import UNSUR
from . import reports_adapter as ra
from .charts import hbar, vbar
from .core import ANY, PREFIX, BackOffice, Page, PageRoute
from .fmt import number
from .forms import HttpError
from .html import Markup, button, checkbox, field_wrap, join, link, select, tag, text_input, void
from .layout import render
from .report_query import agency_filter, presets, read_month, read_query, today
from .reports_adapter import KINDS, Query

log = logging.getLogger("antrean.backoffice")
ROW_LIMIT = 200
OPEN_ROWS = 25  # longer tables start folded (<details>), except the first
DIM_KEYS = r.TIME_DIMENSIONS


def _agency_select(p: Page, selected: str) -> Markup:
    catalog = p.bo.catalog()
    agencies = sorted(catalog.agencies.values(), key=lambda a: (a.sort, a.id))
    if not p.is_admin:
        own = catalog.agencies.get(p.scope_agency)
        return tag("div", join([tag("span", p.t("f.agency"), class_="label"),
                                tag("strong", own.short_name if own else "–")]),
                   class_="field readonly")
    options = [("", p.t("common.all_agencies"))] + [(a.code, a.short_name) for a in agencies]
    return field_wrap("agency", p.t("f.agency"), select("agency", options, selected))


def _picker(p: Page, kind: str, query: Query) -> Markup:
    code = p.query("agency")
    fields = [
        field_wrap("from", p.t("reports.from"), text_input("from", query.from_day.isoformat(),
                                                         kind="date", required=True)),
        field_wrap("to", p.t("reports.to"), text_input("to", query.to_day.isoformat(),
                                                     kind="date", required=True)),
        _agency_select(p, code)]
    if kind == "visitors":
        fields.append(field_wrap("grain", p.t("reports.grain"), select(
            "grain", [(g, p.t(f"grain.{g}")) for g in r.GRAINS], query.grain)))
        fields.append(checkbox("by_service", query.by_service, p.t("reports.by_service")))
    if kind == "times":
        boxes = join(tag("label", join([void("input", type="checkbox", name="dim", value=d,
                                             checked=d in query.dims), " ", p.t("dim." + d)]),
                         class_="inline-check") for d in DIM_KEYS)
        fields.append(tag("fieldset", join([tag("legend", p.t("reports.dims")),
                                            tag("div", boxes, class_="checks")]),
                          class_="field"))
    if kind == "skm":
        fields.append(field_wrap("weight", p.t("reports.weight"), select(
            "weight", [("exact", p.t("weight.exact")), ("0.11", p.t("weight.legacy"))],
            query.weight)))
    if kind == "presence":
        fields.append(field_wrap("min_gap", p.t("reports.min_gap"), text_input(
            "min_gap", str(query.min_gap), kind="number", min="1", max="480")))
    keep = {"agency": code} if code else {}
    quick = join(tag("li", link(f"?{urlencode({**keep, 'from': a.isoformat(), 'to': b.isoformat()})}",
                                p.t(label))) for label, a, b in presets(p))
    return join([
        tag("form", join([*fields, tag("div", button(p.t("reports.show")), class_="actions")]),
            method="get", class_="filters report-form", action=f"{PREFIX}/reports/{kind}"),
        tag("nav", tag("ul", quick, class_="presets"), aria_label=p.t("reports.quick"))])


def _query_string(p: Page, **extra: str) -> str:
    pairs = [(k, v) for k, v in p.request.query_params.multi_items() if k not in extra]
    return urlencode(pairs + list(extra.items()))


def _downloads(p: Page, kind: str) -> Markup:
    links = [link(f"{PREFIX}/reports/{kind}/download?{_query_string(p, fmt=fmt)}",
                  p.t(f"reports.download_{fmt}"), class_="btn secondary", download=True)
             for fmt in ("xlsx", "pdf")]
    return tag("div", join([tag("span", p.t("reports.download"), class_="label"), *links]),
               class_="downloads")


def _table_html(p: Page, kind: str, t: Any, first: bool) -> Markup:
    numeric = {i for i, c in enumerate(t.columns) if ra.numeric_kind(c.kind)}
    head = join(tag("th", c.header, scope="col", class_="num" if i in numeric else None)
                for i, c in enumerate(t.columns))
    body = []
    for row in t.rows[:ROW_LIMIT]:
        body.append(tag("tr", join(tag("td", ra.cell(v, c.kind),
                                       class_="num" if i in numeric else None)
                                   for i, (v, c) in enumerate(zip(row, t.columns)))))
    if not body:
        body.append(tag("tr", tag("td", p.t("reports.no_data"), colspan=str(len(t.columns)),
                                  class_="empty")))
    more = (tag("p", p.t("reports.truncated", n=ROW_LIMIT, total=len(t.rows)), class_="muted")
            if len(t.rows) > ROW_LIMIT else "")
    csv = link(f"{PREFIX}/reports/{kind}/download?{_query_string(p, fmt='csv', table=t.name)}",
               p.t("reports.download_csv"), class_="small", download=True)
    note = tag("p", t.note, class_="help") if t.note else ""
    grid = Markup(f'<div class="table-wrap"><table class="data report"><thead><tr>{head}</tr>'
                  f'</thead><tbody>{join(body)}</tbody></table></div>')
    title = join([tag("h2", t.title), tag("span", p.t("reports.rows", n=len(t.rows)),
                                          class_="muted small"), csv])
    if first or len(t.rows) <= OPEN_ROWS:
        return tag("section", join([tag("div", title, class_="section-head"), note, grid,
                                    more]), class_="card")
    return tag("details", join([tag("summary", title, class_="section-head"), note, grid, more]),
               class_="card")


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def charts(p: Page, report: Any) -> Markup:
    """(caption, svg) pairs drawn from the report; the tables below carry the same numbers."""
    count = lambda v: number(v, p.lang)  # noqa: E731
    out: list[tuple[str, Markup]] = []
    if isinstance(report, r.VisitorReport):
        caption = p.t("chart.visitors")
        rows = [(a.agency, [a.issued, a.served]) for a in report.agency_totals]
        if report.by_service:  # per service, summed over the periods, busiest first
            sums: dict[int | None, tuple[str, list[int]]] = {}
            for line in report.lines:
                acc = sums.setdefault(line.service_id, (line.service, [0, 0]))[1]
                acc[0] += line.issued
                acc[1] += line.served
            rows = sorted(sums.values(), key=lambda kv: -kv[1][0])
            caption = p.t("chart.visitors_service")
        out.append((caption, hbar(caption, rows, [p.t("chart.issued"), p.t("chart.served")],
                                  label=count)))
        hours = list(report.by_hour.items())
        out.append((p.t("chart.per_hour"), vbar(
            p.t("chart.per_hour"), [f"{h:02d}" for h, _ in hours], [n for _, n in hours],
            label=count)))
    elif isinstance(report, r.TimesReport):
        dim = report.dimensions[0]
        rows = [(line.label, [_minutes(line.wait.mean), _minutes(line.wait.p90)])
                for line in report.lines[dim]]
        caption = p.t("chart.wait", dim=p.t(f"dim.{dim}").lower())
        out.append((caption, hbar(caption, rows, [p.t("chart.mean"), p.t("chart.p90")],
                                  label=lambda v: number(v, p.lang, 1))))
    elif isinstance(report, r.PresenceReport):
        rows = [(b.booth, [b.coverage_pct]) for b in report.booths if b.scheduled_ms]
        out.append((p.t("chart.coverage"), hbar(
            p.t("chart.coverage"), rows, [p.t("chart.coverage_series")], maximum=100,
            label=lambda v: number(v, p.lang) + "%", limit=40)))
    elif isinstance(report, r.SkmReport):
        res = report.total.result
        names = {u.key: u.name for u in UNSUR}
        rows = [(f"{key} {names.get(key, '')}",
                 [None if res.unsur_score(key) is None else float(res.unsur_score(key))])
                for key in res.nrr]
        out.append((p.t("chart.skm_unsur"), hbar(
            p.t("chart.skm_unsur"), rows, [p.t("chart.score")], maximum=100,
            label=lambda v: number(v, p.lang, 1))))
        rows = [(a.agency, [None if a.result.nik is None else float(a.result.nik)])
                for a in report.agencies]
        out.append((p.t("chart.skm_agency"), hbar(
            p.t("chart.skm_agency"), rows, ["NIK"], maximum=100,
            label=lambda v: number(v, p.lang, 2), limit=40)))
    boxes = [tag("figure", join([tag("figcaption", caption), svg]), class_="chart-box")
             for caption, svg in out if svg]
    return tag("div", join(boxes), class_="charts") if boxes else Markup("")


def _headline(p: Page, report: Any) -> Markup:
    facts: list[tuple[str, str]] = []
    if isinstance(report, r.VisitorReport):
        t = report.total
        facts = [(p.t("chart.issued"), ra.cell(t.issued, "int")),
                 (p.t("chart.served"), ra.cell(t.served, "int")),
                 (p.t("reports.no_show"), ra.cell(t.no_show, "int")),
                 (p.t("reports.served_pct"), ra.cell(t.served_pct, "pct"))]
    elif isinstance(report, r.TimesReport):
        w, s = report.total.wait, report.total.service
        facts = [(p.t("reports.wait_mean"), ra.cell(_minutes(w.mean), "minutes") + " mnt"),
                 (p.t("reports.wait_p90"), ra.cell(_minutes(w.p90), "minutes") + " mnt"),
                 (p.t("reports.service_mean"), ra.cell(_minutes(s.mean), "minutes") + " mnt")]
    elif isinstance(report, r.PresenceReport):
        facts = [(p.t("reports.coverage"), ra.cell(report.total.coverage_pct, "pct")),
                 (p.t("reports.empty_slots"), ra.cell(report.total.empty_slots, "int"))]
    elif isinstance(report, r.SkmReport):
        res = report.total.result
        facts = [(p.t("reports.nik"), ra.cell(None if res.nik is None else float(res.nik), "score")),
                 (p.t("reports.grade"), f"{res.grade_letter or '–'} {res.grade_label or ''}"),
                 (p.t("reports.respondents"), f"{res.respondents} / {report.total.target}")]
    return tag("div", join(tag("div", join([tag("p", k, class_="label"),
                                            tag("p", v, class_="value")]), class_="stat")
                           for k, v in facts), class_="stats")


async def index(bo: BackOffice, p: Page) -> Response:
    cards = join(tag("li", join([tag("h2", link(f"{PREFIX}/reports/{k}", p.t(f"reports.{k}"))),
                                 tag("p", p.t(f"reports.{k}_help"))]), class_="card")
                 for k in KINDS)
    month = today(p).strftime("%Y-%m")
    agency = _agency_select(p, "")
    monthly = tag("form", join([
        field_wrap("month", p.t("reports.month"), text_input("month", month, kind="month",
                                                             required=True)),
        agency, tag("div", button(p.t("reports.download_monthly")), class_="actions")]),
        method="get", class_="filters", action=f"{PREFIX}/reports/monthly/download")
    body = join([tag("ul", cards, class_="cards"),
                 tag("section", join([tag("h2", p.t("reports.monthly")),
                                      tag("p", p.t("reports.monthly_help")), monthly]),
                     class_="card")])
    return render(p, p.t("reports.title"), body, section="reports")


async def report_page(bo: BackOffice, p: Page) -> Response:
    kind = p.params["kind"]
    query = read_query(p, kind)
    report = await _engine(p, ra.build, bo.db_path, query, bo.master.now())
    tables = ra.tables(report)
    if isinstance(report, r.TimesReport) and len(report.dimensions) == 1:
        tables = tables[1:]  # the all-dimensions table would repeat the only one (CSV has it)
    body = join([_picker(p, kind, query), _downloads(p, kind), _headline(p, report),
                 charts(p, report),
                 join(_table_html(p, kind, t, i == 0) for i, t in enumerate(tables))])
    return render(p, p.t(f"reports.{kind}"), body, section="reports")


async def _engine(p: Page, fn, *args) -> Any:
    """Run a reports-engine call in a worker thread. Its failure is a bug (logged with the
    traceback); the browser gets an HTML page saying the report could not be made."""
    try:
        return await asyncio.to_thread(fn, *args)
    except ValueError as exc:  # the engine's refusal of a query (period, option)
        raise HttpError(400, p.t("reports.refused", detail=str(exc))) from None
    except Exception:  # noqa: BLE001
        log.exception("report failed", extra={"path": p.request.url.path})
        raise HttpError(500, p.t("reports.failed")) from None


def _file(data: bytes, fmt: str, name: str) -> Response:
    return Response(data, media_type=ra.FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


async def download(bo: BackOffice, p: Page) -> Response:
    kind = p.params["kind"]
    fmt = p.query("fmt")
    if fmt not in ra.FORMATS:
        raise HttpError(400, p.t("reports.bad_option", name="fmt"))
    query = read_query(p, kind)
    report = await _engine(p, ra.build, bo.db_path, query, bo.master.now())
    table = p.query("table") or None
    if table is not None and table not in ra.table_names(report):
        raise HttpError(400, p.t("reports.bad_option", name="table"))
    data = await _engine(p, ra.render_file, report, fmt, table)
    suffix = f"-{table}" if table else ""
    name = f"laporan-{kind}{suffix}-{query.from_day.isoformat()}-{query.to_day.isoformat()}"
    return _file(data, fmt, name)


async def monthly_download(bo: BackOffice, p: Page) -> Response:
    month = read_month(p)
    agency_id = agency_filter(p)
    report = await _engine(p, ra.monthly, bo.db_path, month, agency_id, bo.master.now())
    data = await _engine(p, ra.render_file, report, "pdf")
    return _file(data, "pdf", f"laporan-bulanan-{month}")


ROUTES = [
    PageRoute("GET", "/reports", index, ANY),
    PageRoute("GET", "/reports/monthly/download", monthly_download, ANY),
    PageRoute("GET", "/reports/{kind}", report_page, ANY),
    PageRoute("GET", "/reports/{kind}/download", download, ANY),
]
