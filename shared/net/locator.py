"""Where the master is, for :mod:`shared.net.client`: a fixed URL (``--master``) or mDNS discovery,
whose address changes the locator follows.
"""

from __future__ import annotations

from typing import Callable, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from .api_types import API_PREFIX
from .service_record import ChangeKind, MasterChange


# -- where the master is ---------------------------------------------------------------------------
def normalize_base_url(url: str) -> str:
    """``host:8420``, ``http://host:8420/``, ``http://host:8420/api/v1`` -> ``http://host:8420``."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith(API_PREFIX):
        path = path[: -len(API_PREFIX)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def websocket_url(base: str, since: int, token: str | None) -> str:
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    query = {"since": str(since)}
    if token:
        query["token"] = token
    return urlunsplit((scheme, parts.netloc, parts.path + API_PREFIX + "/events",
                       urlencode(query), ""))


class MasterLocator:
    """Tells the client where the master is and when that changes."""

    def start(self, on_url: Callable[[str], None]) -> None:
        raise NotImplementedError

    def current(self) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class FixedLocator(MasterLocator):
    """``--master URL``: overrides discovery."""

    def __init__(self, url: str) -> None:
        self.url = normalize_base_url(url)

    def start(self, on_url: Callable[[str], None]) -> None:
        pass

    def current(self) -> str | None:
        return self.url


class DiscoveryLocator(MasterLocator):
    """The master of ``site_id`` found over mDNS, followed by node id across address changes.
    A vanished mDNS record does not unset the URL: only the connection says the master is gone."""

    def __init__(self, site_id: str, interfaces: Sequence[str] | None,
                 node_id: str | None = None) -> None:
        from .discovery import MasterBrowser

        self.browser = MasterBrowser(site_id, interfaces, node_id=node_id)
        self._url: str | None = None
        self._on_url: Callable[[str], None] | None = None

    @property
    def node_id(self) -> str | None:
        return self.browser.table.node_id if self.browser.table.records else None

    def start(self, on_url: Callable[[str], None]) -> None:
        self._on_url = on_url
        self.browser.add_listener(self._changed)
        self.browser.start()

    def _changed(self, change: MasterChange) -> None:
        if change.kind is ChangeKind.GONE or change.record.url is None:
            return
        if change.record.url != self._url:
            self._url = change.record.url
            if self._on_url is not None:
                self._on_url(self._url)

    def current(self) -> str | None:
        return self._url

    def close(self) -> None:
        self.browser.close()


def make_locator(master_url: str | None, site_id: str | None,
                 interfaces: Sequence[str] | None = None,
                 node_id: str | None = None) -> MasterLocator:
    """A fixed ``--master URL`` wins; otherwise discovery of the configured site."""
    if master_url:
        return FixedLocator(master_url)
    if not site_id:
        raise ValueError("either a master URL or a site id (for discovery) is needed")
    return DiscoveryLocator(site_id, interfaces, node_id)
