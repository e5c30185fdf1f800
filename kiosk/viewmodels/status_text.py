"""The status-bar and fault texts of the kiosk (a mixin of KioskViewModel): the link to the
master ("tidak terjangkau sejak 14.05") and the printer, in the visitor's language."""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo


class StatusTexts:
    lang: str
    link: Any
    monitor: Any
    fault: Any
    catalog: Any

    def t(self, key: str, **values: object) -> str:  # provided by the view-model
        raise NotImplementedError

    def link_text(self) -> tuple[str, bool]:
        """The connection line of the status bar and whether all is well."""
        s = self.link
        if s is None or s.status.value == "connecting":
            return self.t("link_connecting"), False
        if s.rejected:
            return self.t("link_rejected"), False
        if s.connected:
            return self.t("link_connected"), True
        if s.status.value == "reconnecting":
            return self.t("link_reconnecting"), False
        tz = ZoneInfo(self.catalog.timezone) if self.catalog is not None else None
        return self.t("link_unreachable", since=s.since_hhmm(tz).replace(":", ".")), False

    def printer_text(self) -> tuple[str, bool]:
        m = self.monitor
        if m.fault is not None:
            return self.t("printer_banner", message=self._fault_text(m.fault)), False
        key = {"ready": "printer_ok", "near_end": "printer_near_end"}.get(m.state, "printer_unknown")
        return self.t(key), m.state != "near_end"

    def fault_text(self) -> str:
        return self._fault_text(self.fault) if self.fault is not None else ""

    def _fault_text(self, fault: Any) -> str:
        return fault.kiosk_en if self.lang == "en" else fault.kiosk_id
