"""mDNS records of an Antrean master, as pure data (no sockets, no zeroconf import).

The master advertises ``_antrean._tcp.local.`` with TXT ``site`` (site id), ``api`` (``1``) and
``id`` (node id, stable per database); the instance name is ``Antrean <site id>`` without dots
(Avahi ignores names with dots). Both sides use these functions: the master's advertiser builds
the TXT and the name here, the clients' browser parses what it hears here, so the I/O code stays
thin and everything that can be wrong is unit tested.

mDNS only says where a master *might* be: a crashed peer stays "discovered" for up to an hour.
Liveness comes from the connection, never from these records.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Mapping

SERVICE_TYPE = "_antrean._tcp.local."
API_VERSION = "1"
DEFAULT_PORT = 8420

_MAX_INSTANCE = 63  # DNS label limit for the instance part


def instance_name(site_id: str) -> str:
    """``Antrean <site id>`` with dots replaced (Avahi ignores names containing dots)."""
    label = f"Antrean {site_id}".replace(".", "-")
    label = "".join(ch for ch in label if ch.isprintable())
    return label[:_MAX_INSTANCE].rstrip() or "Antrean"


def service_name(site_id: str) -> str:
    """Full service name, e.g. ``Antrean mpp-purbaraya._antrean._tcp.local.``."""
    return f"{instance_name(site_id)}.{SERVICE_TYPE}"


def host_name(node_id: str) -> str:
    """The SRV target host: ``antrean-<node id>.local.`` reduced to a valid DNS label."""
    slug = re.sub(r"[^a-z0-9-]+", "-", node_id.lower()).strip("-")[:40] or "master"
    return f"antrean-{slug}.local."


def txt_properties(site_id: str, node_id: str) -> dict[str, str]:
    return {"site": site_id, "api": API_VERSION, "id": node_id}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return str(value)


def decode_txt(properties: Mapping[object, object] | None) -> dict[str, str | None]:
    """TXT properties as zeroconf gives them (bytes keys and values, a value may be None for a
    key without ``=``) -> str dict with lower-case keys. Undecodable entries are dropped."""
    out: dict[str, str | None] = {}
    for key, value in (properties or {}).items():
        k = _text(key)
        if k is None or not k:
            continue
        k = k.lower()
        if k in out:  # RFC 6763 §6.4: only the first occurrence of a key counts
            continue
        out[k] = _text(value)
    return out


def normalize_address(address: object) -> str | None:
    """A packed (4/16 bytes) or text address -> canonical text; None if it is not an IP."""
    try:
        if isinstance(address, (bytes, bytearray)):
            return str(ipaddress.ip_address(bytes(address)))
        text = str(address).strip()
        scope = ""
        if "%" in text:  # keep an IPv6 scope id (fe80::1%eth0)
            text, scope = text.split("%", 1)
        ip = ipaddress.ip_address(text)
        return f"{ip}%{scope}" if scope and ip.version == 6 else str(ip)
    except ValueError:
        return None


def _address_rank(address: str) -> tuple[int, str]:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 4:
        rank = 0 if not ip.is_link_local else 2  # 169.254.x.x only when nothing else
    else:
        rank = 1 if not ip.is_link_local else 3  # fe80:: needs a scope id: last resort
    return rank, address


def choose_address(addresses: Iterable[str]) -> str | None:
    """The address to connect to: routable IPv4 first, then IPv6, then link-local ones."""
    ordered = sorted({a for a in addresses if normalize_address(a)}, key=_address_rank)
    return ordered[0] if ordered else None


def base_url(address: str, port: int) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    host = f"[{address.replace('%', '%25')}]" if ip.version == 6 else address
    return f"http://{host}:{port}"


@dataclass(frozen=True)
class MasterRecord:
    """One master as heard over mDNS."""

    node_id: str
    site_id: str
    api: str
    port: int
    addresses: tuple[str, ...]
    name: str = ""  # mDNS service name (changes on a name conflict; the id does not)

    @property
    def address(self) -> str | None:
        return choose_address(self.addresses)

    @property
    def url(self) -> str | None:
        address = self.address
        return None if address is None else base_url(address, self.port)


class NotAMaster(ValueError):
    """The service does not describe a usable Antrean master (reason in the message)."""


def parse_service(name: str, properties: Mapping[object, object] | None,
                  addresses: Iterable[object], port: int | None) -> MasterRecord:
    """What zeroconf resolved (name, TXT, addresses, port) -> MasterRecord, or NotAMaster."""
    txt = decode_txt(properties)
    site, node, api = txt.get("site"), txt.get("id"), txt.get("api")
    if not site:
        raise NotAMaster(f"{name}: no 'site' in TXT")
    if not node:
        raise NotAMaster(f"{name}: no 'id' in TXT")
    if api != API_VERSION:
        raise NotAMaster(f"{name}: api {api!r}, this client speaks {API_VERSION}")
    if not port or not 0 < int(port) < 65536:
        raise NotAMaster(f"{name}: no port")
    addrs = tuple(dict.fromkeys(a for a in map(normalize_address, addresses) if a))
    if not addrs:
        raise NotAMaster(f"{name}: no address")
    return MasterRecord(node_id=node, site_id=site, api=api, port=int(port), addresses=addrs,
                        name=name)


class ChangeKind(Enum):
    FOUND = "found"  # first time this node id is seen
    MOVED = "moved"  # the node's URL changed (new IP or port)
    UPDATED = "updated"  # same URL, other details changed (more addresses, a new name)
    GONE = "gone"  # goodbye / TTL expiry (the last URL is kept: the master may still be there)


@dataclass(frozen=True)
class MasterChange:
    kind: ChangeKind
    record: MasterRecord
    previous: MasterRecord | None = None


@dataclass
class MasterTable:
    """Masters of one site, keyed by node id (Home Assistant's Elgato style: a device is known by
    its id, its address is only where it lives now).

    ``node_id`` pins the table to one master (a remembered id); unpinned, the first master of the
    site that shows up is adopted and others of the same site are reported as conflicts."""

    site_id: str
    node_id: str | None = None
    records: dict[str, MasterRecord] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # service name -> node id
    conflicts: set[str] = field(default_factory=set)  # other node ids claiming the same site

    def apply(self, record: MasterRecord) -> MasterChange | None:
        """A resolved record; returns the change for *our* master, if any."""
        if record.site_id != self.site_id:
            return None
        self.names[record.name] = record.node_id
        if self.node_id is None:
            self.node_id = record.node_id
        if record.node_id != self.node_id:
            self.conflicts.add(record.node_id)
            return None
        previous = self.records.get(record.node_id)
        self.records[record.node_id] = record
        if previous is None:
            return MasterChange(ChangeKind.FOUND, record)
        if previous.url != record.url:
            return MasterChange(ChangeKind.MOVED, record, previous)
        if previous != record:
            return MasterChange(ChangeKind.UPDATED, record, previous)
        return None

    def remove(self, name: str) -> MasterChange | None:
        """A service went away (goodbye packet or expiry). The record is kept: mDNS is no proof
        of death (nor of life); the connection decides."""
        node = self.names.pop(name, None)
        if node is None or node != self.node_id or node not in self.records:
            return None
        return MasterChange(ChangeKind.GONE, self.records[node])

    @property
    def current(self) -> MasterRecord | None:
        return self.records.get(self.node_id) if self.node_id else None
