"""The panel follows changes made elsewhere through the event stream, without a refresh button:
new tickets, a ticket transferred in, a ticket cancelled, the counter closed by a supervisor."""
from __future__ import annotations

from .conftest import PIN, issue, stored_events


def supervisor_session(api, counter: str = "l2") -> str:
    response = api.http.post("/sessions", headers={
        "Authorization": f"Bearer {api.site.tokens['counter2']}"},
        json={"username": "super", "pin": PIN, "counter_id": api.site.counters[counter]})
    assert response.status_code == 200, response.text
    return response.json()["session"]


def test_waiting_count_follows_issue_transfer_in_and_cancel(panels, master):
    panel = panels()
    panel.login("budi", "l1")
    panel.wait_connected()
    assert panel.vm.waiting == 0

    ticket = issue(master, "kk")
    panel.qtbot.waitUntil(lambda: panel.vm.waiting == 1)
    assert panel.vm.waiting_text() == "Kartu Keluarga 1"

    # a BPJS ticket is transferred in to KTP by the BPJS counter (another device)
    bpjs = panels(device="counter2")
    bpjs.login("wati", "l3")
    incoming = issue(master, "jkn")
    bpjs.do("call_next")
    bpjs.do("transfer", master.site.services["ktp"])
    panel.qtbot.waitUntil(lambda: panel.vm.waiting == 2)
    assert {c.id for c in panel.vm.call_choices()} == {ticket["id"], incoming["id"]}

    # a supervisor cancels the KK ticket from another counter
    session = supervisor_session(master)
    response = master.act(session, "l2", "cancel", {"ticket_id": ticket["id"]}, device="counter2")
    assert response.status_code == 200, response.text
    panel.qtbot.waitUntil(lambda: panel.vm.waiting == 1)
    assert [c.id for c in panel.vm.call_choices()] == [incoming["id"]]

    panel.do("call_next")
    assert panel.vm.ticket["id"] == incoming["id"]


def test_counter_closed_elsewhere_shows_and_can_be_reopened(panels, master):
    panel = panels()
    panel.login("budi", "l1")
    panel.wait_connected()
    issue(master)
    panel.do("call_next")
    session = supervisor_session(master)
    assert master.act(session, "l1", "close", device="counter2").status_code == 200
    panel.qtbot.waitUntil(lambda: panel.vm.status == "closed")
    assert panel.vm.ticket is None  # the called ticket went back to the queue
    assert panel.vm.waiting == 1
    assert panel.vm.message == "Loket ditutup dari perangkat lain"
    assert panel.vm.enabled("open") and not panel.vm.enabled("call_next")

    panel.vm.trigger("open")
    panel.qtbot.waitUntil(lambda: panel.vm.status == "open")
    assert stored_events(master, "counter_opened")[-1].data["officer_id"] is not None


def test_a_stale_answer_never_overwrites_a_newer_state(panels, master):
    panel = panels()
    panel.login()
    issue(master)
    panel.do("call_next")
    newer = panel.vm._seq
    stale = {"seq": newer - 1, "counter": {"status": "open", "ticket": None}, "waiting": 9,
             "waiting_by_service": {}, "history": []}
    panel.vm.apply_counter_view(stale)
    assert panel.vm.ticket is not None and panel.vm.waiting == 0


def test_a_ticket_taken_away_by_a_supervisor_is_announced(panels, master):
    panel = panels()
    panel.login()
    panel.wait_connected()
    issue(master)
    panel.do("call_next")
    session = supervisor_session(master)
    response = master.act(session, "l1", "transfer", {"service_id": master.site.services["kk"]},
                          device="counter2")
    assert response.status_code == 200, response.text
    panel.qtbot.waitUntil(lambda: panel.vm.ticket is None)
    assert panel.vm.message == "Tiket A001 tidak lagi di loket ini"
    assert panel.vm.waiting == 1  # now waiting for KK, still served here


def test_a_lost_master_is_shown_and_actions_fail_calmly(qtbot, tmp_path):
    from shared.master.run import ServerThread
    from tests.master.conftest import Api, make_site

    from .conftest import Panel

    site = make_site(tmp_path)
    server = ServerThread(site.db, durable=False).start()
    api = Api(server.url, site, server)
    panel = Panel(qtbot, api)
    try:
        panel.login()
        panel.wait_connected()
        assert panel.vm.connection_text() == "Terhubung ke server antrean"
        server.stop()
        qtbot.waitUntil(lambda: panel.vm.connection_text().startswith("Server antrean tidak "
                                                                        "terjangkau sejak "),
                        timeout=15_000)
        panel.vm.trigger("call_next")
        qtbot.waitUntil(lambda: not panel.vm.busy, timeout=15_000)
        assert panel.vm.message == "Server antrean tidak terjangkau; periksa jaringan lalu coba lagi"
        assert panel.vm.phase == "work"  # nothing lost: the officer tries again later
    finally:
        panel.bridge.detach()
        panel.client.close()
        api.close()
