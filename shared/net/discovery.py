"""Finding the master of a site over mDNS (docs/api.md "Discovery").

``MasterBrowser`` listens for ``_antrean._tcp.local.`` on the given interfaces, keeps the masters
of the configured site by node id (see ``service_record.MasterTable``) and reports when the one
we follow appears or moves to another address. ``resolve_master`` is the one-shot form.

All parsing lives in ``service_record`` (pure, unit tested); this module is only the zeroconf
plumbing. Tests and demos bind to ``["127.0.0.1"]``: mDNS must never leave a development machine.
"""
from __future__ import annotations

import ipaddress
import logging
import threading
from dataclasses import dataclass
from typing import Callable, Sequence

from zeroconf import (InterfaceChoice, IPVersion, ServiceBrowser, ServiceInfo, ServiceStateChange,
                      Zeroconf)

from .service_record import (SERVICE_TYPE, ChangeKind, MasterChange, MasterRecord, MasterTable,
                             NotAMaster, parse_service)

log = logging.getLogger(__name__)

RESOLVE_TIMEOUT_MS = 3000

ChangeCallback = Callable[[MasterChange], None]


@dataclass(frozen=True)
class MasterAddress:
    url: str  # base URL, e.g. http://192.168.1.10:8420 (the API lives under /api/v1)
    node_id: str


class MasterNotFound(TimeoutError):
    pass


def zeroconf_for(interfaces: Sequence[str] | None) -> Zeroconf:
    """A Zeroconf bound to the given IP addresses (None = all interfaces, IPv4)."""
    if interfaces is None:
        return Zeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)
    versions = {ipaddress.ip_address(str(i).split("%")[0]).version for i in interfaces}
    version = (IPVersion.All if versions == {4, 6} else
               IPVersion.V6Only if versions == {6} else IPVersion.V4Only)
    return Zeroconf(interfaces=list(interfaces), ip_version=version)


def record_from_info(info: ServiceInfo) -> MasterRecord:
    """zeroconf ServiceInfo -> MasterRecord (raises NotAMaster)."""
    return parse_service(info.name, info.properties, info.parsed_scoped_addresses(), info.port)


class MasterBrowser:
    """Follows the master of ``site_id`` (optionally pinned to a remembered ``node_id``).

    Callbacks run on zeroconf's browser thread; keep them short (hand over to your own thread or
    event loop)."""

    def __init__(self, site_id: str, interfaces: Sequence[str] | None, *,
                 node_id: str | None = None, on_change: ChangeCallback | None = None,
                 zeroconf: Zeroconf | None = None) -> None:
        self.table = MasterTable(site_id, node_id)
        self.interfaces = None if interfaces is None else list(interfaces)
        self._listeners: list[ChangeCallback] = [on_change] if on_change else []
        self._lock = threading.Lock()
        self._found = threading.Condition(self._lock)
        self._zc = zeroconf
        self._own_zc = zeroconf is None
        self._browser: ServiceBrowser | None = None

    # -- life cycle ------------------------------------------------------------------------------
    def start(self) -> "MasterBrowser":
        if self._zc is None:
            self._zc = zeroconf_for(self.interfaces)
        self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, handlers=[self._on_service])
        return self

    def close(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.cancel()
        if self._own_zc and self._zc is not None:
            self._zc.close()
            self._zc = None

    def __enter__(self) -> "MasterBrowser":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries ---------------------------------------------------------------------------------
    def add_listener(self, callback: ChangeCallback) -> None:
        self._listeners.append(callback)

    def remove_listener(self, callback: ChangeCallback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    @property
    def current(self) -> MasterRecord | None:
        with self._lock:
            return self.table.current

    def wait_for_master(self, timeout: float) -> MasterRecord | None:
        with self._found:
            self._found.wait_for(lambda: self.table.current is not None, timeout)
            return self.table.current

    # -- zeroconf callbacks ----------------------------------------------------------------------
    def _on_service(self, zeroconf: Zeroconf, service_type: str, name: str,
                    state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            with self._lock:
                change = self.table.remove(name)
            self._emit(change)
            return
        info = ServiceInfo(service_type, name)
        if not info.request(zeroconf, RESOLVE_TIMEOUT_MS):
            log.debug("mDNS: could not resolve %s", name)
            return
        try:
            record = record_from_info(info)
        except NotAMaster as exc:
            log.info("mDNS: ignoring %s", exc)
            return
        self.observe(record)

    def observe(self, record: MasterRecord) -> MasterChange | None:
        """Feed one resolved record (the zeroconf callback does; tests may too)."""
        with self._found:
            before = set(self.table.conflicts)
            change = self.table.apply(record)
            new_conflict = self.table.conflicts - before
            self._found.notify_all()
        if new_conflict:
            log.warning("mDNS: another master (%s) claims site %s; following %s",
                        ", ".join(sorted(new_conflict)), self.table.site_id, self.table.node_id)
        self._emit(change)
        return change

    def _emit(self, change: MasterChange | None) -> None:
        if change is None:
            return
        if change.kind is ChangeKind.MOVED and change.previous is not None:
            log.info("mDNS: master %s moved %s -> %s", change.record.node_id,
                     change.previous.url, change.record.url)
        for callback in list(self._listeners):
            try:
                callback(change)
            except Exception:
                log.exception("master discovery callback failed")


def resolve_master(site_id: str, interfaces: Sequence[str] | None, timeout: float = 5.0, *,
                   node_id: str | None = None) -> MasterAddress:
    """Find the master of ``site_id`` once; raises MasterNotFound after ``timeout`` seconds."""
    with MasterBrowser(site_id, interfaces, node_id=node_id) as browser:
        record = browser.wait_for_master(timeout)
    if record is None or record.url is None:
        raise MasterNotFound(f"no Antrean master for site {site_id!r} found in {timeout:g} s")
    return MasterAddress(record.url, record.node_id)
