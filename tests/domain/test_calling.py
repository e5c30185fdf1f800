"""The calling rule (calling.py): parsing, description and the choice of the next ticket."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain.calling import Candidate, CallingRule, RuleMode, choose

T0 = datetime(2025, 1, 6, 1, 0, tzinfo=timezone.utc)


def cand(ticket_id: int, minute: int, priority: bool = False, position: int = 0) -> Candidate:
    return Candidate(ticket_id, priority, T0 + timedelta(minutes=minute), position)


# -- construction, parsing, spec ----------------------------------------------------------------
def test_default_rule_is_ratio_3():
    assert CallingRule() == CallingRule(RuleMode.RATIO, 3)


@pytest.mark.parametrize(
    ("spec", "mode", "n"),
    [
        ("fifo", RuleMode.FIFO, 0),
        ("priority_first", RuleMode.PRIORITY_FIRST, 0),
        ("ratio:3", RuleMode.RATIO, 3),
        ("ratio:1", RuleMode.RATIO, 1),
        ("max_wait:30", RuleMode.MAX_WAIT, 30),
        ("  RATIO:12 ", RuleMode.RATIO, 12),
        ("Priority_First", RuleMode.PRIORITY_FIRST, 0),
        ("fifo:", RuleMode.FIFO, 0),
    ],
)
def test_parse(spec, mode, n):
    rule = CallingRule.parse(spec)
    assert (rule.mode, rule.n) == (mode, n)


@pytest.mark.parametrize("spec", ["fifo", "priority_first", "ratio:3", "max_wait:30", "ratio:1"])
def test_spec_round_trips(spec):
    assert CallingRule.parse(spec).spec == spec


def test_spec_omits_number_for_modes_without_one():
    assert CallingRule(RuleMode.FIFO, 7).spec == "fifo"
    assert CallingRule(RuleMode.PRIORITY_FIRST, 7).spec == "priority_first"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("lifo", "unknown calling rule 'lifo'"),
        ("", "unknown calling rule"),
        ("ratio", "calling rule ratio needs a number"),
        ("ratio:x", "needs a number"),
        ("ratio:-2", "needs a number"),
        ("max_wait:", "calling rule max_wait needs a number, e.g. max_wait:3"),
        ("max_wait:2.5", "needs a number"),
        ("fifo:3", "calling rule fifo takes no number"),
        ("priority_first:1", "takes no number"),
        ("ratio:0", "needs a positive number, got 0"),
        ("max_wait:0", "needs a positive number"),
    ],
)
def test_parse_rejects(spec, message):
    with pytest.raises(ValueError, match=message):
        CallingRule.parse(spec)


@pytest.mark.parametrize("mode", [RuleMode.RATIO, RuleMode.MAX_WAIT])
def test_constructor_rejects_non_positive_n(mode):
    with pytest.raises(ValueError, match="positive"):
        CallingRule(mode, 0)
    with pytest.raises(ValueError, match="positive"):
        CallingRule(mode, -1)


@pytest.mark.parametrize("mode", [RuleMode.FIFO, RuleMode.PRIORITY_FIRST])
def test_constructor_allows_zero_for_modes_without_number(mode):
    assert CallingRule(mode, 0).mode is mode


@pytest.mark.parametrize(
    ("spec", "indonesian", "english"),
    [
        ("fifo",
         "Tiket dipanggil sesuai urutan kedatangan; tiket prioritas tidak didahulukan.",
         "Tickets are called in order of arrival; priority tickets are not called first."),
        ("priority_first",
         "Tiket prioritas selalu dipanggil lebih dahulu.",
         "Priority tickets are always called first."),
        ("ratio:4",
         "Satu tiket prioritas dipanggil setelah setiap 4 tiket biasa.",
         "One priority ticket is called after every 4 normal tickets."),
        ("max_wait:25",
         "Tiket prioritas dipanggil lebih dahulu, tetapi tiket biasa tidak menunggu lebih dari "
         "25 menit.",
         "Priority tickets are called first, but no normal ticket waits more than 25 minutes."),
    ],
)
def test_describe(spec, indonesian, english):
    rule = CallingRule.parse(spec)
    assert rule.describe() == indonesian
    assert rule.describe("id") == indonesian
    assert rule.describe("en") == english
    assert rule.describe("xx") == indonesian  # unknown language: Indonesian


# -- choose: examples ----------------------------------------------------------------------------
NOW = T0 + timedelta(hours=1)


@pytest.mark.parametrize("spec", ["fifo", "priority_first", "ratio:2", "max_wait:10"])
def test_nothing_waiting(spec):
    assert choose(CallingRule.parse(spec), [], 5, NOW) is None


def test_fifo_ignores_priority_and_orders_by_arrival():
    rule = CallingRule.parse("fifo")
    normal, priority = cand(1, 0), cand(2, 5, priority=True)
    assert choose(rule, [priority, normal], 0, NOW) == normal
    assert choose(rule, [priority], 0, NOW) == priority


def test_fifo_profile_position_goes_first():
    rule = CallingRule.parse("fifo")
    early_low = cand(1, 0, position=1)
    late_first = cand(2, 30, position=0)
    assert choose(rule, [early_low, late_first], 0, NOW) == late_first


def test_equal_arrival_times_break_ties_by_ticket_id():
    rule = CallingRule.parse("fifo")
    assert choose(rule, [cand(9, 0), cand(4, 0), cand(7, 0)], 0, NOW).ticket_id == 4


def test_only_normal_or_only_priority_waiting():
    for spec in ("priority_first", "ratio:3", "max_wait:10"):
        rule = CallingRule.parse(spec)
        assert choose(rule, [cand(2, 5), cand(1, 9)], 0, NOW).ticket_id == 2
        assert choose(rule, [cand(2, 5, True), cand(1, 9, True)], 0, NOW).ticket_id == 2
        # With only priority tickets waiting, the ratio does not hold them back.
        assert choose(rule, [cand(3, 0, True)], 0, NOW).ticket_id == 3


def test_priority_first():
    rule = CallingRule.parse("priority_first")
    candidates = [cand(1, 0), cand(2, 20, True), cand(3, 10, True)]
    assert choose(rule, candidates, 0, NOW).ticket_id == 3


def test_priority_first_position_within_priority_class():
    rule = CallingRule.parse("priority_first")
    candidates = [cand(1, 0, position=0), cand(2, 0, True, position=1), cand(3, 10, True, position=0)]
    assert choose(rule, candidates, 0, NOW).ticket_id == 3


@pytest.mark.parametrize(("normals", "expected"), [(0, 1), (1, 1), (2, 2), (3, 2)])
def test_ratio_two(normals, expected):
    rule = CallingRule.parse("ratio:2")
    candidates = [cand(1, 10), cand(2, 20, True), cand(3, 30)]
    assert choose(rule, candidates, normals, NOW).ticket_id == expected


def test_max_wait_overdue_normal_beats_priority():
    rule = CallingRule.parse("max_wait:30")
    now = T0 + timedelta(minutes=40)
    # ticket 1 waited 40 min (overdue), ticket 3 waited exactly 30 (overdue), 4 only 20.
    candidates = [cand(3, 10, position=0), cand(1, 0, position=1), cand(4, 20), cand(2, 35, True)]
    # The longest-waiting overdue ticket goes first, whatever its profile position.
    assert choose(rule, candidates, 0, now).ticket_id == 1
    assert choose(rule, [c for c in candidates if c.ticket_id != 1], 0, now).ticket_id == 3


def test_max_wait_threshold_is_inclusive():
    rule = CallingRule.parse("max_wait:30")
    normal, priority = cand(1, 0), cand(2, 1, True)
    assert choose(rule, [normal, priority], 0, T0 + timedelta(minutes=30)) == normal
    assert choose(rule, [normal, priority], 0, T0 + timedelta(minutes=29, seconds=59)) == priority


def test_max_wait_without_priority_keeps_profile_order():
    rule = CallingRule.parse("max_wait:10")
    now = T0 + timedelta(minutes=60)
    # Both overdue; no priority ticket waits, so the profile position decides as usual.
    candidates = [cand(1, 0, position=1), cand(2, 30, position=0)]
    assert choose(rule, candidates, 0, now).ticket_id == 2
    # With a priority ticket waiting, the longest-waiting overdue ticket goes first.
    assert choose(rule, [*candidates, cand(3, 50, True)], 0, now).ticket_id == 1


def test_max_wait_without_overdue_is_priority_first():
    rule = CallingRule.parse("max_wait:61")  # ticket 1 has waited 60 minutes at NOW
    candidates = [cand(1, 0), cand(2, 20, True), cand(3, 10, True)]
    assert choose(rule, candidates, 99, NOW).ticket_id == 3


# -- choose: properties --------------------------------------------------------------------------
candidate_lists = st.lists(
    st.builds(
        Candidate,
        ticket_id=st.integers(1, 10_000),
        priority=st.booleans(),
        queue_at=st.integers(0, 240).map(lambda m: T0 + timedelta(minutes=m)),
        position=st.integers(0, 2),
    ),
    unique_by=lambda c: c.ticket_id,
    max_size=12,
)
rules = st.one_of(
    st.just(CallingRule.parse("fifo")),
    st.just(CallingRule.parse("priority_first")),
    st.integers(1, 5).map(lambda n: CallingRule(RuleMode.RATIO, n)),
    st.integers(1, 120).map(lambda n: CallingRule(RuleMode.MAX_WAIT, n)),
)


def _order(c: Candidate):
    return (c.position, c.queue_at, c.ticket_id)


@given(rule=rules, candidates=candidate_lists, normals=st.integers(0, 8),
       now_minute=st.integers(0, 400))
def test_choose_keeps_the_rule_promise(rule, candidates, normals, now_minute):
    now = T0 + timedelta(minutes=now_minute)
    chosen = choose(rule, candidates, normals, now)
    if not candidates:
        assert chosen is None
        return
    assert chosen in candidates
    priority = [c for c in candidates if c.priority]
    normal = [c for c in candidates if not c.priority]
    same_class = [c for c in candidates if c.priority == chosen.priority]
    if rule.mode is RuleMode.FIFO:
        assert chosen == min(candidates, key=_order)
        return
    if rule.mode is RuleMode.PRIORITY_FIRST:
        assert chosen.priority == bool(priority)
    elif rule.mode is RuleMode.RATIO:
        if chosen.priority:
            assert normals >= rule.n or not normal
        else:
            assert normals < rule.n or not priority
    else:
        overdue = [c for c in normal if now - c.queue_at >= timedelta(minutes=rule.n)]
        if overdue:
            assert not chosen.priority
            if priority:  # ahead of priority tickets: the normal ticket that waited longest
                assert chosen == min(overdue, key=lambda c: (c.queue_at, c.ticket_id))
                return
        else:
            assert chosen.priority == bool(priority)
    assert chosen == min(same_class, key=_order)


@given(rule=rules, candidates=candidate_lists, normals=st.integers(0, 8))
def test_choose_does_not_depend_on_candidate_order(rule, candidates, normals):
    assert choose(rule, candidates, normals, NOW) == choose(
        rule, list(reversed(candidates)), normals, NOW
    )
