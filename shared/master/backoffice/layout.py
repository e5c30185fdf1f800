"""The page frame: head, top bar with navigation and language switch, admin side menu, errors."""
from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse

from .core import PREFIX, Page
from .forms import HttpError
from .html import Markup, button, esc, join, link, notice, post_form, tag

STATIC = f"{PREFIX}/static"

MAIN_NAV = (("dashboard", "/", "nav.dashboard"), ("reports", "/reports", "nav.reports"),
            ("admin", "/admin", "nav.admin"))
ADMIN_NAV = (
    ("site", "/admin/site", "nav.site"), ("agencies", "/admin/agencies", "nav.agencies"),
    ("services", "/admin/services", "nav.services"), ("booths", "/admin/booths", "nav.booths"),
    ("counters", "/admin/counters", "nav.counters"),
    ("schedules", "/admin/schedules", "nav.schedules"),
    ("closures", "/admin/closures", "nav.closures"),
    ("officers", "/admin/officers", "nav.officers"), ("devices", "/admin/devices", "nav.devices"),
    ("display", "/admin/display", "nav.display"), ("catalog", "/admin/catalog", "nav.catalog"),
    ("audit", "/admin/audit", "nav.audit"),
)
FLASH = ("saved", "created", "deleted", "imported", "revoked", "password", "pin", "unlocked",
         "signed_out", "paired", "pairing_rejected")


def _lang_switch(p: Page) -> Markup:
    other = "en" if p.lang == "id" else "id"
    path = p.request.url.path
    label = "English" if other == "en" else "Bahasa Indonesia"
    return link(f"{path}?lang={other}", label, class_="lang", hreflang=other, lang=other)


def _top(p: Page, section: str) -> Markup:
    site = p.bo.catalog().site.name
    items = []
    if p.user is not None:
        for key, href, label in MAIN_NAV:
            if key == "admin" and not p.is_admin:
                continue
            current = "page" if key == section else None
            items.append(tag("li", link(PREFIX + href, p.t(label), aria_current=current)))
    nav = tag("nav", tag("ul", join(items)), aria_label=p.t("nav.main")) if items else Markup("")
    user = Markup("")
    if p.user is not None:
        role = p.t(f"role.{p.user.role}")
        who = tag("span", f"{p.user.name} · {role}", class_="who")
        out = post_form(f"{PREFIX}/logout", p.csrf, button(p.t("nav.logout"), kind="link"),
                        inline=True, class_="logout")
        user = join([link(f"{PREFIX}/account", who, class_="account"), out])
    brand = tag("div", join([tag("span", "Antrean", class_="app"), tag("span", site, class_="site")]),
                class_="brand")
    return tag("header", join([brand, nav, tag("div", join([user, _lang_switch(p)]),
                                                       class_="tools")]), class_="top")


def _side(p: Page, current: str) -> Markup:
    items = [tag("li", link(PREFIX + href, p.t(label),
                            aria_current="page" if key == current else None))
             for key, href, label in ADMIN_NAV]
    return tag("nav", tag("ul", join(items)), class_="side", aria_label=p.t("nav.admin"))


def render(p: Page, title: str, body: Any, *, section: str = "", admin: str | None = None,
           status: int = 200, flash: Any = None) -> HTMLResponse:
    """A whole page. ``admin`` names the current admin section (shows the side menu)."""
    ok = p.request.query_params.get("ok")
    messages = Markup("")
    if ok in FLASH and flash is None:
        messages = notice(p.t(f"ok.{ok}"))
    elif flash is not None:
        messages = flash
    content = join([tag("h1", title), messages, body])
    if admin is not None:
        main = tag("div", join([_side(p, admin), tag("div", content, class_="content")]),
                   class_="with-side")
    else:
        main = content
    doc = (
        f'<!doctype html><html lang="{esc(p.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)} · Antrean</title>'
        f'<link rel="stylesheet" href="{STATIC}/backoffice.css">'
        f'<link rel="icon" href="{STATIC}/favicon.svg" type="image/svg+xml">'
        f'<script src="{STATIC}/backoffice.js" defer></script></head><body>'
        f'<a class="skip" href="#main">{esc(p.t("nav.skip"))}</a>{_top(p, section)}'
        f'<main id="main" tabindex="-1">{main}</main></body></html>'
    )
    return HTMLResponse(doc, status)


def error_page(p: Page, e: HttpError) -> HTMLResponse:
    titles = {400: "err.title.400", 403: "err.title.403", 404: "err.title.404",
              405: "err.title.405", 413: "err.title.413", 415: "err.title.415",
              422: "err.title.422", 423: "err.title.423", 409: "err.title.409"}
    title = p.t(titles.get(e.status, "err.title.other"))
    home = PREFIX + ("/" if p.user is not None else "/login")
    body = join([notice(e.message, "error"),
                 tag("p", link(home, p.t("err.back_home")))])
    return render(p, title, body, status=e.status)
