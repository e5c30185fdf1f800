"""Online booking pages: /booking (agencies) -> /booking/a/{id} (services) -> /booking/s/{id}
(days; ?day= the day's slots; POST books) -> /booking/v/{token} (code, QR, cancel). Every
request takes a token from the client's booking bucket (429 page with Retry-After)."""
from __future__ import annotations

from starlette.responses import Response

from ...domain import booking as b
from ...domain.schedule import service_hours_text
from ...store import visitor_db
from . import bookings as bk
from .core import Ctx, PageError, Redirect, Visitor
from .html import Markup, esc, field_error, form, join, link, notice, tag, void
from .qr import qr_svg
from .texts import day_text, hm


def _start(v: Visitor, ctx: Ctx) -> None:
    v.limit(v.booking_limit, ctx)


def _cards(items: list[Markup]) -> Markup:
    return tag("ul", join(tag("li", i) for i in items), class_="choices")


async def home(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    groups = bk.bookable(v.catalog())
    if not groups:
        content = notice(ctx.t("bk.none"))
    else:
        content = tag("h2", ctx.t("bk.agency")) + _cards([
            link(f"/booking/a/{a.id}", join([tag("span", a.name, class_="d"), tag(
                "span", ctx.t("bk.services_n", n=len(s)), class_="n")]), class_="choice")
            for a, s in groups])
    body = join([tag("h1", ctx.t("bk.title")), tag("p", ctx.t("bk.lead"), class_="lead"),
                 content])
    return v.render(ctx, ctx.t("bk.title"), body)


async def agency(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    agency_id = ctx.request.path_params["agency_id"]
    group = next((g for g in bk.bookable(v.catalog()) if g[0].id == agency_id), None)
    if group is None:
        raise PageError(404, "err.404")
    cards = _cards([link(f"/booking/s/{s.id}", join([
        tag("span", s.name, class_="d"),
        tag("span", _cost(ctx, s), class_="n")]), class_="choice")
        for s in group[1]])
    body = join([tag("h1", group[0].name), tag("h2", ctx.t("bk.service")), cards,
                 tag("p", link("/booking", ctx.t("back")), class_="nav")])
    return v.render(ctx, ctx.t("bk.title"), body)


def _cost(ctx: Ctx, service) -> str:
    return ctx.t("bk.cost_free") if service.standard.is_free else service.standard.cost


def _service_info(v: Visitor, ctx: Ctx, service) -> Markup:
    hours = service_hours_text(v.catalog(), service.id)[1 if ctx.lang == "en" else 0]
    facts = [(ctx.t("bk.hours"), hours), (ctx.t("bk.cost"), _cost(ctx, service))]
    rows = join(Markup(f"<div><dt>{esc(k)}</dt><dd>{esc(val)}</dd></div>") for k, val in facts)
    out = tag("dl", rows, class_="info")
    if service.standard.requirements:
        out += tag("details", tag("summary", ctx.t("bk.requirements")) + tag(
            "ul", join(tag("li", r) for r in service.standard.requirements)))
    return out


def _days(v: Visitor, ctx: Ctx, service_id: int) -> Markup:
    items, open_days = [], 0
    for info in bk.days(v, service_id):
        label = tag("span", day_text(ctx.lang, info.day), class_="d")
        if info.reason is None:
            open_days += 1
            items.append(link(f"/booking/s/{service_id}?day={info.day.isoformat()}", label + tag(
                "span", ctx.t("bk.free", n=info.free), class_="n"), class_="choice"))
        else:
            items.append(tag("span", label + tag("span", b.message(
                info.reason, ctx.lang, info.detail), class_="n"), class_="choice off"))
    if not open_days:
        return notice(ctx.t("bk.no_day", n=v.policy().horizon_days))
    return tag("h2", ctx.t("bk.day")) + _cards(items)


def _slots(v: Visitor, ctx: Ctx, service_id: int, day, error: str | None = None,
           phone_error: bool = False, status: int = 200) -> Markup:
    info, slots = bk.slots(v, service_id, day)
    head = tag("h2", day_text(ctx.lang, day))
    if info.reason is not None:
        return head + notice(b.message(info.reason, ctx.lang, info.detail), "error")
    chosen = ctx.form.get("time", "")
    options = []
    for s in slots:
        note = ctx.t("bk.free", n=s.free) if s.reason is None else ctx.t(
            "bk.full" if s.reason == b.Why.SLOT_FULL else "bk.closed_slot")
        radio = void("input", type="radio", name="time", value=s.slot.key, required=True,
                     disabled=s.reason is not None, checked=s.slot.key == chosen)
        options.append(Markup(f'<label class="opt">{radio}<span><b>{hm(s.slot.start)}</b> '
                              f'{esc(note)}</span></label>'))
    phone = tag("div", Markup(f'<label for="f-phone">{esc(ctx.t("bk.phone"))}</label>')
                + void("input", type="tel", id="f-phone", name="phone", inputmode="tel",
                       autocomplete="tel", maxlength="20", value=ctx.form.get("phone", ""),
                       aria_describedby="phone-error" if phone_error else "phone-help")
                + tag("p", ctx.t("bk.phone_help", n=v.policy().max_per_phone), id="phone-help",
                      class_="help")
                + field_error("phone", ctx.t("bk.phone_bad") if phone_error else None),
                class_="field")
    fields = join([void("input", type="hidden", name="day", value=day.isoformat()),
                   Markup(f'<fieldset class="q"><legend>{esc(ctx.t("bk.slot"))}</legend>'
                          f'<div class="scale slots">{join(options)}</div></fieldset>'), phone,
                   tag("button", ctx.t("bk.submit"), type="submit", class_="btn wide")])
    top = notice(error, "error") if error else Markup("")
    return head + top + form(f"/booking/s/{service_id}", ctx.csrf, fields, class_="book")


def _service_page(v: Visitor, ctx: Ctx, service_id: int, content: Markup,
                  status: int = 200) -> Response:
    try:
        service = bk.bookable_service(v.catalog(), service_id)
    except bk.Refused:
        raise PageError(404, "err.404") from None
    agency = v.catalog().agencies[service.agency_id]
    body = join([tag("p", link(f"/booking/a/{agency.id}", agency.name), class_="crumb"),
                 tag("h1", service.name), _service_info(v, ctx, service), content])
    return v.render(ctx, ctx.t("bk.title"), body, status=status)


async def service(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    service_id = ctx.request.path_params["service_id"]
    try:
        bk.bookable_service(v.catalog(), service_id)
    except bk.Refused:
        raise PageError(404, "err.404") from None
    raw_day = ctx.request.query_params.get("day")
    if raw_day is None:
        return _service_page(v, ctx, service_id, _days(v, ctx, service_id))
    try:
        day = bk.parse_day(raw_day)
    except bk.Refused as exc:
        return _service_page(v, ctx, service_id, notice(exc.message(ctx.lang), "error")
                             + _days(v, ctx, service_id), 400)
    back = tag("p", link(f"/booking/s/{service_id}", ctx.t("back")), class_="nav")
    return _service_page(v, ctx, service_id, _slots(v, ctx, service_id, day) + back)


async def book(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    service_id = ctx.request.path_params["service_id"]
    try:
        bk.bookable_service(v.catalog(), service_id)
        day = bk.parse_day(ctx.form.get("day"))
    except bk.Refused as exc:
        raise PageError(404 if exc.status == 404 else 400, "err.400") from None
    try:
        start = bk.parse_time(ctx.form.get("time"))
        booking, token = await bk.create(
            v, service_id=service_id, day=day, start=start, phone_text=ctx.form.get("phone"),
            client_hash=ctx.client_hash, ip=ctx.ip)
    except bk.Refused as exc:
        message = ctx.t("bk.pick_slot") if exc.code == "invalid_time" else exc.message(ctx.lang)
        content = _slots(v, ctx, service_id, day, None if exc.code == "invalid_phone" else message,
                         phone_error=exc.code == "invalid_phone")
        return _service_page(v, ctx, service_id, content, exc.status)
    raise Redirect(f"/booking/v/{token}")


def _find(v: Visitor, ctx: Ctx) -> visitor_db.Booking:
    token = ctx.request.path_params["token"]
    wait = v.lookup_limit.wait(ctx.ip)
    if wait:
        raise PageError(429, "err.429", {"Retry-After": str(wait)}, seconds=wait)
    found = visitor_db.booking_by_token(v.reader, token) if len(token) <= 64 else None
    if found is None:
        v.lookup_limit.charge(ctx.ip)
        raise PageError(404, "err.404")
    return found


async def view(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    booking = _find(v, ctx)
    token = ctx.request.path_params["token"]
    catalog = v.catalog()
    service = catalog.services.get(booking.service_id)
    agency = catalog.agencies.get(booking.agency_id)
    status = bk.status_of(v, booking)
    code = b.format_code(booking.code)
    card = [tag("p", ctx.t("bk.code"), class_="label"), tag("p", code, class_="number code"
                                                                 + ("" if status == b.BOOKED else " off"))]
    if status == b.BOOKED:
        card.append(qr_svg(booking.code, f"QR {code}"))
    card.append(tag("p", f"{service.name if service else ''} · "
                         f"{agency.short_name if agency else ''}", class_="service"))
    when = f"{day_text(ctx.lang, booking.day)}, {hm(booking.start)}–{hm(booking.end)}"
    facts = join(Markup(f"<div><dt>{esc(k)}</dt><dd>{esc(val)}</dd></div>") for k, val in (
        (ctx.t("bk.when"), when), (ctx.t("bk.status"), ctx.t(f"bk.st.{status}"))))
    parts = [tag("h1", ctx.t("bk.done") if status == b.BOOKED else ctx.t("bk.yours")),
             tag("div", join(card), class_="ticket"), tag("dl", facts, class_="info")]
    if status == b.BOOKED:
        start, until = bk.check_in_window(v, booking)
        parts += [tag("p", ctx.t("bk.show_qr")), tag("p", ctx.t("bk.window", start=start,
                                                                  end=until), class_="sub"),
                  tag("p", ctx.t("bk.save"), class_="muted small"),
                  form(f"/booking/v/{token}/cancel", ctx.csrf, tag(
                      "button", ctx.t("bk.cancel"), type="submit", class_="btn danger"),
                      class_="cancel")]
    if booking.ticket_id is not None:
        with v.store.lock:
            ticket = v.store.state.tickets.get(booking.ticket_id)
            ticket_token = ticket.token if ticket else None
        if ticket_token:
            parts.append(tag("p", link(f"/t/{ticket_token}", ctx.t("bk.ticket"), class_="btn"),
                             class_="actions"))
    parts.append(tag("p", link("/booking", ctx.t("bk.again")), class_="nav"))
    return v.render(ctx, ctx.t("bk.title"), join(parts))


async def cancel(v: Visitor, ctx: Ctx) -> Response:
    _start(v, ctx)
    booking = _find(v, ctx)
    await bk.cancel(v, booking)  # a booking that cannot be cancelled any more shows as it is
    raise Redirect(f"/booking/v/{ctx.request.path_params['token']}")
