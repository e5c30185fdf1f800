"""The back office's HTML pieces (tables, forms, page frame) on top of shared/master/markup.py,
whose escaping rule keeps every page safe."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..markup import Markup, attrs, esc, join, link, tag, void  # noqa: F401 (re-exported)


def table(headers: list[Any], rows: Iterable[list[Any]], *, numeric: set[int] | None = None,
          caption: Any = None, empty: Any = None, class_: str = "data") -> Markup:
    """A data table; ``numeric`` column indexes are right-aligned."""
    numeric = numeric or set()
    head = join(tag("th", h, scope="col", class_="num" if i in numeric else None)
                for i, h in enumerate(headers))
    body = []
    for row in rows:
        body.append(tag("tr", join(tag("td", v, class_="num" if i in numeric else None)
                                   for i, v in enumerate(row))))
    if not body and empty is not None:
        body.append(tag("tr", tag("td", empty, colspan=str(len(headers)), class_="empty")))
    cap = tag("caption", caption) if caption is not None else Markup("")
    return Markup(f'<div class="table-wrap"><table{attrs(class_=class_)}>{cap}<thead><tr>{head}'
                  f'</tr></thead><tbody>{join(body)}</tbody></table></div>')


def hidden(name: str, value: Any) -> Markup:
    return void("input", type="hidden", name=name, value=value)


def button(text: Any, *, kind: str = "primary", name: str | None = None,
           value: str | None = None, confirm: str | None = None) -> Markup:
    return tag("button", text, type="submit", class_=f"btn {kind}", name=name, value=value,
               data_confirm=confirm)


def post_form(action: str, csrf: str, content: Any, *, class_: str = "form",
              upload: bool = False, inline: bool = False) -> Markup:
    enctype = "multipart/form-data" if upload else None
    cls = f"{class_} inline" if inline else class_
    return Markup(f'<form method="post"{attrs(action=action, enctype=enctype, class_=cls)}>'
                  f'{hidden("csrf", csrf)}{esc(content)}</form>')


def described_by(name: str, help_text: Any, error: Any) -> str | None:
    ids = [f"{name}-help"] * bool(help_text) + [f"{name}-error"] * bool(error)
    return " ".join(ids) or None


def field_wrap(name: str, label: Any, control: Markup, *, error: str | None = None,
               help_text: Any = None, required: bool = False, wide: bool = False,
               control_id: str | None = None) -> Markup:
    """A labelled control with its help text and error; build the control with
    ``describedby=described_by(name, help_text, error)`` so screen readers link them."""
    extra = Markup("")
    if help_text:
        extra += tag("p", help_text, id=f"{name}-help", class_="help")
    if error:
        extra += tag("p", error, id=f"{name}-error", class_="field-error")
    mark = Markup(' <span class="req" aria-hidden="true">*</span>') if required else Markup("")
    lab = Markup(f'<label for="{esc(control_id or "f-" + name)}">{esc(label)}{mark}</label>')
    cls = "field" + (" wide" if wide else "") + (" has-error" if error else "")
    return Markup(f'<div class="{cls}">{lab}{control}{extra}</div>')


def text_input(name: str, value: Any, *, kind: str = "text", required: bool = False,
               maxlength: int | None = None, error: bool = False,
               describedby: str | None = None, id_: str | None = None, **kw: Any) -> Markup:
    return void("input", type=kind, id=id_ or f"f-{name}", name=name, value=value, required=required,
                maxlength=maxlength, aria_invalid="true" if error else None,
                aria_describedby=describedby, **kw)


def textarea(name: str, value: Any, *, rows: int = 3, required: bool = False,
             error: bool = False, maxlength: int | None = None,
             describedby: str | None = None) -> Markup:
    return tag("textarea", esc(value), id=f"f-{name}", name=name, rows=str(rows),
               required=required, maxlength=maxlength, aria_invalid="true" if error else None,
               aria_describedby=describedby)


def select(name: str, options: Iterable[tuple[str, Any]], selected: str | None, *,
           required: bool = False, error: bool = False, describedby: str | None = None,
           id_: str | None = None) -> Markup:
    opts = join(tag("option", label, value=value, selected=(value == selected))
                for value, label in options)
    return tag("select", opts, id=id_ or f"f-{name}", name=name, required=required,
               aria_invalid="true" if error else None, aria_describedby=describedby)


def checkbox(name: str, checked: bool, label: Any) -> Markup:
    return Markup(f'<div class="field check"><input{attrs(type="checkbox", id=f"f-{name}", name=name, value="1", checked=checked)}>'
                  f'<label for="f-{esc(name)}">{esc(label)}</label></div>')


def notice(text: Any, kind: str = "ok") -> Markup:
    role = "alert" if kind == "error" else "status"
    return tag("div", text, class_=f"notice {kind}", role=role)


def error_list(title: Any, items: Iterable[Any]) -> Markup:
    lis = join(tag("li", i) for i in items)
    return Markup(f'<div class="notice error" role="alert"><p>{esc(title)}</p><ul>{lis}</ul></div>')


def section(title: Any, content: Any, *, id_: str | None = None) -> Markup:
    return Markup(f'<section class="card"{attrs(id=id_)}><h2>{esc(title)}</h2>{esc(content)}</section>')
