"""mDNS advertise + browse, bound to 127.0.0.1 only (mDNS must never leave this machine).

Registration probes for ~1.5 s, so these tests take a few seconds each."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from shared.master.mdns import start_advertising
from shared.net.client import DiscoveryLocator, MasterClient
from shared.net.discovery import MasterBrowser, MasterNotFound, resolve_master
from shared.net.backoff import Backoff
from shared.net.service_record import ChangeKind

from .fake_master import FakeMaster, ev
from .waiting import wait_until

LOOPBACK = ["127.0.0.1"]

pytestmark = pytest.mark.slow


def unique_site() -> str:
    """A site id no other test (or a stale record in a shared cache) uses."""
    return f"mpp-test.{uuid.uuid4().hex[:8]}"


def test_start_advertising_returns_at_once_and_resolve_master_finds_it():
    site = unique_site()
    t0 = time.monotonic()
    adv = start_advertising(site, "node-a", 8555, LOOPBACK)
    try:
        assert time.monotonic() - t0 < 0.5  # registration runs in its own thread
        found = resolve_master(site, LOOPBACK, timeout=10)
        assert found.url == "http://127.0.0.1:8555" and found.node_id == "node-a"
        assert adv.wait_registered(10)
        assert "." not in adv.name.split("._antrean")[0]  # dots replaced in the instance name
    finally:
        adv.close()


def test_resolve_master_times_out_for_an_unknown_site():
    with pytest.raises(MasterNotFound):
        resolve_master(unique_site(), LOOPBACK, timeout=0.5)


def test_browser_follows_the_master_by_node_id_across_an_address_change():
    site = unique_site()
    changes = []
    lock = threading.Lock()

    def record(change):
        with lock:
            changes.append(change)

    def kinds():
        with lock:
            return [(c.kind, c.record.url) for c in changes]

    with MasterBrowser(site, LOOPBACK, on_change=record) as browser:
        other = start_advertising(unique_site(), "node-x", 8001, LOOPBACK)
        adv = start_advertising(site, "node-b", 8556, LOOPBACK)
        try:
            wait_until(lambda: (ChangeKind.FOUND, "http://127.0.0.1:8556") in kinds(), 10,
                       "the master found")
            # the master's address changes (DHCP): it re-announces; we follow it by id
            adv.update_addresses(["127.0.0.2"])
            wait_until(lambda: (ChangeKind.MOVED, "http://127.0.0.2:8556") in kinds(), 10,
                       "the move reported")
            assert browser.current.node_id == "node-b"
            assert browser.current.url == "http://127.0.0.2:8556"
            assert all(c.record.site_id == site for c in changes)  # the other site is ignored
        finally:
            adv.close()
            other.close()
        wait_until(lambda: kinds()[-1][0] is ChangeKind.GONE, 10, "the goodbye")
        assert browser.current is not None  # mDNS is no proof of death: the address is kept


def test_client_finds_the_master_by_discovery_and_streams_events():
    fake = FakeMaster().start()
    site = unique_site()
    adv = start_advertising(site, "node-c", fake.port, LOOPBACK)
    events = []
    try:
        fake.log.extend([ev(1), ev(2)])
        locator = DiscoveryLocator(site, LOOPBACK)
        with MasterClient(locator, "t", on_event=events.append,
                          backoff=Backoff(base=0.05, cap=0.5)) as client:
            assert client.wait_connected(15)
            assert client.base_url == fake.url
            assert locator.node_id == "node-c"
            wait_until(lambda: [e["seq"] for e in events] == [1, 2], 5, "events")
    finally:
        adv.close()
        fake.stop()
