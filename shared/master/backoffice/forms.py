"""Reading form posts: bounded bodies, urlencoded and multipart parsing, typed field checks.

Every problem becomes a 4xx (HttpError) or a per-field message (Form.errors, shown next to the
field on a 422 page); nothing a browser can send raises anything else.
"""
from __future__ import annotations

import re
from datetime import date
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from .i18n import t

MAX_FORM = 256 * 1024
MAX_UPLOAD = 8 * 1024 * 1024
MAX_FIELDS = 1000

SLUG = re.compile(r"[a-z0-9-]{1,40}")
PREFIX = re.compile(r"[A-Z]{1,3}")
TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
INT = re.compile(r"[+-]?[0-9]{1,15}")
DECIMAL = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,4})?")


class HttpError(Exception):
    """Answer with an error page: status and the (already translated) message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Invalid(Exception):
    """A form with field errors: the handler re-renders it (422)."""


class Refused(Exception):
    """A change that cannot be applied (unknown code, still in use ...): a translated message."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def parse_urlencoded(raw: bytes, lang: str) -> dict[str, list[str]]:
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS,
                          encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, t(lang, "err.bad_form")) from None
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:
            raise HttpError(400, t(lang, "err.bad_form"))
        data.setdefault(key, []).append(value)
    return data


def parse_multipart(raw: bytes, content_type: str, lang: str
                    ) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    """(text fields, files: name -> (file name, bytes)) of a multipart/form-data body."""
    if "boundary=" not in content_type:
        raise HttpError(400, t(lang, "err.bad_form"))
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    try:
        message = BytesParser(policy=HTTP).parsebytes(head + raw)
        if not message.is_multipart():
            raise ValueError("not multipart")
        fields: dict[str, list[str]] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                files[str(name)] = (str(filename), payload)
            else:
                fields.setdefault(str(name), []).append(payload.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError, LookupError, AttributeError):
        raise HttpError(400, t(lang, "err.bad_form")) from None
    return fields, files


class Form:
    """Typed access to posted fields; problems collect in ``errors`` (field -> message)."""

    def __init__(self, data: dict[str, list[str]], lang: str,
                 files: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.data = data
        self.files = files or {}
        self.lang = lang
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        values = self.data.get(name)
        return values[0] if values else ""

    def values(self, name: str) -> list[str]:
        return list(self.data.get(name, []))

    def error(self, name: str, key: str, **kw) -> None:
        self.errors.setdefault(name, t(self.lang, key, **kw))

    def check(self) -> None:
        if self.errors:
            raise Invalid()

    # -- typed readers: each returns a usable value even when it records an error --------------
    def text(self, name: str, *, required: bool = False, max_len: int = 200,
             strip: bool = True) -> str:
        value = self.raw(name)
        value = value.strip() if strip else value
        if required and not value.strip():
            self.error(name, "err.required")
        elif len(value) > max_len:
            self.error(name, "err.too_long", n=max_len)
        elif any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value):
            self.error(name, "err.control_chars")
        return value

    def line(self, name: str, *, required: bool = False, max_len: int = 200) -> str:
        value = self.text(name, required=required, max_len=max_len)
        if "\n" in value or "\r" in value:
            self.error(name, "err.one_line")
        return value

    def code(self, name: str) -> str:
        value = self.text(name, required=True, max_len=40)
        if value and not SLUG.fullmatch(value):
            self.error(name, "err.code")
        return value

    def prefix(self, name: str) -> str:
        value = self.text(name, required=True, max_len=3).upper()
        if value and not PREFIX.fullmatch(value):
            self.error(name, "err.prefix")
        return value

    def integer(self, name: str, *, minimum: int = 0, maximum: int = 10**9,
                default: int | None = None, required: bool = False) -> int | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.error(name, "err.required")
            return default
        if not INT.fullmatch(value):
            self.error(name, "err.integer")
            return default
        number = int(value)
        if not minimum <= number <= maximum:
            self.error(name, "err.range", lo=minimum, hi=maximum)
            return default
        return number

    def decimal(self, name: str, *, default: float, minimum: float = 0.1,
                maximum: float = 1000.0) -> float:
        value = self.raw(name).strip()
        if not value:
            return default
        if not DECIMAL.fullmatch(value):
            self.error(name, "err.decimal")
            return default
        number = float(value.replace(",", "."))
        if not minimum <= number <= maximum:
            self.error(name, "err.range", lo=minimum, hi=maximum)
            return default
        return number

    def boolean(self, name: str) -> bool:
        return self.raw(name) in ("1", "on", "ya", "true")

    def choice(self, name: str, options: list[str] | tuple[str, ...], *,
               required: bool = True) -> str:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.error(name, "err.required")
            return ""
        if value not in options:
            self.error(name, "err.choice")
            return ""
        return value

    def time(self, name: str, *, required: bool = False) -> str | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.error(name, "err.required")
            return None
        m = TIME.fullmatch(value)
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            self.error(name, "err.time")
            return None
        return f"{int(m.group(1)):02d}:{m.group(2)}"

    def date(self, name: str, *, required: bool = True) -> str | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.error(name, "err.required")
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            self.error(name, "err.date")
            return None
        return value
