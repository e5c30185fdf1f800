"""Escaped HTML building blocks shared by the master's web pages (back office, visitor pages).

No template engine: pages are small functions returning Markup. The rule that keeps this safe:
only ``Markup`` values are inserted unescaped, and Markup is only ever built from escaped parts
or from literal strings in the code.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

__all__ = ["Markup", "attrs", "esc", "join", "link", "tag", "void"]


class Markup(str):
    """Text that is already HTML (escaped where needed)."""

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
    """` name="value"` pairs; True -> bare attribute, False/None -> left out; a trailing _ is
    dropped (class_) and other underscores become dashes (aria_label, data_refresh)."""
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
