"""The live dashboard: the page, and its fragment that the page's script refreshes every 15 s."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.responses import HTMLResponse, Response

from ...store import admin_db
from ...store.auth_db import now_ms
from .admin_devices import device_state, printer_text
from .core import ANY, PREFIX, BackOffice, Page, PageRoute
from .fmt import ago, minutes, number
from .html import Markup, join, link, table, tag
from .layout import render
from .live import Live, live

REFRESH_SECONDS = 15
TOP_SERVICES = 15


def _card(label: str, value: str, note: str = "", kind: str = "") -> Markup:
    return tag("div", join([tag("p", label, class_="label"), tag("p", value, class_="value"),
                            tag("p", note, class_="note") if note else ""]),
               class_=f"stat {kind}".strip())


def _cards(p: Page, data: Live) -> Markup:
    empty = data.empty_booths
    return tag("div", join([
        _card(p.t("dash.waiting"), number(data.waiting, p.lang)),
        _card(p.t("dash.issued_today"), number(data.issued_today, p.lang),
              p.t("dash.served_n", n=number(data.served_today, p.lang))),
        _card(p.t("dash.counters_open"), f"{data.open} / {data.counters}",
              p.t("dash.booths_scheduled", n=data.booths_scheduled)),
        _card(p.t("dash.empty_booths"), str(empty), p.t("dash.empty_note"),
              "alert" if empty else "good"),
    ]), class_="stats")


def _agencies(p: Page, data: Live) -> Markup:
    rows = []
    for a in data.agencies:
        note: Markup | str = ""
        if a.empty_booths:
            note = tag("span", p.t("dash.empty_list", names=", ".join(a.empty_booths)),
                       class_="pill bad")
        elif a.booths_scheduled == 0:
            note = tag("span", p.t("dash.not_scheduled"), class_="pill muted")
        rows.append([a.name, number(a.waiting, p.lang), minutes(a.longest_s, p.lang),
                     f"{a.open} / {a.counters}", str(a.paused),
                     f"{a.booths_scheduled} / {a.booths}", note])
    return table([p.t("f.agency"), p.t("dash.waiting"), p.t("dash.longest"),
                  p.t("dash.open_of"), p.t("dash.paused"), p.t("dash.scheduled_of"),
                  p.t("dash.note")], rows, numeric={1, 2, 3, 4, 5}, empty=p.t("common.empty"),
                 caption=p.t("dash.per_agency"))


def _services(p: Page, data: Live) -> Markup:
    rows = [[s.name, s.agency, number(s.waiting, p.lang), minutes(s.longest_s, p.lang)]
            for s in data.services[:TOP_SERVICES]]
    return table([p.t("f.service"), p.t("f.agency"), p.t("dash.waiting"), p.t("dash.longest")],
                 rows, numeric={2, 3}, empty=p.t("dash.no_waiting"),
                 caption=p.t("dash.per_service", n=TOP_SERVICES))


def _paused(p: Page, data: Live) -> Markup:
    rows = [[str(c.number), c.booth, c.agency, p.t(f"pause.{c.reason}"),
             minutes(c.since_s, p.lang)] for c in data.paused]
    return table([p.t("dash.counter"), p.t("f.booth"), p.t("f.agency"), p.t("dash.reason"),
                  p.t("dash.for")], rows, numeric={0, 4}, empty=p.t("dash.no_paused"),
                 caption=p.t("dash.paused_title"))


def _devices(p: Page) -> Markup:
    now = now_ms()
    rows, silent = [], 0
    for d in admin_db.device_overview(p.bo.reader):
        if d.device.revoked_at:
            continue
        state, cls = device_state(p, d, now)
        printer, pcls = printer_text(p, d)
        if d.last_seen is None:
            silent += 1  # never reported: nothing to say about it
            continue
        if cls == "good" and pcls != "bad":
            continue  # only what needs attention
        rows.append([d.device.name, p.t(f"device.{d.device.role}"), ago(d.last_seen, now, p.lang),
                     tag("span", state, class_=f"pill {cls}"),
                     tag("span", printer, class_=f"pill {pcls}")])
    listing = table([p.t("f.device_name"), p.t("f.device_role"), p.t("devices.last_seen"),
                     p.t("devices.state"), p.t("devices.printer")], rows,
                    empty=p.t("dash.devices_ok"), caption=p.t("dash.devices_title"))
    note = tag("p", join([p.t("dash.devices_silent", n=silent), " ",
                          link(f"{PREFIX}/admin/devices", p.t("nav.devices"))]),
               class_="muted small") if silent else ""
    return join([listing, note])


def fragment(p: Page) -> Markup:
    bo = p.bo
    with bo.store.lock:
        data = live(bo.store.state, bo.master.now(), p.scope_agency)
    shown = data.now.astimezone(ZoneInfo(bo.catalog().site.timezone)).strftime("%H.%M.%S")
    stamp = tag("p", p.t("dash.updated", time=shown), class_="muted small")
    parts = [stamp, _cards(p, data), _agencies(p, data),
             tag("div", join([_services(p, data), _paused(p, data)]), class_="two")]
    if p.is_admin:
        parts.append(_devices(p))
    return join(parts)


async def page(bo: BackOffice, p: Page) -> Response:
    intro = p.t("dash.intro_admin") if p.is_admin else p.t("dash.intro_agency")
    body = join([
        tag("p", join([intro, " ", link(f"{PREFIX}/reports", p.t("dash.to_reports"))]),
            class_="lead"),
        tag("div", fragment(p), id="live", data_refresh=f"{PREFIX}/dashboard/live",
            data_interval=str(REFRESH_SECONDS), aria_live="polite")])
    return render(p, p.t("dash.title"), body, section="dashboard")


async def live_fragment(bo: BackOffice, p: Page) -> Response:
    return HTMLResponse(str(fragment(p)))


ROUTES = [
    PageRoute("GET", "/", page, ANY),
    PageRoute("GET", "/dashboard/live", live_fragment, ANY),
]
