"""Complaints (pengaduan) linked to a ticket: /pengaduan/{token}. Stored with status 'baru' for
the back office (visitor_db.list_complaints / set_complaint_status) and the SP4N-LAPOR! export
(visitor_db.complaints_for_lapor). At most complaints.MAX_PER_TICKET per ticket."""
from __future__ import annotations

from typing import Mapping

from starlette.responses import Response

from ...domain import complaints as cm
from ...domain.tickets import Ticket
from ...store import visitor_db
from .core import Ctx, Visitor
from .html import Markup, esc, field_error, form, join, link, notice, tag, void
from .status import find_for_page


def _heading(ctx: Ctx, ticket: Ticket) -> Markup:
    return join([tag("h1", ctx.t("cp.title")),
                 tag("p", ctx.t("cp.lead", number=ticket.number), class_="lead")])


def _label(ctx: Ctx, name: str, key: str, required: bool = False) -> Markup:
    mark = Markup(' <span class="req" aria-hidden="true">*</span>') if required else Markup("")
    return Markup(f'<label for="f-{name}">{esc(ctx.t(key))}{mark}</label>')


def _error(ctx: Ctx, errors: Mapping[str, str], name: str) -> Markup:
    code = errors.get(name)
    return field_error(name, ctx.t("fe." + code) if code else None)


def _form(ctx: Ctx, token: str, values: Mapping[str, str], errors: Mapping[str, str]) -> Markup:
    chosen = values.get("category", "")
    options = join(tag("option", label, value=value, selected=value == chosen) for value, label in
                   [("", ctx.t("sv.choose"))] + [(k, cm.category_label(k, ctx.lang))
                                                 for k in cm.CATEGORIES])
    described = {n: f"{n}-error" if n in errors else None for n in ("category", "text", "contact")}
    category = tag("div", _label(ctx, "category", "cp.category", True)
                   + tag("select", options, id="f-category", name="category", required=True,
                         aria_describedby=described["category"])
                   + _error(ctx, errors, "category"), class_="field")
    text = tag("div", _label(ctx, "text", "cp.text", True)
               + tag("textarea", values.get("text", ""), id="f-text", name="text", rows="6",
                     required=True, minlength=str(cm.TEXT_MIN), maxlength=str(cm.TEXT_MAX),
                     aria_describedby=described["text"] or "text-help")
               + tag("p", ctx.t("cp.text_help", min=cm.TEXT_MIN, max=cm.TEXT_MAX),
                     id="text-help", class_="help")
               + _error(ctx, errors, "text"), class_="field")
    contact = tag("div", _label(ctx, "contact", "cp.contact")
                  + void("input", type="text", id="f-contact", name="contact",
                         value=values.get("contact", ""), maxlength=str(cm.CONTACT_MAX),
                         autocomplete="tel", aria_describedby=described["contact"]
                         or "contact-help")
                  + tag("p", ctx.t("cp.contact_help"), id="contact-help", class_="help")
                  + _error(ctx, errors, "contact"), class_="field")
    top = notice(ctx.t("cp.fix"), "error") if errors else Markup("")
    button = tag("button", ctx.t("cp.submit"), type="submit", class_="btn wide")
    return top + form(f"/pengaduan/{token}", ctx.csrf, join([category, text, contact, button]))


def _back(ctx: Ctx, ticket: Ticket) -> Markup:
    return tag("p", link(f"/t/{ticket.token}", ctx.t("st.title"), class_="btn secondary"),
               class_="actions")


def _limited(v: Visitor, ctx: Ctx, ticket: Ticket, status: int) -> Response:
    body = _heading(ctx, ticket) + notice(ctx.t("cp.limit", n=cm.MAX_PER_TICKET), "error") \
        + _back(ctx, ticket)
    return v.render(ctx, ctx.t("cp.title"), body, status=status)


async def complaint_page(v: Visitor, ctx: Ctx) -> Response:
    token = ctx.request.path_params["token"]
    ticket = find_for_page(v, ctx, token)
    if visitor_db.complaints_for_ticket(v.reader, ticket.id) >= cm.MAX_PER_TICKET:
        return _limited(v, ctx, ticket, 200)
    body = _heading(ctx, ticket) + _form(ctx, token, {}, {})
    return v.render(ctx, ctx.t("cp.title"), body)


async def complaint_submit(v: Visitor, ctx: Ctx) -> Response:
    v.limit(v.form_limit, ctx)
    token = ctx.request.path_params["token"]
    ticket = find_for_page(v, ctx, token)
    draft, errors = cm.clean(ctx.form.get("category", ""), ctx.form.get("text", ""),
                             ctx.form.get("contact", ""))
    if draft is None:
        body = _heading(ctx, ticket) + _form(ctx, token, ctx.form, errors)
        return v.render(ctx, ctx.t("cp.title"), body, status=422)
    service = v.catalog().services.get(ticket.service_id)

    def write(conn) -> int | None:
        if visitor_db.complaints_for_ticket(conn, ticket.id) >= cm.MAX_PER_TICKET:
            return None
        return visitor_db.add_complaint(
            conn, ticket_id=ticket.id, agency_id=service.agency_id if service else None,
            service_id=ticket.service_id, day=ticket.day, draft=draft, ip=ctx.ip,
            at_ms=v.now_ms())
    complaint_id = await v.write(write)
    if complaint_id is None:
        return _limited(v, ctx, ticket, 409)
    reference = f"P{complaint_id:06d}"
    body = join([_heading(ctx, ticket), notice(ctx.t("cp.thanks"), "ok"),
                 tag("p", ctx.t("cp.reference", ref=reference), class_="reference"),
                 _back(ctx, ticket)])
    return v.render(ctx, ctx.t("cp.title"), body)
