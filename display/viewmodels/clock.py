"""Clock and date in Indonesian ("14.05 WIB", "Senin, 23 November 2026"), in the site's zone.

The timer wakes once per minute, at the minute's start, so an idle display does not redraw
every second (idle CPU budget)."""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QTimer, Signal

from ..texts import DAYS, MONTHS, ZONE_NAMES

DEFAULT_ZONE = "Asia/Jakarta"


def format_time(now: datetime) -> str:
    return now.strftime("%H.%M")  # Indonesian style: 14.05


def format_date(now: datetime, lang: str = "id") -> str:
    day = DAYS["en" if lang == "en" else "id"][now.weekday()]
    month = MONTHS["en" if lang == "en" else "id"][now.month - 1]
    return f"{day}, {now.day} {month} {now.year}"


class ClockViewModel(QObject):
    changed = Signal()

    def __init__(self, lang: str = "id", zone: str = DEFAULT_ZONE,
                 now: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._zone_name = DEFAULT_ZONE
        self._tz: tzinfo = ZoneInfo(DEFAULT_ZONE)
        self.set_zone(zone)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._tick)
        self.time_text = self.date_text = ""
        self._tick()

    @property
    def zone_text(self) -> str:
        return ZONE_NAMES.get(self._zone_name, "")

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def set_zone(self, name: str | None) -> None:
        try:
            tz = ZoneInfo(name or DEFAULT_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            return
        if name != self._zone_name:
            self._zone_name, self._tz = name or DEFAULT_ZONE, tz
            if hasattr(self, "_timer"):
                self._tick()

    def local_now(self) -> datetime:
        return self._now().astimezone(self._tz)

    def _tick(self) -> None:
        now = self.local_now()
        time_text, date_text = format_time(now), format_date(now, self.lang)
        if (time_text, date_text) != (self.time_text, self.date_text):
            self.time_text, self.date_text = time_text, date_text
            self.changed.emit()
        to_next_minute = 60 - now.second - now.microsecond / 1e6
        self._timer.start(max(200, round(to_next_minute * 1000) + 50))
