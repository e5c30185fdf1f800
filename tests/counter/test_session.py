"""Sign-in opens the counter, sign-out / idle close it (presence events with officer and time);
a wrong PIN is refused and locks the officer out; a counter left open can be taken over."""
from __future__ import annotations

from .conftest import MAX_PIN_FAILURES, PIN, counter_state, issue, stored_events


def officer_id(api, username: str) -> int:
    return api.server.master.reader.execute(
        "SELECT id FROM officers WHERE username = ?", (username,)).fetchone()[0]


def test_login_opens_the_counter_and_logout_closes_it(panels, master):
    panel = panels()
    assert panel.vm.phase == "login"
    assert counter_state(master)["counter"]["status"] == "closed"

    panel.login("budi", "l1")
    assert panel.vm.status == "open"
    assert panel.vm.officer["username"] == "budi"
    state = counter_state(master)["counter"]
    assert state["status"] == "open" and state["officer_id"] == officer_id(master, "budi")
    (opened,) = stored_events(master, "counter_opened")
    assert opened.counter_id == master.site.counters["l1"]
    assert opened.data["officer_id"] == officer_id(master, "budi") and opened.at is not None
    assert "Budi" in panel.vm.message

    panel.vm.trigger("logout")
    assert panel.vm.phase == "login"  # at once: the officer is leaving
    panel.qtbot.waitUntil(lambda: counter_state(master)["counter"]["status"] == "closed")
    (closed,) = stored_events(master, "counter_closed")
    assert closed.data["officer_id"] == officer_id(master, "budi")
    assert closed.at >= opened.at


def test_wrong_pin_is_refused_and_locks_out_after_the_configured_attempts(panels, master):
    panel = panels()
    for attempt in range(1, MAX_PIN_FAILURES):
        panel.try_login("budi", "000000")
        assert panel.vm.phase == "login"
        assert panel.vm.message == "ID petugas atau PIN salah", attempt
        assert panel.vm.message_level == "error"
    panel.try_login("budi", "000000")  # the last allowed failure already answers "locked"
    assert panel.vm.message.startswith("Terlalu banyak PIN salah; coba lagi dalam 15 menit")
    panel.try_login("budi", PIN)  # the right PIN does not help while locked
    assert panel.vm.phase == "login"
    assert "Terlalu banyak PIN salah" in panel.vm.message
    assert counter_state(master)["counter"]["status"] == "closed"
    assert stored_events(master, "counter_opened") == []
    # another officer is not affected
    panel.login("sari", "l1")
    assert panel.vm.status == "open"


def test_empty_fields_are_caught_before_asking_the_master(panels, master):
    panel = panels()
    panel.vm.login("", PIN, master.site.counters["l1"])
    assert not panel.vm.login_busy and panel.vm.message == "Isi ID petugas dan PIN"
    panel.vm.login("budi", PIN, None)
    assert panel.vm.message == "Pilih loket dulu"


def test_officer_of_another_agency_is_refused(panels, master):
    panel = panels()
    panel.try_login("wati", PIN, counter="l1")  # BPJS officer at a Dukcapil counter
    assert panel.vm.phase == "login"
    assert panel.vm.message == "Petugas tidak terdaftar di instansi loket ini"


def test_idle_timeout_signs_out_and_closes_unless_serving(panels, master):
    now = [1000.0]
    panel = panels(idle_minutes=2, monotonic=lambda: now[0])
    panel.login("budi", "l1")
    now[0] += 50
    panel.vm.check_idle()
    assert panel.vm.phase == "work" and panel.vm.idle_left is None
    now[0] += 20  # 70 s without input: the last minute is announced
    panel.vm.check_idle()
    assert panel.vm.idle_left == 51
    panel.vm.note_activity()  # a key or a touch starts over
    assert panel.vm.idle_left is None

    issue(master)
    panel.do("call_next")
    panel.do("start_service")
    now[0] += 600  # serving a visitor for 10 minutes is not idleness
    panel.vm.check_idle()
    assert panel.vm.phase == "work"
    panel.do("finish")

    now[0] += 121
    panel.vm.check_idle()
    assert panel.vm.phase == "login"
    assert panel.vm.message == ("Keluar otomatis setelah 2 menit tanpa aktivitas; "
                                "loket ditutup")
    panel.qtbot.waitUntil(lambda: counter_state(master)["counter"]["status"] == "closed")
    assert stored_events(master, "counter_closed")[-1].data["officer_id"] == officer_id(master, "budi")


def test_a_counter_left_open_elsewhere_can_be_taken_over(panels, master):
    crashed = panels(device="counter2")
    crashed.login("sari", "l1")
    crashed.bridge.detach()  # the other panel "crashes": it never signs out

    panel = panels()
    panel.try_login("budi", PIN, counter="l1")
    assert panel.vm.takeover_offered and panel.vm.phase == "login"
    assert panel.vm.message == "Loket sedang digunakan petugas lain"
    panel.vm.take_over()
    panel.qtbot.waitUntil(lambda: panel.vm.phase == "work")
    closed = stored_events(master, "counter_closed")[-1]
    opened = stored_events(master, "counter_opened")[-1]
    assert closed.data["officer_id"] == officer_id(master, "sari")
    assert opened.data["officer_id"] == officer_id(master, "budi") and opened.seq > closed.seq


def test_an_ended_session_sends_the_panel_back_to_sign_in(panels, master):
    panel = panels()
    panel.login("budi", "l1")
    session = panel.client.officer_session
    response = master.http.delete("/sessions/current", headers={
        "Authorization": f"Bearer {master.site.tokens['counter']}", "X-Officer-Session": session})
    assert response.status_code == 200
    issue(master)
    panel.vm.trigger("call_next")
    panel.qtbot.waitUntil(lambda: panel.vm.phase == "login")
    assert panel.vm.message == "Sesi berakhir; silakan masuk lagi"
