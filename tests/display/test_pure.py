"""Small pure parts: the zone/agency filter, call freshness, prefetch guesses, texts, clock
formatting and the display's CLI options."""
from __future__ import annotations

import argparse
import string
from datetime import datetime, timedelta, timezone

import pytest

from display import options
from display.texts import TEXTS, text
from display.viewmodels.board_state import CallEntry, CounterInfo
from display.viewmodels.clock import format_date, format_time
from display.viewmodels.display_filter import DisplayFilter
from display.viewmodels.freshness import Freshness
from display.viewmodels.prefetch import likely_next_calls, next_number

CATALOG = {"agencies": [{"id": 1, "code": "dukcapil"}, {"id": 2, "code": "samsat"}]}
D1 = CounterInfo(1, 1, zone="Lantai 1", agency_id=1, agency="Dukcapil", status="open")
S1 = CounterInfo(6, 1, zone="Lantai 2", agency_id=2, agency="Samsat", status="open")


# -- filter ----------------------------------------------------------------------------------
def test_no_filter_shows_everything():
    f = DisplayFilter.of(None, None)
    assert f.everything and f.ready
    assert f.accepts_counter(D1) and f.accepts_counter(S1)


def test_zone_filter_ignores_case_and_spaces():
    f = DisplayFilter.of("  lantai   2 ", None)
    assert f.ready
    assert not f.accepts_counter(D1) and f.accepts_counter(S1)
    assert f.accepts_agency(2, [D1, S1]) and not f.accepts_agency(1, [D1, S1])


def test_agency_filter_waits_for_the_catalog_then_matches_codes():
    f = DisplayFilter.of(None, ["SAMSAT", "nope"])
    assert not f.ready and not f.accepts_counter(S1)
    f.resolve(CATALOG)
    assert f.ready and f.unknown_codes == ("nope",)
    assert f.accepts_counter(S1) and not f.accepts_counter(D1)
    assert f.accepts_agency(2, []) and not f.accepts_agency(1, [])


def test_zone_and_agency_together_must_both_match():
    f = DisplayFilter.of("Lantai 1", ["samsat"])
    f.resolve(CATALOG)
    assert not f.accepts_counter(D1) and not f.accepts_counter(S1)


# -- freshness ---------------------------------------------------------------------------------
T0 = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def iso(t: datetime) -> str:
    return t.isoformat()


def test_live_events_are_fresh_and_replayed_old_ones_are_not():
    f = Freshness(max_age=60)
    assert f.observe(iso(T0), T0 + timedelta(milliseconds=5))
    assert f.observe(iso(T0 + timedelta(seconds=30)), T0 + timedelta(seconds=30.01))
    # after a 10 minute outage the master replays a call made 9 minutes ago
    assert not f.observe(iso(T0 + timedelta(minutes=1)), T0 + timedelta(minutes=10))
    assert f.observe(iso(T0 + timedelta(minutes=10)), T0 + timedelta(minutes=10, seconds=0.02))


def test_a_display_clock_days_off_still_announces_live_calls():
    f = Freshness(max_age=60)
    skew = timedelta(days=3, hours=2)  # a Raspberry Pi without RTC, no NTP on the LAN
    for i in range(5):
        assert f.observe(iso(T0 + timedelta(seconds=i)), T0 - skew + timedelta(seconds=i, milliseconds=3))
    assert f.offset == pytest.approx(-skew.total_seconds(), abs=0.01)
    assert not f.observe(iso(T0 - timedelta(minutes=5)), T0 - skew + timedelta(seconds=6))


def test_events_without_time_are_treated_as_live():
    assert Freshness().observe(None, T0)
    assert Freshness().observe("yesterday", T0)


# -- prefetch -----------------------------------------------------------------------------------
def test_next_number_keeps_padding_and_prefix():
    assert next_number("A009") == "A010"
    assert next_number("AB099", 2) == "AB101"
    assert next_number("A999") == "A1000"
    assert next_number("a1") is None and next_number("A999999") is None


def test_likely_next_calls_same_counter_then_siblings_bounded():
    call = CallEntry(1, "A123", 1, 1, "Dukcapil")
    siblings = [CounterInfo(i, i, agency="Dukcapil", status="open") for i in range(2, 9)]
    other = [CounterInfo(20, 1, agency="Samsat", status="open"),
             CounterInfo(21, 9, agency="Dukcapil", status="paused")]
    guesses = likely_next_calls(call, [D1, *other, *siblings], limit=5)
    assert [(g.number, g.counter_number) for g in guesses] == [
        ("A124", 1), ("A125", 1), ("A124", 2), ("A124", 3), ("A124", 4)]


# -- texts and clock ---------------------------------------------------------------------------------
def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_both_languages_with_the_same_fields():
    for key, (indonesian, english) in TEXTS.items():
        assert indonesian and english, key
        assert _fields(indonesian) == _fields(english), key
    assert "antrean" in text("ticker_default", site="MPP X") and "antrian" not in str(TEXTS)


def test_indonesian_date_and_time():
    monday = datetime(2026, 11, 23, 14, 5)
    assert format_time(monday) == "14.05"
    assert format_date(monday) == "Senin, 23 November 2026"
    assert format_date(monday + timedelta(days=4), "id") == "Jumat, 27 November 2026"
    assert format_date(monday, "en") == "Monday, 23 November 2026"


# -- options ---------------------------------------------------------------------------------------
def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    options.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_options_defaults_and_repeatable_agency():
    args = parse("--agency", "dukcapil", "--agency", "samsat", "--zone", "Lantai 1",
                 "--no-voice", "--digits", "--with-agency-name", "--voice-rate", "120")
    assert args.agency == ["dukcapil", "samsat"] and args.zone == "Lantai 1"
    assert (args.voice, args.digits, args.with_agency_name, args.voice_rate) == (
        False, True, True, 120)
    defaults = parse()
    assert defaults.voice and defaults.voice_repeats == 1 and defaults.voice_volume == 1.0


@pytest.mark.parametrize("argv", [["--voice-rate", "20"], ["--voice-volume", "3"],
                                  ["--voice-repeats", "0"], ["--voice-rate", "fast"]])
def test_options_reject_out_of_range_values(argv, capsys):
    with pytest.raises(SystemExit):
        parse(*argv)
