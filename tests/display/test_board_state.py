"""BoardState: snapshot + events -> counters, recent calls, waiting counts (pure, no Qt)."""
from __future__ import annotations

from display.viewmodels.board_state import BoardState

AT = "2026-11-23T03:00:00+00:00"


def counter(cid, number, agency_id=1, agency="Dukcapil", zone="Lantai 1", status="open",
            ticket=None):
    return {"id": cid, "number": number, "name": "", "zone": zone, "agency_id": agency_id,
            "agency": agency, "booth": "Gerai", "status": status, "pause_reason": None,
            "ticket": ticket}


def snapshot(seq=10, counters=None, waiting=None, recent=None):
    return {"seq": seq, "day": "2026-11-23",
            "counters": counters if counters is not None else [counter(1, 1), counter(2, 2)],
            "waiting": waiting if waiting is not None else {"1": 3, "2": 0},
            "recent_calls": recent or []}


def ev(seq, kind, ticket_id=None, counter_id=None, **data):
    return {"seq": seq, "type": kind, "at": AT, "ticket_id": ticket_id,
            "counter_id": counter_id, "data": data}


def called(seq, ticket_id, number, counter_id, counter_number, service_id=1, kind="ticket_called",
           **extra):
    return ev(seq, kind, ticket_id, counter_id, number=number, service_id=service_id,
              agency_id=service_id, status="called", counter_number=counter_number, agency="Dukcapil",
              counter_status="open", **extra)


def test_snapshot_fills_counters_waiting_and_recent_newest_first():
    s = BoardState()
    ticket = {"id": 7, "number": "A007", "status": "serving", "service_id": 1, "agency_id": 1}
    recent = [{"ticket_id": 7, "number": "A007", "counter_id": 1, "counter_number": 1,
               "agency": "Dukcapil", "called_at": AT, "calls": 1},
              {"ticket_id": 6, "number": "A006", "counter_id": 2, "counter_number": 2,
               "agency": "Dukcapil", "called_at": AT, "calls": 2}]
    assert s.apply_snapshot(snapshot(counters=[counter(1, 1, ticket=ticket), counter(2, 2)],
                                     recent=recent))
    assert s.counters[1].ticket_number == "A007" and s.counters[1].ticket_status == "serving"
    assert [e.number for e in s.recent] == ["A007", "A006"]
    assert s.recent[1].recall
    assert s.waiting == {1: 3, 2: 0}
    assert s.service_agency[1] == 1


def test_a_call_updates_the_counter_and_tops_the_recent_list():
    s = BoardState()
    s.apply_snapshot(snapshot())
    call = s.apply_event(called(11, 101, "A001", 2, 2))
    assert call is not None and (call.number, call.counter_number, call.seq) == ("A001", 2, 11)
    assert s.counters[2].ticket_number == "A001"
    assert s.recent[0].number == "A001"
    assert s.waiting[1] == 2  # one left the queue


def test_a_recall_moves_the_ticket_to_the_top_without_duplicating_it():
    s = BoardState()
    s.apply_snapshot(snapshot())
    s.apply_event(called(11, 101, "A001", 1, 1))
    s.apply_event(called(12, 102, "A002", 2, 2))
    recall = s.apply_event(called(13, 101, "A001", 1, 1, kind="ticket_recalled", calls=2))
    assert recall is not None and recall.recall
    assert [e.number for e in s.recent] == ["A001", "A002"]
    assert s.waiting[1] == 1  # a recall does not take another ticket from the queue


def test_finish_clears_the_counter_and_closing_hides_nothing_else():
    s = BoardState()
    s.apply_snapshot(snapshot())
    s.apply_event(called(11, 101, "A001", 1, 1))
    s.apply_event(ev(12, "service_started", 101, 1, number="A001", counter_status="open"))
    assert s.counters[1].ticket_status == "serving"
    s.apply_event(ev(13, "ticket_finished", 101, 1, number="A001", counter_status="open"))
    assert s.counters[1].ticket_number is None
    s.apply_event(ev(14, "counter_paused", None, 1, counter_status="paused", reason="sholat"))
    assert (s.counters[1].status, s.counters[1].pause_reason) == ("paused", "sholat")
    s.apply_event(ev(15, "counter_resumed", None, 1, counter_status="open"))
    assert (s.counters[1].status, s.counters[1].pause_reason) == ("open", None)
    s.apply_event(ev(16, "counter_closed", None, 1))
    assert s.counters[1].status == "closed"
    assert s.recent[0].number == "A001"  # the call stays in the list


def test_waiting_counts_follow_the_engine_transitions():
    s = BoardState()
    s.apply_snapshot(snapshot(waiting={"1": 0, "2": 0}))
    s.apply_event(ev(11, "ticket_issued", 1, service_id=1, agency_id=1, number="A001"))
    s.apply_event(ev(12, "ticket_issued", 2, service_id=1, agency_id=1, number="A002"))
    s.apply_event(ev(13, "ticket_issued", 3, service_id=2, agency_id=2, number="B001"))
    assert s.waiting == {1: 2, 2: 1}
    s.apply_event(called(14, 1, "A001", 1, 1))
    s.apply_event(ev(15, "ticket_skipped", 1, 1, service_id=1, number="A001"))
    assert s.waiting[1] == 1
    s.apply_event(ev(16, "ticket_cancelled", 1, None, service_id=1, number="A001"))
    assert s.waiting[1] == 1  # it was skipped, not waiting
    s.apply_event(ev(17, "ticket_cancelled", 2, None, service_id=1, number="A002"))
    assert s.waiting[1] == 0  # a waiting ticket cancelled
    s.apply_event(called(18, 3, "B001", 2, 2, service_id=2))
    s.apply_event(ev(19, "ticket_transferred", 3, 2, service_id=1, number="B001",
                     from_service_id=2, to_service_id=1))
    assert s.waiting == {1: 1, 2: 0}
    s.apply_event(called(20, 3, "B001", 1, 1, service_id=1))
    s.apply_event(ev(21, "ticket_returned", 3, 1, service_id=1, number="B001"))
    assert s.waiting[1] == 1 and s.counters[1].ticket_number is None
    assert s.waiting_by_agency() == {1: 1, 2: 0}


def test_requeue_of_a_skipped_ticket_counts_again():
    s = BoardState()
    s.apply_snapshot(snapshot(waiting={"1": 1}))
    s.apply_event(called(11, 1, "A001", 1, 1))
    s.apply_event(ev(12, "ticket_skipped", 1, 1, service_id=1, number="A001"))
    s.apply_event(ev(13, "ticket_requeued", 1, None, service_id=1, number="A001"))
    assert s.waiting[1] == 1


def test_day_start_clears_calls_and_counts():
    s = BoardState()
    s.apply_snapshot(snapshot())
    s.apply_event(called(11, 1, "A001", 1, 1))
    s.apply_event(ev(12, "day_started", day="2026-11-24"))
    assert s.day == "2026-11-24"
    assert not s.recent and s.waiting == {1: 0, 2: 0}
    assert s.counters[1].ticket_number is None


def test_events_already_in_the_state_change_nothing_but_calls_are_still_reported():
    s = BoardState()
    s.apply_snapshot(snapshot(seq=20, waiting={"1": 5}))
    call = s.apply_event(called(15, 1, "A001", 1, 1))
    assert call is not None  # still news for the announcer
    assert s.waiting[1] == 5 and s.counters[1].ticket_number is None and s.seq == 20


def test_a_refresh_never_goes_back_but_the_clients_own_snapshot_always_applies():
    s = BoardState()
    s.apply_snapshot(snapshot(seq=20))
    assert not s.apply_snapshot(snapshot(seq=19), newer_only=True)
    assert s.seq == 20
    assert s.apply_snapshot(snapshot(seq=3))  # e.g. a master restored from a backup
    assert s.seq == 3


def test_recent_calls_stay_bounded():
    s = BoardState(recent=5)
    s.apply_snapshot(snapshot(waiting={"1": 0}))
    for i in range(1, 40):
        s.apply_event(called(10 + i, i, f"A{i:03d}", 1 + i % 2, 1 + i % 2))
    assert [e.number for e in s.recent] == ["A039", "A038", "A037", "A036", "A035"]
    assert s.waiting[1] == 0  # never negative
