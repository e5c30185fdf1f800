"""Escaped HTML building blocks and the page frame of the visitor pages.

No template engine: pages are small functions returning ``Markup``. Only Markup is inserted
unescaped, and Markup is only built here from escaped parts or literal strings in the code.
"""
from __future__ import annotations

import html
from typing import Any, Iterable
from urllib.parse import urlencode

from starlette.responses import HTMLResponse

ASSETS = "/visitor-assets"


class Markup(str):
    """Text that is already HTML."""

    def __add__(self, other: Any) -> "Markup":
        return Markup(str(self) + str(esc(other)))

    def __radd__(self, other: Any) -> "Markup":
        return Markup(str(esc(other)) + str(self))


def esc(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    return Markup(sep.join(str(esc(p)) for p in parts))


def attrs(**kw: Any) -> Markup:
    """` name="value"`; True: bare attribute; False/None: left out; class_ -> class,
    aria_live -> aria-live."""
    out = []
    for key, value in kw.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return Markup("".join(out))


def tag(element: str, content: Any = "", /, **kw: Any) -> Markup:
    return Markup(f"<{element}{attrs(**kw)}>{esc(content)}</{element}>")


def void(element: str, /, **kw: Any) -> Markup:
    return Markup(f"<{element}{attrs(**kw)}>")


def link(href: str, text: Any, **kw: Any) -> Markup:
    return tag("a", text, href=href, **kw)


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
