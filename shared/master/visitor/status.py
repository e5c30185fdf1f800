"""The ticket status page (the QR on the ticket): /t/{token}, and its live data
GET /api/v1/public/tickets/{token}?lang=id that the page polls every few seconds.

Only the holder of the ticket's token sees anything: an unknown, malformed or guessed token gets
the same 404 as any other, and each miss costs the client a lookup token (429 when spent). The
JSON carries the public fields (as GET /api/v1/tickets/{token}) plus the status block rendered
as HTML, so the page's script only swaps it in; an ETag makes an unchanged poll a bodiless 304.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.responses import JSONResponse, Response

from ...domain.tickets import Ticket, TicketStatus
from ...store import visitor_db
from .. import payloads
from ..spec import ApiError
from .core import Ctx, PageError, Visitor
from .html import Markup, esc, join, link, tag
from .texts import LANGS, day_text, hm, t

FINAL = {TicketStatus.DONE, TicketStatus.CANCELLED, TicketStatus.EXPIRED}


def lookup_ticket(v: Visitor, ip: str, token: str) -> Ticket | None:
    """The ticket of a token, or None; a miss is charged to the client's lookup bucket."""
    ticket = None
    if 8 <= len(token) <= 64 and token.isascii():
        # The unique index finds the id; today's tickets then come from memory (no scan of the
        # day's tickets on every poll), older ones from the database.
        row = v.reader.execute("SELECT id FROM tickets WHERE token = ?", (token,)).fetchone()
        if row is not None:
            with v.store.lock:
                live = v.store.state.tickets.get(row[0])
                ticket = replace(live) if live is not None and live.token == token else None
            ticket = ticket or v.store.ticket_by_token(token)
    if ticket is None:
        v.lookup_limit.charge(ip)
    return ticket


def find_for_page(v: Visitor, ctx: Ctx, token: str) -> Ticket:
    wait = v.lookup_limit.wait(ctx.ip)
    if wait:
        raise PageError(429, "err.429", {"Retry-After": str(wait)}, seconds=wait)
    ticket = lookup_ticket(v, ctx.ip, token)
    if ticket is None:
        raise PageError(404, "err.404")
    return current(v, ticket)


def find_for_api(v: Visitor, ip: str, token: str) -> Ticket:
    wait = v.lookup_limit.wait(ip)
    if wait:
        raise ApiError(429, "rate_limited", f"Terlalu banyak permintaan; coba lagi dalam {wait} "
                       "detik", {"Retry-After": str(wait)})
    ticket = lookup_ticket(v, ip, token)
    if ticket is None:
        raise ApiError(404, "unknown_ticket", "Tiket tidak ditemukan")
    return current(v, ticket)


def current(v: Visitor, ticket: Ticket) -> Ticket:
    with v.store.lock:
        live = v.store.state.tickets.get(ticket.id)
        return replace(live) if live is not None else ticket


def survey_state(v: Visitor, ticket: Ticket) -> str | None:
    """'open', 'done' or 'closed' for a served ticket; None before that."""
    if ticket.status is not TicketStatus.DONE:
        return None
    if visitor_db.survey_done(v.reader, ticket.id):
        return "done"
    today = v.now().astimezone(ZoneInfo(v.tz)).date()
    if today - ticket.day > timedelta(days=v.options.survey_days):
        return "closed"
    return "open"


def view(v: Visitor, ticket: Ticket, lang: str) -> dict[str, Any]:
    with v.store.lock:
        state = v.store.state
        live = state.tickets.get(ticket.id)
        estimate = v.store.engine.estimate(ticket.id) if live is not None else None
        data = payloads.public_ticket_json(state, live or ticket, estimate)
    survey = survey_state(v, ticket)
    data["final"] = ticket.status in FINAL
    data["survey"] = survey
    data["html"] = str(fragment(v, ticket, data, lang, survey))
    data["title"] = f"{ticket.number} · {t(lang, 'st.title')}"
    return data


def _headline(data: dict[str, Any], lang: str) -> tuple[str, str | None]:
    status, counter = data["status"], data["counter_number"]
    if status == "called":
        hint = t(lang, "st.called_hint", booth=data["booth"]) if data["booth"] else None
        return t(lang, "st.called", counter=counter), hint
    if status == "serving":
        return t(lang, "st.serving", counter=counter), None
    if status == "waiting":
        return t(lang, "st.waiting"), None
    return t(lang, f"st.{status}"), None


def fragment(v: Visitor, ticket: Ticket, data: dict[str, Any], lang: str,
             survey: str | None) -> Markup:
    status = data["status"]
    service = data["service"]["name"] or ""
    agency = data["agency"]["short_name"] or ""
    issued = ticket.issued_at.astimezone(ZoneInfo(v.tz))
    head = [tag("p", t(lang, "st.number"), class_="label"), tag("p", data["number"], class_="number"),
            tag("p", f"{service} · {agency}", class_="service")]
    if data["priority_label"]:
        head.append(tag("p", t(lang, "st.priority", label=data["priority_label"]), class_="tag"))
    head.append(tag("p", t(lang, "st.issued", day=day_text(lang, issued.date(), False),
                           time=hm(issued)), class_="muted small"))
    headline, hint = _headline(data, lang)
    state = [tag("p", headline, class_="headline", role="alert" if status == "called" else None)]
    if hint:
        state.append(tag("p", hint, class_="sub"))
    if status == "waiting" and data["estimate"]:
        ahead, minutes = data["estimate"]["ahead"], data["estimate"]["minutes"]
        wait = t(lang, "st.minutes", n=minutes) if ahead else t(lang, "st.soon")
        state.append(Markup(
            f'<dl class="facts"><div><dt>{esc(t(lang, "st.ahead"))}</dt><dd>{ahead}</dd></div>'
            f'<div><dt>{esc(t(lang, "st.wait"))}</dt><dd>{esc(wait)}</dd></div></dl>'))
    actions = []
    if survey == "open":
        actions.append(link(f"/survey/{ticket.token}", t(lang, "st.survey"), class_="btn"))
    elif survey == "done":
        state.append(tag("p", t(lang, "st.survey_done"), class_="sub"))
    actions.append(link(f"/pengaduan/{ticket.token}", t(lang, "st.complaint"),
                        class_="btn secondary"))
    return join([tag("div", join(head), class_="ticket"),
                 tag("div", join(state), class_=f"state s-{status}"),
                 tag("p", join(actions), class_="actions")])


async def status_page(v: Visitor, ctx: Ctx) -> Response:
    token = ctx.request.path_params["token"]
    ticket = find_for_page(v, ctx, token)
    data = view(v, ticket, ctx.lang)
    poll = f"/api/v1/public/tickets/{token}?lang={ctx.lang}"
    live = Markup(
        f'<div id="live" class="live" aria-live="polite" data-poll="{esc(poll)}" '
        f'data-every="{v.options.poll_seconds}" data-status="{esc(data["status"])}" '
        f'data-final="{1 if data["final"] else 0}">{data["html"]}</div>')
    body = join([tag("h1", ctx.t("st.title"), class_="visually-hidden"), live,
                 tag("p", ctx.t("st.offline"), id="offline", class_="notice error", hidden=True),
                 tag("p", ctx.t("st.live") if not data["final"] else ctx.t("st.keep"),
                     class_="muted small center")])
    return v.render(ctx, data["title"], body, script="status.js", body_class="status-page")


async def status_json(v: Visitor, call) -> Response:
    request = call.request
    ip = request.client.host if request.client else ""
    ticket = find_for_api(v, ip, call.params["token"])
    lang = request.query_params.get("lang")
    data = view(v, ticket, lang if lang in LANGS else "id")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(data, headers=headers)
