"""Escaped HTML building blocks and the page frame of the visitor pages.

No template engine: pages are small functions returning ``Markup``. Only Markup is inserted
unescaped, and Markup is only built here from escaped parts or literal strings in the code.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import HTMLResponse

from ..markup import Markup, attrs, esc, join, link, tag, void  # noqa: F401 (re-exported)

ASSETS = "/visitor-assets"


def notice(text: Any, kind: str = "info") -> Markup:
    return tag("p", text, class_=f"notice {kind}", role="alert" if kind == "error" else None)


def form(action: str, csrf: str, content: Any, **kw: Any) -> Markup:
    hidden = void("input", type="hidden", name="csrf", value=csrf)
    return Markup(f'<form method="post"{attrs(action=action, **kw)}>{hidden}{esc(content)}'
                  "</form>")


def field_error(name: str, message: str | None) -> Markup:
    if not message:
        return Markup("")
    return tag("p", message, id=f"{name}-error", class_="field-error")


def lang_href(path: str, query: dict[str, str], lang: str) -> str:
    params = {k: v for k, v in query.items() if k != "lang"}
    params["lang"] = lang
    return f"{path}?{urlencode(params)}"


def document(*, lang: str, title: str, site: str, body: Any, switch: Markup,
             status: int = 200, script: str | None = None, body_class: str | None = None,
             headers: dict[str, str] | None = None) -> HTMLResponse:
    js = f'<script src="{ASSETS}/{script}" defer></script>' if script else ""
    doc = (
        f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="theme-color" content="#0f4c5c">'
        f"<title>{esc(title)} · {esc(site)}</title>"
        f'<link rel="stylesheet" href="{ASSETS}/visitor.css">'
        f'<link rel="icon" href="{ASSETS}/favicon.svg" type="image/svg+xml">{js}</head>'
        f"<body{attrs(class_=body_class)}>"
        f'<header class="bar"><span class="site">{esc(site)}</span>{switch}</header>'
        f'<main id="main">{esc(body)}</main>'
        f'<footer class="foot">Antrean · {esc(site)}</footer></body></html>'
    )
    return HTMLResponse(doc, status, headers=headers)
