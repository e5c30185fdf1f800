"""The master's catalog (GET /catalog) indexed for the panel: counters to choose from, services
to transfer to or tick as done, the calling rule's text. Plain Python, no Qt."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CatalogIndex:
    site: dict[str, Any] = field(default_factory=dict)
    agencies: dict[int, dict] = field(default_factory=dict)
    booths: dict[int, dict] = field(default_factory=dict)
    counters: dict[int, dict] = field(default_factory=dict)
    services: dict[int, dict] = field(default_factory=dict)
    priority_labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CatalogIndex":
        return cls(
            site=dict(data.get("site") or {}),
            agencies={a["id"]: a for a in data.get("agencies", [])},
            booths={b["id"]: b for b in data.get("booths", [])},
            counters={c["id"]: c for c in data.get("counters", [])},
            services={s["id"]: s for s in data.get("services", [])},
            priority_labels={p["id"]: (p.get("label", p["id"]), p.get("label_en", p["id"]))
                             for p in data.get("priority_classes", [])},
        )

    # -- site ------------------------------------------------------------------------------------
    @property
    def site_name(self) -> str:
        return self.site.get("name", "")

    def rule_text(self, lang: str) -> str:
        if lang == "en":
            return self.site.get("calling_rule_description_en") or ""
        return self.site.get("calling_rule_description") or ""

    # -- counters --------------------------------------------------------------------------------
    def find_counter(self, ref: str | int | None) -> int | None:
        """A counter by id (``3``) or code (``l3``); None when unknown."""
        if ref is None:
            return None
        text = str(ref).strip()
        if text.isdigit() and int(text) in self.counters:
            return int(text)
        for counter in self.counters.values():
            if counter.get("code") == text:
                return counter["id"]
        return None

    def counter_label(self, counter_id: int, word: str = "Loket") -> str:
        counter = self.counters.get(counter_id)
        if counter is None:
            return f"{word} ?"
        booth = self.booths.get(counter.get("booth_id"), {})
        name = counter.get("name") or f"{word} {counter.get('number')}"
        return f"{name} · {booth.get('name', '')}".strip(" ·")

    def counter_services(self, counter_id: int) -> list[int]:
        return list(self.counters.get(counter_id, {}).get("services", []))

    def counter_agency(self, counter_id: int) -> int | None:
        return self.counters.get(counter_id, {}).get("agency_id")

    def sorted_counters(self) -> list[int]:
        def key(cid: int) -> tuple:
            c = self.counters[cid]
            agency = self.agencies.get(c.get("agency_id"), {})
            return (agency.get("sort", 0), agency.get("short_name", ""), c.get("number", 0), cid)
        return sorted(self.counters, key=key)

    # -- services --------------------------------------------------------------------------------
    def service_name(self, service_id: int | None) -> str:
        service = self.services.get(service_id) if service_id is not None else None
        return service["name"] if service else f"#{service_id}"

    def agency_short(self, agency_id: int | None) -> str:
        agency = self.agencies.get(agency_id) if agency_id is not None else None
        return (agency.get("short_name") or agency.get("name", "")) if agency else ""

    def service_agency(self, service_id: int) -> int | None:
        return self.services.get(service_id, {}).get("agency_id")

    def priority_label(self, code: str | None, lang: str) -> str:
        if not code:
            return ""
        labels = self.priority_labels.get(code)
        if labels is None:
            return code
        return labels[1] if lang == "en" else labels[0]

    def transfer_targets(self, exclude: int | None) -> list[int]:
        """Every active service but ``exclude``, agency by agency (the catalog's order)."""
        agency_order = {a: (info.get("sort", 0), info.get("short_name", ""), a)
                        for a, info in self.agencies.items()}
        ids = [s for s in self.services if s != exclude]
        return sorted(ids, key=lambda s: (agency_order.get(self.services[s].get("agency_id"),
                                                           (0, "", 0)),
                                          self.services[s].get("sort", 0), s))
