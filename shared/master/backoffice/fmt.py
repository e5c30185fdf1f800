"""Display formats: local site times, 'n minutes ago', Indonesian numbers."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .i18n import t


def local_time(ms: int | None, tz: str, with_date: bool = True) -> str:
    if ms is None:
        return "–"
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone(ZoneInfo(tz))
    return moment.strftime("%Y-%m-%d %H.%M" if with_date else "%H.%M")


def ago(ms: int | None, now_ms: int, lang: str) -> str:
    if ms is None:
        return t(lang, "time.never")
    seconds = max(0, (now_ms - ms) // 1000)
    if seconds < 60:
        return t(lang, "time.just_now")
    if seconds < 3600:
        return t(lang, "time.minutes_ago", n=seconds // 60)
    if seconds < 86400:
        return t(lang, "time.hours_ago", n=seconds // 3600)
    return t(lang, "time.days_ago", n=seconds // 86400)


def minutes(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "–"
    m = int(seconds // 60)
    if m < 60:
        return t(lang, "time.min", n=m)
    return t(lang, "time.h_min", h=m // 60, m=m % 60)


def number(n: int | float | None, lang: str = "id", places: int = 0) -> str:
    if n is None:
        return "–"
    text = f"{n:,.{places}f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text
