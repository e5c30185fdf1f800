"""Site settings (name, time zone, numbering, calling rule, ticket footer) and display content."""
from __future__ import annotations

import dataclasses
from typing import Any

from starlette.responses import RedirectResponse, Response

from ...catalog.draft import CatalogDraft
from ...catalog.errors import CatalogError
from ...domain.calling import CallingRule, RuleMode
from ...store import admin_db
from .catalog_ops import Refused, change_catalog, problems_text, write_with_event
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .forms import Invalid
from .html import (Markup, button, checkbox, described_by, error_list, field_wrap, join, link,
                   notice, post_form, select, tag, text_input, textarea)
from .layout import render

TIMEZONES = (("Asia/Jakarta", "WIB — Asia/Jakarta"), ("Asia/Pontianak", "WIB — Asia/Pontianak"),
             ("Asia/Makassar", "WITA — Asia/Makassar"), ("Asia/Jayapura", "WIT — Asia/Jayapura"))


def _zones(current: str) -> tuple[tuple[str, str], ...]:
    """The Indonesian zones, plus the site's own if it is another (kept, not forced away)."""
    known = tuple(z for z, _ in TIMEZONES)
    return TIMEZONES if current in known else ((current, current), *TIMEZONES)
RULES = tuple(m.value for m in RuleMode)
TICKER_KEY = "display.ticker"
TICKER_MAX = 500


def _control(p: Page, name: str, label: str, control_fn, errors: dict, help_key: str | None = None,
             required: bool = False, wide: bool = False) -> Markup:
    error = p.t(errors[name]) if name in errors else None
    help_text = p.t(help_key) if help_key else None
    control = control_fn(described_by(name, help_text, error), bool(error))
    return field_wrap(name, p.t(label), control, error=error, help_text=help_text,
                      required=required, wide=wide)


def _site_body(p: Page, v: dict[str, Any], errors: dict[str, str]) -> Markup:
    rule_opts = [(m, p.t(f"rule.{m}")) for m in RULES]
    fields = join([
        tag("div", join([tag("span", p.t("f.site_id"), class_="label"), tag("code", v["id"]),
                         tag("p", p.t("help.site_id"), class_="help")]), class_="field readonly"),
        _control(p, "name", "f.site_name", lambda d, e: text_input(
            "name", v["name"], required=True, maxlength=200, error=e, describedby=d),
            errors, required=True, wide=True),
        _control(p, "timezone", "f.timezone", lambda d, e: select(
            "timezone", _zones(v["current_tz"]), v["timezone"], error=e, describedby=d), errors,
            "help.timezone"),
        _control(p, "number_padding", "f.number_padding", lambda d, e: text_input(
            "number_padding", v["number_padding"], kind="number", min="1", max="6", error=e,
            describedby=d), errors, "help.number_padding"),
        _control(p, "rule_mode", "f.rule_mode", lambda d, e: select(
            "rule_mode", rule_opts, v["rule_mode"], error=e, describedby=d), errors,
            "help.rule_mode"),
        _control(p, "rule_n", "f.rule_n", lambda d, e: text_input(
            "rule_n", v["rule_n"], kind="number", min="1", max="999", error=e, describedby=d),
            errors, "help.rule_n"),
        _control(p, "ticket_footer", "f.ticket_footer", lambda d, e: text_input(
            "ticket_footer", v["ticket_footer"], maxlength=120, error=e, describedby=d), errors,
            "help.ticket_footer", wide=True),
        checkbox("require_staffed", v["require_staffed"], p.t("f.require_staffed")),
        checkbox("open_24h", v["open_24h"], p.t("f.open_24h")),
    ])
    rule_text = tag("p", join([tag("strong", p.t("site.rule_now")), " ",
                               v.get("rule_text", "")]), class_="muted")
    hours = tag("p", join([p.t("site.hours_hint"), " ",
                           link(f"{PREFIX}/admin/schedules/site", p.t("site.hours_link"))]))
    form = post_form(f"{PREFIX}/admin/site", p.csrf, join([
        tag("div", fields, class_="grid"), tag("div", button(p.t("common.save")),
                                               class_="actions")]))
    return join([rule_text, hours, form])


def _values(draft: CatalogDraft, lang: str) -> dict[str, Any]:
    s = draft.site
    rule = CallingRule.parse(s.calling_rule)
    return {"id": s.id, "name": s.name, "timezone": s.timezone,
            "number_padding": s.number_padding, "rule_mode": rule.mode.value,
            "rule_n": rule.n or "", "ticket_footer": s.ticket_footer,
            "require_staffed": s.require_staffed, "open_24h": s.open_24h,
            "rule_text": rule.describe(lang), "current_tz": s.timezone}


async def site_page(bo: BackOffice, p: Page) -> Response:
    return render(p, p.t("site.title"), _site_body(p, _values(bo.draft(), p.lang), {}),
                  section="admin", admin="site")


async def site_save(bo: BackOffice, p: Page) -> Response:
    f, draft = p.form, bo.draft()
    name = f.line("name", required=True, max_len=200)
    tz = f.choice("timezone", [z for z, _ in _zones(draft.site.timezone)])
    padding = f.integer("number_padding", minimum=1, maximum=6, default=3)
    mode = f.choice("rule_mode", RULES)
    n = f.integer("rule_n", minimum=1, maximum=999)
    footer = f.line("ticket_footer", max_len=120)
    if mode in ("ratio", "max_wait") and n is None and "rule_n" not in f.errors:
        f.error("rule_n", "err.rule_n")
    values = {**_values(draft, p.lang), "name": name, "timezone": tz, "number_padding": padding,
              "rule_mode": mode, "rule_n": n or "", "ticket_footer": footer,
              "require_staffed": f.boolean("require_staffed"), "open_24h": f.boolean("open_24h")}
    try:
        f.check()
    except Invalid:
        values.update(number_padding=f.raw("number_padding"), rule_n=f.raw("rule_n"))
        return render(p, p.t("site.title"), _site_body(p, values, f.errors), section="admin",
                      admin="site", status=422, flash=notice(p.t("form.has_errors"), "error"))
    spec = f"{mode}:{n}" if mode in ("ratio", "max_wait") else mode

    def edit(d: CatalogDraft) -> dict:
        before = dataclasses.asdict(d.site)
        d.site = dataclasses.replace(
            d.site, name=name, timezone=tz, number_padding=padding, calling_rule=spec,
            require_staffed=values["require_staffed"], ticket_footer=footer,
            open_24h=values["open_24h"])
        after = dataclasses.asdict(d.site)
        return {"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}}

    try:
        await change_catalog(bo, p, "site_updated", draft.site.id, edit, section="site")
    except (Refused, CatalogError) as exc:
        block = (notice(exc.message, "error") if isinstance(exc, Refused)
                 else error_list(p.t("catalog.invalid"), problems_text(exc)))
        return render(p, p.t("site.title"), join([block, _site_body(p, values, {})]),
                      section="admin", admin="site", status=422)
    return RedirectResponse(f"{PREFIX}/admin/site?ok=saved", 303)


def _display_body(p: Page, ticker: str, error: str | None) -> Markup:
    help_text = p.t("help.ticker", n=TICKER_MAX)
    control = textarea("ticker", ticker, rows=4, maxlength=TICKER_MAX, error=bool(error),
                       describedby=described_by("ticker", help_text, error))
    form = post_form(f"{PREFIX}/admin/display", p.csrf, join([
        field_wrap("ticker", p.t("f.ticker"), control, error=error, help_text=help_text,
                   wide=True),
        tag("div", button(p.t("common.save")), class_="actions")]))
    preview = tag("div", tag("p", ticker or p.t("display.empty"), class_="ticker-text"),
                  class_="ticker-preview", aria_label=p.t("display.preview"))
    return join([tag("p", p.t("display.intro"), class_="lead"), preview, form])


async def display_page(bo: BackOffice, p: Page) -> Response:
    ticker = admin_db.get_setting(bo.reader, TICKER_KEY)
    return render(p, p.t("display.title"), _display_body(p, ticker, None), section="admin",
                  admin="display")


async def display_save(bo: BackOffice, p: Page) -> Response:
    f = p.form
    text = " ".join(f.text("ticker", max_len=TICKER_MAX).split())  # one line on the display
    if "ticker" in f.errors:
        return render(p, p.t("display.title"), _display_body(p, f.raw("ticker")[:TICKER_MAX * 2],
                                                            f.errors["ticker"]),
                      section="admin", admin="display", status=422)
    before = admin_db.get_setting(bo.reader, TICKER_KEY)

    def save(conn) -> dict:
        admin_db.set_setting(conn, TICKER_KEY, text)
        return {"before": before, "after": text}

    await write_with_event(bo, p, "display_updated", "ticker", save,
                           event={"section": "display", "action": "display_updated",
                                  "ticker": text})
    return RedirectResponse(f"{PREFIX}/admin/display?ok=saved", 303)


async def admin_home(bo: BackOffice, p: Page) -> Response:
    return RedirectResponse(f"{PREFIX}/admin/site", 303)


ROUTES = [
    PageRoute("GET", "/admin", admin_home, ADMIN),
    PageRoute("GET", "/admin/site", site_page, ADMIN),
    PageRoute("POST", "/admin/site", site_save, ADMIN),
    PageRoute("GET", "/admin/display", display_page, ADMIN),
    PageRoute("POST", "/admin/display", display_save, ADMIN),
]
