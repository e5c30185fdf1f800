"""Counter panel tests: a real master on loopback (tests/master/conftest.py's site: counters l1,
l2 (Dukcapil: ktp, kk) and l3 (BPJS: jkn); officers budi, sari (Dukcapil), wati (BPJS), super
(Dukcapil supervisor), admin; PIN for all), and panels = MasterClient + bridge + view-model,
optionally with a window."""
from __future__ import annotations

import pytest

from counter.qtfix import immortalize_singletons

immortalize_singletons()  # PySide6 6.12 on Python 3.11 drops references to None/True (qtfix.py)

from counter.bridge import ClientBridge  # noqa: E402
from counter.keymap import DEFAULT_KEYMAP
from counter.viewmodels.counter_vm import CounterViewModel
from shared.master.run import ServerThread
from shared.net.backoff import Backoff
from shared.net.client import MasterClient
from tests.master.conftest import PIN, Api, make_site

MAX_PIN_FAILURES = 3  # the master's lockout threshold in these tests (default 5)
TIMEOUT_MS = 10_000


@pytest.fixture
def master(tmp_path):
    site = make_site(tmp_path)
    server = ServerThread(site.db, durable=False, max_pin_failures=MAX_PIN_FAILURES).start()
    api = Api(server.url, site, server)
    try:
        yield api
    finally:
        api.close()
        server.stop()


class Panel:
    """One counter panel without a window (view-model level), driven like an officer would."""

    def __init__(self, qtbot, api: Api, device: str = "counter", **vm_kw) -> None:
        self.qtbot, self.api = qtbot, api
        self.bridge = ClientBridge()
        self.client = self.bridge.attach(MasterClient(
            api.url, api.site.tokens[device], backoff=Backoff(base=0.05, cap=0.3),
            unreachable_after=1.0, request_timeout=5))
        vm_kw.setdefault("keymap", DEFAULT_KEYMAP)
        self.vm = CounterViewModel(self.client, self.bridge, **vm_kw)
        self.called: list[dict] = []
        self.vm.ticketCalled.connect(self.called.append)
        self.client.start()
        self.vm.start()
        qtbot.waitUntil(lambda: bool(self.vm.catalog.counters), timeout=TIMEOUT_MS)

    def wait_connected(self) -> None:
        self.qtbot.waitUntil(lambda: getattr(self.vm.connection, "connected", False),
                             timeout=TIMEOUT_MS)

    def login(self, username: str = "budi", counter: str = "l1", pin: str = PIN) -> None:
        self.vm.login(username, pin, self.api.site.counters[counter])
        self.qtbot.waitUntil(lambda: self.vm.phase == "work", timeout=TIMEOUT_MS)
        self.settle()

    def try_login(self, username: str, pin: str, counter: str = "l1") -> None:
        """A sign-in expected to fail: waits until the answer is in."""
        self.vm.login(username, pin, self.api.site.counters[counter])
        self.qtbot.waitUntil(lambda: not self.vm.login_busy, timeout=TIMEOUT_MS)

    def do(self, method: str, *args, **kwargs) -> None:
        """One action through the view-model; waits for its answer and the state fetched after."""
        assert getattr(self.vm, method)(*args, **kwargs) is not False, f"{method} refused locally"
        self.qtbot.waitUntil(lambda: not self.vm.busy, timeout=TIMEOUT_MS)
        self.settle()

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.vm._refreshing, timeout=TIMEOUT_MS)

    def close(self) -> None:
        self.vm.shutdown(timeout=3)
        self.bridge.detach()
        self.client.close()


@pytest.fixture
def panels(qtbot, master):
    made: list[Panel] = []

    def make(device: str = "counter", **vm_kw) -> Panel:
        panel = Panel(qtbot, master, device, **vm_kw)
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.close()


def issue(api: Api, service: str = "ktp", **body) -> dict:
    response = api.issue(service, **body)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def counter_state(api: Api, counter: str = "l1") -> dict:
    response = api.http.get(f"/counters/{api.site.counters[counter]}",
                            headers={"Authorization": f"Bearer {api.site.tokens['counter']}"})
    assert response.status_code == 200, response.text
    return response.json()


def stored_events(api: Api, kind: str | None = None) -> list:
    assert api.server is not None
    events = api.server.master.store.events_since(0, 100_000)
    return [e for e in events if kind is None or e.type == kind]
