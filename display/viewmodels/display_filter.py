"""Which part of the building a display shows: a zone/floor and/or a set of agencies.

``--zone`` is compared with the counter's zone (the counter's own, else its booth's), ignoring
case and surrounding spaces. ``--agency CODE`` names agencies by catalog code; codes are turned
into ids once the catalog is known (``resolve``). Until then a filter with agencies is not
``ready``: the view-model holds calls back rather than announce one that is not ours."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .board_state import CounterInfo


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


@dataclass
class DisplayFilter:
    zone: str | None = None
    agency_codes: tuple[str, ...] = ()
    agency_ids: frozenset[int] | None = None  # resolved from the catalog
    unknown_codes: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, zone: str | None, codes: Iterable[str] | None) -> "DisplayFilter":
        codes = tuple(dict.fromkeys(c.strip().lower() for c in codes or () if c.strip()))
        return cls(zone=zone.strip() if zone and zone.strip() else None, agency_codes=codes)

    @property
    def everything(self) -> bool:
        return self.zone is None and not self.agency_codes

    @property
    def ready(self) -> bool:
        return not self.agency_codes or self.agency_ids is not None

    def resolve(self, catalog: dict[str, Any]) -> None:
        if not self.agency_codes:
            return
        by_code = {a["code"].lower(): a["id"] for a in catalog.get("agencies") or []}
        self.agency_ids = frozenset(by_code[c] for c in self.agency_codes if c in by_code)
        self.unknown_codes = tuple(c for c in self.agency_codes if c not in by_code)

    def accepts_counter(self, counter: CounterInfo | None) -> bool:
        if counter is None:
            return self.everything
        if self.zone is not None and _norm(counter.zone) != _norm(self.zone):
            return False
        if self.agency_codes:
            return self.agency_ids is not None and counter.agency_id in self.agency_ids
        return True

    def accepts_agency(self, agency_id: int, counters: Iterable[CounterInfo]) -> bool:
        """An agency's waiting count is shown if it is ours and, with a zone, if it has a
        counter in that zone."""
        if self.agency_codes and (self.agency_ids is None or agency_id not in self.agency_ids):
            return False
        if self.zone is not None:
            return any(c.agency_id == agency_id and _norm(c.zone) == _norm(self.zone)
                       for c in counters)
        return True
