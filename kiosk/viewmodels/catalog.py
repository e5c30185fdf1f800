"""The catalog as the kiosk shows it: agencies with their open state, services with their
availability and the six service-standard fields, search. Pure Python (no Qt, no network):
built from the master's ``GET /catalog`` JSON (docs/api.md)."""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.adapters.ticket_layout import MONTH_NAMES_ID
from shared.domain.schedule import DAY_NAMES_ID

DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
# Badge colours for the agencies' initials: all dark enough for white text (contrast >= 7:1).
BADGE_COLORS = ("#0B4F9C", "#7A1F5C", "#1D5E3A", "#8A3B00", "#3D3D99", "#005F6B", "#6B2E1F",
                "#4A4A4A")


@dataclass(frozen=True)
class Service:
    id: int
    agency_id: int
    prefix: str
    name: str
    issuable: bool
    reason: str | None
    message: tuple[str, str]  # why not issuable (id, en)
    next_opening: datetime | None
    hours: tuple[str, str]
    waiting: int
    priority_eligible: bool
    requirements: tuple[str, ...]
    procedure: tuple[str, ...]
    completion_time: str
    cost: str
    product: str
    complaints: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Service":
        a = d.get("availability") or {}
        nxt = a.get("next_opening")
        return cls(
            id=int(d["id"]), agency_id=int(d["agency_id"]), prefix=str(d.get("prefix", "")),
            name=str(d["name"]), issuable=bool(a.get("issuable", False)), reason=a.get("reason"),
            message=(a.get("message") or "", a.get("message_en") or a.get("message") or ""),
            next_opening=datetime.fromisoformat(nxt) if nxt else None,
            hours=(a.get("hours") or "", a.get("hours_en") or a.get("hours") or ""),
            waiting=int(d.get("waiting") or 0),
            priority_eligible=bool(d.get("priority_eligible", False)),
            requirements=tuple(d.get("requirements") or ()),
            procedure=tuple(d.get("procedure") or ()),
            completion_time=str(d.get("completion_time") or ""),
            cost=str(d.get("cost") or ""), product=str(d.get("product") or ""),
            complaints=str(d.get("complaints") or ""))

    def why_closed(self, lang: str) -> str:
        return self.message[1 if lang == "en" else 0]

    def hours_text(self, lang: str) -> str:
        return self.hours[1 if lang == "en" else 0]


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    name: str
    short_name: str
    services: tuple[Service, ...]

    @property
    def initials(self) -> str:
        return initials(self.short_name or self.name)

    @property
    def color(self) -> str:
        return BADGE_COLORS[zlib.crc32(self.code.encode()) % len(BADGE_COLORS)]

    @property
    def open_services(self) -> int:
        return sum(1 for s in self.services if s.issuable)

    @property
    def is_open(self) -> bool:
        return self.open_services > 0

    @property
    def next_opening(self) -> datetime | None:
        times = [s.next_opening for s in self.services if s.next_opening is not None]
        return min(times) if times else None

    def why_closed(self, lang: str) -> str:
        """The reason most of its services give (e.g. "Belum ada petugas di loket")."""
        reasons = [s.why_closed(lang) for s in self.services if not s.issuable and s.message[0]]
        return max(set(reasons), key=reasons.count) if reasons else ""


def initials(name: str) -> str:
    """'Dukcapil' -> 'DU', 'BPJS' -> 'BPJS', 'BPJS Kesehatan' -> 'BK', 'KPP Pratama' -> 'KP'."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in name).split() if w]
    if not words:
        return "?"
    if len(words) == 1:
        word = words[0]
        return word.upper() if word.isupper() and len(word) <= 4 else word[:2].upper()
    return "".join(w[0] for w in words[:2]).upper()


def fold(text: str) -> str:
    """Lower case without accents, for search."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in fold(text)).split()


def _prefixes(query: list[str], text: str) -> bool:
    words = _words(text)
    return all(any(w.startswith(q) for w in words) for q in query)


def matches(service: Service, agency: Agency | None, query: str) -> bool:
    """Every word typed starts a word of the service's name ("kart kel" finds "Kartu
    Keluarga"), or the query names its agency ("dukcapil" finds all Dukcapil services)."""
    q = _words(query)
    if not q:
        return True
    if _prefixes(q, f"{service.name} {service.prefix}"):
        return True
    return agency is not None and _prefixes(q, f"{agency.short_name} {agency.name}")


class CatalogView:
    def __init__(self, data: dict[str, Any]) -> None:
        site = data.get("site") or {}
        self.site_name = str(site.get("name") or "Mal Pelayanan Publik")
        self.timezone = str(site.get("timezone") or "Asia/Jakarta")
        self.ticket_footer = str(site.get("ticket_footer") or "")
        self.rule = (str(site.get("calling_rule_description") or ""),
                     str(site.get("calling_rule_description_en")
                         or site.get("calling_rule_description") or ""))
        services = [Service.from_json(s) for s in data.get("services") or ()]
        self.services = {s.id: s for s in services}
        self.agencies = [
            Agency(int(a["id"]), str(a.get("code", a["id"])), str(a["name"]),
                   str(a.get("short_name") or a["name"]),
                   tuple(s for s in services if s.agency_id == int(a["id"])))
            for a in data.get("agencies") or ()]
        self._agency = {a.id: a for a in self.agencies}
        self.priority_classes = [(str(p["id"]), str(p["label"]), str(p.get("label_en") or p["label"]))
                                 for p in data.get("priority_classes") or ()]

    def agency(self, agency_id: int | None) -> Agency | None:
        return self._agency.get(agency_id) if agency_id is not None else None

    def service(self, service_id: int | None) -> Service | None:
        return self.services.get(service_id) if service_id is not None else None

    def search(self, agency_id: int | None, query: str = "") -> list[Service]:
        """The services of one agency (or all, agency_id None) matching the query."""
        pool = (self._agency[agency_id].services if agency_id in self._agency
                else tuple(self.services.values()))
        return [s for s in pool if matches(s, self._agency.get(s.agency_id), query)]

    def rule_text(self, lang: str) -> str:
        return self.rule[1 if lang == "en" else 0]

    def priority_label(self, pid: str, lang: str) -> str:
        for p, label, label_en in self.priority_classes:
            if p == pid:
                return label_en if lang == "en" else label
        return pid


def when_text(moment: datetime, now: datetime, lang: str, short: bool = False) -> str:
    """'hari ini pukul 13.00', 'besok pukul 08.00', 'Selasa, 25 November pukul 08.00' (in the
    moment's own zone, which the master gives as the site's); ``short``: 'besok 08.00',
    'Selasa 08.00' (within a week), '25 Nov 08.00'."""
    local_now = now.astimezone(moment.tzinfo) if moment.tzinfo else now
    days = (moment.date() - local_now.date()).days
    en = lang == "en"
    clock = moment.strftime("%H:%M") if en else f"{moment:%H}.{moment:%M}"
    at = "" if short else (" at" if en else " pukul")
    if days == 0:
        return f"{'today' if en else 'hari ini'}{at} {clock}"
    if days == 1:
        return f"{'tomorrow' if en else 'besok'}{at} {clock}"
    weekday = (DAY_NAMES_EN if en else DAY_NAMES_ID)[moment.weekday()]
    month = (MONTH_NAMES_EN if en else MONTH_NAMES_ID)[moment.month - 1]
    if short:
        return f"{weekday} {clock}" if days < 7 else f"{moment.day} {month[:3]} {clock}"
    return f"{weekday}{'' if en else ','} {moment.day} {month}{at} {clock}"
