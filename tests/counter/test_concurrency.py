"""Two panels pressing "call next" at the same moment never get the same ticket (200 rounds,
both requests in flight together, through the view-models and a real master)."""
from __future__ import annotations

from .conftest import TIMEOUT_MS, issue, stored_events

ROUNDS = 200


def test_two_panels_calling_at_once_get_distinct_tickets(panels, master):
    one, two = panels(), panels(device="counter2")
    one.login("budi", "l1")
    two.login("sari", "l2")
    issued = {issue(master, "ktp" if i % 2 else "kk")["id"] for i in range(2 * ROUNDS)}

    for _ in range(ROUNDS):
        assert one.vm.call_next() and two.vm.call_next()  # both on the wire before either answers
        one.qtbot.waitUntil(lambda: not one.vm.busy and not two.vm.busy, timeout=TIMEOUT_MS)

    got_one = [t["id"] for t in one.called]
    got_two = [t["id"] for t in two.called]
    assert len(got_one) == len(got_two) == ROUNDS
    assert not set(got_one) & set(got_two)
    assert len(set(got_one)) == len(set(got_two)) == ROUNDS
    assert set(got_one) | set(got_two) == issued
    called = stored_events(master, "ticket_called")
    assert len(called) == 2 * ROUNDS and len({e.ticket_id for e in called}) == 2 * ROUNDS
