"""Back-off, connection state and event sequencing (pure)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from shared.net.backoff import Backoff
from shared.net.client import normalize_base_url, websocket_url
from shared.net.connection_state import ConnectionTracker, Link
from shared.net.sequencer import Sequencer, Verdict

T0 = datetime(2026, 11, 23, 7, 5, tzinfo=timezone.utc)  # 14:05 WIB


def test_backoff_doubles_to_the_cap_with_jitter_in_the_upper_half():
    b = Backoff(base=0.25, cap=10, rng=lambda: 1.0)
    assert [b.next_delay() for _ in range(8)] == [0.25, 0.5, 1, 2, 4, 8, 10, 10]
    low = Backoff(base=0.25, cap=10, rng=lambda: 0.0)
    assert [low.next_delay() for _ in range(7)] == [0.125, 0.25, 0.5, 1, 2, 4, 5]
    b.reset()
    assert b.next_delay() == 0.25


def test_backoff_survives_many_attempts():
    b = Backoff(cap=10)
    b.attempt = 10_000
    assert 5 <= b.next_delay() <= 10


def test_tracker_connect_lose_unreachable_reconnect():
    tr = ConnectionTracker(unreachable_after=5, now=T0)
    assert tr.state.status is Link.CONNECTING
    s = tr.connected("http://m:8420", now=T0 + timedelta(seconds=1))
    assert s.status is Link.CONNECTED and s.connected
    assert tr.connected("http://m:8420") is None  # no change, no report
    lost = T0 + timedelta(seconds=60)
    s = tr.failed("closed", "http://m:8420", now=lost)
    assert s.status is Link.RECONNECTING and s.since == lost
    assert tr.failed("refused", "http://m:8420", now=lost + timedelta(seconds=2)) is None
    s = tr.tick(now=lost + timedelta(seconds=6))
    assert s.status is Link.UNREACHABLE and s.since == lost
    assert s.since_hhmm(timezone(timedelta(hours=7))) == "14:06"
    assert s.message(timezone(timedelta(hours=7))) == (
        "Server antrean tidak terjangkau sejak 14:06")
    assert tr.tick(now=lost + timedelta(seconds=600)) is None  # still unreachable: quiet
    s = tr.connected("http://m:8420", now=lost + timedelta(seconds=700))
    assert s.status is Link.CONNECTED


def test_tracker_never_connected_becomes_unreachable_since_start():
    tr = ConnectionTracker(unreachable_after=5, now=T0)
    assert tr.failed("refused", None, now=T0 + timedelta(seconds=1)) is None  # still connecting
    s = tr.failed("refused", None, now=T0 + timedelta(seconds=5))
    assert s.status is Link.UNREACHABLE and s.since == T0
    assert str(s).startswith("master unreachable since ")


def test_sequencer_verdicts():
    s = Sequencer(10)
    assert s.accept({"seq": 11, "type": "ticket_issued"}) is Verdict.DELIVER
    assert s.accept({"seq": 11}) is Verdict.DUPLICATE
    assert s.accept({"seq": 5}) is Verdict.DUPLICATE
    assert s.accept({"seq": 13}) is Verdict.GAP
    assert s.last_seq == 11  # a gap does not move the position
    assert s.accept({"type": "resync", "seq": 400}) is Verdict.RESYNC
    assert s.accept({"type": "hello"}) is Verdict.IGNORE
    assert s.accept({"seq": "12"}) is Verdict.IGNORE
    assert s.accept({"seq": True}) is Verdict.IGNORE
    assert s.accept([1]) is Verdict.IGNORE
    assert s.accept({"seq": 12}) is Verdict.DELIVER


@pytest.mark.parametrize("given", ["192.168.1.10:8420", "http://192.168.1.10:8420/",
                                   "http://192.168.1.10:8420/api/v1",
                                   "http://192.168.1.10:8420/api/v1/"])
def test_normalize_base_url(given):
    assert normalize_base_url(given) == "http://192.168.1.10:8420"


def test_websocket_url():
    assert websocket_url("http://m:8420", 5, "tok") == "ws://m:8420/api/v1/events?since=5&token=tok"
    assert websocket_url("https://m", 0, None) == "wss://m/api/v1/events?since=0"


def test_tracker_reports_a_rejected_token_once():
    tr = ConnectionTracker(unreachable_after=5, now=T0)
    s = tr.failed("401 invalid_token", "http://m", now=T0, rejected=True)
    assert s.rejected and s.status is Link.CONNECTING and "ditolak" in s.message()
    assert tr.failed("401 invalid_token", "http://m", now=T0, rejected=True) is None
    s = tr.tick(now=T0 + timedelta(seconds=6))
    assert s.status is Link.UNREACHABLE and s.rejected


def test_a_fixed_master_url_overrides_discovery():
    from shared.net.client import DiscoveryLocator, FixedLocator, make_locator

    fixed = make_locator("192.168.1.10:8420", site_id="mpp-x", interfaces=["127.0.0.1"])
    assert isinstance(fixed, FixedLocator) and fixed.current() == "http://192.168.1.10:8420"
    found = make_locator(None, site_id="mpp-x", interfaces=["127.0.0.1"])
    try:
        assert isinstance(found, DiscoveryLocator) and found.current() is None
    finally:
        found.close()  # never started: nothing bound
    with pytest.raises(ValueError):
        make_locator(None, site_id=None)
