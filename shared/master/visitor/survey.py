"""The SKM survey: on the visitor's phone through the ticket's QR (/survey/{token}), or on a
tablet at the booth (/survey/booth/{counter_code}, kiosk mode) offering the visitor last served
at that counter within ``booth_window_minutes``. One response per served (done) ticket: a second
submission is refused (the table's UNIQUE(ticket_id) has the last word)."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from starlette.responses import JSONResponse, Response

from ...domain.model import Counter
from ...domain.tickets import Ticket, TicketStatus
from ...store import visitor_db
from ..spec import ApiError
from . import survey_form
from .core import Ctx, PageError, Visitor
from .html import Markup, join, link, notice, tag
from .status import find_for_page, survey_state


def _heading(ctx: Ctx, v: Visitor, ticket: Ticket) -> Markup:
    service = v.catalog().services.get(ticket.service_id)
    return join([tag("h1", ctx.t("sv.title")),
                 tag("p", ctx.t("sv.lead", service=service.name if service else "",
                                number=ticket.number), class_="lead")])


async def _store(v: Visitor, ticket: Ticket, answers: dict, profile: dict) -> bool:
    service = v.catalog().services.get(ticket.service_id)
    agency_id = service.agency_id if service else None

    def write(conn) -> bool:
        return visitor_db.insert_survey(
            conn, ticket_id=ticket.id, service_id=ticket.service_id, agency_id=agency_id,  # type: ignore[arg-type]
            day=ticket.day, answers=answers, profile=profile, at_ms=v.now_ms())
    return await v.write(write)


def _message(v: Visitor, ctx: Ctx, ticket: Ticket, key: str, status: int = 200,
             kind: str = "info") -> Response:
    body = _heading(ctx, v, ticket) + notice(ctx.t(key), kind) + tag(
        "p", link(f"/t/{ticket.token}", ctx.t("st.title"), class_="btn secondary"),
        class_="actions")
    return v.render(ctx, ctx.t("sv.title"), body, status=status)


_CLOSED = {None: "sv.not_done", "done": "sv.already", "closed": "sv.too_old"}


async def survey_page(v: Visitor, ctx: Ctx) -> Response:
    token = ctx.request.path_params["token"]
    ticket = find_for_page(v, ctx, token)
    state = survey_state(v, ticket)
    if state != "open":
        return _message(v, ctx, ticket, _CLOSED[state])
    body = _heading(ctx, v, ticket) + survey_form.render(ctx.lang, f"/survey/{token}", ctx.csrf,
                                                         {}, {})
    return v.render(ctx, ctx.t("sv.title"), body)


async def survey_submit(v: Visitor, ctx: Ctx) -> Response:
    v.limit(v.form_limit, ctx)
    token = ctx.request.path_params["token"]
    ticket = find_for_page(v, ctx, token)
    state = survey_state(v, ticket)
    if state != "open":
        return _message(v, ctx, ticket, _CLOSED[state], 409, "error")
    answers, profile, errors = survey_form.parse(ctx.form)
    if errors:
        body = _heading(ctx, v, ticket) + survey_form.render(
            ctx.lang, f"/survey/{token}", ctx.csrf, ctx.form, errors)
        return v.render(ctx, ctx.t("sv.title"), body, status=422)
    if not await _store(v, ticket, answers, profile):
        return _message(v, ctx, ticket, "sv.already", 409, "error")
    return _message(v, ctx, ticket, "sv.thanks", 200, "ok")


# -- the booth tablet ---------------------------------------------------------------------------
def counter_by_code(v: Visitor, code: str) -> Counter | None:
    return next((c for c in v.catalog().counters.values() if c.code == code), None)


def recent_ticket(v: Visitor, counter_id: int, minutes: int) -> Ticket | None:
    """The ticket last finished at the counter, if within ``minutes`` and not yet answered."""
    since = v.now() - timedelta(minutes=minutes)
    found = None
    with v.store.lock:
        state = v.store.state
        counter = state.counters.get(counter_id)
        for ticket_id in reversed(counter.history if counter else []):
            ticket = state.tickets.get(ticket_id)
            if ticket is not None and ticket.status is TicketStatus.DONE \
                    and ticket.counter_id == counter_id:
                if ticket.finished_at is not None and ticket.finished_at >= since:
                    found = replace(ticket)
                break
    if found is None or visitor_db.survey_done(v.reader, found.id):
        return None
    return found


def _booth(v: Visitor, ctx: Ctx) -> Counter:
    counter = counter_by_code(v, ctx.request.path_params["counter_code"])
    if counter is None:
        raise PageError(404, "err.404")
    return counter


def _booth_box(content: Any, **data: str) -> Markup:
    return tag("div", content, id="booth", **{f"data_{k}": val for k, val in data.items()})


async def booth_page(v: Visitor, ctx: Ctx) -> Response:
    counter = _booth(v, ctx)
    poll = f"/api/v1/public/booth/{counter.code}"
    ticket = recent_ticket(v, counter.id, v.options.booth_window_minutes)
    if ticket is None:
        body = _booth_box(join([tag("h1", ctx.t("sv.booth_title")),
                                tag("p", ctx.t("sv.booth_wait", counter=counter.number),
                                    class_="lead")]), poll=poll, ticket="")
        return v.render(ctx, ctx.t("sv.title"), body, script="booth.js", body_class="booth")
    form = survey_form.render(ctx.lang, f"/survey/booth/{counter.code}", ctx.csrf, {}, {},
                              {"ticket": str(ticket.id)})
    body = _booth_box(_heading(ctx, v, ticket) + form, poll=poll, ticket=str(ticket.id))
    return v.render(ctx, ctx.t("sv.title"), body, script="booth.js", body_class="booth")


async def booth_submit(v: Visitor, ctx: Ctx) -> Response:
    counter = _booth(v, ctx)
    back = f"/survey/booth/{counter.code}"
    raw = ctx.form.get("ticket", "")
    ticket = None
    if raw.isdigit() and len(raw) < 16:
        with v.store.lock:
            live = v.store.state.tickets.get(int(raw))
            ticket = replace(live) if live is not None else None
    since = v.now() - timedelta(minutes=v.options.booth_fill_minutes)
    if (ticket is None or ticket.counter_id != counter.id or ticket.status is not TicketStatus.DONE
            or ticket.finished_at is None or ticket.finished_at < since
            or visitor_db.survey_done(v.reader, ticket.id)):
        body = _booth_box(notice(ctx.t("sv.booth_gone"), "error"), back=back)
        return v.render(ctx, ctx.t("sv.title"), body, status=409, script="booth.js",
                        body_class="booth")
    answers, profile, errors = survey_form.parse(ctx.form)
    if errors:
        form = survey_form.render(ctx.lang, back, ctx.csrf, ctx.form, errors,
                                  {"ticket": str(ticket.id)})
        body = _booth_box(_heading(ctx, v, ticket) + form, poll=f"/api/v1/public/booth/"
                          f"{counter.code}", ticket=str(ticket.id))
        return v.render(ctx, ctx.t("sv.title"), body, status=422, script="booth.js",
                        body_class="booth")
    stored = await _store(v, ticket, answers, profile)
    key, status = ("sv.thanks", 200) if stored else ("sv.already", 409)
    body = _booth_box(join([tag("h1", ctx.t("sv.booth_title")),
                            notice(ctx.t(key), "ok" if stored else "error")]), back=back)
    return v.render(ctx, ctx.t("sv.title"), body, status=status, script="booth.js",
                    body_class="booth")


async def booth_current(v: Visitor, call) -> Response:
    counter = counter_by_code(v, call.params["counter_code"])
    if counter is None:
        raise ApiError(404, "unknown_counter", "Loket tidak dikenal")
    ticket = recent_ticket(v, counter.id, v.options.booth_window_minutes)
    return JSONResponse({"ticket": ticket.id if ticket else None},
                        headers={"Cache-Control": "no-store"})
