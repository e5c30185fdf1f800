"""`antrean counter --screenshots DIR`: every screen of the panel rendered offscreen at each size,
from sample data (no master needed), as ``counter-<state>-<W>x<H>.png``.

The sample goes through the same view-model entry points as the master's answers
(apply_catalog, show_state, the waiting tracker's events), so what is shown is what a real
session shows."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

WIB = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 17, 10, 42, tzinfo=WIB)


def _service(sid, agency, prefix, name, requirements=(), time="", cost="Gratis", product="",
             issuable=True):
    return {"id": sid, "code": f"s{sid}", "agency_id": agency, "prefix": prefix, "name": name,
            "requirements": list(requirements), "procedure": [], "completion_time": time,
            "cost": cost, "is_free": cost == "Gratis", "product": product, "sort": sid,
            "availability": {"issuable": issuable, "reason": None if issuable else "closed"}}


def sample_catalog() -> dict:
    agencies = [(1, "Dukcapil"), (2, "BPJS Kesehatan"), (3, "Imigrasi"), (4, "Samsat"),
                (5, "Polres"), (6, "KPP Pratama")]
    services = [
        _service(1, 1, "A", "KTP elektronik", ["Fotokopi Kartu Keluarga",
                 "Surat pengantar RT/RW dan kelurahan", "KTP lama (untuk penggantian)"],
                 "1 hari kerja", "Gratis", "KTP-el"),
        _service(2, 1, "B", "Kartu Keluarga", ["KK lama", "Buku nikah atau akta perkawinan"],
                 "1 hari kerja", "Gratis", "Kartu Keluarga"),
        _service(3, 1, "C", "Akta Kelahiran", ["Surat keterangan lahir", "KK orang tua"]),
        _service(4, 1, "D", "Surat Pindah Datang"),
        _service(5, 2, "E", "Pendaftaran Peserta JKN"),
        _service(6, 2, "F", "Perubahan Data Peserta"),
        _service(7, 3, "G", "Paspor Baru", issuable=False),
        _service(8, 3, "H", "Penggantian Paspor", issuable=False),
        _service(9, 4, "J", "Pajak Kendaraan Tahunan"),
        _service(10, 5, "K", "SKCK Baru"),
        _service(11, 6, "L", "Pendaftaran NPWP"),
    ]
    return {
        "site": {"id": "mpp-purbaraya", "name": "Mal Pelayanan Publik Kabupaten Purbaraya",
                 "timezone": "Asia/Jakarta", "calling_rule": "ratio:3",
                 "calling_rule_description":
                     "Satu tiket prioritas dipanggil setelah setiap 3 tiket biasa.",
                 "calling_rule_description_en":
                     "One priority ticket is called after every 3 normal tickets."},
        "agencies": [{"id": a, "code": f"a{a}", "name": n, "short_name": n, "sort": a}
                     for a, n in agencies],
        "booths": [{"id": 1, "code": "g1", "agency_id": 1, "name": "Gerai Dukcapil", "zone": "A"}],
        "counters": [{"id": i, "code": f"loket-{i}", "booth_id": 1, "agency_id": 1, "number": i,
                      "name": None, "zone": "A", "services": [1, 2, 3, 4]} for i in (1, 2, 3)],
        "services": services,
        "priority_classes": [{"id": "lansia", "label": "Lansia", "label_en": "Elderly"},
                             {"id": "ibu_hamil", "label": "Ibu Hamil/Menyusui",
                              "label_en": "Pregnant/nursing mother"}],
    }


def _ticket(tid, number, sid, name, status, issued_min, called_min=None, priority=None,
            calls=1, transfers=0, finished_min=None):
    at = lambda m: (NOW - timedelta(minutes=m)).isoformat() if m is not None else None  # noqa: E731
    return {"id": tid, "number": number, "service_id": sid, "service_name": name,
            "original_service_id": sid, "agency_id": 1, "agency_short_name": "Dukcapil",
            "priority": priority, "priority_label": {"lansia": "Lansia"}.get(priority),
            "status": status, "issued_at": at(issued_min), "called_at": at(called_min),
            "finished_at": at(finished_min), "counter_id": 1, "counter_number": 1,
            "calls": calls, "transfers": transfers}


def sample_view(status: str, ticket: dict | None, reason: str | None = None) -> dict:
    history = [_ticket(40, "A011", 1, "KTP elektronik", "done", 52, 30, finished_min=4),
               _ticket(39, "B004", 2, "Kartu Keluarga", "no_show", 60, 34, finished_min=30),
               _ticket(38, "A010", 5, "Pendaftaran Peserta JKN", "waiting", 70, None,
                       transfers=1),
               _ticket(37, "A009", 1, "KTP elektronik", "done", 75, 49, finished_min=36),
               _ticket(36, "C002", 3, "Akta Kelahiran", "done", 80, 58, finished_min=50)]
    counter = {"id": 1, "number": 1, "booth": "Gerai Dukcapil", "agency": "Dukcapil",
               "status": status, "pause_reason": reason, "ticket": ticket,
               "since": (NOW - timedelta(minutes=6)).isoformat(), "services": [1, 2, 3, 4]}
    return {"seq": 100, "counter": counter, "waiting": 14,
            "waiting_by_service": {"1": 8, "2": 4, "3": 2, "4": 0}, "history": history}


SERVING = _ticket(41, "A012", 1, "KTP elektronik", "serving", 31, 3, priority="lansia", calls=2)
STATES = ["login", "idle", "called", "serving", "finish", "transfer", "call", "pause", "paused"]


def stage(vm, state: str) -> None:
    officer = {"id": 1, "username": "budi", "name": "Budi Santoso", "role": "officer"}
    vm.close_sheet()
    if state == "login":
        vm._to_login()
        return
    ticket = None
    if state in ("called",):
        ticket = {**SERVING, "status": "called", "priority": None, "calls": 1}
    elif state in ("serving", "finish", "transfer"):
        ticket = SERVING
    status = "paused" if state == "paused" else "open"
    vm.show_state(officer, 1, sample_view(status, ticket, "sholat" if status == "paused" else None))
    if state in ("finish", "transfer", "pause", "call"):
        vm.open_sheet(state)
    vm.say(vm.text("msg_called", number="A012") if state == "called" else "")


def render_all(folder: Path, sizes: list[tuple[int, int] | None], keymap: dict[str, str],
               lang: str = "id") -> int:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from .app import setup_app
    from .bridge import ClientBridge
    from .viewmodels.counter_vm import CounterViewModel
    from .views.main_window import CounterWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bridge = ClientBridge()
    vm = CounterViewModel(None, bridge, counter_ref="1", lang=lang, keymap=keymap,
                          clock=lambda: NOW)
    vm.apply_catalog(sample_catalog())
    for i, (number, sid, priority) in enumerate([("A013", 1, None), ("A014", 1, "lansia"),
                                                  ("B005", 2, None), ("C003", 3, None)]):
        vm.tracker.set_services([1, 2, 3, 4])
        vm.tracker.apply({"seq": i + 1, "type": "ticket_issued", "ticket_id": 50 + i,
                          "data": {"number": number, "service_id": sid, "status": "waiting",
                                   "priority": priority}})
    window = CounterWindow(vm)
    errors: list[BaseException] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: (errors.append(value), previous_hook(kind, value, tb))
    written = []
    for size in sizes:
        if size is None:
            continue
        window.resize(*size)
        window.show()
        for state in STATES:
            stage(vm, state)
            if state == "login":
                window.login.username.setText("budi")
                window.login.pin.setText("1234")
            app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            path = folder / f"counter-{state}-{size[0]}x{size[1]}.png"
            window.grab().save(str(path))
            written.append(path)
    window.hide()
    sys.excepthook = previous_hook
    print("\n".join(str(p) for p in written))
    if errors:
        print(f"antrean counter: {len(errors)} error(s) while rendering", file=sys.stderr)
        return 1
    return 0
