"""The master advertises itself over mDNS (``_antrean._tcp.local.``, docs/api.md "Discovery").

Registration probes the network for ~1.5 s, so it runs in its own thread and never delays the
server start. With ``interfaces=None`` the advertiser binds to every interface and announces the
machine's IPv4 addresses, re-announcing when they change (DHCP renewals, a moved cable), so
clients that know the master by its node id follow it. Tests and demos pass
``interfaces=["127.0.0.1"]``: mDNS must never leave a development machine.
"""
from __future__ import annotations

import ipaddress
import logging
import threading
from typing import Sequence

from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, Zeroconf

from ..net.service_record import (SERVICE_TYPE, host_name, service_name, txt_properties)

log = logging.getLogger(__name__)

RETRY_SECONDS = 30.0  # after a failed registration (no network yet at boot)
WATCH_SECONDS = 15.0  # how often interface addresses are re-read when they may change


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def local_addresses(interfaces: Sequence[str] | None) -> list[str]:
    """Addresses to announce: the given IPs as they are; interface names (``eth0``) and None
    (= all interfaces) resolved to their IPv4 addresses, loopback only if nothing else exists."""
    if interfaces is not None and all(_is_ip(i) for i in interfaces):
        return list(dict.fromkeys(interfaces))
    import ifaddr  # a dependency of zeroconf

    wanted = None if interfaces is None else {i for i in interfaces if not _is_ip(i)}
    explicit = [] if interfaces is None else [i for i in interfaces if _is_ip(i)]
    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        if wanted is not None and adapter.nice_name not in wanted and adapter.name not in wanted:
            continue
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ipaddress.ip_address(ip.ip).is_loopback:
                found.append(ip.ip)
    out = list(dict.fromkeys(explicit + sorted(found)))
    return out or ["127.0.0.1"]


def _zeroconf_interfaces(interfaces: Sequence[str] | None) -> tuple[object, IPVersion]:
    if interfaces is None:
        return InterfaceChoice.All, IPVersion.V4Only
    ips = [a for a in local_addresses(interfaces)]
    v6 = any(ipaddress.ip_address(a.split("%")[0]).version == 6 for a in ips)
    v4 = any(ipaddress.ip_address(a.split("%")[0]).version == 4 for a in ips)
    version = IPVersion.All if (v4 and v6) else IPVersion.V6Only if v6 else IPVersion.V4Only
    return ips, version


def _packed(addresses: Sequence[str]) -> list[bytes]:
    return [ipaddress.ip_address(a.split("%")[0]).packed for a in addresses]


class Advertiser:
    """One registered master. ``close()`` sends the goodbye and releases the sockets."""

    def __init__(self, site_id: str, node_id: str, port: int,
                 interfaces: Sequence[str] | None, *, watch_seconds: float = WATCH_SECONDS) -> None:
        self.site_id = site_id
        self.node_id = node_id
        self.port = port
        self.interfaces = None if interfaces is None else list(interfaces)
        self.addresses = local_addresses(self.interfaces)
        self.registered = threading.Event()
        self.name = service_name(site_id)  # as registered (zeroconf appends "-2" on a conflict)
        self._watch = watch_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._zc: Zeroconf | None = None
        self._info: ServiceInfo | None = None
        self._thread = threading.Thread(target=self._run, name="antrean-mdns", daemon=True)

    def _make_info(self, addresses: Sequence[str]) -> ServiceInfo:
        return ServiceInfo(SERVICE_TYPE, service_name(self.site_id), port=self.port,
                           properties=txt_properties(self.site_id, self.node_id),
                           addresses=_packed(addresses), server=host_name(self.node_id))

    def start(self) -> "Advertiser":
        self._thread.start()
        return self

    def wait_registered(self, timeout: float | None = None) -> bool:
        return self.registered.wait(timeout)

    def _run(self) -> None:
        may_change = self.interfaces is None or not all(_is_ip(i) for i in self.interfaces)
        announced: list[str] | None = None
        while not self._stop.is_set():
            if announced != self.addresses:
                if announced is not None:
                    log.info("mDNS: addresses changed %s -> %s", announced, self.addresses)
                announced = list(self.addresses)
                try:
                    # A changed address means a fresh registration: the goodbye drops the old
                    # A records from every cache at once (an update would leave them for 2 min)
                    # and a bind-all socket is re-created on the new address.
                    self._teardown()
                    self._register(announced)
                except Exception:  # no network yet, socket errors: try again later
                    log.exception("mDNS registration failed; retrying in %.0f s", RETRY_SECONDS)
                    self._teardown()
                    announced = None
                    self._wake.wait(RETRY_SECONDS)
                    self._wake.clear()
                    continue
            self._wake.wait(self._watch if may_change else None)
            self._wake.clear()
            if may_change and not self._stop.is_set():
                try:
                    self.addresses = local_addresses(self.interfaces)
                except Exception:
                    log.exception("mDNS: could not read interface addresses")
        self._teardown()

    def _register(self, addresses: list[str]) -> None:
        ifaces, version = _zeroconf_interfaces(self.interfaces)
        self._zc = Zeroconf(interfaces=ifaces, ip_version=version)  # type: ignore[arg-type]
        info = self._make_info(addresses)
        self._zc.register_service(info, allow_name_change=True)
        self._info = info
        self.name = info.name
        self.registered.set()
        log.info("mDNS: advertising %s on %s", info.name, ", ".join(addresses))

    def update_addresses(self, addresses: Sequence[str]) -> None:
        """Announce other addresses (the watcher finds changes itself; public for tests)."""
        self.addresses = list(addresses)
        self._wake.set()

    def _teardown(self) -> None:
        zc, info = self._zc, self._info
        self._zc = self._info = None
        if zc is None:
            return
        try:
            if info is not None:
                zc.unregister_service(info)  # goodbye: browsers drop us at once
        except Exception:
            log.debug("mDNS goodbye failed", exc_info=True)
        finally:
            zc.close()

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        elif self._thread.ident is None:  # never started
            return

    def __enter__(self) -> "Advertiser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_advertising(site_id: str, node_id: str, port: int,
                      interfaces: list[str] | None) -> Advertiser:
    """Advertise this master; returns at once (registration runs in a thread).

    ``interfaces``: IP addresses (or interface names) to bind and announce; None = all
    interfaces (the appliance). Tests and demos: ``["127.0.0.1"]``."""
    return Advertiser(site_id, node_id, port, interfaces).start()
