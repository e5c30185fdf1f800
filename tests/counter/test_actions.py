"""Counter actions through the view-model against a real master: call next, recall, start,
finish (services done), skip, transfer (arrival time kept), call a number, pause and resume."""
from __future__ import annotations

from .conftest import counter_state, issue, stored_events


def test_call_recall_start_finish(panels, master):
    first, second = issue(master, "ktp"), issue(master, "kk")
    panel = panels()
    panel.login()
    assert panel.vm.waiting == 2 and panel.vm.waiting_by_service == {
        master.site.services["ktp"]: 1, master.site.services["kk"]: 1}

    panel.do("call_next")
    assert panel.vm.ticket["id"] == first["id"] and panel.vm.ticket["status"] == "called"
    assert [t["id"] for t in panel.called] == [first["id"]]
    assert panel.vm.waiting == 1
    card = panel.vm.ticket_card()
    assert card["number"] == "A001" and card["service"] == "KTP-el"
    assert card["status"] == "DIPANGGIL" and card["priority"] == "Antrean biasa"
    assert ("Persyaratan", "Fotokopi KK") in card["info"]
    assert panel.vm.message == "A001 dipanggil"

    panel.do("recall")
    assert panel.vm.ticket["calls"] == 2
    assert len(stored_events(master, "ticket_recalled")) == 1

    panel.do("start_service")
    assert panel.vm.ticket["status"] == "serving"
    assert not panel.vm.enabled("recall") and not panel.vm.enabled("pause")
    assert panel.vm.enabled("finish") and panel.vm.enabled("transfer")

    choices = panel.vm.finish_choices()
    assert [(c.id, c.checked) for c in choices] == [
        (master.site.services["ktp"], True), (master.site.services["kk"], False)]
    panel.do("finish", [master.site.services["ktp"], master.site.services["kk"]])
    assert panel.vm.ticket is None
    (finished,) = stored_events(master, "ticket_finished")
    assert finished.data["services_done"] == [master.site.services["ktp"],
                                              master.site.services["kk"]]
    assert panel.vm.history[0]["id"] == first["id"]
    assert panel.vm.history_rows()[0]["outcome"] == "selesai"
    assert second["id"] not in [t["id"] for t in panel.vm.history]


def test_skip_is_a_no_show(panels, master):
    ticket = issue(master)
    panel = panels()
    panel.login()
    panel.do("call_next")
    panel.do("skip")
    assert panel.vm.ticket is None
    assert panel.vm.history[0]["id"] == ticket["id"]
    assert panel.vm.history[0]["status"] == "no_show"
    assert panel.vm.history_rows()[0]["outcome"] == "tidak hadir"


def test_transfer_to_another_agency_keeps_the_arrival_time(panels, master):
    ticket = issue(master, "ktp")
    dukcapil, bpjs = panels(), panels(device="counter2")
    dukcapil.login("budi", "l1")
    bpjs.login("wati", "l3")
    assert bpjs.vm.waiting == 0

    dukcapil.do("call_next")
    targets = {c.id: c for c in dukcapil.vm.transfer_choices()}
    assert master.site.services["ktp"] not in targets  # not to its own service
    assert targets[master.site.services["jkn"]].detail == "BPJS"
    dukcapil.do("transfer", master.site.services["jkn"])
    assert dukcapil.vm.ticket is None
    assert dukcapil.vm.message == "A001 dialihkan ke Pendaftaran JKN"

    bpjs.qtbot.waitUntil(lambda: bpjs.vm.waiting == 1)  # the event reached the other panel
    bpjs.do("call_next")
    moved = bpjs.vm.ticket
    assert moved["id"] == ticket["id"] and moved["number"] == "A001"
    assert moved["issued_at"] == ticket["issued_at"]
    assert moved["original_service_id"] == master.site.services["ktp"]
    assert "dialihkan dari KTP-el" in bpjs.vm.ticket_card()["details"]


def test_call_a_specific_ticket_by_its_number(panels, master):
    panel = panels()
    panel.login()
    panel.wait_connected()
    tickets = [issue(master, "ktp") for _ in range(3)]
    panel.qtbot.waitUntil(lambda: len(panel.vm.call_choices()) == 3)
    assert [c.label for c in panel.vm.call_choices()] == ["A001", "A002", "A003"]

    panel.do("call_ticket", number="a3")  # typed loosely: A003
    assert panel.vm.ticket["id"] == tickets[2]["id"]
    assert [c.label for c in panel.vm.call_choices()] == ["A001", "A002"]

    assert panel.vm.call_ticket(number="B999") is False
    assert panel.vm.message == "Tiket B999 tidak ada di daftar tunggu loket ini"
    panel.do("call_ticket", ticket_id=tickets[0]["id"])
    assert panel.vm.ticket["number"] == "A001"


def test_pause_with_a_reason_and_resume(panels, master):
    panel = panels()
    panel.login()
    panel.vm.trigger("pause")
    assert panel.vm.sheet == "pause"
    assert [c.id for c in panel.vm.pause_choices()] == ["istirahat", "sholat", "rapat", "lainnya"]
    panel.do("pause", "sholat")
    assert panel.vm.sheet == "" and panel.vm.status == "paused"
    assert panel.vm.counter["pause_reason"] == "sholat"
    assert panel.vm.pause_text().startswith("Sholat · sejak ")
    (paused,) = stored_events(master, "counter_paused")
    assert paused.data["reason"] == "sholat" and paused.data["officer_id"] is not None
    assert counter_state(master)["counter"]["status"] == "paused"

    issue(master)
    panel.vm.trigger("call_next")  # refused by the panel itself, calmly
    assert panel.vm.message == "Loket sedang jeda; lanjutkan dulu"
    assert stored_events(master, "ticket_called") == []

    panel.vm.trigger("pause")  # the same key resumes
    panel.qtbot.waitUntil(lambda: panel.vm.status == "open")
    assert len(stored_events(master, "counter_resumed")) == 1


def test_refusals_are_shown_calmly(panels, master):
    panel = panels()
    panel.login()
    panel.do("call_next")  # nobody waiting: 409 queue_empty from the master
    assert panel.vm.message == "Tidak ada antrean yang menunggu"
    assert panel.vm.message_level == "error" and panel.vm.phase == "work"
    panel.vm.trigger("recall")  # nothing to recall: the panel says why without asking
    assert panel.vm.message == "Belum ada tiket yang dipanggil di loket ini"
    issue(master)
    panel.do("call_next")
    panel.vm.trigger("pause")
    assert panel.vm.sheet == ""
    assert panel.vm.message == "Selesaikan atau alihkan tiket yang sedang dilayani dulu"


def test_a_double_press_calls_only_one_ticket(panels, master):
    issue(master), issue(master)
    panel = panels()
    panel.login()
    assert panel.vm.trigger("call_next") and panel.vm.trigger("call_next")
    panel.qtbot.waitUntil(lambda: not panel.vm.busy)
    panel.settle()
    assert len(stored_events(master, "ticket_called")) == 1
    assert panel.vm.waiting == 1


def test_english(panels, master):
    panel = panels(lang="en")
    panel.try_login("budi", "000000")
    assert panel.vm.message == "Wrong officer ID or PIN"
    panel.login()
    panel.do("call_next")
    assert panel.vm.message == "No one is waiting"
    assert panel.vm.catalog.rule_text("en").startswith("One priority ticket")
